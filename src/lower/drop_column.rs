//! Lowering `drop_column`: what the engine refuses to drop together with
//! the column (`Dialect::on_column_drop`) is dropped first, constraints
//! before indexes (an index may be the one a foreign key leans on); where a
//! constraint cannot be dropped in place (SQLite), the table is rebuilt
//! without the column instead. SQL Server drops the column's named default
//! first, PostgreSQL its enum type after.

use super::column::default_constraint_name;
use super::context::{LowerCtx, Lowered};
use super::enum_users::drop_types;
use super::error::LowerError;
use super::index::drop_foreign_key_index;
use super::rebuild::rebuild;
use crate::dialect::InPlace;
use crate::lower::statement::Statement;
use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::{ColumnDef, DropColumn, Op};

/// `DROP COLUMN`, after dropping what the engine refuses to drop with the
/// column (see `Dialect::on_column_drop`); where a constraint cannot be
/// dropped in place, the table is rebuilt without the column instead.
pub(super) fn lower(
    ctx: &LowerCtx,
    op: &Op,
    o: &DropColumn,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    let table = o.qual_table();
    let Some(t) = before.table(&table) else {
        // The model reports the missing table.
        return Ok(Lowered::default());
    };
    let column = t.column(&o.column);
    let taken = t.column_drop(&o.column, d);
    if taken.refused_constraints().next().is_some() && !d.in_place(InPlace::DropUniqueColumn) {
        return rebuild(ctx, op, before, &table, InPlace::DropUniqueColumn);
    }
    let mut out = Vec::new();
    if let Some(name) = column.and_then(|c| default_constraint_name(d, &table, c)) {
        out.push(Statement::DropDefaultConstraint {
            table: table.clone(),
            name,
        });
    }
    // Constraints first: an index may be the one a foreign key leans on.
    for c in taken.refused_constraints() {
        let Some(name) = c.name() else { continue };
        out.push(Statement::DropConstraint {
            table: table.clone(),
            name: name.clone(),
            constraint: Some(c.kind().name()),
        });
        out.extend(drop_foreign_key_index(d, c, &table));
    }
    out.extend(taken.refused_indexes().map(|index| Statement::DropIndex {
        name: index.name.clone(),
        schema: index.schema.clone(),
        table: Some(table.clone()),
        concurrently: false,
        if_exists: false,
    }));
    out.push(Statement::DropColumn {
        table: table.clone(),
        column: o.column.clone(),
    });
    if let Some(c) = column {
        let gone = |q: &QualName, other: &ColumnDef| q == &table && other.name == c.name;
        out.extend(drop_types(d, before, &table, &[c], gone));
    }
    Ok(out.into())
}
