//! Lowering: one operation, the schema before it and a dialect in, the
//! statements that carry it out.
//!
//! This is the only code that decides how many statements an operation
//! becomes and in what order: a PostgreSQL enum column gets its named type
//! created first and dropped after its table; comments become `COMMENT ON`
//! statements or stay inline; SQL Server drops a column's named default
//! first; and where SQLite's `ALTER TABLE` cannot make a change in place, the
//! table is rebuilt from the model (create the new table, copy the rows, drop,
//! rename, recreate its indexes, check foreign keys). It resolves per-dialect
//! types and SQL; spelling is left to the templates.

pub mod facts;
pub mod statement;

mod add_column;
mod alter_column;
mod column;
mod constraint;
mod context;
mod data;
mod drop_column;
mod enum_users;
mod error;
mod index;
mod rebuild;
mod sequence;
mod table;

pub use context::{preview, LowerCtx, Lowered};
pub use data::sql_for;
pub use error::LowerError;

use crate::model::Schema;
use crate::ops::Op;

/// The statements for `op`, given the schema just before it. One arm per
/// operation, no wildcard: a new operation does not compile until it is
/// lowered.
pub fn lower(op: &Op, before: &Schema, ctx: &LowerCtx) -> Result<Lowered, LowerError> {
    match op {
        Op::CreateTable(o) => table::create(ctx, op, o, before),
        Op::DropTable(o) => table::drop(ctx, o, before),
        Op::RenameTable(o) => Ok(table::rename(ctx, o, before)),
        Op::CreateTableComment(o) => {
            Ok(table::comment(ctx, o.qual_table(), Some(o.comment.clone())))
        }
        Op::DropTableComment(o) => Ok(table::comment(ctx, o.qual_table(), None)),
        Op::AddColumn(o) => add_column::lower(ctx, op, o, before),
        Op::DropColumn(o) => drop_column::lower(ctx, op, o, before),
        Op::AlterColumn(o) => alter_column::lower(ctx, op, o, before),
        Op::CreateIndex(o) => index::create_index(ctx.dialect, o, ctx.transactional),
        Op::DropIndex(o) => index::drop_index(ctx, o, before),
        Op::CreatePrimaryKey(o) => constraint::primary_key(ctx, op, o, before),
        Op::CreateUniqueConstraint(o) => constraint::unique(ctx, op, o, before),
        Op::CreateForeignKey(o) => constraint::foreign_key(ctx, op, o, before),
        Op::CreateCheckConstraint(o) => constraint::check(ctx, op, o, before),
        Op::ValidateConstraint(o) => Ok(constraint::validate(ctx, o)),
        Op::DropConstraint(o) => constraint::drop(ctx, op, o, before),
        Op::Execute(o) => data::execute(ctx.dialect, o),
        Op::BulkInsert(o) => Ok(data::bulk_insert(o, before).into()),
        Op::CreateSequence(o) => sequence::create(ctx.dialect, o),
        Op::DropSequence(o) => sequence::drop(ctx.dialect, o),
        Op::AlterSequence(o) => sequence::alter(ctx.dialect, o),
    }
}

#[cfg(test)]
mod tests;
