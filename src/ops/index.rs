//! Index operations: `create_index` (columns or expressions, unique,
//! partial, concurrently) and `drop_index`.

use super::qual;
use crate::ident::{Ident, QualName};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::fmt;

/// An index element: a column name or `{expr: ...}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum IndexColumn {
    Column(Ident),
    Expr(String),
}

impl<'de> Deserialize<'de> for IndexColumn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ExprItem {
            expr: String,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Expr(ExprItem),
        }
        match Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "an index element is a column name or `{expr: \"lower(email)\"}`",
            )
        })? {
            Raw::Name(n) => Ident::new(&n)
                .map(IndexColumn::Column)
                .map_err(serde::de::Error::custom),
            Raw::Expr(e) if e.expr.trim().is_empty() => {
                Err(serde::de::Error::custom("`expr:` needs an expression"))
            }
            Raw::Expr(e) => Ok(IndexColumn::Expr(e.expr)),
        }
    }
}

impl fmt::Display for IndexColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexColumn::Column(c) => c.fmt(f),
            IndexColumn::Expr(e) => write!(f, "({e})"),
        }
    }
}

/// `create_index`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIndex {
    pub name: Ident,
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    #[serde(deserialize_with = "super::exact")]
    pub columns: Vec<IndexColumn>,
    #[serde(default)]
    pub unique: bool,
    #[serde(default, rename = "where")]
    pub where_clause: Option<String>,
    #[serde(default)]
    pub concurrently: bool,
    #[serde(default)]
    pub if_not_exists: bool,
}

impl CreateIndex {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// `drop_index`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropIndex {
    pub name: Ident,
    #[serde(default)]
    pub table: Option<Ident>,
    #[serde(default)]
    pub schema: Option<Ident>,
    #[serde(default)]
    pub concurrently: bool,
    #[serde(default)]
    pub if_exists: bool,
}
