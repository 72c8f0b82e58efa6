//! `concurrent-index-unsupported`: on a dialect that cannot build an index
//! without blocking writes, lowering builds one asked for `concurrently`
//! the ordinary way.

use crate::lint::{Finding, Level, LintCtx, Rule};

pub const RULE: Rule = Rule {
    id: "concurrent-index-unsupported",
    level: Level::Warning,
    why: "the build locks writes to the table on this engine",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: code, type: text}]}";
    const CONCURRENT: &str = "- create_index: {name: ix_code, table: items, columns: [code], concurrently: true}";

    #[test]
    fn a_concurrent_build_the_engine_cannot_do_warns() {
        assert_eq!(
            lint_errors(&RULE, Case::new("mssql", SETUP, CONCURRENT)),
            ["mssql has no concurrent index builds: `ix_code` is built the ordinary way"]
        );
    }

    #[test]
    fn postgresql_builds_it_concurrently() {
        lint_ok(&RULE, Case::new("postgresql", SETUP, CONCURRENT).outside_transaction());
    }
}
