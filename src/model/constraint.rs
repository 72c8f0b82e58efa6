//! A table's constraints, one value each, found by name.
//!
//! A normalized [`Table`] keeps its primary key, unique constraints, foreign
//! keys and checks in the four lists of its definition, each with a name.
//! [`Constraint`] is one of them taken out (to drop it, to recreate it in a
//! derived downgrade, to describe it); the methods here look constraints up,
//! add and remove them (and take back a failed operation's additions), and
//! say which column sets a foreign key may reference.

use super::{expr, Table};
use crate::dialect::Dialect;
use crate::ops::compact;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{
    CheckDef, ConstraintKind, CreateCheckConstraint, CreateForeignKey, CreatePrimaryKey,
    CreateUniqueConstraint, ForeignKeyDef, IndexColumn, Op, PrimaryKeyDef, UniqueDef,
};

/// Where a table's columns and key lists ended at one moment
/// ([`Table::mark`]), to take back what an operation added if it fails.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    columns: usize,
    unique: usize,
    foreign_keys: usize,
    checks: usize,
    had_primary_key: bool,
}

/// One constraint of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    PrimaryKey(PrimaryKeyDef),
    Unique(UniqueDef),
    ForeignKey(ForeignKeyDef),
    Check(CheckDef),
}

impl Constraint {
    pub fn kind(&self) -> ConstraintKind {
        match self {
            Constraint::PrimaryKey(_) => ConstraintKind::PrimaryKey,
            Constraint::Unique(_) => ConstraintKind::Unique,
            Constraint::ForeignKey(_) => ConstraintKind::ForeignKey,
            Constraint::Check(_) => ConstraintKind::Check,
        }
    }
    pub fn name(&self) -> Option<&Ident> {
        match self {
            Constraint::PrimaryKey(c) => c.name.as_ref(),
            Constraint::Unique(c) => c.name.as_ref(),
            Constraint::ForeignKey(c) => c.name.as_ref(),
            Constraint::Check(c) => c.name.as_ref(),
        }
    }
    pub fn set_name(&mut self, name: Ident) {
        let slot = match self {
            Constraint::PrimaryKey(c) => &mut c.name,
            Constraint::Unique(c) => &mut c.name,
            Constraint::ForeignKey(c) => &mut c.name,
            Constraint::Check(c) => &mut c.name,
        };
        *slot = Some(name);
    }
    /// The local key columns (none for a check).
    pub fn columns(&self) -> &[Ident] {
        match self {
            Constraint::PrimaryKey(c) => &c.columns,
            Constraint::Unique(c) => &c.columns,
            Constraint::ForeignKey(c) => &c.columns,
            Constraint::Check(_) => &[],
        }
    }
    /// For messages: "foreign key `posts_user_id_fkey`".
    pub fn describe(&self) -> String {
        match self.name() {
            Some(n) => format!("{} `{n}`", self.kind()),
            None => format!("a {}", self.kind()),
        }
    }
    /// The operation that creates it on `table`, as it is.
    pub fn create_op(&self, table: &QualName) -> Op {
        let (t, s) = (table.name.clone(), table.schema.clone());
        match self.clone() {
            Constraint::PrimaryKey(c) => Op::CreatePrimaryKey(Box::new(CreatePrimaryKey {
                name: c.name,
                table: t,
                schema: s,
                columns: c.columns,
                deferrable: c.deferrable,
                initially: c.initially,
            })),
            Constraint::Unique(c) => Op::CreateUniqueConstraint(Box::new(CreateUniqueConstraint {
                name: c.name,
                table: t,
                schema: s,
                columns: c.columns,
                deferrable: c.deferrable,
                initially: c.initially,
            })),
            Constraint::ForeignKey(c) => Op::CreateForeignKey(Box::new(CreateForeignKey {
                name: c.name,
                table: t,
                schema: s,
                columns: c.columns,
                references: c.references,
                on_delete: c.on_delete,
                on_update: c.on_update,
                deferrable: c.deferrable,
                initially: c.initially,
                index_name: c.index_name,
                not_valid: false,
            })),
            Constraint::Check(c) => Op::CreateCheckConstraint(Box::new(CreateCheckConstraint {
                name: c.name,
                table: t,
                schema: s,
                expr: c.expr,
                not_valid: false,
            })),
        }
    }
}

