//! `create_table` (with the indexes SQLAlchemy creates with the table:
//! `Index` objects and `index=True` columns) and `create_index`, whose
//! dialect options gen knows become keys and the others hand work.

use super::columns::{autoincrement, column, fk_action, names, one_sql, s, schema, strs, truthy};
use super::translate::Outcome;
use super::types::map_type;
use super::yaml_out::Y;
use serde_json::Value;

pub(super) fn index_columns(cols: &Value, dialects: &[String]) -> Result<Y, String> {
    let mut out = Vec::new();
    for c in cols
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![cols.clone()])
    {
        match c {
            Value::String(n) => out.push(Y::Str(n)),
            other => {
                let mut e = Y::map();
                e.set("expr", Y::Str(one_sql(&other, dialects)?));
                out.push(e);
            }
        }
    }
    Ok(Y::List(out))
}

/// `create_index` from its parts; dialect options it knows become keys,
/// the others are hand work.
pub(super) fn index(
    name: &str,
    table: &str,
    a: &Value,
    cols: &Value,
    kw: &Value,
    dialects: &[String],
) -> Result<Y, String> {
    let mut y = Y::map();
    y.set("name", Y::str(name));
    y.set("table", Y::str(table));
    schema(&mut y, a, "schema");
    y.set("columns", index_columns(cols, dialects)?);
    y.set_some("unique", Y::Bool(truthy(a, "unique")));
    if let Some(map) = kw.as_object() {
        for (k, v) in map {
            match k.as_str() {
                "postgresql_where" | "sqlite_where" => {
                    if y_has(&y, "where") {
                        continue;
                    }
                    y.set("where", Y::Str(one_sql(v, dialects)?));
                }
                "postgresql_concurrently" if v.as_bool() == Some(true) => {
                    y.set("concurrently", Y::Bool(true))
                }
                "postgresql_using" | "mysql_using" | "mariadb_using" if v.is_string() => y.set(
                    "using",
                    Y::Str(v.as_str().unwrap_or_default().to_lowercase()),
                ),
                "postgresql_include" | "mssql_include" if v.is_array() || v.is_string() => {
                    let cols = strs(v);
                    if cols.is_empty() {
                        return Err(format!("index option `{k}` with no column names"));
                    }
                    y.set("include", Y::List(cols.into_iter().map(Y::Str).collect()));
                }
                "mysql_prefix" | "mariadb_prefix"
                    if v.as_str().is_some_and(|p| {
                        p.eq_ignore_ascii_case("fulltext") || p.eq_ignore_ascii_case("spatial")
                    }) =>
                {
                    let kind = v.as_str().unwrap_or_default().to_lowercase();
                    y.set("kind", Y::Str(kind));
                }
                _ if v.is_null() || v == &Value::Bool(false) => {}
                other => return Err(format!("index option `{other}` (not yet in gen)")),
            }
        }
    }
    Ok(y)
}

pub(super) fn y_has(y: &Y, key: &str) -> bool {
    matches!(y, Y::Map(e) if e.iter().any(|(k, _)| k == key))
}

