//! Applying one operation to the schema, with every existence check.
//!
//! `Schema::apply` is the single place that knows what each operation does to
//! the model: it refuses to create what exists, to touch what does not, to
//! drop a column another table's foreign key still uses (what the column
//! takes with it is `column_drop`'s answer), and to point a foreign key at a
//! missing table or column. `if_exists` / `if_not_exists` turn the
//! matching refusal into "nothing to do". `execute` is opaque to the model.
//!
//! This file holds the dispatch (one arm per operation) and the lookups
//! every family uses; each family of operations has its file: `table`,
//! `column`, `constraint`, `index`, `data` (comments and rows), `sequence`,
//! and `check`
//! holds the definition checks they share.

mod check;
mod column;
mod constraint;
mod data;
mod enum_name;
mod index;
mod sequence;
mod table;

use super::{expr, Constraint, Schema, SchemaError, Table};
use crate::diag::span::{DocPath, Seg};
use crate::diag::suggest::did_you_mean;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{CheckDef, ColumnDef, Op, PrimaryKeyDef, UniqueDef};

fn at(keys: &[&str]) -> DocPath {
    keys.iter().fold(DocPath::root(), |p, k| p.key(*k))
}

/// Where a table-level constraint's `name` is, from the path its other
/// errors point at (`foreign_keys[i].references`, `checks[i]`, or the name
/// itself).
fn name_path(mut path: DocPath) -> DocPath {
    if path.0.last() == Some(&Seg::Key("references".to_owned())) {
        path.0.pop();
    }
    match path.0.last() {
        Some(Seg::Index(_)) => path.key("name"),
        _ => path,
    }
}

fn invalid(message: String, path: DocPath) -> SchemaError {
    SchemaError::Invalid { message, at: path }
}

fn join(names: &[Ident]) -> String {
    names
        .iter()
        .map(Ident::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Schema {
    /// Applies `op`, or says why it cannot be applied.
    pub fn apply(&mut self, op: &Op) -> Result<(), SchemaError> {
        let root = DocPath::root();
        let result = match op {
            Op::CreateTable(o) => self.create_table(o),
            Op::DropTable(o) => self.drop_table(o),
            Op::RenameTable(o) => self.rename_table(o),
            Op::AddColumn(o) => self.add_column(o),
            Op::DropColumn(o) => self.drop_column(o),
            Op::AlterColumn(o) => self.alter_column(o),
            Op::CreateIndex(o) => self.create_index(o),
            Op::DropIndex(o) => self.drop_index(o),
            Op::CreatePrimaryKey(o) => self.add_constraint(
                &o.qual_table(),
                Constraint::PrimaryKey(PrimaryKeyDef {
                    name: o.name.clone(),
                    columns: o.columns.clone(),
                    deferrable: o.deferrable,
                    initially: o.initially,
                }),
                root,
            ),
            Op::CreateUniqueConstraint(o) => self.add_constraint(
                &o.qual_table(),
                Constraint::Unique(UniqueDef {
                    name: o.name.clone(),
                    columns: o.columns.clone(),
                    deferrable: o.deferrable,
                    initially: o.initially,
                }),
                root,
            ),
            Op::CreateForeignKey(o) => {
                self.add_constraint(&o.qual_table(), Constraint::ForeignKey(o.def()), root)
            }
            Op::CreateCheckConstraint(o) => self.add_constraint(
                &o.qual_table(),
                Constraint::Check(CheckDef {
                    name: o.name.clone(),
                    expr: o.expr.clone(),
                }),
                root,
            ),
            Op::DropConstraint(o) => self.drop_constraint(o),
            Op::ValidateConstraint(o) => self.validate_constraint(o),
            Op::CreateTableComment(o) => self.create_table_comment(o),
            Op::DropTableComment(o) => self.drop_table_comment(o),
            Op::Execute(_) => Ok(()),
            Op::BulkInsert(o) => self.check_rows(o),
            Op::CreateSequence(o) => self.create_sequence(o),
            Op::DropSequence(o) => self.drop_sequence(o),
            Op::AlterSequence(o) => self.alter_sequence(o),
        };
        if result.is_ok() {
            self.follow_sequence_owners(op);
        }
        self.note_lookups(op);
        result
    }

    /// Keeps the reverse lookups a superset of the model: an operation that
    /// adds a foreign key, an index or a constraint notes its table; renaming
    /// a table moves what pointed at its old name to the new one. Column
    /// names are in no lookup, so `alter_column` needs nothing, and neither
    /// do drops: stale entries are checked away on use. Each costs the size
    /// of one table, never of the schema.
    fn note_lookups(&mut self, op: &Op) {
        let (name, index) = match op {
            Op::CreateTable(o) => (o.qual_name(), None),
            Op::CreateForeignKey(o) => (o.qual_table(), None),
            Op::CreatePrimaryKey(o) => (o.qual_table(), None),
            Op::CreateUniqueConstraint(o) => (o.qual_table(), None),
            Op::CreateCheckConstraint(o) => (o.qual_table(), None),
            Op::CreateIndex(o) => (o.qual_table(), Some(&o.name)),
            Op::RenameTable(o) => {
                let (old, new) = (o.qual_name(), o.new_qual_name());
                if let Some(table) = self.tables.get(&new) {
                    self.lookup.rename_table(&old, &new, table);
                }
                return;
            }
            // `add_column` notes the keys it adds as it adds them: noting
            // the whole table would cost its size on every column added.
            Op::AddColumn(_)
            | Op::AlterColumn(_)
            | Op::DropTable(_)
            | Op::DropColumn(_)
            | Op::DropIndex(_)
            | Op::DropConstraint(_)
            | Op::ValidateConstraint(_)
            | Op::CreateTableComment(_)
            | Op::DropTableComment(_)
            | Op::BulkInsert(_)
            | Op::Execute(_)
            | Op::CreateSequence(_)
            | Op::DropSequence(_)
            | Op::AlterSequence(_) => return,
        };
        match index {
            Some(index) => self.lookup.note_index(&name, index),
            None => self.note_table(&name),
        }
    }

    /// Notes everything `name` holds in the lookups.
    fn note_table(&mut self, name: &QualName) {
        if let Some(table) = self.tables.get(name) {
            self.lookup.note_table(name, table);
        }
    }

    fn table_mut(&mut self, name: &QualName, path: DocPath) -> Result<&mut Table, SchemaError> {
        self.require_table(name, path)?;
        self.tables
            .get_mut(name)
            .map(Box::as_mut)
            .ok_or_else(|| invalid(format!("table `{name}` vanished"), DocPath::root()))
    }

    /// The table, or a "no such table" error pointing at `path`.
    pub fn require_table(&self, name: &QualName, path: DocPath) -> Result<&Table, SchemaError> {
        self.tables
            .get(name)
            .map(Box::as_ref)
            .ok_or_else(|| SchemaError::NoSuchTable {
                table: name.clone(),
                suggestion: did_you_mean(name.name.as_str(), self.table_names(&name.schema))
                    .map(str::to_owned),
                at: path,
            })
    }

    fn require_column(
        &self,
        table: &QualName,
        column: &Ident,
        path: DocPath,
    ) -> Result<&ColumnDef, SchemaError> {
        let t = self.require_table(table, at(&["table"]))?;
        t.column(column).ok_or_else(|| SchemaError::NoSuchColumn {
            table: table.clone(),
            column: column.to_string(),
            suggestion: did_you_mean(column.as_str(), t.column_names()).map(str::to_owned),
            at: path,
        })
    }
}
