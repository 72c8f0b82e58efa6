//! `concurrent-index-unsupported`: on a dialect that cannot build an index
//! without blocking writes, lowering builds one asked for `concurrently`
//! the ordinary way.

use super::{Finding, Level, LintCtx, Rule};

pub const RULE: Rule = Rule {
    id: "concurrent-index-unsupported",
    level: Level::Warning,
    why: "the build locks writes to the table on this engine",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    let Some(name) = &ctx.facts().index_not_concurrent else {
        return Vec::new();
    };
    vec![Finding::new(
        &RULE,
        format!(
            "{} has no concurrent index builds: `{name}` is built the ordinary way",
            ctx.dialect.name()
        ),
    )]
}
