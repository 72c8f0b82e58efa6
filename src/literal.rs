//! Literal values from YAML (defaults, bulk rows) and raw SQL expressions.
//!
//! A YAML scalar is a [`Literal`]: strings are quoted by the dialect, numbers
//! and booleans are rendered per dialect. `{sql: "now()"}` is a
//! [`DefaultValue::Sql`], written into the script as is. Numbers keep the
//! spelling YAML gave them, so output never depends on float formatting.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A literal value. Reads from any YAML scalar; serializes tagged
/// (`{kind, value}`) so templates can tell a number from a string.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Literal {
    Null,
    Bool(bool),
    /// An integer or decimal number, as text (`42`, `-1`, `3.5`).
    Number(String),
    String(String),
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Null => f.write_str("null"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Number(n) => f.write_str(n),
            Literal::String(s) => write!(f, "{s:?}"),
        }
    }
}

/// A column default: a literal or a raw SQL expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DefaultValue {
    Literal(Literal),
    Sql(String),
}

impl fmt::Display for DefaultValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultValue::Literal(l) => l.fmt(f),
            DefaultValue::Sql(s) => write!(f, "{{sql: {s}}}"),
        }
    }
}

fn float_text(v: f64) -> Result<String, String> {
    if v.is_finite() {
        Ok(format!("{v}"))
    } else {
        Err(format!("`{v}` is not a number a database can store"))
    }
}

struct LiteralVisitor;

impl<'de> Visitor<'de> for LiteralVisitor {
    type Value = Literal;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar: a string, a number, a boolean or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Literal, E> {
        Ok(Literal::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Literal, E> {
        Ok(Literal::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Literal, E> {
        Ok(Literal::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Literal, E> {
        float_text(v).map(Literal::Number).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Literal, E> {
        Ok(Literal::String(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Literal, E> {
        Ok(Literal::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Literal, E> {
        Ok(Literal::Null)
    }
}

impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LiteralVisitor)
    }
}

struct DefaultVisitor;

impl<'de> Visitor<'de> for DefaultVisitor {
    type Value = DefaultValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a literal (string, number, boolean) or `{sql: \"expression\"}`")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_bool(v).map(DefaultValue::Literal)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_i64(v).map(DefaultValue::Literal)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_u64(v).map(DefaultValue::Literal)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_f64(v).map(DefaultValue::Literal)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_str(v).map(DefaultValue::Literal)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DefaultValue, A::Error> {
        let mut sql: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "sql" {
                return Err(de::Error::unknown_field(&key, &["sql"]));
            }
            if sql.is_some() {
                return Err(de::Error::duplicate_field("sql"));
            }
            let v: String = map.next_value()?;
            if v.trim().is_empty() {
                return Err(de::Error::custom("`sql:` needs an expression"));
            }
            sql = Some(v);
        }
        sql.map(DefaultValue::Sql)
            .ok_or_else(|| de::Error::missing_field("sql"))
    }
}

impl<'de> Deserialize<'de> for DefaultValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DefaultVisitor)
    }
}
