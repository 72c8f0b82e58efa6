//! `fk-not-valid` and `check-not-valid`: on PostgreSQL, adding a foreign
//! key or a check to an existing table validates every row while holding a
//! lock that blocks writes. Adding it `NOT VALID` (`not_valid: true`) and
//! validating it (`validate_constraint`) after the transaction that added
//! it has committed avoids the long lock.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const FK_RULE: Rule = Rule {
    id: "fk-not-valid",
    level: Level::Warning,
    why: "every row is checked while writes wait; add it with `not_valid: true`, then `validate_constraint` in a later revision that runs outside the transaction (`transactional: false`)",
};

pub const CHECK_RULE: Rule = Rule {
    id: "check-not-valid",
    level: Level::Warning,
    why: "every row is checked while writes wait; add it with `not_valid: true`, then `validate_constraint` in a later revision that runs outside the transaction (`transactional: false`)",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    // A PostgreSQL concern: the engine that can defer validation.
    if ctx.derived() || !ctx.dialect.concurrent_index() {
        return Vec::new();
    }
    match ctx.op {
        Op::CreateForeignKey(o) if !o.not_valid && ctx.existing(&o.qual_table()) => {
            vec![Finding::new(
                &FK_RULE,
                format!(
                    "adds a foreign key to existing table `{}`, validating every row under a lock",
                    o.qual_table()
                ),
            )]
        }
        Op::CreateCheckConstraint(o) if !o.not_valid && ctx.existing(&o.qual_table()) => {
            vec![Finding::new(
                &CHECK_RULE,
                format!(
                    "adds check `{}` to existing table `{}`, validating every row under a lock",
                    o.expr,
                    o.qual_table()
                ),
            )]
        }
        _ => Vec::new(),
    }
}
