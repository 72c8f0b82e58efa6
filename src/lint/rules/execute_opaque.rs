//! `execute-opaque`: raw SQL is not understood by the schema model, so
//! nothing after it is checked against what it really did.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "execute-opaque",
    level: Level::Warning,
    why: "the schema model cannot see what raw SQL changes, so later checks trust it blindly",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    match ctx.op {
        Op::Execute(_) if !ctx.derived => vec![Finding::new(
            &RULE,
            "`execute` is opaque to the schema model: gen cannot check what it does".to_owned(),
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    #[test]
    fn raw_sql_warns_unless_gen_derived_it() {
        let op = "- execute: {sql: 'SELECT 1'}";
        assert_eq!(
            lint_errors(&RULE, Case::new("postgresql", "", op)),
            ["`execute` is opaque to the schema model: gen cannot check what it does"]
        );
        lint_ok(&RULE, Case::new("postgresql", "", op).derived());
        let table = "- create_table: {name: t, columns: [{name: id, type: integer}]}";
        lint_ok(&RULE, Case::new("postgresql", "", table));
    }
}
