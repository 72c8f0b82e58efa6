//! Index operations: `create_index` (columns or expressions, unique,
//! partial, concurrently, with a method, included columns or a kind) and
//! `drop_index`. An index element is in `index_element`.

use super::qual;
use crate::ops::ident::{Ident, QualName};
use crate::ops::index_element::{IndexColumn, IndexKind, IndexMethod};
use schemars::JsonSchema;
use serde::Deserialize;

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
    /// The access method: PostgreSQL `btree|hash|gin|gist|brin|spgist`,
    /// MySQL/MariaDB `btree|hash`.
    #[serde(default)]
    pub using: Option<IndexMethod>,
    /// Columns stored in the index but not part of its key: PostgreSQL 11+,
    /// SQL Server.
    // Boxed: rare, and the model keeps every index.
    #[serde(default)]
    pub include: Option<Box<Vec<Ident>>>,
    /// `fulltext` or `spatial`: MySQL/MariaDB.
    #[serde(default)]
    pub kind: Option<IndexKind>,
}

impl CreateIndex {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }

    /// The `include:` columns (none when not written).
    pub fn include(&self) -> &[Ident] {
        self.include.as_deref().map_or(&[], Vec::as_slice)
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
