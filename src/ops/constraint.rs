//! Constraints: the shapes a `create_table` lists (`primary_key`, `unique`,
//! `foreign_keys`, `checks`) and the operations that add or drop one later
//! (`create_primary_key`, `create_unique_constraint`, `create_foreign_key`,
//! `create_check_constraint`, `drop_constraint`), with referential actions
//! and deferrability.

use super::qual;
use crate::ops::ident::{Ident, QualName};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A referential action (`on_delete`, `on_update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    Cascade,
    Restrict,
    SetNull,
    SetDefault,
    NoAction,
}

impl FkAction {
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::Cascade => "CASCADE",
            FkAction::Restrict => "RESTRICT",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
            FkAction::NoAction => "NO ACTION",
        }
    }
}

impl<'de> Deserialize<'de> for FkAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Ok(match norm.as_str() {
            "cascade" => FkAction::Cascade,
            "restrict" => FkAction::Restrict,
            "set_null" => FkAction::SetNull,
            "set_default" => FkAction::SetDefault,
            "no_action" => FkAction::NoAction,
            _ => {
                return Err(serde::de::Error::custom(format!(
                    "unknown action `{s}`; expected one of cascade, restrict, set null, set default, no action"
                )))
            }
        })
    }
}

/// When a deferrable constraint is checked by default (`initially`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Initially {
    Immediate,
    Deferred,
}

impl Initially {
    pub fn sql(self) -> &'static str {
        match self {
            Initially::Immediate => "IMMEDIATE",
            Initially::Deferred => "DEFERRED",
        }
    }
}

impl<'de> Deserialize<'de> for Initially {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.trim().to_ascii_lowercase().as_str() {
            "immediate" => Ok(Initially::Immediate),
            "deferred" => Ok(Initially::Deferred),
            _ => Err(serde::de::Error::custom(format!(
                "unknown `initially` value `{s}`; expected `immediate` or `deferred`"
            ))),
        }
    }
}

/// The kind of a constraint (`drop_constraint`'s optional `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
}

impl ConstraintKind {
    /// As the user writes it in `type:`.
    pub fn name(self) -> &'static str {
        match self {
            ConstraintKind::PrimaryKey => "primary_key",
            ConstraintKind::Unique => "unique",
            ConstraintKind::ForeignKey => "foreign_key",
            ConstraintKind::Check => "check",
        }
    }
}

impl fmt::Display for ConstraintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConstraintKind::PrimaryKey => "primary key",
            ConstraintKind::Unique => "unique constraint",
            ConstraintKind::ForeignKey => "foreign key",
            ConstraintKind::Check => "check constraint",
        })
    }
}

impl<'de> Deserialize<'de> for ConstraintKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        // Alembic's `type_` spellings are accepted too.
        match norm.as_str() {
            "primary_key" | "primary" => Ok(ConstraintKind::PrimaryKey),
            "unique" => Ok(ConstraintKind::Unique),
            "foreign_key" | "foreignkey" => Ok(ConstraintKind::ForeignKey),
            "check" => Ok(ConstraintKind::Check),
            _ => Err(serde::de::Error::custom(format!(
                "unknown constraint type `{s}`; expected one of primary_key, unique, foreign_key, check"
            ))),
        }
    }
}

/// `primary_key: {name?, columns}` on a table.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKeyDef {
    #[serde(default)]
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    /// Set by the model from `create_primary_key`/`create_unique_constraint`
    /// (PostgreSQL), so a recreated key keeps it; not a `create_table` key.
    #[serde(skip_deserializing)]
    pub deferrable: Option<bool>,
    #[serde(skip_deserializing)]
    pub initially: Option<Initially>,
}

/// One of a table's `unique: [{name?, columns}]`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueDef {
    #[serde(default)]
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    /// Set by the model from `create_primary_key`/`create_unique_constraint`
    /// (PostgreSQL), so a recreated key keeps it; not a `create_table` key.
    #[serde(skip_deserializing)]
    pub deferrable: Option<bool>,
    #[serde(skip_deserializing)]
    pub initially: Option<Initially>,
}

/// The referenced side of a table-level foreign key.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferencesDef {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub columns: Vec<Ident>,
}

impl ReferencesDef {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// One of a table's `foreign_keys:`. Deferrability is not a `create_table`
/// key in the contract; the model sets it when it recreates a foreign key
/// that `create_foreign_key` made deferrable.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeyDef {
    #[serde(default)]
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub references: ReferencesDef,
    #[serde(default)]
    pub on_delete: Option<FkAction>,
    #[serde(default)]
    pub on_update: Option<FkAction>,
    #[serde(skip_deserializing)]
    pub deferrable: Option<bool>,
    #[serde(skip_deserializing)]
    pub initially: Option<Initially>,
    /// MySQL/MariaDB: the name of the index kept under the key's columns
    /// (default `ix_fk_<table>_<columns>`, none when the primary key or a
    /// unique key already starts with them); other engines make none.
    #[serde(default)]
    pub index_name: Option<Ident>,
}

