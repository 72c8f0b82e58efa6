//! The sequences the schema keeps, and how they follow the column that
//! owns them.
//!
//! A sequence is kept as the `create_sequence` that would make it again
//! (its `start`, `increment`, bounds, `cycle`, owner), so a dropped one can
//! be recreated exactly and an `alter_sequence` undone. A sequence
//! `owned_by` a column goes where the engine takes it (PostgreSQL): it is
//! dropped with its table or column, and follows a renamed table or column.

use super::Schema;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{CreateSequence, Op};

impl Schema {
    /// The sequence `name`, if the schema has it.
    pub fn sequence(&self, name: &QualName) -> Option<&CreateSequence> {
        self.sequences.get(name)
    }

    /// Every sequence, in name order.
    pub fn sequences(&self) -> impl Iterator<Item = &CreateSequence> {
        self.sequences.values()
    }

    /// The sequences owned by `table` (by its column `column` only, when
    /// given), in name order: what dropping it takes with it.
    pub fn owned_sequences<'a>(
        &'a self,
        table: &'a QualName,
        column: Option<&'a Ident>,
    ) -> impl Iterator<Item = &'a CreateSequence> + 'a {
        self.sequences.values().filter(move |s| {
            s.owned_by.as_ref().is_some_and(|o| {
                s.schema == table.schema
                    && o.table == table.name
                    && column.is_none_or(|c| &o.column == c)
            })
        })
    }

    /// Sequence names in one schema, for "did you mean".
    pub(super) fn sequence_names<'a>(
        &'a self,
        schema: &'a Option<Ident>,
    ) -> impl Iterator<Item = &'a str> {
        self.sequences
            .keys()
            .filter(move |q| &q.schema == schema)
            .map(|q| q.name.as_str())
    }

    /// After `op` has been applied: the owned sequences follow their
    /// table or column as the engine has them follow it (dropped with it,
    /// renamed with it). Costs nothing while the schema has no sequence.
    pub(super) fn follow_sequence_owners(&mut self, op: &Op) {
        if self.sequences.is_empty() {
            return;
        }
        match op {
            Op::DropTable(o) => {
                let table = o.qual_name();
                self.drop_owned(&table, None);
            }
            Op::DropColumn(o) => {
                let table = o.qual_table();
                self.drop_owned(&table, Some(&o.column));
            }
            Op::RenameTable(o) => {
                let (old, new) = (o.qual_name(), &o.new_name);
                self.reown(&old, None, |owner| owner.table = new.clone());
            }
            Op::AlterColumn(o) => {
                if let Some(new) = &o.new_name {
                    let table = o.qual_table();
                    self.reown(&table, Some(&o.column), |owner| owner.column = new.clone());
                }
            }
            // Leave every owner where it was (listed, so a new operation
            // is a compile error here).
            Op::CreateTable(_)
            | Op::AddColumn(_)
            | Op::CreateIndex(_)
            | Op::DropIndex(_)
            | Op::CreatePrimaryKey(_)
            | Op::CreateUniqueConstraint(_)
            | Op::CreateForeignKey(_)
            | Op::CreateCheckConstraint(_)
            | Op::DropConstraint(_)
            | Op::ValidateConstraint(_)
            | Op::CreateTableComment(_)
            | Op::DropTableComment(_)
            | Op::Execute(_)
            | Op::BulkInsert(_)
            | Op::CreateSequence(_)
            | Op::DropSequence(_)
            | Op::AlterSequence(_) => {}
        }
    }

    fn drop_owned(&mut self, table: &QualName, column: Option<&Ident>) {
        let gone: Vec<QualName> = self
            .owned_sequences(table, column)
            .map(CreateSequence::qual_name)
            .collect();
        for name in gone {
            self.sequences.remove(&name);
        }
    }

    fn reown(
        &mut self,
        table: &QualName,
        column: Option<&Ident>,
        change: impl Fn(&mut crate::ops::OwnedBy),
    ) {
        let owned: Vec<QualName> = self
            .owned_sequences(table, column)
            .map(CreateSequence::qual_name)
            .collect();
        for name in owned {
            if let Some(owner) = self
                .sequences
                .get_mut(&name)
                .and_then(|s| s.owned_by.as_mut())
            {
                change(owner);
            }
        }
    }
}
