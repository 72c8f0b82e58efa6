//! Dropped and added things that look like one thing renamed: a column
//! dropped and one added to the same table with the same type, or a table
//! dropped and one created with the same columns. The diff never turns
//! them into a rename (that would be a guess); it reports them, naming the
//! `--rename` that keeps the data. The lint rule `possible-rename` asks
//! the same questions of a revision's operations.

use super::same::same_type;
use crate::dialect::Dialect;
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{ColumnDef, CreateTable};
use std::fmt;

/// A drop and an add that may be one rename.
#[derive(Debug, Clone, PartialEq)]
pub struct PossibleRename {
    /// The table (for a column), or the dropped table.
    pub table: QualName,
    /// The dropped column (none: the table was dropped).
    pub column: Option<Ident>,
    /// The added column's or created table's name.
    pub to: Ident,
}

impl PossibleRename {
    /// The `--rename` argument that would keep the data.
    pub fn flag(&self) -> String {
        match &self.column {
            Some(c) => format!("{}.{c}={}", self.table, self.to),
            None => format!("{}={}", self.table, self.to),
        }
    }
}

impl fmt::Display for PossibleRename {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(
                f,
                "column `{t}.{c}` is dropped and `{t}.{to}` added with the same type: \
                 if it is a rename, `--rename {flag}` keeps its data",
                t = self.table,
                to = self.to,
                flag = self.flag()
            ),
            None => write!(
                f,
                "table `{}` is dropped and `{}` created with the same columns: \
                 if it is a rename, `--rename {}` keeps its rows",
                self.table,
                self.to,
                self.flag()
            ),
        }
    }
}

/// Whether an added column could be a dropped one renamed.
pub fn columns_alike(dropped: &ColumnDef, added: &ColumnDef, d: &dyn Dialect) -> bool {
    same_type(&dropped.ty, &added.ty, d)
}

/// Whether a created table could be a dropped one renamed: the same
/// column names, each with the same type.
pub fn tables_alike(dropped: &CreateTable, created: &CreateTable, d: &dyn Dialect) -> bool {
    dropped.columns.len() == created.columns.len()
        && dropped.columns.iter().all(|c| {
            created
                .columns
                .iter()
                .any(|n| n.name == c.name && same_type(&c.ty, &n.ty, d))
        })
}

/// The possible renames between `current` and `desired`: dropped tables
/// `gone` against created tables `new`, and within each kept table its
/// dropped columns against its added ones. Each dropped thing pairs with
/// the first alike added one (by name) not yet paired.
pub fn look(
    current: &Schema,
    desired: &Schema,
    gone: &[QualName],
    new: &[QualName],
    d: &dyn Dialect,
) -> Vec<PossibleRename> {
    let mut out = Vec::new();
    let mut taken: Vec<&QualName> = Vec::new();
    for g in gone {
        let Some(old) = current.table(g) else {
            continue;
        };
        let pair = new.iter().find(|n| {
            n.schema == g.schema
                && !taken.contains(n)
                && desired
                    .table(n)
                    .is_some_and(|t| tables_alike(&old.def, &t.def, d))
        });
        if let Some(n) = pair {
            taken.push(n);
            out.push(PossibleRename {
                table: g.clone(),
                column: None,
                to: n.name.clone(),
            });
        }
    }
    for (q, now) in current.tables() {
        let Some(want) = desired.table(q) else {
            continue;
        };
        let mut added: Vec<&ColumnDef> = want
            .def
            .columns
            .iter()
            .filter(|c| now.column(&c.name).is_none())
            .collect();
        added.sort_by(|a, b| a.name.cmp(&b.name));
        let mut dropped: Vec<&ColumnDef> = now
            .def
            .columns
            .iter()
            .filter(|c| want.column(&c.name).is_none())
            .collect();
        dropped.sort_by(|a, b| a.name.cmp(&b.name));
        for c in dropped {
            if let Some(i) = added.iter().position(|a| columns_alike(c, a, d)) {
                let a = added.remove(i);
                out.push(PossibleRename {
                    table: q.clone(),
                    column: Some(c.name.clone()),
                    to: a.name.clone(),
                });
            }
        }
    }
    out
}
