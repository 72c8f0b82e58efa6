//! Deriving a downgrade from an upgrade and the schema around it.
//!
//! `inverse` answers, for one operation and the states just before and
//! after it, which operations undo it: `create_table` -> `drop_table`,
//! `drop_table` -> `create_table` with the full former definition (named
//! constraints, comments) and its indexes, `add_column` <-> `drop_column`
//! (with the constraints and indexes the column took with it), `alter_column` and
//! `rename_table` back to the former state, constraints, indexes and comments
//! likewise. `execute` reverses only with `reverse_sql`; `bulk_insert` never.
//! `derive_downgrade` replays a revision's upgrade on the schema to get each
//! operation's states and returns the inverses in reverse order.

use super::{Schema, SchemaError};
use crate::ops::ident::{Ident, QualName};
use crate::ops::{
    AddColumn, AlterColumn, ConstraintKind, CreateIndex, CreateTableComment, DropColumn,
    DropConstraint, DropIndex, DropTable, DropTableComment, Execute, Op, OpKind, RenameTable,
};

/// Why an operation cannot be undone automatically.
#[derive(Debug, Clone, PartialEq)]
pub struct Irreversible {
    /// Index of the operation in `upgrade`.
    pub op_index: usize,
    pub op_name: &'static str,
    pub reason: String,
}

/// Does undoing `op` need the schema after it (to name the constraint it
/// created)? If so, the table it changes, the only one its inverse reads
/// before and after it. Every other operation is inverted from the state
/// before it alone.
fn needs_after(op: &Op) -> Option<QualName> {
    let creates_constraint = match op {
        Op::CreatePrimaryKey(_)
        | Op::CreateUniqueConstraint(_)
        | Op::CreateForeignKey(_)
        | Op::CreateCheckConstraint(_) => true,
        Op::AddColumn(o) => o.column.primary_key,
        // Creates no constraint the inverse must name.
        Op::CreateTable(_)
        | Op::DropTable(_)
        | Op::RenameTable(_)
        | Op::DropColumn(_)
        | Op::AlterColumn(_)
        | Op::CreateIndex(_)
        | Op::DropIndex(_)
        | Op::DropConstraint(_)
        | Op::ValidateConstraint(_)
        | Op::CreateTableComment(_)
        | Op::DropTableComment(_)
        | Op::Execute(_)
        | Op::BulkInsert(_) => false,
    };
    if creates_constraint {
        super::preview::changed_table(op)
    } else {
        None
    }
}

/// The name of the constraint `table` has in `after` but not in `before`.
fn created_constraint(before: &Schema, after: &Schema, table: &QualName) -> Option<Ident> {
    after.table(table)?.new_constraint_name(before.table(table))
}

fn drop_constraint(table: &QualName, name: Ident, kind: ConstraintKind) -> Op {
    Op::DropConstraint(DropConstraint {
        name,
        table: table.name.clone(),
        schema: table.schema.clone(),
        kind: Some(kind),
    })
}

/// Drops the constraint an operation created (nothing if it created none).
fn drop_created(
    before: &Schema,
    after: &Schema,
    table: &QualName,
    kind: ConstraintKind,
) -> Vec<Op> {
    created_constraint(before, after, table)
        .map(|n| drop_constraint(table, n, kind))
        .into_iter()
        .collect()
}