/// One of a table's `checks: [{name?, expr}]`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckDef {
    #[serde(default)]
    pub name: Option<Ident>,
    pub expr: String,
}

/// `create_primary_key`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePrimaryKey {
    #[serde(default)]
    pub name: Option<Ident>,
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub columns: Vec<Ident>,
    /// `DEFERRABLE` / `NOT DEFERRABLE` (PostgreSQL).
    #[serde(default)]
    pub deferrable: Option<bool>,
    /// `INITIALLY DEFERRED` / `IMMEDIATE` (PostgreSQL).
    #[serde(default)]
    pub initially: Option<Initially>,
}

impl CreatePrimaryKey {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// `create_unique_constraint`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUniqueConstraint {
    #[serde(default)]
    pub name: Option<Ident>,
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub columns: Vec<Ident>,
    /// `DEFERRABLE` / `NOT DEFERRABLE` (PostgreSQL).
    #[serde(default)]
    pub deferrable: Option<bool>,
    /// `INITIALLY DEFERRED` / `IMMEDIATE` (PostgreSQL).
    #[serde(default)]
    pub initially: Option<Initially>,
}

impl CreateUniqueConstraint {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// `create_foreign_key`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateForeignKey {
    #[serde(default)]
    pub name: Option<Ident>,
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub columns: Vec<Ident>,
    pub references: ReferencesDef,
    #[serde(default)]
    pub on_delete: Option<FkAction>,
    #[serde(default)]
    pub on_update: Option<FkAction>,
    #[serde(default)]
    pub deferrable: Option<bool>,
    #[serde(default)]
    pub initially: Option<Initially>,
    /// MySQL/MariaDB: create an index of this name under the key's columns
    /// first (without it, InnoDB makes its own); other engines make none.
    #[serde(default)]
    pub index_name: Option<Ident>,
    /// Add it without checking the rows already there, where the engine
    /// can (PostgreSQL `NOT VALID`); `validate_constraint` checks them
    /// later. Elsewhere the rows are checked as it is added.
    #[serde(default)]
    pub not_valid: bool,
}

impl CreateForeignKey {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
    /// The foreign key as a table keeps it.
    pub fn def(&self) -> ForeignKeyDef {
        ForeignKeyDef {
            name: self.name.clone(),
            columns: self.columns.clone(),
            references: self.references.clone(),
            on_delete: self.on_delete,
            on_update: self.on_update,
            deferrable: self.deferrable,
            initially: self.initially,
            index_name: self.index_name.clone(),
        }
    }
}

/// `create_check_constraint`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCheckConstraint {
    #[serde(default)]
    pub name: Option<Ident>,
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub expr: String,
    /// As on `create_foreign_key`: `NOT VALID` where the engine can.
    #[serde(default)]
    pub not_valid: bool,
}

impl CreateCheckConstraint {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// `validate_constraint`: check the rows a foreign key or check added with
/// `not_valid: true` let through (PostgreSQL `VALIDATE CONSTRAINT`, which
/// lets writes go on). Where constraints are checked as they are added,
/// there is nothing left to do and the script holds no statement for it.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateConstraint {
    pub name: Ident,
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
}

impl ValidateConstraint {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }
}

/// `drop_constraint`; `type` is optional (the model knows it). Without
/// `name`, `type` and `columns` (and `references` for a foreign key) say
/// which constraint, and the model gives its name.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropConstraint {
    /// The constraint's name; leave it out to name the constraint by its
    /// `type` and `columns` instead.
    #[serde(default)]
    pub name: Option<Ident>,
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    #[serde(default, rename = "type")]
    pub kind: Option<ConstraintKind>,
    /// Without `name`: the constraint's columns (a check: the columns it
    /// names), in any order.
    // Boxed: rare, and an operation list holds many drops.
    #[serde(default)]
    pub columns: Option<Box<[Ident]>>,
    /// Without `name`: the table a foreign key references.
    #[serde(default)]
    pub references: Option<Box<DropReferences>>,
}

/// `drop_constraint`'s `references: {table, schema}`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropReferences {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
}

impl DropConstraint {
    pub fn qual_table(&self) -> QualName {
        qual(&self.schema, &self.table)
    }

    /// For messages: its name, or what it is known by (`foreign key on
    /// (org_id) to `orgs``).
    pub fn describe(&self) -> String {
        if let Some(n) = &self.name {
            return format!("`{n}`");
        }
        let mut s = self.kind.map_or("constraint".to_owned(), |k| k.to_string());
        if let Some(cols) = &self.columns {
            let cols: Vec<&str> = cols.iter().map(Ident::as_str).collect();
            s.push_str(&format!(" on ({})", cols.join(", ")));
        }
        if let Some(r) = &self.references {
            s.push_str(&format!(" to `{}`", qual(&r.schema, &r.table)));
        }
        s
    }
}
