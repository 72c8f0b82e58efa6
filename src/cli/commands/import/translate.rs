//! Recorded `op.*` calls to gen operations. Each call's arguments arrive
//! bound to Alembic's parameter names, SQLAlchemy objects already plain
//! JSON (`$` names what one was); this file builds the operation's YAML
//! keys from them. What has no gen equivalent yet is never guessed: it is
//! a [`Outcome::hand`] reason (the revision gets a placeholder), and what
//! is dropped without changing the schema is a note.

use super::columns::{column, default, fk_action, names, one_sql, s, schema, strs, truthy};
use super::recorder::Call;
use super::table::{create_table, index};
use super::types::map_type;
use super::yaml_out::{Item, Y};
use serde_json::Value;

/// What translating one phase gave.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outcome {
    pub items: Vec<Item>,
    pub notes: Vec<String>,
    /// Reasons a person must finish the revision.
    pub hand: Vec<String>,
}

impl Outcome {
    pub(super) fn push(&mut self, op: &str, args: Y) {
        self.items.push(Item::Op(Y::op(op, args)));
    }

    /// A placeholder for `call`, quoting its source line.
    pub fn hand(&mut self, reason: &str, file: &str, line: Option<u64>, source: &str) {
        let quoted = match line {
            Some(n) => vec![format!("{file}:{n}: {}", source.trim())],
            None => Vec::new(),
        };
        self.hand.push(reason.to_owned());
        self.items.push(Item::Placeholder {
            reason: reason.to_owned(),
            quoted,
        });
    }
}

/// `drop_constraint`'s `type_` as gen writes it.
fn constraint_type(t: &str) -> Option<&'static str> {
    Some(match t {
        "foreignkey" => "foreign_key",
        "unique" => "unique",
        "primary" => "primary_key",
        "check" => "check",
        _ => return None,
    })
}

