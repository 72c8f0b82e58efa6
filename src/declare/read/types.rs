//! A column type as a dump or a person spells it, read back into gen's type
//! vocabulary.
//!
//! Spellings are first brought to one canonical text ([`canonical`]):
//! lower case, no layout, and the synonyms SQL engines share
//! (`character varying` = `varchar`, `int4` = `integer`, `int(11)` =
//! `integer`, `tinyint(1)` = `boolean`, `timestamp with time zone` =
//! `timestamptz`, ...). A type then maps back to the portable type whose
//! spelling *this dialect* would write (asking `Dialect::type_sql`, so each
//! engine's type map is read backwards, not repeated here); failing that,
//! to a portable type of the same name; failing that, it is kept as the
//! dialect's native type (a per-dialect type map). `serial` and friends
//! are an integer type plus autoincrement.

use crate::dialect::Dialect;
use crate::ops::sqltype::{DialectType, SqlType, TypeSpec};
use std::collections::BTreeMap;

/// One canonical text for the spellings of a type that mean the same.
pub fn canonical(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !out.is_empty() && !out.ends_with(['(', ',']) && !word.starts_with([')', ',', '(']) {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out.replace(", ", ",").replace("( ", "(").replace(" )", ")");
    let (name, args) = match out.find('(') {
        Some(i) if out.ends_with(')') => (out[..i].trim().to_owned(), Some(out[i..].to_owned())),
        _ => (out.clone(), None),
    };
    let name = match name.as_str() {
        "character varying" | "varchar2" | "nvarchar" => "varchar",
        "character" | "nchar" | "bpchar" => "char",
        "int" | "int4" | "integer" | "mediumint" | "serial" | "serial4" => "integer",
        "int8" | "bigserial" | "serial8" => "bigint",
        "int2" | "smallserial" | "serial2" => "smallint",
        "bool" => "boolean",
        "decimal" | "dec" => "numeric",
        "float8" | "double precision" => "double",
        "float4" => "real",
        "timestamp with time zone" => "timestamptz",
        "timestamp without time zone" => "timestamp",
        "time without time zone" => "time",
        other => other,
    };
    match (name, args.as_deref()) {
        ("tinyint", Some("(1)")) => "boolean".to_owned(),
        ("tinyint" | "smallint" | "integer" | "bigint", Some(_)) => name.to_owned(),
        (_, Some(a)) => format!("{name}{a}"),
        (_, None) => name.to_owned(),
    }
}

/// Is this spelling one that also asks for autoincrement (`serial`)?
pub fn is_serial(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "serial" | "serial4" | "bigserial" | "serial8" | "smallserial" | "serial2"
    )
}

/// The canonical text of a column's type as `dialect` spells it: what two
/// columns compare by.
pub fn canonical_spec(spec: &TypeSpec, dialect: &dyn Dialect) -> String {
    match spec.for_dialect(dialect.map_keys()) {
        Ok(DialectType::Portable(t)) => canonical(&dialect.type_sql(&t)),
        Ok(DialectType::Native(n)) => canonical(&n),
        Err(e) => e,
    }
}

/// The numbers in a type's parentheses, if they are all numbers.
fn numbers(text: &str) -> Vec<u32> {
    match (text.find('('), text.ends_with(')')) {
        (Some(i), true) => text[i + 1..text.len() - 1]
            .split(',')
            .map(|n| n.trim().parse::<u32>())
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The portable types to try, those with the written sizes first.
fn candidates(text: &str) -> Vec<SqlType> {
    let n = numbers(text);
    let mut out = Vec::new();
    match n.as_slice() {
        [len] => {
            out.push(SqlType::Varchar { length: Some(*len) });
            out.push(SqlType::Char { length: Some(*len) });
            out.push(SqlType::Numeric {
                precision: Some(*len),
                scale: None,
            });
        }
        [p, s] => out.push(SqlType::Numeric {
            precision: Some(*p),
            scale: Some(*s),
        }),
        _ => {}
    }
    out.extend([
        SqlType::SmallInt,
        SqlType::Integer,
        SqlType::BigInt,
        SqlType::Boolean,
        SqlType::Real,
        SqlType::Double,
        SqlType::Float,
        SqlType::Text,
        SqlType::Date,
        SqlType::Time,
        SqlType::Timestamp,
        SqlType::TimestampTz,
        SqlType::Interval,
        SqlType::Uuid,
        SqlType::Json,
        SqlType::Binary,
        SqlType::Varchar { length: None },
        SqlType::Char { length: None },
        SqlType::Numeric {
            precision: None,
            scale: None,
        },
    ]);
    out
}

/// Characters a native type name may hold (as the type map checks).
fn native_ok(t: &str) -> bool {
    !t.trim().is_empty()
        && t.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '(' | ')' | ',' | '[' | ']' | '.')
        })
}

/// The type `written` (as sqlparser displays it) for `dialect`, or `None`
/// when it has characters no type name has.
pub fn read_type(written: &str, dialect: &dyn Dialect) -> Option<TypeSpec> {
    let key = canonical(written);
    if let Some(t) = candidates(&key)
        .into_iter()
        .find(|t| canonical(&dialect.type_sql(t)) == key)
    {
        return Some(TypeSpec::Portable(t));
    }
    if let Ok(t) = SqlType::parse(&key) {
        if !matches!(t, SqlType::Enum { .. }) {
            return Some(TypeSpec::Portable(t));
        }
    }
    if !native_ok(written) {
        return None;
    }
    let map_key = dialect.map_keys().first().copied().unwrap_or("default");
    let mut map = BTreeMap::new();
    map.insert(map_key.to_owned(), written.trim().to_ascii_lowercase());
    Some(TypeSpec::PerDialect(Box::new(map)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::by_name;

    fn portable(text: &str, dialect: &str) -> String {
        let d = by_name(dialect).unwrap();
        read_type(text, &*d).unwrap().to_string()
    }

    #[test]
    fn spellings_fold_to_the_portable_type() {
        assert_eq!(portable("int4", "postgresql"), "integer");
        assert_eq!(
            portable("character varying(63)", "postgresql"),
            "varchar(63)"
        );
        assert_eq!(
            portable("timestamp with time zone", "postgresql"),
            "timestamptz"
        );
        assert_eq!(portable("numeric(12,2)", "postgresql"), "numeric(12,2)");
        assert_eq!(portable("bigint(20)", "mysql"), "bigint");
        assert_eq!(portable("tinyint(1)", "mysql"), "boolean");
        assert_eq!(portable("int(11)", "mysql"), "integer");
        assert_eq!(portable("datetime", "mysql"), "timestamp");
        assert_eq!(portable("BOOLEAN", "sqlite"), "boolean");
        assert_eq!(portable("tsvector", "postgresql"), "{postgresql: tsvector}");
        assert_eq!(portable("longtext", "mysql"), "{mysql: longtext}");
    }

    #[test]
    fn two_spellings_compare_equal_through_the_dialect() {
        let pg = by_name("postgresql").unwrap();
        let a = read_type("int4", &*pg).unwrap();
        let b = TypeSpec::Portable(SqlType::Integer);
        assert_eq!(canonical_spec(&a, &*pg), canonical_spec(&b, &*pg));
        assert!(is_serial("BIGSERIAL") && !is_serial("bigint"));
    }
}
