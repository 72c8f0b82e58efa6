//! A kept table's constraints: primary key, unique, foreign keys and
//! checks, matched by what they say (columns, target and actions,
//! expression), not by name, so a name the engine generated and the name
//! the model derived are one constraint. A changed constraint is dropped
//! and added again.

use super::same::{action, same_expr};
use super::table::add_foreign_key;
use super::Steps;
use crate::dialect::Dialect;
use crate::model::Table;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{
    CheckDef, ConstraintKind, CreateCheckConstraint, CreatePrimaryKey, CreateUniqueConstraint,
    DropConstraint, ForeignKeyDef, Op,
};

fn drop(q: &QualName, name: &Option<Ident>, kind: ConstraintKind) -> Option<Op> {
    name.as_ref().map(|name| {
        Op::DropConstraint(Box::new(DropConstraint {
            name: Some(name.clone()),
            table: q.name.clone(),
            schema: q.schema.clone(),
            kind: Some(kind),
            columns: None,
            references: None,
        }))
    })
}

/// Whether two foreign keys say the same (their names and the index kept
/// under them aside).
fn same_foreign_key(a: &ForeignKeyDef, b: &ForeignKeyDef, d: &dyn Dialect) -> bool {
    a.columns == b.columns
        && a.references.qual_table() == b.references.qual_table()
        && a.references.columns == b.references.columns
        && action(a.on_delete, d) == action(b.on_delete, d)
        && action(a.on_update, d) == action(b.on_update, d)
        && a.deferrable.unwrap_or(false) == b.deferrable.unwrap_or(false)
        && a.initially == b.initially
}

fn same_check(a: &CheckDef, b: &CheckDef, d: &dyn Dialect) -> bool {
    same_expr(&a.expr, &b.expr, d)
}

/// Compares the constraints of table `q`, `now` against `want`.
pub(super) fn compare(q: &QualName, now: &Table, want: &Table, d: &dyn Dialect, steps: &mut Steps) {
    let (now_t, want_t) = (now, want);
    let (now, want) = (&now.def, &want.def);
    // Primary key.
    let pk_cols = |pk: &Option<crate::ops::PrimaryKeyDef>| pk.as_ref().map(|p| p.columns.clone());
    if pk_cols(&now.primary_key) != pk_cols(&want.primary_key) {
        if let Some(pk) = &now.primary_key {
            steps
                .drop_other
                .extend(drop(q, &pk.name, ConstraintKind::PrimaryKey));
        }
        if let Some(pk) = &want.primary_key {
            steps
                .add_other
                .push(Op::CreatePrimaryKey(Box::new(CreatePrimaryKey {
                    name: pk.name.clone(),
                    table: q.name.clone(),
                    schema: q.schema.clone(),
                    columns: pk.columns.clone(),
                    deferrable: pk.deferrable,
                    initially: pk.initially,
                })));
        }
    }
    // Unique constraints (one the other side has as a unique index of the
    // same name and columns is kept).
    let as_index = |u: &crate::ops::UniqueDef, t: &Table| {
        u.name
            .as_ref()
            .and_then(|n| t.indexes.get(n))
            .is_some_and(|i| super::index::is_unique_constraint(i, &u.name, &u.columns, d))
    };
    for u in &now.unique {
        if !want.unique.iter().any(|w| w.columns == u.columns) && !as_index(u, want_t) {
            steps
                .drop_other
                .extend(drop(q, &u.name, ConstraintKind::Unique));
        }
    }
    for u in &want.unique {
        if !now.unique.iter().any(|n| n.columns == u.columns) && !as_index(u, now_t) {
            steps.add_other.push(Op::CreateUniqueConstraint(Box::new(
                CreateUniqueConstraint {
                    name: u.name.clone(),
                    table: q.name.clone(),
                    schema: q.schema.clone(),
                    columns: u.columns.clone(),
                    deferrable: u.deferrable,
                    initially: u.initially,
                },
            )));
        }
    }
    // Foreign keys.
    for fk in &now.foreign_keys {
        if !want.foreign_keys.iter().any(|w| same_foreign_key(w, fk, d)) {
            steps
                .drop_foreign_keys
                .extend(drop(q, &fk.name, ConstraintKind::ForeignKey));
        }
    }
    for fk in &want.foreign_keys {
        if !now.foreign_keys.iter().any(|n| same_foreign_key(n, fk, d)) {
            steps
                .add_foreign_keys
                .push(Op::CreateForeignKey(Box::new(add_foreign_key(q, fk))));
        }
    }
    // Checks.
    for ck in &now.checks {
        if !want.checks.iter().any(|w| same_check(w, ck, d)) {
            steps
                .drop_other
                .extend(drop(q, &ck.name, ConstraintKind::Check));
        }
    }
    for ck in &want.checks {
        if !now.checks.iter().any(|n| same_check(n, ck, d)) {
            steps
                .add_other
                .push(Op::CreateCheckConstraint(Box::new(CreateCheckConstraint {
                    name: ck.name.clone(),
                    table: q.name.clone(),
                    schema: q.schema.clone(),
                    expr: ck.expr.clone(),
                    not_valid: false,
                })));
        }
    }
}
