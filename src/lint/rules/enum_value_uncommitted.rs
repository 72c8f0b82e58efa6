//! `enum-value-uncommitted`: values appended to an enum type with
//! `ALTER TYPE ... ADD VALUE` inside a transaction block cannot be used
//! until the block commits (PostgreSQL: "unsafe use of new value"). A later
//! statement of the same script that writes one (a default, a row) fails.

use crate::lint::{Finding, Level, LintCtx, Rule};

pub const RULE: Rule = Rule {
    id: "enum-value-uncommitted",
    level: Level::Warning,
    why: "a statement of the same transaction that uses a new value fails; if a later operation of this script uses one, set `transactional: false` on this revision so that the values are committed first",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    let Some(added) = &ctx.facts().enum_values_uncommitted else {
        return Vec::new();
    };
    let values: Vec<String> = added.values.iter().map(|v| format!("`{v}`")).collect();
    vec![Finding::new(
        &RULE,
        format!(
            "adds {} to enum type `{}` inside the transaction: {} cannot use {} before it commits",
            values.join(", "),
            added.name,
            ctx.dialect.name(),
            if values.len() == 1 { "it" } else { "them" }
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str =
        "- create_table: {name: people, columns: [{name: mood, type: \"enum(sad, ok)\"}]}";
    const APPEND: &str = "- alter_column: {table: people, column: mood, type: \"enum(sad, ok, happy)\"}";

    #[test]
    fn values_appended_in_a_transaction_warn() {
        assert_eq!(
            lint_errors(&RULE, Case::new("postgresql", SETUP, APPEND)),
            ["adds `happy` to enum type `people_mood_enum` inside the transaction: postgresql cannot use it before it commits"]
        );
    }

    #[test]
    fn outside_a_transaction_a_swap_or_another_engine_is_fine() {
        lint_ok(&RULE, Case::new("postgresql", SETUP, APPEND).outside_transaction());
        let reorder = "- alter_column: {table: people, column: mood, type: \"enum(ok, sad)\"}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, reorder));
        lint_ok(&RULE, Case::new("mysql", SETUP, APPEND));
    }
}