/// The operations that undo `op`, given the schema just before and just
/// after it. `Err` holds the reason it cannot be undone.
pub fn inverse(op: &Op, before: &Schema, after: &Schema) -> Result<Vec<Op>, String> {
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
                let mut ops = vec![Op::CreateTable(Box::new(def))];
                ops.extend(t.indexes.values().map(|i| {
                    let mut i = i.clone();
                    i.if_not_exists = false;
                    i.concurrently = false;
                    Op::CreateIndex(Box::new(i))
                }));
                ops
            }
        },
        Op::RenameTable(o) => vec![Op::RenameTable(RenameTable {
            name: o.new_name.clone(),
            schema: o.schema.clone(),
            new_name: o.name.clone(),
        })],
        Op::AddColumn(o) => {
            let table = o.qual_table();
            let mut ops = Vec::new();
            if o.column.primary_key {
                ops.extend(drop_created(before, after, &table, ConstraintKind::PrimaryKey));
            }
            ops.push(Op::DropColumn(DropColumn {
                table: o.table.clone(),
                schema: o.schema.clone(),
                column: o.column.name.clone(),
            }));
            ops
        }
        Op::DropColumn(o) => {
            let table = o.qual_table();
            let t = before
                .table(&table)
                .ok_or_else(|| format!("table `{table}` is unknown"))?;
            let column = t
                .column(&o.column)
                .ok_or_else(|| format!("column `{table}.{}` is unknown", o.column))?;
            let mut ops = vec![Op::AddColumn(Box::new(AddColumn {
                table: o.table.clone(),
                schema: o.schema.clone(),
                column: column.clone(),
            }))];
            // Everything the column took with it comes back: its
            // constraints, its indexes, and the indexes that only lost it
            // return to their former columns.
            let taken = t.column_drop(&o.column, before.dialect());
            ops.extend(taken.constraints.iter().map(|(c, _)| c.create_op(&table)));
            for index in &taken.shrunk {
                ops.push(Op::DropIndex(DropIndex {
                    name: index.name.clone(),
                    table: Some(index.table.clone()),
                    schema: index.schema.clone(),
                    concurrently: false,
                    if_exists: false,
                }));
            }
            ops.extend(
                taken
                    .indexes
                    .iter()
                    .map(|(index, _)| index)
                    .chain(&taken.shrunk)
                    .map(|index| {
                        let mut index = index.clone();
                        index.if_not_exists = false;
                        index.concurrently = false;
                        Op::CreateIndex(Box::new(index))
                    }),
            );
            ops
        }
        Op::AlterColumn(o) => {
            let table = o.qual_table();
            let c = before
                .table(&table)
                .and_then(|t| t.column(&o.column))
                .ok_or_else(|| format!("column `{table}.{}` is unknown", o.column))?;
            vec![Op::AlterColumn(Box::new(AlterColumn {
                table: o.table.clone(),
                schema: o.schema.clone(),
                column: o.final_name().clone(),
                new_name: o.new_name.as_ref().map(|_| o.column.clone()),
                ty: o.ty.as_ref().map(|_| c.ty.clone()),
                nullable: o.nullable.map(|_| c.is_nullable()),
                default: o.default.as_ref().map(|_| c.default.as_deref().cloned()),
                comment: o.comment.as_ref().map(|_| c.comment.as_deref().map(str::to_owned)),
                autoincrement: o.autoincrement.map(|_| c.autoincrement),
            }))]
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
                    vec![Op::CreateIndex(Box::new(idx))]
                }
            }
        }
        Op::CreatePrimaryKey(o) => {
            // The engine keeps the columns NOT NULL when the key goes: the
            // ones that were nullable before are made nullable again.
            let table = o.qual_table();
            let mut ops = drop_created(before, after, &table, ConstraintKind::PrimaryKey);
            if let Some(t) = before.table(&table) {
                ops.extend(
                    t.def
                        .columns
                        .iter()
                        .filter(|c| o.columns.contains(&c.name) && c.is_nullable())
                        .map(|c| {
                            Op::AlterColumn(Box::new(AlterColumn {
                                table: o.table.clone(),
                                schema: o.schema.clone(),
                                column: c.name.clone(),
                                new_name: None,
                                ty: None,
                                nullable: Some(true),
                                default: None,
                                comment: None,
                                autoincrement: None,
                            }))
                        }),
                );
            }
            ops
        }
        Op::CreateUniqueConstraint(o) => {
            drop_created(before, after, &o.qual_table(), ConstraintKind::Unique)
        }
        Op::CreateForeignKey(o) => {
            drop_created(before, after, &o.qual_table(), ConstraintKind::ForeignKey)
        }
        Op::CreateCheckConstraint(o) => {
            drop_created(before, after, &o.qual_table(), ConstraintKind::Check)
        }
        // Validating changes no definition: there is nothing to undo.
        Op::ValidateConstraint(_) => Vec::new(),
        Op::DropConstraint(o) => {
            let table = o.qual_table();
            let c = before
                .table(&table)
                .and_then(|t| t.constraint(&o.name))
                .ok_or_else(|| format!("constraint `{}` on `{table}` is unknown", o.name))?;
            vec![c.create_op(&table)]
        }
        Op::CreateTableComment(o) => {
            let former = before.table(&o.qual_table()).and_then(|t| t.def.comment.clone());
            vec![match former {
                Some(comment) => Op::CreateTableComment(CreateTableComment {
                    table: o.table.clone(),
                    schema: o.schema.clone(),
                    comment,
                }),
                None => Op::DropTableComment(DropTableComment {
                    table: o.table.clone(),
                    schema: o.schema.clone(),
                    comment: None,
                }),
            }]
        }
        Op::DropTableComment(o) => before
            .table(&o.qual_table())
            .and_then(|t| t.def.comment.clone())
            .map(|comment| {
                Op::CreateTableComment(CreateTableComment {
                    table: o.table.clone(),
                    schema: o.schema.clone(),
                    comment,
                })
            })
            .into_iter()
            .collect(),
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
        Op::BulkInsert(o) => {
            return Err(format!(
                "`bulk_insert` into `{}` cannot be undone automatically (gen cannot tell its rows from others); write the revision's `downgrade`, e.g. an `execute` that deletes them",
                o.qual_table()
            ))
        }
    })
}

/// One operation of a derived downgrade and the upgrade operation it undoes.
/// A downgrade to base holds one per upgrade operation from the replay to
/// the walk, so the source is kept in 8 bytes beside the operation: its
/// index as a `u32` and its kind, not a `usize` and a name.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedOp {
    /// Index in `upgrade` of the operation this one undoes.
    source: u32,
    /// That operation's kind (the upgrade may be gone when the derived
    /// downgrade is walked).
    source_kind: OpKind,
    pub op: Op,
}