pub(super) fn create_table(
    t: &Value,
    dialects: &[String],
    out: &mut Outcome,
) -> Result<(), String> {
    let name = s(t, "name").ok_or("a table without a name")?;
    let pk = t.get("primary_key").filter(|v| !v.is_null());
    let pk_cols = pk
        .map(|p| strs(p.get("columns").unwrap_or(&Value::Null)))
        .unwrap_or_default();
    let pk_name = pk.and_then(|p| s(p, "name"));
    let table_level_pk = pk_name.is_some() || pk_cols.len() > 1;
    let mut cols = Vec::new();
    for c in t
        .get("columns")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let n = if table_level_pk { 0 } else { pk_cols.len() };
        let mut y = column(c, n.max(usize::from(!table_level_pk)), true, dialects, out)?;
        if table_level_pk {
            if let Y::Map(e) = &mut y {
                e.retain(|(k, _)| k != "primary_key");
            }
            // SQLAlchemy's autoincrement rule counts the key's columns.
            if pk_cols.len() == 1 && pk_cols.first() == s(c, "name").as_ref() {
                let ty = map_type(
                    c.get("type").unwrap_or(&Value::Null),
                    dialects,
                    &mut Vec::new(),
                );
                if ty.is_some_and(|ty| autoincrement(c, 1, &ty)) && !y_has(&y, "autoincrement") {
                    y.set("autoincrement", Y::Bool(true));
                }
            }
        }
        cols.push(y);
    }
    let mut y = Y::map();
    y.set("name", Y::Str(name.clone()));
    schema(&mut y, t, "schema");
    y.set("columns", Y::List(cols));
    if table_level_pk {
        let mut p = Y::map();
        p.set_some("name", pk_name.map_or(Y::Null, Y::Str));
        p.set("columns", names(&pk_cols));
        y.set("primary_key", p);
    }
    let mut uniques = Vec::new();
    for u in t
        .get("uniques")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut m = Y::map();
        m.set_some("name", s(u, "name").map_or(Y::Null, Y::Str));
        m.set(
            "columns",
            names(&strs(u.get("columns").unwrap_or(&Value::Null))),
        );
        uniques.push(m);
    }
    y.set_some("unique", Y::List(uniques));
    let mut fks = Vec::new();
    for f in t
        .get("foreign_keys")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut m = Y::map();
        m.set_some("name", s(f, "name").map_or(Y::Null, Y::Str));
        m.set(
            "columns",
            names(&strs(f.get("columns").unwrap_or(&Value::Null))),
        );
        let mut r = Y::map();
        r.set(
            "table",
            Y::Str(s(f, "ref_table").ok_or("a foreign key without a table")?),
        );
        schema(&mut r, f, "ref_schema");
        r.set(
            "columns",
            names(&strs(f.get("ref_columns").unwrap_or(&Value::Null))),
        );
        m.set("references", r);
        m.set_some("on_delete", fk_action(f, "ondelete").unwrap_or(Y::Null));
        m.set_some("on_update", fk_action(f, "onupdate").unwrap_or(Y::Null));
        if truthy(f, "deferrable") || truthy(f, "initially") {
            return Err(format!("table `{name}`: a DEFERRABLE foreign key inside create_table (write it as create_foreign_key)"));
        }
        fks.push(m);
    }
    y.set_some("foreign_keys", Y::List(fks));
    let mut checks = Vec::new();
    for c in t
        .get("checks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut m = Y::map();
        m.set_some("name", s(c, "name").map_or(Y::Null, Y::Str));
        m.set(
            "expr",
            Y::Str(one_sql(c.get("sql").unwrap_or(&Value::Null), dialects)?),
        );
        checks.push(m);
    }
    y.set_some("checks", Y::List(checks));
    if let Some(comment) = s(t, "comment") {
        y.set("comment", Y::Str(comment));
    }
    if let Some(kw) = t.get("kw").and_then(Value::as_object) {
        for k in kw.keys() {
            out.notes
                .push(format!("table `{name}`: option `{k}` is dropped"));
        }
    }
    let mut ixs = Vec::new();
    for ix in t
        .get("indexes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let cols = ix.get("columns").cloned().unwrap_or(Value::Null);
        let ix_name = match s(ix, "name") {
            Some(n) => n,
            // SQLAlchemy's default convention for `index=True`.
            None => format!("ix_{name}_{}", strs(&cols).join("_")),
        };
        ixs.push(index(
            &ix_name,
            &name,
            ix,
            &cols,
            ix.get("kw").unwrap_or(&Value::Null),
            dialects,
        )?);
    }
    out.push("create_table", y);
    for ix in ixs {
        out.push("create_index", ix);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(y: &Y) -> String {
        let mut lines = Vec::new();
        y.list_item(0, &mut lines);
        lines.join("\n")
    }

    #[test]
    fn index_options_gen_has_become_keys() {
        let pg = ["postgresql".to_owned()];
        let a = serde_json::json!({});
        let cols = serde_json::json!(["body"]);
        let kw =
            serde_json::json!({"postgresql_using": "GIN", "postgresql_include": ["author_id"]});
        let y = index("ix", "docs", &a, &cols, &kw, &pg).unwrap();
        let t = text(&y);
        assert!(
            t.contains("using: gin") && t.contains("include: [author_id]"),
            "{t}"
        );
        let kw = serde_json::json!({"mysql_prefix": "FULLTEXT"});
        let t = text(&index("ix", "docs", &a, &cols, &kw, &pg).unwrap());
        assert!(t.contains("kind: fulltext"), "{t}");
        // What gen has no key for stays hand work.
        let kw = serde_json::json!({"mysql_prefix": "WEIRD"});
        assert!(index("ix", "docs", &a, &cols, &kw, &pg)
            .unwrap_err()
            .contains("mysql_prefix"));
        let kw = serde_json::json!({"postgresql_with": {"fillfactor": 70}});
        assert!(index("ix", "docs", &a, &cols, &kw, &pg)
            .unwrap_err()
            .contains("postgresql_with"));
    }
}
