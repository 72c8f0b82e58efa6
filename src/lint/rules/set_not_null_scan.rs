//! `set-not-null-scan`: on PostgreSQL, `SET NOT NULL` on a column of an
//! existing table scans every row under an exclusive lock; a validated
//! `CHECK (col IS NOT NULL)` added first lets PostgreSQL skip the scan.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "set-not-null-scan",
    level: Level::Warning,
    why: "every row is scanned under an exclusive lock; a validated CHECK (col IS NOT NULL) first lets PostgreSQL skip the scan",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    // A PostgreSQL concern: the engine with concurrent builds.
    if ctx.derived || !ctx.dialect.concurrent_index() {
        return Vec::new();
    }
    let Op::AlterColumn(o) = ctx.op else {
        return Vec::new();
    };
    let table = o.qual_table();
    if !ctx.existing(&table) {
        return Vec::new();
    }
    let former = ctx.before.table(&table).and_then(|t| t.column(&o.column));
    let was_nullable = former.is_some_and(|c| c.nullable.unwrap_or(true));
    if o.nullable != Some(false) || !was_nullable {
        return Vec::new();
    }
    vec![Finding::new(
        &RULE,
        format!(
            "sets `{table}.{}` NOT NULL: every row is scanned under an exclusive lock",
            o.column
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: qty, type: integer}, {name: id, type: integer, nullable: false}]}";

    #[test]
    fn setting_not_null_on_an_existing_table_warns() {
        let op = "- alter_column: {table: items, column: qty, nullable: false}";
        let found = lint_errors(&RULE, Case::new("postgresql", SETUP, op));
        assert_eq!(
            found,
            ["sets `items.qty` NOT NULL: every row is scanned under an exclusive lock"]
        );
    }

    #[test]
    fn an_already_not_null_column_or_a_new_table_is_fine() {
        let op = "- alter_column: {table: items, column: id, nullable: false}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, op));
        let op = "- alter_column: {table: items, column: qty, nullable: false}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, op).created("items"));
        lint_ok(&RULE, Case::new("mssql", SETUP, op));
    }
}
