//! What can be wrong when an operation is replayed against the schema.
//!
//! Each variant names the objects involved and carries `at`, the path of the
//! offending value inside the operation (e.g. `["table"]` or
//! `["columns", 2, "name"]`), so the caller can point at the exact key once it
//! adds the revision, the file and the operation's index.

use crate::ident::QualName;
use crate::span::DocPath;
use std::fmt;

/// A schema replay error, relative to one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaError {
    NoSuchTable {
        table: QualName,
        suggestion: Option<String>,
        at: DocPath,
    },
    TableExists {
        table: QualName,
        at: DocPath,
    },
    NoSuchColumn {
        table: QualName,
        column: String,
        suggestion: Option<String>,
        at: DocPath,
    },
    ColumnExists {
        table: QualName,
        column: String,
        at: DocPath,
    },
    NoSuchIndex {
        index: String,
        suggestion: Option<String>,
        at: DocPath,
    },
    IndexExists {
        index: String,
        table: QualName,
        at: DocPath,
    },
    NoSuchConstraint {
        table: QualName,
        constraint: String,
        suggestion: Option<String>,
        at: DocPath,
    },
    ConstraintExists {
        constraint: String,
        table: QualName,
        at: DocPath,
    },
    /// A key other tables' foreign keys rely on cannot be dropped.
    ConstraintInUse {
        table: QualName,
        constraint: String,
        users: Vec<String>,
        at: DocPath,
    },
    /// A column used by indexes or constraints cannot be dropped on its own.
    ColumnInUse {
        table: QualName,
        column: String,
        users: Vec<String>,
        at: DocPath,
    },
    /// A table other tables' foreign keys point at cannot be dropped.
    TableReferenced {
        table: QualName,
        by: Vec<String>,
        at: DocPath,
    },
    /// A definition that contradicts itself (two primary keys, a duplicate
    /// column, autoincrement on text, ...).
    Invalid {
        message: String,
        at: DocPath,
    },
}

impl SchemaError {
    /// Where, inside the operation's arguments.
    pub fn at(&self) -> &DocPath {
        match self {
            SchemaError::NoSuchTable { at, .. }
            | SchemaError::TableExists { at, .. }
            | SchemaError::NoSuchColumn { at, .. }
            | SchemaError::ColumnExists { at, .. }
            | SchemaError::NoSuchIndex { at, .. }
            | SchemaError::IndexExists { at, .. }
            | SchemaError::NoSuchConstraint { at, .. }
            | SchemaError::ConstraintExists { at, .. }
            | SchemaError::ConstraintInUse { at, .. }
            | SchemaError::ColumnInUse { at, .. }
            | SchemaError::TableReferenced { at, .. }
            | SchemaError::Invalid { at, .. } => at,
        }
    }

    /// A "did you mean" for the diagnostic.
    pub fn help(&self) -> Option<String> {
        match self {
            SchemaError::NoSuchTable { suggestion, .. }
            | SchemaError::NoSuchColumn { suggestion, .. }
            | SchemaError::NoSuchIndex { suggestion, .. }
            | SchemaError::NoSuchConstraint { suggestion, .. } => {
                suggestion.as_ref().map(|s| format!("did you mean `{s}`?"))
            }
            SchemaError::ColumnInUse { .. } => {
                Some("drop what uses it first (`drop_constraint`, `drop_index`)".to_owned())
            }
            SchemaError::ConstraintInUse { .. } => Some("drop those foreign keys first".to_owned()),
            SchemaError::TableReferenced { .. } => {
                Some("drop those foreign keys (or their tables) first".to_owned())
            }
            _ => None,
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::NoSuchTable { table, .. } => write!(f, "table `{table}` does not exist"),
            SchemaError::TableExists { table, .. } => write!(f, "table `{table}` already exists"),
            SchemaError::NoSuchColumn { table, column, .. } => {
                write!(f, "table `{table}` has no column `{column}`")
            }
            SchemaError::ColumnExists { table, column, .. } => {
                write!(f, "table `{table}` already has a column `{column}`")
            }
            SchemaError::NoSuchIndex { index, .. } => write!(f, "index `{index}` does not exist"),
            SchemaError::IndexExists { index, table, .. } => {
                write!(f, "index `{index}` already exists (on table `{table}`)")
            }
            SchemaError::NoSuchConstraint {
                table, constraint, ..
            } => write!(f, "table `{table}` has no constraint `{constraint}`"),
            SchemaError::ConstraintExists {
                constraint, table, ..
            } => write!(
                f,
                "constraint `{constraint}` already exists (on table `{table}`)"
            ),
            SchemaError::ConstraintInUse {
                table,
                constraint,
                users,
                ..
            } => write!(
                f,
                "constraint `{constraint}` on `{table}` is used by {}",
                users.join(", ")
            ),
            SchemaError::ColumnInUse {
                table,
                column,
                users,
                ..
            } => write!(
                f,
                "column `{table}.{column}` is used by {}",
                users.join(", ")
            ),
            SchemaError::TableReferenced { table, by, .. } => {
                write!(f, "table `{table}` is referenced by {}", by.join(", "))
            }
            SchemaError::Invalid { message, .. } => f.write_str(message),
        }
    }
}
