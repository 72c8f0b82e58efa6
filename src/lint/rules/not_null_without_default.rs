//! `not-null-without-default`: adding a NOT NULL column with no default to
//! a table that may hold rows fails as soon as there is one row.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "not-null-without-default",
    level: Level::Warning,
    why: "the statement fails on a table that has rows: give a default, or add it nullable, backfill, then set NOT NULL",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived {
        return Vec::new();
    }
    match ctx.op {
        Op::AddColumn(o)
            if o.column.nullable == Some(false)
                && o.column.default.is_none()
                && !o.column.autoincrement
                && o.column.identity.is_none()
                && o.column.computed.is_none()
                && ctx.existing(&o.qual_table()) =>
        {
            vec![Finding::new(
                &RULE,
                format!(
                    "adds NOT NULL column `{}.{}` without a default to a table that may have rows",
                    o.qual_table(),
                    o.column.name
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

    const SETUP: &str = "- create_table: {name: items, columns: [{name: id, type: integer}]}";

    #[test]
    fn a_not_null_column_without_default_on_an_existing_table_warns() {
        let op = "- add_column: {table: items, column: {name: qty, type: integer, nullable: false}}";
        assert_eq!(
            lint_errors(&RULE, Case::new("postgresql", SETUP, op)),
            ["adds NOT NULL column `items.qty` without a default to a table that may have rows"]
        );
    }

    #[test]
    fn a_default_or_a_new_table_is_fine() {
        let op = "- add_column: {table: items, column: {name: qty, type: integer, nullable: false, default: 0}}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, op));
        let op = "- add_column: {table: items, column: {name: qty, type: integer, nullable: false}}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, op).created("items"));
    }
}
