//! `index-not-concurrent`: on an engine that can build an index without
//! blocking writes, building one on an existing table the ordinary way
//! locks the table for the whole build.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "index-not-concurrent",
    level: Level::Warning,
    why: "writes to the table wait for the whole index build; use `concurrently: true` in a `transactional: false` revision",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived() {
        return Vec::new();
    }
    match ctx.op {
        Op::CreateIndex(o)
            if !o.concurrently
                && ctx.dialect.concurrent_index()
                && ctx.existing(&o.qual_table()) =>
        {
            vec![Finding::new(
                &RULE,
                format!(
                    "builds index `{}` on existing table `{}` without `concurrently`",
                    o.name,
                    o.qual_table()
                ),
            )]
        }
        _ => Vec::new(),
    }
}