/// Translates one call into `out` (operations, notes); `Err` is the reason
/// it needs a person.
fn one(call: &Call, dialects: &[String], out: &mut Outcome) -> Result<(), String> {
    let a = &call.args;
    let table = || s(a, "table_name").ok_or_else(|| "no table name".to_owned());
    let mut y = Y::map();
    match call.op.as_str() {
        "create_table" => {
            return create_table(a.get("table").unwrap_or(&Value::Null), dialects, out)
        }
        "drop_table" => {
            y.set("name", Y::Str(table()?));
            schema(&mut y, a, "schema");
            y.set_some("if_exists", Y::Bool(truthy(a, "if_exists")));
        }
        "rename_table" => {
            y.set("name", Y::Str(s(a, "old_table_name").unwrap_or_default()));
            schema(&mut y, a, "schema");
            y.set(
                "new_name",
                Y::Str(s(a, "new_table_name").unwrap_or_default()),
            );
        }
        "add_column" => {
            y.set("table", Y::Str(table()?));
            schema(&mut y, a, "schema");
            y.set(
                "column",
                column(
                    a.get("column").unwrap_or(&Value::Null),
                    0,
                    false,
                    dialects,
                    out,
                )?,
            );
        }
        "drop_column" => {
            y.set("table", Y::Str(table()?));
            schema(&mut y, a, "schema");
            y.set("column", Y::Str(s(a, "column_name").unwrap_or_default()));
        }
        "alter_column" => {
            y.set("table", Y::Str(table()?));
            schema(&mut y, a, "schema");
            y.set("column", Y::Str(s(a, "column_name").unwrap_or_default()));
            if let Some(n) = s(a, "new_column_name") {
                y.set("new_name", Y::Str(n));
            }
            let ty = match a.get("type_").filter(|v| !v.is_null()) {
                Some(t) => Some(
                    map_type(t, dialects, &mut out.notes).ok_or("a type no dialect can write")?,
                ),
                None => None,
            };
            if let Some(t) = &ty {
                y.set("type", t.clone());
            }
            if let Some(n) = a.get("nullable").and_then(Value::as_bool) {
                y.set("nullable", Y::Bool(n));
            }
            match a.get("server_default") {
                Some(Value::Bool(false)) | None => {}
                Some(Value::Null) => y.set("default", Y::Null),
                Some(sd) => {
                    let existing = a
                        .get("existing_type")
                        .and_then(|t| map_type(t, dialects, &mut Vec::new()));
                    let d = default(sd, ty.as_ref().or(existing.as_ref()), dialects, out)?;
                    y.set("default", d);
                }
            }
            match a.get("comment") {
                Some(Value::Bool(false)) | None => {}
                Some(Value::Null) => y.set("comment", Y::Null),
                Some(c) => y.set("comment", Y::Str(c.as_str().unwrap_or_default().to_owned())),
            }
            if let Some(kw) = a.get("kw").and_then(Value::as_object) {
                for (k, v) in kw {
                    match k.as_str() {
                        "autoincrement" if v.is_boolean() => {
                            y.set("autoincrement", v.as_bool().map_or(Y::Null, Y::Bool))
                        }
                        _ if v.is_null() => {}
                        // Alembic passes these to the batch/table copy only.
                        "default" => out.notes.push(
                            "alter_column: the Python-side default= is dropped (it never reaches the database)"
                                .to_owned(),
                        ),
                        "existing_autoincrement" => {}
                        other => {
                            return Err(format!("alter_column option `{other}` (not yet in gen)"))
                        }
                    }
                }
            }
        }
        "create_index" => {
            let name = s(a, "index_name").ok_or("an index without a name")?;
            let mut ix = index(
                &name,
                &table()?,
                a,
                a.get("columns").unwrap_or(&Value::Null),
                a.get("kw").unwrap_or(&Value::Null),
                dialects,
            )?;
            ix.set_some("if_not_exists", Y::Bool(truthy(a, "if_not_exists")));
            y = ix;
            out.push("create_index", y);
            return Ok(());
        }
        "drop_index" => {
            y.set("name", Y::Str(s(a, "index_name").unwrap_or_default()));
            y.set_some("table", s(a, "table_name").map_or(Y::Null, Y::Str));
            schema(&mut y, a, "schema");
            if a.pointer("/kw/postgresql_concurrently")
                .and_then(Value::as_bool)
                == Some(true)
            {
                y.set("concurrently", Y::Bool(true));
            }
            y.set_some("if_exists", Y::Bool(truthy(a, "if_exists")));
        }
        "create_primary_key" | "create_unique_constraint" => {
            y.set_some("name", s(a, "constraint_name").map_or(Y::Null, Y::Str));
            y.set("table", Y::Str(table()?));
            schema(&mut y, a, "schema");
            y.set(
                "columns",
                names(&strs(a.get("columns").unwrap_or(&Value::Null))),
            );
            if a.get("kw")
                .and_then(Value::as_object)
                .is_some_and(|m| m.values().any(|v| !v.is_null()))
            {
                return Err("unique constraint options (not yet in gen)".into());
            }
        }
        "create_foreign_key" => {
            y.set_some("name", s(a, "constraint_name").map_or(Y::Null, Y::Str));
            y.set("table", Y::Str(s(a, "source_table").unwrap_or_default()));
            schema(&mut y, a, "source_schema");
            y.set(
                "columns",
                names(&strs(a.get("local_cols").unwrap_or(&Value::Null))),
            );
            let mut r = Y::map();
            r.set("table", Y::Str(s(a, "referent_table").unwrap_or_default()));
            schema(&mut r, a, "referent_schema");
            r.set(
                "columns",
                names(&strs(a.get("remote_cols").unwrap_or(&Value::Null))),
            );
            y.set("references", r);
            y.set_some("on_delete", fk_action(a, "ondelete").unwrap_or(Y::Null));
            y.set_some("on_update", fk_action(a, "onupdate").unwrap_or(Y::Null));
            y.set_some(
                "deferrable",
                a.get("deferrable")
                    .and_then(Value::as_bool)
                    .map_or(Y::Null, Y::Bool),
            );
            y.set_some(
                "initially",
                s(a, "initially").map_or(Y::Null, |i| Y::Str(i.to_ascii_lowercase())),
            );
            if truthy(a, "match") {
                return Err("a foreign key with MATCH (not yet in gen)".into());
            }
        }
        "create_check_constraint" => {
            y.set_some("name", s(a, "constraint_name").map_or(Y::Null, Y::Str));
            y.set("table", Y::Str(table()?));
            schema(&mut y, a, "schema");
            y.set(
                "expr",
                Y::Str(one_sql(
                    a.get("condition").unwrap_or(&Value::Null),
                    dialects,
                )?),
            );
        }
        "drop_constraint" => {
            let name = s(a, "constraint_name")
                .ok_or("drop_constraint without a name (issue 22 adds `{table, type, columns}`)")?;
            y.set("name", Y::Str(name));
            y.set("table", Y::Str(table()?));
            schema(&mut y, a, "schema");
            if let Some(t) = s(a, "type_") {
                let t =
                    constraint_type(&t).ok_or_else(|| format!("drop_constraint type_ `{t}`"))?;
                y.set("type", Y::str(t));
            }
        }
        "create_table_comment" | "drop_table_comment" => {
            y.set("table", Y::Str(table()?));
            schema(&mut y, a, "schema");
            if call.op == "create_table_comment" {
                y.set("comment", Y::Str(s(a, "comment").unwrap_or_default()));
            }
        }
        "execute" => {
            let sql = a.get("sql").unwrap_or(&Value::Null);
            if sql.get("$").and_then(Value::as_str) != Some("sql") {
                return Err("op.execute of something gen cannot compile".into());
            }
            match one_sql(sql, dialects) {
                Ok(text) => y.set("sql", Y::Str(text)),
                Err(_) => {
                    let mut m = Y::map();
                    for d in dialects {
                        let text = sql
                            .pointer(&format!("/sql/{d}"))
                            .and_then(Value::as_str)
                            .ok_or_else(|| {
                                format!(
                                    "op.execute of a construct SQLAlchemy cannot compile for {d}"
                                )
                            })?;
                        m.set(d, Y::str(text));
                    }
                    y.set("sql", m);
                }
            }
        }
        "bulk_insert" => {
            y.set("table", Y::Str(table()?));
            schema(&mut y, a, "schema");
            let mut rows = Vec::new();
            for r in a
                .get("rows")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let mut row = Y::map();
                for (k, v) in r.as_object().into_iter().flatten() {
                    row.set(k, literal(v)?);
                }
                rows.push(row);
            }
            y.set("rows", Y::List(rows));
        }
        "$hand" => return Err(s(a, "reason").unwrap_or_else(|| "needs a person".into())),
        other => return Err(format!("op.{other} is not imported")),
    }
    out.push(&call.op, y);
    Ok(())
}

