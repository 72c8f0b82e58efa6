//! `unparsed-sql`: `execute` SQL that sqlparser cannot parse for the
//! dialect. The engine is its judge, so it is written as is (once it is
//! known the client hands it on as written, see
//! `model::fragment::execute::hazard`), but gen has not read it: a typo
//! shows only when the script runs. `validate: strict` makes it an error,
//! `validate: false` asks for no parse and no warning.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "unparsed-sql",
    level: Level::Warning,
    why: "gen could not parse this SQL, so only the engine will tell whether it is valid; `validate: strict` makes it an error, `validate: false` skips the parse",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    match (ctx.op, &ctx.facts().unparsed_sql) {
        (Op::Execute(_), Some(message)) => vec![Finding::new(
            &RULE,
            format!(
                "sqlparser cannot parse this SQL for {}, so it is written unchecked: {message}",
                ctx.dialect.name()
            ),
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    #[test]
    fn sql_sqlparser_cannot_read_warns_with_its_message() {
        let op = "- execute: {sql: 'SELECT 1 FROM t WHERE x ISNULL', reverse_sql: 'SELECT 1'}";
        let found = lint_errors(&RULE, Case::new("postgresql", "", op));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("sqlparser cannot parse this SQL for postgresql")
                && found[0].contains("ISNULL")
                && found[0].contains("Line: 1"),
            "{found:?}"
        );
        // Derived (the user's reverse_sql) too.
        assert_eq!(
            lint_errors(&RULE, Case::new("postgresql", "", op).derived()).len(),
            1
        );
        lint_ok(&RULE, Case::new("postgresql", "", "- execute: {sql: 'SELECT 1'}"));
        for validate in ["strict", "false"] {
            let op = format!("- execute: {{sql: 'SELECT 1 FROM t WHERE x ISNULL', validate: {validate}}}");
            lint_ok(&RULE, Case::new("postgresql", "", &op));
        }
    }
}
