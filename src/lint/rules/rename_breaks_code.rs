//! `rename-breaks-code`: renaming a table or a column breaks every running
//! query that uses the old name, from the moment the script commits until
//! the new application is deployed.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "rename-breaks-code",
    level: Level::Warning,
    why: "code still using the old name fails until it is redeployed; add the new name beside the old one, move the code, then drop the old",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived {
        return Vec::new();
    }
    match ctx.op {
        Op::RenameTable(o) => vec![Finding::new(
            &RULE,
            format!("renames table `{}` to `{}`", o.qual_name(), o.new_name),
        )],
        Op::AlterColumn(o) => match &o.new_name {
            Some(n) => vec![Finding::new(
                &RULE,
                format!("renames column `{}.{}` to `{n}`", o.qual_table(), o.column),
            )],
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: code, type: text}]}";

    #[test]
    fn renaming_a_table_or_a_column_warns() {
        let table = "- rename_table: {name: items, new_name: goods}";
        assert_eq!(
            lint_errors(&RULE, Case::new("postgresql", SETUP, table)),
            ["renames table `items` to `goods`"]
        );
        let column = "- alter_column: {table: items, column: code, new_name: sku}";
        assert_eq!(
            lint_errors(&RULE, Case::new("sqlite", SETUP, column)),
            ["renames column `items.code` to `sku`"]
        );
    }

    #[test]
    fn other_changes_or_a_derived_rename_are_fine() {
        let op = "- alter_column: {table: items, column: code, nullable: false}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, op));
        let table = "- rename_table: {name: items, new_name: goods}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, table).derived());
    }
}
