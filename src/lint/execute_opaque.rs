//! `execute-opaque`: raw SQL is not understood by the schema model, so
//! nothing after it is checked against what it really did.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "execute-opaque",
    level: Level::Warning,
    why: "the schema model cannot see what raw SQL changes, so later checks trust it blindly",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    match ctx.op {
        Op::Execute(_) if !ctx.derived() => vec![Finding::new(
            &RULE,
            "`execute` is opaque to the schema model: gen cannot check what it does".to_owned(),
        )],
        _ => Vec::new(),
    }
}
