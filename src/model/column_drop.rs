//! What dropping a column takes with it, in the model.
//!
//! [`Table::column_drop`] asks the dialect (`Dialect::on_column_drop`)
//! about each index and constraint of the table that uses the column and
//! answers with a [`ColumnDrop`]: the constraints and indexes that go with
//! it (the engine drops them, or refuses and gen drops them first), the
//! indexes that only lose the column (MariaDB), and what keeps the column
//! from being dropped at all. The replay applies it, lowering drops first
//! what the engine refuses to drop itself, the derived downgrade puts back
//! everything it took, and the `dropped-with-column` lint names it.
//!
//! Expressions that name the column (a check over several columns, an
//! index expression, a partial index's `where`) still keep it from being
//! dropped here: following column names through SQL fragments is the
//! fragment checker's part; the dialect already answers for them
//! ([`UsedBy::Check`], [`UsedBy::IndexExpression`], [`UsedBy::IndexPredicate`]).
//! A generated column computed from the column keeps it too.

use super::{expr, Constraint, Table};
use crate::dialect::{ColumnUse, Dialect, OnColumnDrop, UsedBy};
use crate::ops::ident::Ident;
use crate::ops::CreateIndex;

/// What dropping one column of a table takes with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnDrop {
    /// Constraints that go with the column, in the table's order (primary
    /// key, unique, foreign keys, checks), each with the engine's answer.
    pub constraints: Vec<(Constraint, OnColumnDrop)>,
    /// Indexes that go with the column, as they were, in name order.
    pub indexes: Vec<(CreateIndex, OnColumnDrop)>,
    /// Indexes that lose the column and stay, as they were before.
    pub shrunk: Vec<CreateIndex>,
    /// What keeps the column from being dropped, for the error.
    pub blockers: Vec<String>,
}

impl ColumnDrop {
    /// The engine refuses the drop while these exist: gen drops them first.
    pub fn refused_constraints(&self) -> impl Iterator<Item = &Constraint> {
        self.constraints
            .iter()
            .filter(|(_, how)| *how == OnColumnDrop::Refuses)
            .map(|(c, _)| c)
    }
    /// Likewise for indexes.
    pub fn refused_indexes(&self) -> impl Iterator<Item = &CreateIndex> {
        self.indexes
            .iter()
            .filter(|(_, how)| *how == OnColumnDrop::Refuses)
            .map(|(i, _)| i)
    }
    /// Does the column take anything with it?
    pub fn takes_anything(&self) -> bool {
        !self.constraints.is_empty() || !self.indexes.is_empty() || !self.shrunk.is_empty()
    }
}

/// `index` without `column` (what a shrinking engine leaves).
fn shrink(index: &CreateIndex, column: &Ident) -> CreateIndex {
    let mut out = index.clone();
    out.columns.retain(|c| c.column() != Some(column));
    out
}

impl Table {
    /// What dropping `column` takes with it on dialect `d`.
    pub fn column_drop(&self, column: &Ident, d: &dyn Dialect) -> ColumnDrop {
        let mut out = ColumnDrop::default();
        for c in self.constraints() {
            let use_ = match &c {
                Constraint::Check(k) => {
                    let named = self.check_columns(d, &k.expr);
                    if !named.contains(&column.as_str()) {
                        continue;
                    }
                    if named.len() > 1 {
                        out.blockers.push(c.describe());
                        continue;
                    }
                    ColumnUse {
                        by: UsedBy::Check,
                        alone: true,
                    }
                }
                _ if !c.columns().contains(column) => continue,
                _ => ColumnUse {
                    by: match c {
                        Constraint::PrimaryKey(_) => UsedBy::PrimaryKey,
                        Constraint::Unique(_) => UsedBy::UniqueConstraint,
                        _ => UsedBy::ForeignKey,
                    },
                    alone: c.columns().len() == 1,
                },
            };
            // A constraint cannot lose a column: one the engine would
            // shrink goes instead.
            out.constraints.push((c, d.on_column_drop(use_)));
        }
        if let Some(auto) = self.autoincrement_left_without_key(column, &out) {
            out.blockers.push(format!(
                "the primary key, which autoincrement column `{auto}` needs (an auto-increment column must be a key on every dialect)"
            ));
        }
        // A generated column computed from it: the engine refuses the drop
        // (PostgreSQL without CASCADE, SQLite), or drops it silently.
        for g in &self.def.columns {
            if let Some(c) = g.computed.as_deref() {
                if &g.name != column && !expr::mentioned(d, &c.sql, [column.as_str()]).is_empty() {
                    out.blockers.push(format!(
                        "generated column `{}`, computed from it (drop that one first)",
                        g.name
                    ));
                }
            }
        }
        for index in self.indexes.values() {
            let names = |e: &str| !expr::mentioned(d, e, [column.as_str()]).is_empty();
            // An index that only `include`s the column is kept by no
            // engine the same way: dropping it first is the user's call.
            let in_fragment = index.columns.iter().any(|c| c.expr().is_some_and(names))
                || index.where_clause.as_deref().is_some_and(names)
                || index.include().contains(column);
            let plain = index.columns.iter().any(|c| c.column() == Some(column));
            if in_fragment {
                out.blockers.push(format!("index `{}`", index.name));
                continue;
            }
            if !plain {
                continue;
            }
            let use_ = ColumnUse {
                by: if index.unique {
                    UsedBy::UniqueIndex
                } else {
                    UsedBy::Index
                },
                alone: index.columns.len() == 1,
            };
            match d.on_column_drop(use_) {
                OnColumnDrop::Shrinks if index.columns.len() > 1 => out.shrunk.push(index.clone()),
                how => out.indexes.push((index.clone(), how)),
            }
        }
        out
    }

    /// Drops `column` and what `taken` (its [`Table::column_drop`]) says
    /// goes with it.
    pub(super) fn drop_column_with(&mut self, column: &Ident, taken: &ColumnDrop) {
        for (c, _) in &taken.constraints {
            if let Some(n) = c.name() {
                self.remove_constraint(n);
            }
        }
        for (index, _) in &taken.indexes {
            self.indexes.remove(&index.name);
        }
        for index in &taken.shrunk {
            self.indexes.insert(shrink(index, column));
        }
        self.def.columns.retain(|c| &c.name != column);
    }

    /// An autoincrement column (other than `column`) of a primary key the
    /// drop takes away.
    fn autoincrement_left_without_key<'a>(
        &'a self,
        column: &Ident,
        drop: &ColumnDrop,
    ) -> Option<&'a Ident> {
        let pk = drop.constraints.iter().find_map(|(c, _)| match c {
            Constraint::PrimaryKey(pk) => Some(pk),
            _ => None,
        })?;
        self.def
            .columns
            .iter()
            .find(|c| c.autoincrement && &c.name != column && pk.columns.contains(&c.name))
            .map(|c| &c.name)
    }
}
