//! A kept table's columns: dropped, added (without inline keys: those are
//! compared as constraints), or altered in one `alter_column` carrying
//! every change (type, nullability, default, comment, autoincrement,
//! identity); a column whose generation expression changed is dropped and
//! added (see `generated`).

use super::generated::{counts, identity, same_computed};
use super::same::{same_default, same_type};
use super::Steps;
use crate::dialect::{CommentStyle, Dialect};
use crate::model::Table;
use crate::ops::ident::QualName;
use crate::ops::{AddColumn, AlterColumn, ColumnDef, DropColumn, Op};

/// `c` as a revision writes it: `nullable` only when it is not, keys
/// (already table-level in the model) not inline.
pub(super) fn plain(c: &ColumnDef) -> ColumnDef {
    ColumnDef {
        nullable: (!c.is_nullable()).then_some(false),
        primary_key: false,
        unique: false,
        references: None,
        ..c.clone()
    }
}

/// The `alter_column` that turns `now` into `want`, if anything differs.
fn alter(q: &QualName, now: &ColumnDef, want: &ColumnDef, d: &dyn Dialect) -> Option<AlterColumn> {
    // Where an autoincrement key must be `INTEGER PRIMARY KEY`, the engine
    // has one type for it whatever the revision said.
    let one_type = counts(now) && counts(want) && d.autoincrement_inline_pk();
    // Where the engine keeps no comments, a schema file has none to compare.
    let comments = d.comment_style() != CommentStyle::Unsupported;
    let op = AlterColumn {
        table: q.name.clone(),
        schema: q.schema.clone(),
        column: now.name.clone(),
        new_name: None,
        ty: (!one_type && !same_type(&now.ty, &want.ty, d)).then(|| want.ty.clone()),
        nullable: (now.is_nullable() != want.is_nullable()).then(|| want.is_nullable()),
        default: (!same_default(now.default.as_deref(), want.default.as_deref(), d))
            .then(|| want.default.as_deref().cloned()),
        comment: (comments && now.comment != want.comment)
            .then(|| want.comment.as_deref().map(str::to_owned)),
        autoincrement: (counts(now) != counts(want)).then_some(counts(want)),
        using: None,
        identity: (identity(now) != identity(want)).then(|| identity(want)),
    };
    op.changes_anything().then_some(op)
}

/// Compares the columns of table `q`, `now` against `want`.
pub(super) fn compare(q: &QualName, now: &Table, want: &Table, d: &dyn Dialect, steps: &mut Steps) {
    for c in &now.def.columns {
        if want.column(&c.name).is_none() {
            steps.drop_columns.push(Op::DropColumn(DropColumn {
                table: q.name.clone(),
                schema: q.schema.clone(),
                column: c.name.clone(),
            }));
        }
    }
    for w in &want.def.columns {
        match now.column(&w.name) {
            Some(c) if !same_computed(c.computed.as_deref(), w.computed.as_deref(), d) => {
                steps.drop_columns.push(Op::DropColumn(DropColumn {
                    table: q.name.clone(),
                    schema: q.schema.clone(),
                    column: c.name.clone(),
                }));
                steps.recreated.push((q.clone(), w.name.clone()));
                steps.columns.push(Op::AddColumn(Box::new(AddColumn {
                    table: q.name.clone(),
                    schema: q.schema.clone(),
                    column: plain(w),
                })));
            }
            Some(c) => {
                if let Some(op) = alter(q, c, w, d) {
                    steps.columns.push(Op::AlterColumn(Box::new(op)));
                }
            }
            None => steps.columns.push(Op::AddColumn(Box::new(AddColumn {
                table: q.name.clone(),
                schema: q.schema.clone(),
                column: plain(w),
            }))),
        }
    }
}
