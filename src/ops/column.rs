//! Column operations and the column definition: `add_column`,
//! `drop_column`, `alter_column` (rename, type, nullability, default,
//! comment, autoincrement), and the inline `references:` of a column.

use super::{present, qual, FkAction};
use crate::ops::ident::{Ident, QualName};
use crate::ops::literal::DefaultValue;
use crate::ops::sqltype::TypeSpec;
use schemars::JsonSchema;
use serde::Deserialize;

/// An inline foreign key on a column: `references: {table, column}`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineReference {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub column: Ident,
    #[serde(default)]
    pub on_delete: Option<FkAction>,
    #[serde(default)]
    pub on_update: Option<FkAction>,
    /// MySQL/MariaDB: the name of the index kept under the column (default
    /// `ix_fk_<table>_<column>`, none when the primary key or a unique key
    /// starts with it); other engines make none.
    #[serde(default)]
    pub index_name: Option<Ident>,
}

/// A column definition.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub name: Ident,
    #[serde(rename = "type")]
    pub ty: TypeSpec,
    /// `None` = nullable unless part of the primary key.
    #[serde(default)]
    pub nullable: Option<bool>,
    #[serde(default)]
    pub primary_key: bool,
    #[serde(default)]
    pub autoincrement: bool,
    #[serde(default)]
    pub unique: bool,
    // Defaults and comments are uncommon and the schema model holds a
    // column definition for every column it knows, so they are boxed to
    // keep the struct at 80 bytes. (Plain comments: a doc comment here
    // would become a description in `gen schema-json`.)
    #[serde(default)]
    pub default: Option<Box<DefaultValue>>,
    #[serde(default)]
    pub comment: Option<Box<str>>,
    #[serde(default)]
    pub references: Option<Box<InlineReference>>,
}

impl ColumnDef {
    /// Whether the column accepts NULL (primary-key columns never do).
    pub fn is_nullable(&self) -> bool {
        self.nullable.unwrap_or(!self.primary_key) && !self.primary_key
    }
}

/// `add_column`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddColumn {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub column: ColumnDef,
}

impl AddColumn {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// `drop_column`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropColumn {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub column: Ident,
}

impl DropColumn {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// `alter_column`: each change is optional; `default: null` drops the
/// default and `comment: null` the comment (a missing key leaves them be);
/// `autoincrement` turns value generation off or on.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlterColumn {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub column: Ident,
    #[serde(default)]
    pub new_name: Option<Ident>,
    #[serde(default, rename = "type")]
    pub ty: Option<TypeSpec>,
    #[serde(default)]
    pub nullable: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    pub default: Option<Option<DefaultValue>>,
    #[serde(default, deserialize_with = "present")]
    pub comment: Option<Option<String>>,
    /// `false` stops generating the column's values (an integer primary
    /// key column: identity, `AUTO_INCREMENT`...); `true` starts again.
    #[serde(default)]
    pub autoincrement: Option<bool>,
}

impl AlterColumn {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
    /// The column's name once the operation is done.
    pub fn final_name(&self) -> &Ident {
        self.new_name.as_ref().unwrap_or(&self.column)
    }
    /// Does it ask for any change at all?
    pub fn changes_anything(&self) -> bool {
        self.new_name.is_some()
            || self.ty.is_some()
            || self.nullable.is_some()
            || self.default.is_some()
            || self.comment.is_some()
            || self.autoincrement.is_some()
    }
}
