//! Operations on data rather than structure: `execute` (raw SQL, opaque to
//! the model, reversible only with `reverse_sql`) and `bulk_insert` (rows of
//! literals, checked against the model's columns; irreversible).

use super::{default_true, qual};
use crate::ident::{Ident, QualName};
use crate::literal::Literal;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

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
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Map(BTreeMap<String, String>),
        }
        let raw = Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "SQL is a string, or a map from dialect to string such as `{postgresql: \"...\", default: \"...\"}`",
            )
        })?;
        match raw {
            Raw::One(s) if s.trim().is_empty() => {
                Err(serde::de::Error::custom("SQL cannot be empty"))
            }
            Raw::One(s) => Ok(SqlText::All(s)),
            Raw::Map(m) => {
                if let Some(k) = m
                    .keys()
                    .find(|k| !crate::sqltype::TYPE_MAP_KEYS.contains(&k.as_str()))
                {
                    return Err(serde::de::Error::custom(format!(
                        "unknown dialect `{k}`; expected one of {}",
                        crate::sqltype::TYPE_MAP_KEYS.join(", ")
                    )));
                }
                Ok(SqlText::PerDialect(Box::new(m)))
            }
        }
    }
}

/// `execute`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Execute {
    pub sql: SqlText,
    #[serde(default)]
    pub reverse_sql: Option<SqlText>,
    #[serde(default = "default_true")]
    pub validate: bool,
}

/// `bulk_insert`: each row maps column names to literals.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkInsert {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    #[serde(deserialize_with = "super::exact")]
    pub rows: Vec<BTreeMap<Ident, Literal>>,
}

impl BulkInsert {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}
