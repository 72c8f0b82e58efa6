//! Table operations: `create_table`, `drop_table`, `rename_table` and the
//! table comment pair `create_table_comment` / `drop_table_comment`.

use super::{qual, CheckDef, ColumnDef, ForeignKeyDef, PrimaryKeyDef, UniqueDef};
use crate::ops::ident::{Ident, QualName};
use schemars::JsonSchema;
use serde::Deserialize;

/// `create_table`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTable {
    pub name: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub columns: Vec<ColumnDef>,
    #[serde(default)]
    pub primary_key: Option<PrimaryKeyDef>,
    #[serde(default)]
    pub unique: Vec<UniqueDef>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKeyDef>,
    #[serde(default)]
    pub checks: Vec<CheckDef>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub if_not_exists: bool,
}

impl CreateTable {
    pub fn qual_name(&self) -> QualName {
        qual(&self.schema, &self.name)
    }
}

/// `drop_table`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropTable {
    pub name: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    #[serde(default)]
    pub if_exists: bool,
}

impl DropTable {
    pub fn qual_name(&self) -> QualName {
        qual(&self.schema, &self.name)
    }
}

/// `rename_table`: the table keeps its schema, indexes and constraints.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameTable {
    pub name: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub new_name: Ident,
}

impl RenameTable {
    pub fn qual_name(&self) -> QualName {
        qual(&self.schema, &self.name)
    }
    pub fn new_qual_name(&self) -> QualName {
        qual(&self.schema, &self.new_name)
    }
}

/// `create_table_comment`: sets (or replaces) a table's comment.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTableComment {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub comment: String,
}

impl CreateTableComment {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// `drop_table_comment`; `comment`, when given, is the comment the user
/// expects to remove (checked against the model).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropTableComment {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    #[serde(default)]
    pub comment: Option<String>,
}

impl DropTableComment {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}
