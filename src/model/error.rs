//! What can be wrong when an operation is replayed against the schema.
//!
//! Each variant names the objects involved and carries `at`, the path of the
//! offending value inside the operation (e.g. `["table"]` or
//! `["columns", 2, "name"]`), so the caller can point at the exact key once it
//! adds the revision, the file and the operation's index.

use super::names::Clash;
use crate::diag::span::DocPath;
use crate::dialect::NameKind;
use crate::ops::ident::QualName;
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
    /// A new name the engine reads as one it has already: the same but
    /// for case where it ignores case, or the same in a namespace that
    /// two kinds of objects share (see `schema::names`).
    NameClash(Box<NameClash>),
    /// A definition that contradicts itself (two primary keys, a duplicate
    /// column, autoincrement on text, ...).
    Invalid {
        message: String,
        at: DocPath,
    },
    /// `drop_constraint` without a name matched no constraint, or several.
    ConstraintMatch {
        table: QualName,
        /// What the operation asked for ("the unique on (a, b)").
        wanted: String,
        matched: usize,
        /// The matches (several), or the table's constraints of that type.
        candidates: Vec<String>,
        at: DocPath,
    },
}

/// Two names the engine reads as one (see [`SchemaError::NameClash`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NameClash {
    pub kind: NameKind,
    pub name: String,
    /// The table the new object is (a table) or belongs to.
    pub table: QualName,
    pub other: Clash,
    pub dialect: &'static str,
    /// The kinds of objects the namespace holds, for the message.
    pub namespace: String,
    /// Do the two names differ, but only in what the engine ignores?
    pub by_case: bool,
    pub at: DocPath,
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
            | SchemaError::Invalid { at, .. }
            | SchemaError::ConstraintMatch { at, .. } => at,
            SchemaError::NameClash(c) => &c.at,
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
            SchemaError::ConstraintMatch {
                matched, candidates, ..
            } => Some(match (matched, candidates.is_empty()) {
                (_, true) => "the table has no constraint of that type".to_owned(),
                (0, false) => format!(
                    "its constraints of that type: {}; give `columns` as one of them has, or its `name`",
                    candidates.join(", ")
                ),
                _ => format!(
                    "they are: {}; give the one to drop by its `name`",
                    candidates.join(", ")
                ),
            }),
            SchemaError::TableReferenced { .. } => {
                Some("drop those foreign keys (or their tables) first".to_owned())
            }
            SchemaError::NameClash(c) => Some(format!(
                "give one of them another name: {} would refuse the second",
                c.dialect
            )),
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
            SchemaError::ConstraintMatch {
                table,
                wanted,
                matched: 0,
                ..
            } => write!(f, "table `{table}` has no {wanted}"),
            SchemaError::ConstraintMatch {
                table,
                wanted,
                matched,
                ..
            } => write!(
                f,
                "{matched} constraints of table `{table}` match ({wanted}): which one to drop is ambiguous"
            ),
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
            SchemaError::NameClash(c) => {
                let NameClash {
                    kind,
                    name,
                    table,
                    other,
                    dialect,
                    namespace,
                    by_case,
                    ..
                } = &**c;
                let new = described(*kind, name, table);
                let old = if !other.kind.standalone() && other.table == *table {
                    format!("{} `{}`", other.kind.label(), other.name)
                } else {
                    described(other.kind, &other.name, &other.table)
                };
                let scope = if other.namespace.per_schema() {
                    "per schema"
                } else {
                    "per table"
                };
                // Say what shares the namespace unless it is obvious (two
                // columns, two tables).
                let shared =
                    *kind != other.kind || (!other.kind.standalone() && other.table != *table);
                match (by_case, shared) {
                    (true, false) => write!(
                        f,
                        "{new} and {old} are one name to {dialect}, which does not tell names apart by case"
                    ),
                    (true, true) => write!(
                        f,
                        "{new} and {old} are one name to {dialect}, which does not tell names apart by case and keeps one namespace for {namespace} {scope}"
                    ),
                    (false, _) => write!(
                        f,
                        "{new} has the name of {old}: {dialect} keeps one namespace for {namespace} {scope}"
                    ),
                }
            }
            SchemaError::Invalid { message, .. } => f.write_str(message),
        }
    }
}

/// "table `t`", or "column `c` of table `t`".
fn described(kind: NameKind, name: &str, table: &QualName) -> String {
    match kind {
        NameKind::Table | NameKind::Sequence => format!("{} `{name}`", kind.label()),
        _ => format!("{} `{name}` of table `{table}`", kind.label()),
    }
}
