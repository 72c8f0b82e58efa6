//! `partial-index-unsupported`: on a dialect without partial indexes,
//! lowering builds a non-unique partial index over every row (a unique one
//! is refused: it would refuse rows the partial one allows).

use crate::lint::{Finding, Level, LintCtx, Rule};

pub const RULE: Rule = Rule {
    id: "partial-index-unsupported",
    level: Level::Warning,
    why: "the index covers every row, so it is bigger and slower to maintain than the one written",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: code, type: text}, {name: live, type: boolean}]}";
    const PARTIAL: &str = "- create_index: {name: ix_live, table: items, columns: [code], where: live}";

    #[test]
    fn a_partial_index_built_over_every_row_warns() {
        assert_eq!(
            lint_errors(&RULE, Case::new("mysql", SETUP, PARTIAL)),
            ["mysql has no partial indexes: `ix_live` covers every row, not only `live`"]
        );
    }

    #[test]
    fn an_engine_with_partial_indexes_is_fine() {
        lint_ok(&RULE, Case::new("postgresql", SETUP, PARTIAL));
        lint_ok(&RULE, Case::new("sqlite", SETUP, PARTIAL));
    }
}
