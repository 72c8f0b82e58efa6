//! Lowering the constraint operations: adding a primary key, unique key,
//! foreign key (with the index MySQL keeps under it) or check, validating
//! one, dropping one (with that index). Where the dialect must write every
//! constraint name, an unnamed one gets the name the model gave it; where
//! it cannot add or drop a constraint in place (SQLite), the table is
//! rebuilt.

use super::context::{table_after, LowerCtx, Lowered};
use super::error::LowerError;
use super::index::{drop_foreign_key_index, foreign_key_index};
use super::rebuild::rebuild;
use crate::diag::span::DocPath;
use crate::dialect::InPlace;
use crate::lower::statement::{CheckSql, ForeignKeySql, KeySql, Statement};
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{
    CreateCheckConstraint, CreateForeignKey, CreatePrimaryKey, CreateUniqueConstraint,
    DropConstraint, FkAction, Initially, Op, ValidateConstraint,
};

/// Where the dialect cannot add or drop a constraint in place: the
/// rebuild of `table` that does it instead.
fn rebuilt(
    ctx: &LowerCtx,
    op: &Op,
    before: &Schema,
    table: &QualName,
) -> Option<Result<Lowered, LowerError>> {
    (!ctx.dialect.in_place(InPlace::ChangeConstraint))
        .then(|| rebuild(ctx, op, before, table, InPlace::ChangeConstraint))
}

/// A constraint's name as written, or the one the model gives it where
/// the dialect must write every name.
fn named(
    ctx: &LowerCtx,
    op: &Op,
    before: &Schema,
    name: &Option<Ident>,
    table: &QualName,
) -> Option<Ident> {
    name.clone()
        .or_else(|| model_constraint_name(ctx, op, before, table))
}

pub(super) fn primary_key(
    ctx: &LowerCtx,
    op: &Op,
    o: &CreatePrimaryKey,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    deferral(ctx, "primary key", o.deferrable, o.initially)?;
    let table = o.qual_table();
    if let Some(r) = rebuilt(ctx, op, before, &table) {
        return r;
    }
    Ok(vec![Statement::AddPrimaryKey {
        key: key_sql(
            named(ctx, op, before, &o.name, &table),
            &o.columns,
            o.deferrable,
            o.initially,
        ),
        table,
    }]
    .into())
}

pub(super) fn unique(
    ctx: &LowerCtx,
    op: &Op,
    o: &CreateUniqueConstraint,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    deferral(ctx, "unique constraint", o.deferrable, o.initially)?;
    let table = o.qual_table();
    if let Some(r) = rebuilt(ctx, op, before, &table) {
        return r;
    }
    Ok(vec![Statement::AddUniqueConstraint {
        key: key_sql(
            named(ctx, op, before, &o.name, &table),
            &o.columns,
            o.deferrable,
            o.initially,
        ),
        table,
    }]
    .into())
}

/// A primary or unique key as its statement writes it.
fn key_sql(
    name: Option<Ident>,
    columns: &[Ident],
    deferrable: Option<bool>,
    initially: Option<Initially>,
) -> KeySql {
    KeySql {
        name,
        columns: columns.to_vec(),
        deferrable,
        initially: initially.map(Initially::sql),
    }
}

/// `deferrable: true` or `initially` on a primary or unique key, where the
/// dialect's keys are always checked at once: refused, naming it.
fn deferral(
    ctx: &LowerCtx,
    what: &str,
    deferrable: Option<bool>,
    initially: Option<Initially>,
) -> Result<(), LowerError> {
    let d = ctx.dialect;
    if d.deferrable_keys() {
        return Ok(());
    }
    let key = match (deferrable, initially) {
        (Some(true), _) => "deferrable",
        (_, Some(_)) => "initially",
        _ => return Ok(()),
    };
    Err(LowerError {
        message: format!(
            "{} has no deferrable {what}: it checks it at every statement",
            d.name()
        ),
        at: DocPath::root().key(key),
        help: Some(
            "remove `deferrable` and `initially`, or limit the operation to PostgreSQL".to_owned(),
        ),
    })
}

/// The key, after the index MySQL keeps under it.
pub(super) fn foreign_key(
    ctx: &LowerCtx,
    op: &Op,
    o: &CreateForeignKey,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    let table = o.qual_table();
    if let Some(r) = rebuilt(ctx, op, before, &table) {
        return r;
    }
    let mut fk = foreign_key_sql(&o.def());
    fk.name = named(ctx, op, before, &fk.name, &table);
    let mut out = Vec::new();
    if let (Some(index), true) = (&o.index_name, d.explicit_foreign_key_indexes()) {
        out.push(foreign_key_index(index, &table, &o.columns));
    }
    out.push(Statement::AddForeignKey {
        table,
        fk,
        not_valid: o.not_valid && d.defers_constraint_validation(),
    });
    Ok(out.into())
}

pub(super) fn check(
    ctx: &LowerCtx,
    op: &Op,
    o: &CreateCheckConstraint,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let table = o.qual_table();
    if let Some(r) = rebuilt(ctx, op, before, &table) {
        return r;
    }
    Ok(vec![Statement::AddCheckConstraint {
        check: CheckSql {
            name: named(ctx, op, before, &o.name, &table),
            expr: o.expr.clone(),
        },
        table,
        not_valid: o.not_valid && ctx.dialect.defers_constraint_validation(),
    }]
    .into())
}

/// Where constraints are checked as they are added, nothing is left.
pub(super) fn validate(ctx: &LowerCtx, o: &ValidateConstraint) -> Lowered {
    if !ctx.dialect.defers_constraint_validation() {
        return Lowered::default();
    }
    vec![Statement::ValidateConstraint {
        table: o.qual_table(),
        name: o.name.clone(),
    }]
    .into()
}

/// The constraint, then the index MySQL kept under a foreign key.
pub(super) fn drop(
    ctx: &LowerCtx,
    op: &Op,
    o: &DropConstraint,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let table = o.qual_table();
    if let Some(r) = rebuilt(ctx, op, before, &table) {
        return r;
    }
    // The name the model knows it by, when the operation gives none; when
    // there is no such constraint, the replay reports it.
    let name = before.drop_constraint_name(o).map_err(|e| LowerError {
        message: e.to_string(),
        at: e.at().clone(),
        help: e.help(),
    })?;
    let c = before.table(&table).and_then(|t| t.constraint(&name));
    let mut out = vec![Statement::DropConstraint {
        table: table.clone(),
        name,
        constraint: c.as_ref().map(|c| c.kind().name()),
    }];
    out.extend(c.and_then(|c| drop_foreign_key_index(ctx.dialect, &c, &table)));
    Ok(out.into())
}

/// The name the model gives the constraint `op` adds to `table` (for
/// dialects that must write every name).
fn model_constraint_name(
    ctx: &LowerCtx,
    op: &Op,
    before: &Schema,
    table: &QualName,
) -> Option<Ident> {
    if !ctx.dialect.explicit_constraint_names() {
        return None;
    }
    let old = before.table(table)?;
    table_after(ctx, op, before, table)?.new_constraint_name(Some(old))
}

pub(super) fn foreign_key_sql(fk: &crate::ops::ForeignKeyDef) -> ForeignKeySql {
    ForeignKeySql {
        name: fk.name.clone(),
        columns: fk.columns.clone(),
        ref_table: fk.references.qual_table(),
        ref_columns: fk.references.columns.clone(),
        on_delete: FkAction::keyword(fk.on_delete),
        on_update: FkAction::keyword(fk.on_update),
        deferrable: fk.deferrable,
        initially: fk.initially.map(crate::ops::Initially::sql),
    }
}
