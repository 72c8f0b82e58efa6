//! Tables created and dropped, in an order the engines accept: a table is
//! created after the tables its foreign keys point at and dropped before
//! them. Where keys form a cycle, the first table left (by name) goes
//! anyway: its keys into tables not yet created are added at the end, and
//! those into tables dropped later are dropped first.

use super::Steps;
use crate::model::{Schema, Table};
use crate::ops::ident::QualName;
use crate::ops::{ConstraintKind, CreateForeignKey, DropConstraint, DropTable, ForeignKeyDef, Op};
use std::collections::BTreeSet;

/// `tables` (of `schema`) in creation order, with the keys that had to wait
/// (table, key) because they close a cycle.
fn creation_order<'a>(
    schema: &'a Schema,
    tables: &[QualName],
) -> Vec<(&'a QualName, &'a Table, Vec<&'a ForeignKeyDef>)> {
    let mut left: Vec<(&QualName, &Table)> = schema
        .tables()
        .filter(|(q, _)| tables.contains(q))
        .collect();
    let set: BTreeSet<&QualName> = left.iter().map(|(q, _)| *q).collect();
    let mut done: BTreeSet<&QualName> = BTreeSet::new();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let waits = |q: &QualName, fk: &ForeignKeyDef, done: &BTreeSet<&QualName>| {
            let target = fk.references.qual_table();
            &target != q && set.contains(&target) && !done.contains(&target)
        };
        let pick = left
            .iter()
            .position(|(q, t)| !t.def.foreign_keys.iter().any(|fk| waits(q, fk, &done)))
            .unwrap_or(0);
        let (q, t) = left.remove(pick);
        let later: Vec<&ForeignKeyDef> = t
            .def
            .foreign_keys
            .iter()
            .filter(|fk| waits(q, fk, &done))
            .collect();
        done.insert(q);
        out.push((q, t, later));
    }
    out
}

/// Creates the tables `new` of `desired`, each with its indexes.
pub(super) fn create_tables(desired: &Schema, new: &[QualName], steps: &mut Steps) {
    for (q, t, later) in creation_order(desired, new) {
        let mut def = t.def.clone();
        // `create_table` does not take deferrability: such keys follow.
        let deferred = |fk: &ForeignKeyDef| fk.deferrable.is_some() || fk.initially.is_some();
        let later: Vec<&ForeignKeyDef> = t
            .def
            .foreign_keys
            .iter()
            .filter(|fk| later.contains(fk) || deferred(fk))
            .collect();
        def.foreign_keys.retain(|fk| !later.contains(&fk));
        def.columns = def.columns.iter().map(super::column::plain).collect();
        for fk in later {
            steps
                .add_foreign_keys
                .push(Op::CreateForeignKey(Box::new(add_foreign_key(q, fk))));
        }
        steps.create_tables.push(Op::CreateTable(Box::new(def)));
        for i in t.indexes.values() {
            let mut i = i.clone();
            i.concurrently = false;
            i.if_not_exists = false;
            steps.create_tables.push(Op::CreateIndex(Box::new(i)));
        }
    }
}

/// Drops the tables `gone` of `current`, those pointing at others first.
pub(super) fn drop_tables(current: &Schema, gone: &[QualName], steps: &mut Steps) {
    let order = creation_order(current, gone);
    for (q, _, later) in &order {
        for fk in later {
            if let Some(name) = &fk.name {
                steps
                    .drop_foreign_keys
                    .push(Op::DropConstraint(Box::new(DropConstraint {
                        name: Some(name.clone()),
                        table: q.name.clone(),
                        schema: q.schema.clone(),
                        kind: Some(ConstraintKind::ForeignKey),
                        columns: None,
                        references: None,
                    })));
            }
        }
    }
    for (q, _, _) in order.iter().rev() {
        steps.drop_tables.push(Op::DropTable(DropTable {
            name: q.name.clone(),
            schema: q.schema.clone(),
            if_exists: false,
        }));
    }
}

/// `fk` of table `q` as an operation of its own.
pub(super) fn add_foreign_key(q: &QualName, fk: &ForeignKeyDef) -> CreateForeignKey {
    CreateForeignKey {
        name: fk.name.clone(),
        table: q.name.clone(),
        schema: q.schema.clone(),
        columns: fk.columns.clone(),
        references: fk.references.clone(),
        on_delete: fk.on_delete,
        on_update: fk.on_update,
        deferrable: fk.deferrable,
        initially: fk.initially,
        index_name: fk.index_name.clone(),
        not_valid: false,
    }
}