/// A `bulk_insert` value as a YAML literal.
fn literal(v: &Value) -> Result<Y, String> {
    Ok(match v {
        Value::Null => Y::Null,
        Value::Bool(b) => Y::Bool(*b),
        Value::Number(n) => Y::Num(n.to_string()),
        Value::String(t) => Y::Str(t.clone()),
        other => match other.get("$").and_then(Value::as_str) {
            Some("text") => Y::Str(s(other, "value").unwrap_or_default()),
            Some("number") => Y::Num(s(other, "value").unwrap_or_default()),
            _ => return Err("a bulk_insert value gen cannot write as a literal".into()),
        },
    })
}

/// The SQLAlchemy dialect a `<dialect>_<option>` keyword is for.
fn option_dialect(key: &str) -> Option<&'static str> {
    let (prefix, _) = key.split_once('_')?;
    Some(match prefix {
        "postgresql" => "postgresql",
        "mysql" | "mariadb" => "mysql",
        "sqlite" => "sqlite",
        "mssql" => "mssql",
        "oracle" => "oracle",
        _ => return None,
    })
}

/// Drops, from every `kw` of `args`, the dialect options of other
/// dialects: SQLAlchemy applies `postgresql_where` on PostgreSQL only.
fn for_dialect(args: &mut Value, current: &str) {
    match args {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "kw" {
                    if let Value::Object(kw) = value {
                        kw.retain(|k, _| option_dialect(k).is_none_or(|d| d == current));
                    }
                } else {
                    for_dialect(value, current);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| for_dialect(v, current)),
        _ => {}
    }
}

/// Translates the calls of one phase recorded under `current`; `file` is
/// quoted in placeholders.
pub fn phase(calls: &[Call], file: &str, dialects: &[String], current: &str) -> Outcome {
    let mut out = Outcome::default();
    for call in calls {
        let mut one_out = Outcome::default();
        let mut call = call.clone();
        for_dialect(&mut call.args, current);
        match one(&call, dialects, &mut one_out) {
            Ok(()) => {
                out.items.extend(one_out.items);
                out.notes.extend(one_out.notes);
            }
            Err(reason) => out.hand(&reason, file, call.line, &call.source),
        }
    }
    out
}
