//! The difference between the schema the migrations replay to and a
//! declared one, as the operations of a revision.
//!
//! [`diff`] applies the renames the user asked for ([`rename`]), then
//! compares table by table: one file per kind of thing compared
//! ([`table`], [`column`], [`constraint`], [`index`], [`comment`]), each
//! putting its operations into the [`Steps`] bucket where they must run.
//! The buckets are concatenated in an order every engine accepts: renames;
//! foreign keys, then other constraints and indexes, dropped before the
//! columns and tables they use; columns added and altered; tables created
//! (each after the tables its keys point at); constraints and indexes
//! added; foreign keys last. Equal spellings are not differences
//! ([`same`]). A dropped and an added column (or table) of one shape are
//! reported as a possible rename ([`alike`]), never guessed. Output is
//! deterministic: tables, columns, constraints and indexes are visited in
//! name order.

pub mod alike;
mod column;
mod comment;
mod constraint;
pub mod generated;
mod index;
pub mod rename;
pub mod same;
mod table;
#[cfg(test)]
mod tests;

use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::Op;
pub use alike::PossibleRename;
pub use rename::Rename;
use std::fmt;

/// What the declared schema changes, as operations in running order.
#[derive(Debug, Clone, Default)]
pub struct Diff {
    pub ops: Vec<Op>,
    /// Dropped and added things that look like one renamed.
    pub possible_renames: Vec<PossibleRename>,
    /// Computed columns dropped and added again (their generation
    /// expression changed), for a comment above the add.
    pub recreated: Vec<(QualName, crate::ops::ident::Ident)>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// A `--rename` (or `-- @renamed`) that cannot be applied.
#[derive(Debug, Clone, PartialEq)]
pub enum DiffError {
    RenameSyntax {
        written: String,
        why: String,
    },
    RenameUnknown {
        written: String,
        what: String,
        /// The name not found, and the names that were there.
        missing: String,
        known: Vec<String>,
    },
    RenameTargetMissing {
        written: String,
        what: String,
    },
    RenameRefused {
        written: String,
        why: String,
    },
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::RenameSyntax { written, why } => {
                write!(f, "--rename `{written}`: {why}")
            }
            DiffError::RenameUnknown { written, what, .. } => {
                write!(f, "--rename `{written}`: the migrations have no {what}")
            }
            DiffError::RenameTargetMissing { written, what } => {
                write!(
                    f,
                    "--rename `{written}`: the schema file declares no {what}"
                )
            }
            DiffError::RenameRefused { written, why } => {
                write!(f, "--rename `{written}`: {why}")
            }
        }
    }
}

impl DiffError {
    /// The names that were there, for "did you mean".
    pub fn known(&self) -> &[String] {
        match self {
            DiffError::RenameUnknown { known, .. } => known,
            _ => &[],
        }
    }

    /// The closest name to the one not found, if one is close.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            DiffError::RenameUnknown { missing, known, .. } => {
                crate::diag::suggest::did_you_mean(missing, known.iter().map(String::as_str))
            }
            _ => None,
        }
    }
}

/// The operations of a diff, by when they must run.
#[derive(Debug, Default)]
pub(crate) struct Steps {
    pub renames: Vec<Op>,
    pub drop_foreign_keys: Vec<Op>,
    pub drop_other: Vec<Op>,
    pub drop_tables: Vec<Op>,
    pub drop_columns: Vec<Op>,
    pub columns: Vec<Op>,
    pub create_tables: Vec<Op>,
    pub add_other: Vec<Op>,
    pub add_foreign_keys: Vec<Op>,
    /// Computed columns dropped and added again.
    pub recreated: Vec<(QualName, crate::ops::ident::Ident)>,
}

impl Steps {
    fn into_ops(self) -> (Vec<Op>, Vec<(QualName, crate::ops::ident::Ident)>) {
        let ops = [
            self.renames,
            self.drop_foreign_keys,
            self.drop_other,
            self.drop_tables,
            self.drop_columns,
            self.columns,
            self.create_tables,
            self.add_other,
            self.add_foreign_keys,
        ]
        .concat();
        (ops, self.recreated)
    }
}

/// The operations that turn `current` into `desired`, applying `renames`
/// first. Both schemas name things as the same dialect.
pub fn diff(current: &Schema, desired: &Schema, renames: &[Rename]) -> Result<Diff, DiffError> {
    let (renamed_ops, renamed) = rename::apply(renames, current, desired)?;
    let mut steps = Steps {
        renames: renamed_ops,
        ..Steps::default()
    };
    let d = desired.dialect();
    let gone: Vec<QualName> = renamed
        .tables()
        .filter(|(q, _)| desired.table(q).is_none())
        .map(|(q, _)| q.clone())
        .collect();
    let new: Vec<QualName> = desired
        .tables()
        .filter(|(q, _)| renamed.table(q).is_none())
        .map(|(q, _)| q.clone())
        .collect();
    table::drop_tables(&renamed, &gone, &mut steps);
    table::create_tables(desired, &new, &mut steps);
    for (q, now) in renamed.tables() {
        let Some(want) = desired.table(q) else {
            continue;
        };
        constraint::compare(q, now, want, d, &mut steps);
        index::compare(now, want, d, &mut steps);
        column::compare(q, now, want, d, &mut steps);
        comment::compare(q, now, want, d, &mut steps);
    }
    let possible_renames = alike::look(&renamed, desired, &gone, &new, d);
    let (ops, recreated) = steps.into_ops();
    Ok(Diff {
        ops,
        possible_renames,
        recreated,
    })
}
