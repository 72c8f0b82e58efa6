//! `partial-index-unsupported`: on a dialect without partial indexes,
//! lowering builds a non-unique partial index over every row (a unique one
//! is refused: it would refuse rows the partial one allows).

use super::{Finding, Level, LintCtx, Rule};

pub const RULE: Rule = Rule {
    id: "partial-index-unsupported",
    level: Level::Warning,
    why: "the index covers every row, so it is bigger and slower to maintain than the one written",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    let Some(w) = &ctx.facts().widened_index else {
        return Vec::new();
    };
    vec![Finding::new(
        &RULE,
        format!(
            "{} has no partial indexes: `{}` covers every row, not only `{}`",
            ctx.dialect.name(),
            w.name,
            w.where_clause
        ),
    )]
}
