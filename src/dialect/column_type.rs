//! A column's type as lowering resolved it for one dialect: a portable
//! type the dialect spells, the user's native text, or a named type the
//! dialect created (a PostgreSQL enum). The dialect answers questions about
//! it (does changing to it need an expression?) and the templates write it.

use crate::ops::sqltype::SqlType;
use serde::{Deserialize, Serialize};

/// A column's type as the template sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ColumnType {
    Portable(SqlType),
    /// A per-dialect native type, written as the user gave it.
    Native(String),
    /// A named enum type (PostgreSQL): `{schema, name}`.
    Named {
        schema: Option<String>,
        name: String,
    },
}
