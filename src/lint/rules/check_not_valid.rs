//! `check-not-valid`: on PostgreSQL, adding a check to an existing table
//! checks every row while holding a lock that blocks writes. Adding it
//! `NOT VALID` (`not_valid: true`) and validating it (`validate_constraint`)
//! after the transaction that added it has committed avoids the long lock.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "check-not-valid",
    level: Level::Warning,
    why: "every row is checked while writes wait; add it with `not_valid: true`, then `validate_constraint` in a later revision that runs outside the transaction (`transactional: false`)",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    // Only where the engine can add a constraint NOT VALID and validate it later.
    if ctx.derived || !ctx.dialect.defers_constraint_validation() {
        return Vec::new();
    }
    match ctx.op {
        Op::CreateCheckConstraint(o) if !o.not_valid && ctx.existing(&o.qual_table()) => {
            vec![Finding::new(
                &RULE,
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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: qty, type: integer}]}";
    const CHECK: &str = "- create_check_constraint: {table: items, expr: qty > 0}";

    #[test]
    fn a_validated_check_on_an_existing_table_warns() {
        let found = lint_errors(&RULE, Case::new("postgresql", SETUP, CHECK));
        assert_eq!(
            found,
            ["adds check `qty > 0` to existing table `items`, validating every row under a lock"]
        );
    }

    #[test]
    fn not_valid_or_a_new_table_or_another_engine_is_fine() {
        let not_valid = "- create_check_constraint: {table: items, expr: qty > 0, not_valid: true}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, not_valid));
        lint_ok(&RULE, Case::new("postgresql", SETUP, CHECK).created("items"));
        lint_ok(&RULE, Case::new("sqlite", SETUP, CHECK));
    }
}
