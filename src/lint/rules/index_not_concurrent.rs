//! `index-not-concurrent`: on an engine that can build an index without
//! blocking writes, building one on an existing table the ordinary way
//! locks the table for the whole build.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "index-not-concurrent",
    level: Level::Warning,
    why: "writes to the table wait for the whole index build; use `concurrently: true` in a `transactional: false` revision",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived {
        return Vec::new();
    }
    match ctx.op {
        Op::CreateIndex(o)
            if !o.concurrently
                && ctx.dialect.concurrent_index()
                && ctx.existing(&o.qual_table()) =>
        {
            vec![Finding::new(
                &RULE,
                format!(
                    "builds index `{}` on existing table `{}` without `concurrently`",
                    o.name,
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

    const SETUP: &str = "- create_table: {name: items, columns: [{name: code, type: text}]}";
    const INDEX: &str = "- create_index: {name: ix_code, table: items, columns: [code]}";

    #[test]
    fn an_ordinary_index_on_an_existing_table_warns() {
        assert_eq!(
            lint_errors(&RULE, Case::new("postgresql", SETUP, INDEX)),
            ["builds index `ix_code` on existing table `items` without `concurrently`"]
        );
    }

    #[test]
    fn concurrently_a_new_table_or_an_engine_without_it_is_fine() {
        let concurrent = "- create_index: {name: ix_code, table: items, columns: [code], concurrently: true}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, concurrent).outside_transaction());
        lint_ok(&RULE, Case::new("postgresql", SETUP, INDEX).created("items"));
        lint_ok(&RULE, Case::new("sqlite", SETUP, INDEX));
    }
}