impl Table {
    /// Every constraint: primary key, unique, foreign keys, checks.
    pub fn constraints(&self) -> Vec<Constraint> {
        let d = &self.def;
        d.primary_key
            .iter()
            .cloned()
            .map(Constraint::PrimaryKey)
            .chain(d.unique.iter().cloned().map(Constraint::Unique))
            .chain(d.foreign_keys.iter().cloned().map(Constraint::ForeignKey))
            .chain(d.checks.iter().cloned().map(Constraint::Check))
            .collect()
    }

    /// The names of its constraints, without copying them.
    pub fn constraint_names(&self) -> impl Iterator<Item = &Ident> {
        let d = &self.def;
        d.primary_key
            .iter()
            .filter_map(|c| c.name.as_ref())
            .chain(d.unique.iter().filter_map(|c| c.name.as_ref()))
            .chain(d.foreign_keys.iter().filter_map(|c| c.name.as_ref()))
            .chain(d.checks.iter().filter_map(|c| c.name.as_ref()))
    }

    /// The name of the constraint this table has and `before` (the same
    /// table earlier, if it existed) has not: what the constraint an
    /// operation just added is called. Lowering writes that name where the
    /// dialect must write every name; a derived downgrade drops it.
    pub fn new_constraint_name(&self, before: Option<&Table>) -> Option<Ident> {
        let old: Vec<&Ident> = before
            .map(|t| t.constraint_names().collect())
            .unwrap_or_default();
        self.constraint_names().find(|n| !old.contains(n)).cloned()
    }

    /// The constraint called `name`.
    pub fn constraint(&self, name: &Ident) -> Option<Constraint> {
        self.constraints()
            .into_iter()
            .find(|c| c.name() == Some(name))
    }

    /// Where the columns and keys end now, for [`Table::undo_to`].
    pub(super) fn mark(&self) -> Mark {
        let d = &self.def;
        Mark {
            columns: d.columns.len(),
            unique: d.unique.len(),
            foreign_keys: d.foreign_keys.len(),
            checks: d.checks.len(),
            had_primary_key: d.primary_key.is_some(),
        }
    }

    /// Takes back the columns and keys pushed since `mark`: an operation
    /// that fails halfway leaves the table as it found it.
    pub(super) fn undo_to(&mut self, mark: Mark) {
        let d = &mut self.def;
        d.columns.truncate(mark.columns);
        d.unique.truncate(mark.unique);
        d.foreign_keys.truncate(mark.foreign_keys);
        d.checks.truncate(mark.checks);
        if !mark.had_primary_key {
            d.primary_key = None;
        }
    }

    pub(super) fn push_constraint(&mut self, c: Constraint) {
        match c {
            Constraint::PrimaryKey(c) => self.def.primary_key = Some(c),
            Constraint::Unique(c) => {
                compact::room_for_one(&mut self.def.unique);
                self.def.unique.push(c);
            }
            Constraint::ForeignKey(c) => {
                compact::room_for_one(&mut self.def.foreign_keys);
                self.def.foreign_keys.push(c);
            }
            Constraint::Check(c) => {
                compact::room_for_one(&mut self.def.checks);
                self.def.checks.push(c);
            }
        }
    }

    pub(super) fn remove_constraint(&mut self, name: &Ident) {
        let d = &mut self.def;
        if d.primary_key.as_ref().and_then(|p| p.name.as_ref()) == Some(name) {
            d.primary_key = None;
        }
        d.unique.retain(|c| c.name.as_ref() != Some(name));
        d.foreign_keys.retain(|c| c.name.as_ref() != Some(name));
        d.checks.retain(|c| c.name.as_ref() != Some(name));
    }

    /// The columns a check's expression mentions (read as `d` reads it).
    pub fn check_columns(&self, d: &dyn Dialect, expr_text: &str) -> Vec<&str> {
        expr::mentioned(d, expr_text, self.column_names())
    }

    /// Column sets a foreign key may reference: the primary key, unique
    /// constraints, and plain (non-partial, column-only) unique indexes.
    pub fn unique_column_sets(&self) -> Vec<Vec<&Ident>> {
        let mut sets: Vec<Vec<&Ident>> = Vec::new();
        let pk = self.primary_key_columns();
        if !pk.is_empty() {
            sets.push(pk);
        }
        sets.extend(
            self.def
                .columns
                .iter()
                .filter(|c| c.unique)
                .map(|c| vec![&c.name]),
        );
        sets.extend(self.def.unique.iter().map(|u| u.columns.iter().collect()));
        for idx in self.indexes.values() {
            if idx.unique && idx.where_clause.is_none() {
                let cols: Option<Vec<&Ident>> =
                    idx.columns.iter().map(IndexColumn::whole_column).collect();
                sets.extend(cols);
            }
        }
        sets
    }
}
