//! What lowering takes besides the operation and the schema before it
//! ([`LowerCtx`]), what it gives back ([`Lowered`]), and the table an
//! operation leaves, which some lowerings need ([`preview`]).

use crate::dialect::{Dialect, InPlace};
use crate::lower::facts::Facts;
use crate::lower::statement::Statement;
use crate::model::{Preview, Schema, Table};
use crate::ops::ident::QualName;
use crate::ops::Op;
use std::borrow::Cow;

/// What lowering needs besides the operation and the schema.
pub struct LowerCtx<'a> {
    pub dialect: &'a dyn Dialect,
    /// Does the revision run inside a transaction block?
    pub transactional: bool,
    /// The table the operation leaves, when the caller has previewed it
    /// ([`preview`]); without it, lowering applies the operation to a copy
    /// of the whole schema when it needs that table.
    pub preview: Option<&'a Preview>,
}

/// Previews `op` on `schema` (see [`Schema::preview`]) when lowering it for
/// `d` needs the table it leaves: a new table or constraint where every
/// constraint name is written, a restated column, a rebuilt table.
pub fn preview(op: &Op, schema: &mut Schema, d: &dyn Dialect) -> Option<Preview> {
    let rebuilds = || InPlace::ALL.iter().any(|c| !d.in_place(*c));
    let wanted = match op {
        Op::CreateTable(_)
        | Op::CreatePrimaryKey(_)
        | Op::CreateUniqueConstraint(_)
        | Op::CreateForeignKey(_)
        | Op::CreateCheckConstraint(_) => d.explicit_constraint_names() || rebuilds(),
        Op::AlterColumn(_) => d.alter_restates_column() || rebuilds(),
        Op::AddColumn(o) => {
            (d.explicit_constraint_names() && super::add_column::declares_keys(o)) || rebuilds()
        }
        Op::DropColumn(_) | Op::DropConstraint(_) => rebuilds(),
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
        | Op::AlterSequence(_) => false,
    };
    if wanted {
        schema.preview(op)
    } else {
        None
    }
}

/// The table `op` leaves (`table`, the one it changes): the caller's
/// preview, or else worked out on a copy of the whole schema. `None` if the
/// operation fails (the replay reports it).
pub(super) fn table_after<'c>(
    ctx: &LowerCtx<'c>,
    op: &Op,
    before: &Schema,
    table: &QualName,
) -> Option<Cow<'c, Table>> {
    if let Some(p) = ctx.preview.filter(|p| &p.table == table) {
        return p.after.as_ref().map(Cow::Borrowed);
    }
    let mut after = before.clone();
    after.apply(op).ok()?;
    after.table(table).cloned().map(Cow::Owned)
}

/// The statements for one operation, and what lowering decided that the
/// lint rules report.
#[derive(Debug, Default)]
pub struct Lowered {
    pub statements: Vec<Statement>,
    pub facts: Facts,
}

impl From<Vec<Statement>> for Lowered {
    fn from(statements: Vec<Statement>) -> Self {
        Lowered {
            statements,
            ..Lowered::default()
        }
    }
}
