//! Index operations: `create_index` (columns or expressions, unique,
//! partial, concurrently) and `drop_index`.

use super::qual;
use crate::ops::ident::{Ident, QualName};
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
    /// A visitor (not an untagged enum, which would hide what is wrong
    /// behind one message): each problem is reported at its node.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ExprItem {
            expr: String,
        }
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = IndexColumn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an index element: a column name or `{expr: \"lower(email)\"}`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<IndexColumn, E> {
                Ident::new(s).map(IndexColumn::Column).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<IndexColumn, A::Error> {
                let e = ExprItem::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                if e.expr.trim().is_empty() {
                    return Err(serde::de::Error::custom("`expr:` needs an expression"));
                }
                Ok(IndexColumn::Expr(e.expr))
            }
        }
        d.deserialize_any(V)
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
