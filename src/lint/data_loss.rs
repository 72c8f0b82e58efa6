//! `data-loss`: dropping a table or a column destroys its data, narrowing a
//! column's type may cut or refuse its values, and a derived downgrade that
//! recreates a table or column brings it back empty.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "data-loss",
    level: Level::Warning,
    why: "the data is gone once the statement runs; only a backup brings it back",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    let derived = ctx.derived();
    let message = match ctx.op {
        // A derived downgrade dropping what its upgrade created is expected.
        Op::DropTable(o) if !derived && ctx.before.table(&o.qual_name()).is_some() => {
            format!("drops table `{}` and every row in it", o.qual_name())
        }
        // What goes with the column is `dropped-with-column`'s to say.
        Op::DropColumn(o) if !derived => format!(
            "drops column `{}.{}` and the data it holds",
            o.qual_table(),
            o.column
        ),
        Op::AlterColumn(o) => {
            let former = ctx
                .before
                .table(&o.qual_table())
                .and_then(|t| t.column(&o.column));
            let pair =
                o.ty.as_ref()
                    .and_then(|t| t.portable())
                    .zip(former.and_then(|c| c.ty.portable()));
            let Some((to, from)) = pair else {
                return Vec::new();
            };
            let Some(why) = crate::narrowing::narrowing(ctx.dialect, from, to) else {
                return Vec::new();
            };
            format!(
                "narrows column `{}.{}` from `{from}` to `{to}`: {why}",
                o.qual_table(),
                o.column
            )
        }
        Op::CreateTable(o) if derived => format!(
            "recreates table `{}` empty: the rows it held before the upgrade are not restored",
            o.qual_name()
        ),
        Op::AddColumn(o) if derived => format!(
            "recreates column `{}.{}` empty: the data it held before the upgrade is not restored",
            o.qual_table(),
            o.column.name
        ),
        _ => return Vec::new(),
    };
    vec![Finding::new(&RULE, message)]
}
