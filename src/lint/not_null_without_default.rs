//! `not-null-without-default`: adding a NOT NULL column with no default to
//! a table that may hold rows fails as soon as there is one row.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "not-null-without-default",
    level: Level::Warning,
    why: "the statement fails on a table that has rows: give a default, or add it nullable, backfill, then set NOT NULL",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived() {
        return Vec::new();
    }
    match ctx.op {
        Op::AddColumn(o)
            if o.column.nullable == Some(false)
                && o.column.default.is_none()
                && !o.column.autoincrement
                && ctx.existing(&o.qual_table()) =>
        {
            vec![Finding::new(
                &RULE,
                format!(
                    "adds NOT NULL column `{}.{}` without a default to a table that may have rows",
                    o.qual_table(),
                    o.column.name
                ),
            )]
        }
        _ => Vec::new(),
    }
}
