//! Lowering `add_column`: its enum type first (PostgreSQL), the column with
//! the keys it declares inline, and its comment where comments are separate
//! statements. Where SQLite's `ALTER TABLE` cannot add it in place, the
//! table is rebuilt. Where the engine's own names for keys cannot be
//! predicted (`Dialect::explicit_constraint_names`), each key is written
//! with the name the model gave it, so a later `drop_constraint`, a column
//! drop or a derived downgrade can name it.

use super::column::column_sql;
use super::context::{table_after, LowerCtx, Lowered};
use super::enum_users::create_types;
use super::error::LowerError;
use super::rebuild::rebuild;
use crate::diag::span::DocPath;
use crate::dialect::{CommentStyle, Dialect, InPlace};
use crate::lower::statement::Statement;
use crate::model::{Constraint, Schema};
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::{AddColumn, ColumnDef, Op};

pub(super) fn lower(
    ctx: &LowerCtx,
    op: &Op,
    o: &AddColumn,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    let table = o.qual_table();
    if let Some(change) = add_column_change(d, &o.column) {
        return rebuild(ctx, op, before, &table, change);
    }
    let mut out = create_types(d, before, &table, std::slice::from_ref(&o.column));
    let mut column = column_sql(d, &table, &o.column, DocPath::root().key("column"))?;
    column.primary_key = o.column.primary_key;
    if d.explicit_constraint_names() && declares_keys(o) {
        for c in added_constraints(ctx, op, before, o) {
            match c {
                Constraint::PrimaryKey(k) => column.primary_key_name = k.name,
                Constraint::Unique(k) => column.unique_name = k.name,
                Constraint::ForeignKey(k) => {
                    if d.explicit_foreign_key_indexes() {
                        column.references_index = k.index_name;
                    }
                    if let Some(r) = &mut column.references {
                        r.name = k.name;
                    }
                }
                Constraint::Check(_) => {}
            }
        }
    }
    out.push(Statement::AddColumn {
        table: table.clone(),
        column,
    });
    if d.comment_style() == CommentStyle::Separate && o.column.comment.is_some() {
        out.push(Statement::CommentOnColumn {
            table,
            column: o.column.name.clone(),
            comment: o.column.comment.as_deref().map(str::to_owned),
        });
    }
    Ok(out.into())
}

/// Does the column declare a key of its own (primary, unique, foreign)?
pub(super) fn declares_keys(o: &AddColumn) -> bool {
    o.column.primary_key || o.column.unique || o.column.references.is_some()
}

/// The constraints the column brings, named as the model names them.
fn added_constraints(ctx: &LowerCtx, op: &Op, before: &Schema, o: &AddColumn) -> Vec<Constraint> {
    let table = o.qual_table();
    let Some(after) = table_after(ctx, op, before, &table) else {
        return Vec::new();
    };
    let old = before
        .table(&table)
        .map(|t| t.constraints())
        .unwrap_or_default();
    after
        .constraints()
        .into_iter()
        .filter(|c| !old.contains(c))
        .collect()
}

/// Which in-place limit adding this column would hit, if any.
fn add_column_change(d: &dyn Dialect, c: &ColumnDef) -> Option<InPlace> {
    let literal_default =
        matches!(c.default.as_deref(), Some(DefaultValue::Literal(l)) if *l != Literal::Null);
    let changes = [
        (c.primary_key, InPlace::AddPrimaryKeyColumn),
        (c.unique, InPlace::AddUniqueColumn),
        (
            c.nullable == Some(false) && !literal_default,
            InPlace::AddNotNullWithoutDefault,
        ),
        (
            matches!(c.default.as_deref(), Some(DefaultValue::Sql(_))),
            InPlace::AddExpressionDefault,
        ),
        (
            c.references.is_some() && literal_default,
            InPlace::AddReferenceWithDefault,
        ),
        (
            c.computed.as_ref().is_some_and(|g| g.stored),
            InPlace::AddStoredComputedColumn,
        ),
    ];
    changes
        .into_iter()
        .find(|(applies, change)| *applies && !d.in_place(*change))
        .map(|(_, change)| change)
}
