//! SQLAlchemy types to gen types. The recorder sends the type's class
//! (a `TypeDecorator` already flattened to its implementation), its
//! parameters and its DDL compiled by SQLAlchemy for each dialect. A class
//! with a portable equivalent becomes that portable type; anything else
//! (dialect types such as `JSONB` or `TINYINT`, `with_variant`, a `String`
//! without a length) becomes a per-dialect map of the compiled DDL, each
//! dialect's own text, so the script creates what Alembic would.

use super::yaml_out::Y;
use serde_json::Value;

fn int(t: &Value, key: &str) -> Option<u64> {
    t.get(key).and_then(Value::as_u64)
}

/// The portable type of a SQLAlchemy class, when there is one.
fn portable(t: &Value, notes: &mut Vec<String>) -> Option<String> {
    let class = t.get("class").and_then(Value::as_str).unwrap_or("");
    let length = int(t, "length");
    let tz = t.get("timezone").and_then(Value::as_bool).unwrap_or(false);
    Some(match class {
        "Integer" | "INTEGER" | "INT" => "integer".into(),
        "SmallInteger" | "SMALLINT" => "smallint".into(),
        "BigInteger" | "BIGINT" => "bigint".into(),
        "Boolean" | "BOOLEAN" => "boolean".into(),
        "String" | "VARCHAR" | "Unicode" | "NVARCHAR" => format!("varchar({})", length?),
        "CHAR" | "NCHAR" => format!("char({})", length?),
        "Text" | "TEXT" | "UnicodeText" | "CLOB" if length.is_none() => "text".into(),
        "Numeric" | "NUMERIC" | "DECIMAL" => match (int(t, "precision"), int(t, "scale")) {
            (Some(p), Some(s)) => format!("numeric({p},{s})"),
            (Some(p), None) => format!("numeric({p})"),
            _ => "numeric".into(),
        },
        "REAL" => "real".into(),
        "Double" | "DOUBLE" | "DOUBLE_PRECISION" => "double".into(),
        "Date" | "DATE" => "date".into(),
        "Time" | "TIME" if !tz => "time".into(),
        "DateTime" | "DATETIME" | "TIMESTAMP" if tz => "timestamptz".into(),
        "DateTime" | "DATETIME" | "TIMESTAMP" => "timestamp".into(),
        "Interval" | "INTERVAL" => "interval".into(),
        "Uuid" | "UUID" => "uuid".into(),
        "JSON" => "json".into(),
        "LargeBinary" | "BLOB" | "BYTEA" => "binary".into(),
        "Enum" => {
            let values: Vec<String> = t
                .get("enums")
                .and_then(Value::as_array)?
                .iter()
                .filter_map(|v| v.as_str().map(enum_value))
                .collect();
            if t.get("native_enum").and_then(Value::as_bool) == Some(false) {
                let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(1);
                return Some(format!("varchar({})", length.unwrap_or(longest as u64)));
            }
            if let Some(name) = t.get("name").and_then(Value::as_str) {
                notes.push(format!(
                    "enum type `{name}`: gen names PostgreSQL enum types `<table>_<column>_enum`"
                ));
            }
            format!("enum({})", values.join(", "))
        }
        _ => return None,
    })
}

/// An enum value as the portable `enum(...)` reads it.
fn enum_value(v: &str) -> String {
    let plain = !v.is_empty()
        && v.trim() == v
        && !v.contains([',', '\'', '"', '(', ')', '\\'])
        && !v.chars().any(char::is_control);
    if plain {
        v.to_owned()
    } else {
        format!("'{}'", v.replace('\'', "''"))
    }
}

/// The `type:` of a column for `dialects`: a portable type name or a map
/// from dialect to SQLAlchemy's DDL. `None` when no dialect has DDL for it.
pub fn map_type(t: &Value, dialects: &[String], notes: &mut Vec<String>) -> Option<Y> {
    let variant = t.get("variant").and_then(Value::as_bool).unwrap_or(false);
    if !variant {
        if let Some(name) = portable(t, notes) {
            return Some(Y::Str(name));
        }
    }
    let compiled = t.get("compiled")?;
    let mut map = Y::map();
    let mut any = false;
    for d in dialects {
        match compiled.get(d).and_then(Value::as_str) {
            Some(ddl) => {
                map.set(d, Y::str(ddl));
                any = true;
            }
            None => notes.push(format!(
                "type `{}` has no DDL on {d} (SQLAlchemy cannot compile it there)",
                t.get("class").and_then(Value::as_str).unwrap_or("?")
            )),
        }
    }
    any.then_some(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(t: Value) -> Y {
        map_type(&t, &["postgresql".into(), "mysql".into()], &mut Vec::new()).unwrap()
    }

    #[test]
    fn portable_types() {
        assert_eq!(
            one(json!({"class": "String", "length": 20})),
            Y::str("varchar(20)")
        );
        assert_eq!(
            one(json!({"class": "DateTime", "timezone": true})),
            Y::str("timestamptz")
        );
        assert_eq!(
            one(json!({"class": "Numeric", "precision": 10, "scale": 2})),
            Y::str("numeric(10,2)")
        );
        assert_eq!(
            one(json!({"class": "Enum", "enums": ["a", "b c", "it's"]})),
            Y::str("enum(a, b c, 'it''s')")
        );
    }

    #[test]
    fn others_are_maps_of_ddl() {
        let y = one(json!({"class": "JSONB", "compiled": {"postgresql": "JSONB", "mysql": null}}));
        assert_eq!(y, Y::Map(vec![("postgresql".into(), Y::str("JSONB"))]));
        let y = one(
            json!({"class": "String", "compiled": {"postgresql": "VARCHAR", "mysql": "VARCHAR"}}),
        );
        assert!(matches!(y, Y::Map(_)));
    }
}