impl DerivedOp {
    /// Index in `upgrade` of the operation this one undoes.
    pub fn source(&self) -> usize {
        // A `u32` fits a `usize` on every target gen builds for.
        usize::try_from(self.source).unwrap_or(usize::MAX)
    }
    /// That operation's name.
    pub fn source_name(&self) -> &'static str {
        self.source_kind.name()
    }
}

/// A revision's derived downgrade, or why it has none.
pub type Derived = Result<Vec<DerivedOp>, Irreversible>;

/// Applies `upgrade` to `schema` and, when `derive` is set, returns the
/// derived downgrade (inverses in reverse order) computed from each
/// operation's "before" state on the way.
///
/// A replay error is the upgrade's own error (index, operation name,
/// error). An operation that cannot be undone yields `Irreversible` inside
/// the `Ok`, because it is only an error if a downgrade actually goes
/// through the revision.
pub fn replay_revision(
    upgrade: &[Op],
    schema: &mut Schema,
    derive: bool,
) -> Result<Derived, Box<(usize, &'static str, SchemaError)>> {
    replay_revision_checked(
        upgrade,
        schema,
        derive,
        |_| true,
        |_, _| Ok::<(), std::convert::Infallible>(()),
    )
    .map_err(|e| {
        let (i, name, refused) = *e;
        match refused {
            Refused::Schema(e) => Box::new((i, name, e)),
            Refused::Check(never) => match never {},
        }
    })
}

/// The operation a replay stopped at (its index and name) and why.
pub type ReplayRefusal<E> = (usize, &'static str, Refused<E>);

/// Why an operation of a replay was not applied: the model refused it, or
/// the caller's check of it before it was applied did.
#[derive(Debug)]
pub enum Refused<E> {
    Schema(SchemaError),
    Check(E),
}

/// [`replay_revision`], with `check` asked about each operation against the
/// schema just before it, before the model takes it in. The model keeps
/// what operations hold (a check's expression, an index's `where`) and
/// writes it again later (a SQLite rebuild), so what it takes in must have
/// passed the same checks as an operation the script writes.
///
/// An operation for which `runs(index)` is false (limited to other
/// dialects by `dialects:`) does not exist for this model: it is neither
/// checked nor applied, and its place in a derived downgrade holds the
/// operation itself, unchanged, for the walk to show as skipped (it
/// inherits the same list, so it is skipped there too).
pub fn replay_revision_checked<E>(
    upgrade: &[Op],
    schema: &mut Schema,
    derive: bool,
    runs: impl Fn(usize) -> bool,
    mut check: impl FnMut(&Op, &Schema) -> Result<(), E>,
) -> Result<Derived, Box<ReplayRefusal<E>>> {
    let mut parts: Vec<Vec<DerivedOp>> = Vec::new();
    let mut irreversible = None;
    for (i, op) in upgrade.iter().enumerate() {
        let name = op.name();
        let kind = op.kind();
        if !runs(i) {
            if derive && irreversible.is_none() {
                if let Ok(source) = u32::try_from(i) {
                    parts.push(vec![DerivedOp {
                        source,
                        source_kind: kind,
                        op: op.clone(),
                    }]);
                }
            }
            continue;
        }
        check(op, schema).map_err(|e| Box::new((i, name, Refused::Check(e))))?;
        let failed = |e| Box::new((i, name, Refused::Schema(e)));
        let wanted = derive && irreversible.is_none();
        let inverted = if !wanted {
            schema.apply(op).map_err(failed)?;
            None
        } else if let Some(table) = needs_after(op) {
            // Only the name the new constraint got needs the state after it,
            // and only its table the state before: a copy of that one table,
            // so a long history's replay clones no schema.
            let before = schema.only_table(&table);
            schema.apply(op).map_err(failed)?;
            Some(inverse(op, &before, schema))
        } else {
            let inv = inverse(op, schema, schema);
            schema.apply(op).map_err(failed)?;
            Some(inv)
        };
        if let Some(inverted) = inverted {
            // Past `u32::MAX` operations an index does not fit a derived
            // operation: the downgrade is then the user's to write.
            let derived = inverted.and_then(|ops| {
                let source = u32::try_from(i).map_err(|_| {
                    "the upgrade has too many operations to derive its downgrade; write the revision's `downgrade`".to_owned()
                })?;
                Ok((ops, source))
            });
            match derived {
                Ok((ops, source)) => parts.push(
                    ops.into_iter()
                        .map(|inverse| DerivedOp {
                            source,
                            source_kind: kind,
                            op: inverse,
                        })
                        .collect(),
                ),
                Err(reason) => {
                    irreversible = Some(Irreversible {
                        op_index: i,
                        op_name: name,
                        reason,
                    })
                }
            }
        }
    }
    Ok(match irreversible {
        Some(irr) => Err(irr),
        None => {
            // Exactly as long as it needs to be: a downgrade to base holds
            // one of these per revision until the walk reaches it, and a
            // collected `flatten` would round each up to four operations.
            let mut derived = Vec::with_capacity(parts.iter().map(Vec::len).sum());
            derived.extend(parts.into_iter().rev().flatten());
            Ok(derived)
        }
    })
}
