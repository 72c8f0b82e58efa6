//! `rename-breaks-code`: renaming a table or a column breaks every running
//! query that uses the old name, from the moment the script commits until
//! the new application is deployed.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "rename-breaks-code",
    level: Level::Warning,
    why: "code still using the old name fails until it is redeployed; add the new name beside the old one, move the code, then drop the old",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived() {
        return Vec::new();
    }
    match ctx.op {
        Op::RenameTable(o) => vec![Finding::new(
            &RULE,
            format!("renames table `{}` to `{}`", o.qual_name(), o.new_name),
        )],
        Op::AlterColumn(o) => match &o.new_name {
            Some(n) => vec![Finding::new(
                &RULE,
                format!("renames column `{}.{}` to `{n}`", o.qual_table(), o.column),
            )],
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}
