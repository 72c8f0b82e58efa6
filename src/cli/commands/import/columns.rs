//! The pieces of an operation that several `op.*` calls share: reading
//! recorded arguments, a compiled expression (the same for every
//! dialect, or not), a `server_default` as gen's `default`, foreign-key
//! actions, SQLAlchemy's autoincrement rule, and a column definition.

use super::translate::Outcome;
use super::types::map_type;
use super::yaml_out::Y;
use serde_json::Value;

pub(super) fn s(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

pub(super) fn truthy(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Null) | None => false,
        Some(_) => true,
    }
}

pub(super) fn strs(v: &Value) -> Vec<String> {
    match v {
        Value::String(one) => vec![one.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) fn names(list: &[String]) -> Y {
    Y::List(list.iter().map(|n| Y::str(n)).collect())
}

/// A compiled expression: the same text for every dialect, or `Err` with
/// the per-dialect texts when they differ.
pub(super) fn one_sql(v: &Value, dialects: &[String]) -> Result<String, String> {
    let sql = v.get("sql").unwrap_or(v);
    let texts: Vec<Option<&str>> = dialects
        .iter()
        .map(|d| sql.get(d).and_then(Value::as_str))
        .collect();
    let first = texts
        .first()
        .copied()
        .flatten()
        .ok_or("SQLAlchemy cannot compile it")?;
    if texts.iter().all(|t| *t == Some(first)) {
        return Ok(first.to_owned());
    }
    // `func.now()`: `now()` on some engines, `CURRENT_TIMESTAMP` on others;
    // the standard form means the same on all of them.
    let now = |t: &str| {
        matches!(
            t.to_ascii_lowercase().as_str(),
            "now()" | "current_timestamp" | "getdate()"
        )
    };
    if texts.iter().all(|t| t.is_some_and(now)) {
        return Ok("CURRENT_TIMESTAMP".to_owned());
    }
    Err(format!(
        "an expression SQLAlchemy writes differently per dialect ({})",
        texts
            .iter()
            .map(|t| t.unwrap_or("-"))
            .collect::<Vec<_>>()
            .join(" / ")
    ))
}

/// A text-like gen type, whose literal default is a YAML string.
pub(super) fn texty(ty: &Y) -> bool {
    matches!(ty, Y::Str(t) if t.starts_with("varchar") || t.starts_with("char") || t == "text" || t.starts_with("enum"))
}

/// `sa.Identity(always, start, increment)` as gen's `identity:` (keys
/// SQLAlchemy left unset are left out).
fn identity_of(id: &Value) -> Y {
    let mut m = Y::map();
    m.set("always", Y::Bool(truthy(id, "always")));
    for key in ["start", "increment"] {
        if let Some(n) = id.get(key).filter(|v| v.is_number()) {
            m.set(key, Y::Num(n.to_string()));
        }
    }
    m
}

/// `sa.Computed(sqltext, persisted)` as gen's `computed: {sql, stored}`;
/// SQLAlchemy's `persisted=None` (the engine's default) is stored, gen's
/// default.
fn computed_of(v: &Value, dialects: &[String]) -> Result<Y, String> {
    let mut m = Y::map();
    m.set(
        "sql",
        Y::Str(one_sql(v.get("sql").unwrap_or(&Value::Null), dialects)?),
    );
    if v.get("persisted").and_then(Value::as_bool) == Some(false) {
        m.set("stored", Y::Bool(false));
    }
    Ok(m)
}

/// Whether `ty` is a number type (a quoted number there is the number).
fn numeric(ty: &Y) -> bool {
    const NUMBERS: &[&str] = &[
        "numeric", "decimal", "int", "integer", "bigint", "smallint", "float", "double", "real",
    ];
    matches!(ty, Y::Str(t) if NUMBERS.iter().any(|n| t.split('(').next() == Some(*n)))
}

/// Whether `text` is a plain decimal number (`0`, `-1.5`).
fn plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A `server_default` as gen's `default`.
pub(super) fn default(
    sd: &Value,
    ty: Option<&Y>,
    dialects: &[String],
    out: &mut Outcome,
) -> Result<Y, String> {
    if let Value::String(text) = sd {
        let literal = serde_json::json!({"$": "literal", "value": text});
        return default(&literal, ty, dialects, out);
    }
    match sd.get("$").and_then(Value::as_str) {
        Some("literal") => {
            let text = s(sd, "value").unwrap_or_default();
            if ty.is_some_and(texty) {
                Ok(Y::Str(text))
            } else if ty.is_some_and(numeric) && plain_number(&text) {
                // `server_default="0"` on a number column: the engine
                // reads the quoted text as the number.
                Ok(Y::Num(text))
            } else {
                let mut m = Y::map();
                m.set("sql", Y::Str(format!("'{}'", text.replace('\'', "''"))));
                Ok(m)
            }
        }
        Some("sql") => {
            let mut m = Y::map();
            m.set("sql", Y::Str(one_sql(sd, dialects)?));
            Ok(m)
        }
        Some("fetched") => {
            out.notes
                .push("a FetchedValue server default (set by the database) is dropped".into());
            Ok(Y::Null)
        }
        _ => Err("a server default gen cannot read".into()),
    }
}

pub(super) fn fk_action(v: &Value, key: &str) -> Option<Y> {
    s(v, key).map(|a| Y::Str(a.trim().to_ascii_lowercase().replace([' ', '-'], "_")))
}

/// Whether SQLAlchemy makes the column generate its values.
pub(super) fn autoincrement(c: &Value, table_pk: usize, ty: &Y) -> bool {
    match c.get("autoincrement") {
        Some(Value::Bool(b)) => *b,
        _ => {
            c.get("primary_key").and_then(Value::as_bool) == Some(true)
                && table_pk == 1
                && matches!(ty, Y::Str(t) if t == "integer" || t == "bigint" || t == "smallint")
                && c.get("server_default").is_none_or(Value::is_null)
                && c.get("foreign_keys")
                    .and_then(Value::as_array)
                    .is_none_or(Vec::is_empty)
        }
    }
}

/// A column definition. `in_table`: constraints come from the table.
pub(super) fn column(
    c: &Value,
    table_pk: usize,
    in_table: bool,
    dialects: &[String],
    out: &mut Outcome,
) -> Result<Y, String> {
    let name = s(c, "name").ok_or("a column without a name")?;
    let ty = map_type(
        c.get("type").unwrap_or(&Value::Null),
        dialects,
        &mut out.notes,
    )
    .ok_or_else(|| format!("column `{name}`: a type no dialect asked for can write"))?;
    let computed = c
        .get("computed")
        .filter(|v| v.is_object())
        .map(|v| computed_of(v, dialects))
        .transpose()
        .map_err(|e| format!("column `{name}`: a computed column: {e}"))?;
    if truthy(c, "sequence") {
        return Err(format!(
            "column `{name}`: a Sequence default (not yet in gen)"
        ));
    }
    let mut y = Y::map();
    y.set("name", Y::Str(name.clone()));
    let pk = truthy(c, "primary_key");
    let identity = c.get("identity").filter(|v| v.is_object());
    let auto = pk && identity.is_none() && computed.is_none() && autoincrement(c, table_pk, &ty);
    y.set("type", ty.clone());
    if c.get("nullable").and_then(Value::as_bool) == Some(false) && !pk {
        y.set("nullable", Y::Bool(false));
    }
    if pk && (!in_table || table_pk == 1) {
        y.set("primary_key", Y::Bool(true));
    }
    y.set_some("autoincrement", Y::Bool(auto));
    if let Some(id) = identity {
        y.set("identity", identity_of(id));
        let more = strs(id.get("more").unwrap_or(&Value::Null));
        if !more.is_empty() {
            out.notes.push(format!(
                "column `{name}`: Identity() options gen does not have are dropped ({})",
                more.join(", ")
            ));
        }
    }
    if let Some(comp) = computed.clone() {
        y.set("computed", comp);
    }
    if !in_table {
        y.set_some("unique", Y::Bool(truthy(c, "unique")));
    }
    // The server default of a computed or identity column is the
    // `Computed` or `Identity` itself.
    let sd = c
        .get("server_default")
        .filter(|_| computed.is_none() && identity.is_none());
    if let Some(sd) = sd.filter(|v| !v.is_null()) {
        y.set_some("default", default(sd, Some(&ty), dialects, out)?);
    }
    if truthy(c, "python_default") {
        out.notes.push(format!(
            "column `{name}`: the Python-side default= is dropped (it never reaches the database)"
        ));
    }
    if let Some(comment) = s(c, "comment") {
        y.set("comment", Y::Str(comment));
    }
    if !in_table {
        let fks = c
            .get("foreign_keys")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if fks.len() > 1 {
            return Err(format!(
                "column `{name}`: several foreign keys on one added column"
            ));
        }
        if let Some(fk) = fks.first() {
            let mut r = Y::map();
            r.set(
                "table",
                Y::Str(s(fk, "ref_table").ok_or("a foreign key without a table")?),
            );
            r.set_some("schema", s(fk, "ref_schema").map_or(Y::Null, Y::Str));
            r.set("column", Y::Str(s(fk, "ref_column").unwrap_or_default()));
            r.set_some("on_delete", fk_action(fk, "ondelete").unwrap_or(Y::Null));
            r.set_some("on_update", fk_action(fk, "onupdate").unwrap_or(Y::Null));
            if s(fk, "name").is_some() {
                out.notes.push(format!(
                    "column `{name}`: the inline foreign key's name is not kept"
                ));
            }
            y.set("references", r);
        }
    }
    Ok(y)
}

pub(super) fn schema(y: &mut Y, a: &Value, key: &str) {
    y.set_some("schema", s(a, key).map_or(Y::Null, Y::Str));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_number_on_a_number_column_is_the_number() {
        let mut out = Outcome::default();
        let ty = Y::Str("numeric(10,2)".into());
        let d = default(&Value::String("0".into()), Some(&ty), &[], &mut out);
        assert_eq!(d, Ok(Y::Num("0".into())));
        let text = Y::Str("varchar(3)".into());
        let d = default(&Value::String("0".into()), Some(&text), &[], &mut out);
        assert_eq!(d, Ok(Y::Str("0".into())));
        // Not a plain number: kept as the quoted SQL Alembic writes.
        let d = default(&Value::String("1e3".into()), Some(&ty), &[], &mut out);
        assert!(matches!(d, Ok(Y::Map(_))), "{d:?}");
        assert!(
            plain_number("-1.50")
                && !plain_number("1.")
                && !plain_number("")
                && !plain_number("0x1")
        );
        assert!(numeric(&Y::Str("bigint".into())) && !numeric(&Y::Str("interval".into())));
    }

    fn get<'a>(y: &'a Y, key: &str) -> Option<&'a Y> {
        match y {
            Y::Map(e) => e.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn col(extra: Value) -> Value {
        let mut c = serde_json::json!({"name": "x", "type": {"$": "type", "class": "Integer", "visit": "integer", "compiled": {"postgresql": "INTEGER"}}, "nullable": false});
        if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
            c.extend(e.clone());
        }
        c
    }

    #[test]
    fn identity_and_computed_become_keys() {
        let pg = ["postgresql".to_owned()];
        let mut out = Outcome::default();
        let c = col(
            serde_json::json!({"identity": {"always": true, "start": 10, "increment": null, "more": ["cycle"]}}),
        );
        let y = column(&c, 0, true, &pg, &mut out).unwrap();
        assert_eq!(
            get(&y, "identity"),
            Some(&{
                let mut m = Y::map();
                m.set("always", Y::Bool(true));
                m.set("start", Y::Num("10".into()));
                m
            })
        );
        assert_eq!(get(&y, "autoincrement"), None);
        assert!(
            out.notes.iter().any(|n| n.contains("(cycle)")),
            "{:?}",
            out.notes
        );
        let c = col(
            serde_json::json!({"computed": {"sql": {"$": "sql", "sql": {"postgresql": "a * 2"}}, "persisted": false}}),
        );
        let y = column(&c, 0, true, &pg, &mut out).unwrap();
        let mut want = Y::map();
        want.set("sql", Y::Str("a * 2".into()));
        want.set("stored", Y::Bool(false));
        assert_eq!(get(&y, "computed"), Some(&want));
        // A computed column SQLAlchemy cannot compile is hand work.
        let c = col(
            serde_json::json!({"computed": {"sql": {"$": "sql", "sql": {"postgresql": null}}}}),
        );
        assert!(column(&c, 0, true, &pg, &mut out)
            .unwrap_err()
            .contains("a computed column"));
    }
}
