//! The table an operation would leave, seen without copying the schema.
//!
//! Lowering sometimes needs the table as the operation leaves it: the
//! constraint names the model gives a new table or constraint (dialects
//! that must write every name), the column `MODIFY COLUMN` restates, the
//! definition a SQLite rebuild creates. Applying the operation to a copy of
//! the whole schema costs the schema's size for each such operation:
//! quadratic over a long history. [`Schema::preview`] applies it to the
//! schema itself, keeps a copy of the table it changed, and puts back what
//! it touched (that table, for a column rename the tables whose keys
//! follow it, and the sequences its columns own). The reverse lookups keep
//! what the operation noted: they are a superset by design, checked on use.

use super::{Schema, Table};
use crate::ops::ident::QualName;
use crate::ops::Op;

/// The table an operation changes, as it leaves it.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub table: QualName,
    /// `None` when the operation fails (the replay reports why).
    pub after: Option<Table>,
}

/// The one table `op` changes, for the operations lowering may preview
/// (and whose undoing [`super::inverse`] may need to see before and after).
pub(super) fn changed_table(op: &Op) -> Option<QualName> {
    Some(match op {
        Op::CreateTable(o) => o.qual_name(),
        Op::AddColumn(o) => o.qual_table(),
        Op::DropColumn(o) => o.qual_table(),
        Op::AlterColumn(o) => o.qual_table(),
        Op::CreatePrimaryKey(o) => o.qual_table(),
        Op::CreateUniqueConstraint(o) => o.qual_table(),
        Op::CreateForeignKey(o) => o.qual_table(),
        Op::CreateCheckConstraint(o) => o.qual_table(),
        Op::DropConstraint(o) => o.qual_table(),
        // Not previewed (listed, so a new operation is a compile error here).
        Op::DropTable(_)
        | Op::RenameTable(_)
        | Op::CreateIndex(_)
        | Op::DropIndex(_)
        | Op::ValidateConstraint(_)
        | Op::CreateTableComment(_)
        | Op::DropTableComment(_)
        | Op::Execute(_)
        | Op::BulkInsert(_)
        | Op::CreateSequence(_)
        | Op::DropSequence(_)
        | Op::AlterSequence(_) => return None,
    })
}

impl Schema {
    /// The table `op` leaves, as [`Schema::apply`] would leave it; the
    /// tables are as they were afterwards. `None` for an operation that
    /// changes no single table (see `changed_table`).
    pub fn preview(&mut self, op: &Op) -> Option<Preview> {
        let table = changed_table(op)?;
        let mut saved = vec![(table.clone(), self.tables.get(&table).cloned())];
        if let Op::AlterColumn(o) = op {
            if o.new_name.is_some() {
                // A renamed column is renamed in the keys that reference it.
                let others: Vec<QualName> = self
                    .lookup
                    .referrers(&table)
                    .filter(|q| **q != table)
                    .cloned()
                    .collect();
                for q in others {
                    let before = self.tables.get(&q).cloned();
                    saved.push((q, before));
                }
            }
        }
        // The sequences an owner takes along or renames (few: a copy only
        // when there are some).
        let sequences = (!self.sequences.is_empty()).then(|| self.sequences.clone());
        let after = match self.apply(op) {
            Ok(()) => self.tables.get(&table).map(|t| Table::clone(t)),
            Err(_) => None,
        };
        for (name, before) in saved {
            match before {
                Some(t) => {
                    self.tables.insert(name, t);
                }
                None => {
                    self.tables.remove(&name);
                }
            }
        }
        if let Some(sequences) = sequences {
            self.sequences = sequences;
        }
        Some(Preview { table, after })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Before each operation of a history: the preview leaves the tables as
    /// they were, and shows the table a full copy would after applying it.
    #[test]
    fn previews_match_a_copy_and_leave_the_schema_as_it_was() {
        let ops = crate::source::parse_ops(
            "- create_table: {name: a, columns: [{name: id, type: integer, primary_key: true}, {name: code, type: text}]}
- create_table: {name: b, columns: [{name: id, type: integer, primary_key: true}, {name: a_id, type: integer, references: {table: a, column: id}}]}
- create_unique_constraint: {table: a, columns: [code]}
- create_check_constraint: {table: b, expr: a_id > 0}
- add_column: {table: b, column: {name: note, type: text, nullable: false, default: x}}
- alter_column: {table: a, column: id, new_name: a_key}
- alter_column: {table: b, column: note, type: varchar(20), nullable: true}
- create_foreign_key: {table: a, columns: [a_key], references: {table: b, columns: [id]}}
- drop_column: {table: b, column: note}
- drop_column: {table: b, column: missing}
- create_table: {name: a, columns: [{name: id, type: integer}]}
",
        )
        .unwrap();
        for dialect in ["postgresql", "sqlite", "mysql", "mssql"] {
            let mut s = Schema::for_dialect(crate::dialect::by_name(dialect).unwrap());
            for op in &ops {
                let mut copy = s.clone();
                let want = copy.apply(op).ok().and_then(|()| {
                    let t = changed_table(op)?;
                    copy.table(&t).cloned()
                });
                let before = s.clone();
                let preview = s.preview(op).expect("a previewable operation");
                assert!(s == before, "{dialect}: {op:?} changed the schema");
                assert_eq!(preview.after, want, "{dialect}: {op:?}");
                let _ = s.apply(op);
            }
        }
    }

    /// A column that owns a sequence: previewing its drop or rename leaves
    /// the sequence as it was.
    #[test]
    fn previews_leave_owned_sequences_as_they_were() {
        let ops = crate::source::parse_ops(
            "- create_table: {name: a, columns: [{name: id, type: integer}, {name: n, type: bigint}]}
- create_sequence: {name: sq, owned_by: {table: a, column: n}}
- alter_column: {table: a, column: n, new_name: m}
- drop_column: {table: a, column: m}
",
        )
        .unwrap();
        let mut s = Schema::new();
        for op in &ops {
            let before = s.clone();
            if s.preview(op).is_some() {
                assert!(s == before, "{op:?} changed the schema");
            }
            s.apply(op).unwrap();
        }
        assert!(s.sequences().next().is_none(), "dropped with its column");
    }
}
