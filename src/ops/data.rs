//! Operations on data rather than structure: `execute` (raw SQL, opaque to
//! the model, reversible only with `reverse_sql`) and `bulk_insert` (rows of
//! literals, checked against the model's columns; irreversible).

use super::qual;
use crate::ops::ident::{Ident, QualName};
use crate::ops::literal::Literal;
use crate::ops::sqltype::DialectKey;
use schemars::JsonSchema;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;

/// SQL text for `execute`: one string, or a map dialect -> string. The
/// rare map is boxed, so the text is the size of a string and an `execute`
/// no larger than the other operations.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlText {
    All(String),
    PerDialect(Box<BTreeMap<String, String>>),
}

impl SqlText {
    /// The text for a dialect (its names tried in order, then `default`).
    pub fn for_dialect(&self, names: &[&str]) -> Option<&str> {
        match self {
            SqlText::All(s) => Some(s),
            SqlText::PerDialect(m) => names
                .iter()
                .find_map(|n| m.get(*n))
                .or_else(|| m.get("default"))
                .map(String::as_str),
        }
    }
    /// The dialects a per-dialect map names (for messages).
    pub fn keys(&self) -> Vec<&str> {
        match self {
            SqlText::All(_) => Vec::new(),
            SqlText::PerDialect(m) => m.keys().map(String::as_str).collect(),
        }
    }
}

impl<'de> Deserialize<'de> for SqlText {
    /// A visitor (not an untagged enum, which would hide what is wrong
    /// behind one message): a repeated or unknown dialect is reported at
    /// its key, a wrong value at the value.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SqlText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("SQL: a string, or a map from dialect to string such as `{postgresql: \"...\", default: \"...\"}`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<SqlText, E> {
                if s.trim().is_empty() {
                    return Err(E::custom("SQL cannot be empty"));
                }
                Ok(SqlText::All(s.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<SqlText, A::Error> {
                let mut map = BTreeMap::new();
                while let Some(k) = access.next_key_seed(DialectKey("`sql:`"))? {
                    let v = access.next_value_seed(Text)?;
                    map.insert(k, v);
                }
                Ok(SqlText::PerDialect(Box::new(map)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A per-dialect SQL text: a string (a number or `null` is a mistake).
struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("SQL text")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
                Ok(s.to_owned())
            }
        }
        d.deserialize_any(V)
    }
}

/// `execute`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Execute {
    pub sql: SqlText,
    #[serde(default)]
    pub reverse_sql: Option<SqlText>,
    #[serde(default)]
    pub validate: Validate,
}

/// How `execute`'s SQL is checked with sqlparser (`validate:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Validate {
    /// `true`, the default: SQL sqlparser cannot read is a warning
    /// (`unparsed-sql`) and is written as is; the engine is its judge.
    #[default]
    Warn,
    /// `strict`: SQL sqlparser cannot read is an error.
    Strict,
    /// `false`: not parsed, no warning.
    Off,
}

impl<'de> Deserialize<'de> for Validate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Validate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`true`, `false` or `strict`")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Validate, E> {
                Ok(if b { Validate::Warn } else { Validate::Off })
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Validate, E> {
                match s.trim() {
                    "strict" => Ok(Validate::Strict),
                    "true" => Ok(Validate::Warn),
                    "false" => Ok(Validate::Off),
                    _ => Err(E::custom(format!(
                        "unknown `validate` value `{s}`; expected `true`, `false` or `strict`"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `bulk_insert`: each row maps column names to literals.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkInsert {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub rows: Vec<BTreeMap<Ident, Literal>>,
}

impl BulkInsert {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}
