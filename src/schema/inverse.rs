//! Deriving a downgrade from an upgrade and the schema before it.
//!
//! `inverse` answers, for one operation and the state just before it, which
//! operations undo it: `create_table` -> `drop_table`, `drop_table` ->
//! `create_table` with the full former definition and its indexes,
//! `add_column` <-> `drop_column`, indexes likewise. `execute` reverses only
//! with `reverse_sql`. `derive_downgrade` replays a revision's upgrade on a
//! copy of the schema to get each operation's "before" state and returns the
//! inverses in reverse order.

use super::{Schema, SchemaError};
use crate::ops::{AddColumn, CreateIndex, DropColumn, DropIndex, DropTable, Execute, Op};

/// Why an operation cannot be undone automatically.
#[derive(Debug, Clone, PartialEq)]
pub struct Irreversible {
    /// Index of the operation in `upgrade`.
    pub op_index: usize,
    pub op_name: &'static str,
    pub reason: String,
}

/// The operations that undo `op`, given the schema just before it.
/// `Err` holds the reason it cannot be undone.
pub fn inverse(op: &Op, before: &Schema) -> Result<Vec<Op>, String> {
    Ok(match op {
        Op::CreateTable(o) => {
            if o.if_not_exists && before.table(&o.qual_name()).is_some() {
                Vec::new()
            } else {
                vec![Op::DropTable(DropTable {
                    name: o.name.clone(),
                    schema: o.schema.clone(),
                    if_exists: false,
                })]
            }
        }
        Op::DropTable(o) => match before.table(&o.qual_name()) {
            None => Vec::new(),
            Some(t) => {
                let mut def = t.def.clone();
                def.if_not_exists = false;
                let mut ops = vec![Op::CreateTable(def)];
                ops.extend(t.indexes.values().map(|i| {
                    let mut i = i.clone();
                    i.if_not_exists = false;
                    i.concurrently = false;
                    Op::CreateIndex(i)
                }));
                ops
            }
        },
        Op::AddColumn(o) => vec![Op::DropColumn(DropColumn {
            table: o.table.clone(),
            schema: o.schema.clone(),
            column: o.column.name.clone(),
        })],
        Op::DropColumn(o) => {
            let column = before
                .table(&o.qual_table())
                .and_then(|t| t.column(&o.column))
                .ok_or_else(|| format!("column `{}.{}` is unknown", o.qual_table(), o.column))?;
            vec![Op::AddColumn(AddColumn {
                table: o.table.clone(),
                schema: o.schema.clone(),
                column: column.clone(),
            })]
        }
        Op::CreateIndex(o) => {
            if o.if_not_exists && before.index_owner(&o.schema, &o.name).is_some() {
                Vec::new()
            } else {
                vec![Op::DropIndex(DropIndex {
                    name: o.name.clone(),
                    table: Some(o.table.clone()),
                    schema: o.schema.clone(),
                    concurrently: o.concurrently,
                    if_exists: false,
                })]
            }
        }
        Op::DropIndex(o) => {
            let owner = before.index_owner(&o.schema, &o.name).cloned();
            match owner.and_then(|q| before.table(&q).and_then(|t| t.indexes.get(&o.name))) {
                None => Vec::new(),
                Some(idx) => {
                    let mut idx: CreateIndex = idx.clone();
                    idx.if_not_exists = false;
                    idx.concurrently = o.concurrently;
                    vec![Op::CreateIndex(idx)]
                }
            }
        }
        Op::Execute(o) => match &o.reverse_sql {
            Some(rev) => vec![Op::Execute(Execute {
                sql: rev.clone(),
                reverse_sql: Some(o.sql.clone()),
                validate: o.validate,
            })],
            None => {
                return Err(
                    "`execute` has no `reverse_sql`, so it cannot be undone automatically; add `reverse_sql` or write the revision's `downgrade`"
                        .to_owned(),
                )
            }
        },
    })
}

/// One operation of a derived downgrade and the upgrade operation it undoes.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedOp {
    /// Index in `upgrade` of the operation this one undoes.
    pub source: usize,
    pub op: Op,
}

/// A revision's derived downgrade, or why it has none.
pub type Derived = Result<Vec<DerivedOp>, Irreversible>;

/// Applies `upgrade` to `schema` and, when `derive` is set, returns the
/// derived downgrade (inverses in reverse order) computed from each
/// operation's "before" state on the way.
///
/// A replay error is the upgrade's own error (index, error). An operation
/// that cannot be undone yields `Irreversible` inside the `Ok`, because it is
/// only an error if a downgrade actually goes through the revision.
pub fn replay_revision(
    upgrade: &[Op],
    schema: &mut Schema,
    derive: bool,
) -> Result<Derived, Box<(usize, SchemaError)>> {
    let mut parts: Vec<Vec<DerivedOp>> = Vec::new();
    let mut irreversible = None;
    for (i, op) in upgrade.iter().enumerate() {
        if derive && irreversible.is_none() {
            match inverse(op, schema) {
                Ok(ops) => parts.push(
                    ops.into_iter()
                        .map(|op| DerivedOp { source: i, op })
                        .collect(),
                ),
                Err(reason) => {
                    irreversible = Some(Irreversible {
                        op_index: i,
                        op_name: op.name(),
                        reason,
                    })
                }
            }
        }
        schema.apply(op).map_err(|e| Box::new((i, e)))?;
    }
    Ok(match irreversible {
        Some(irr) => Err(irr),
        None => Ok(parts.into_iter().rev().flatten().collect()),
    })
}
