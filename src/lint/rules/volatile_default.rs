//! `volatile-default`: adding a column whose default is a volatile
//! expression (a new value per row) rewrites the whole table on PostgreSQL
//! under an exclusive lock; a constant or `now()` does not.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::literal::DefaultValue;
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "volatile-default",
    level: Level::Warning,
    why: "each existing row gets its own value, so the whole table is rewritten under an exclusive lock",
    check: Some(check),
};

/// Functions whose value changes per row.
const VOLATILE: &[&str] = &[
    "random(",
    "gen_random_uuid(",
    "uuid_generate_v1(",
    "uuid_generate_v4(",
    "clock_timestamp(",
    "timeofday(",
    "nextval(",
    "uuid(",
    "newid(",
];

fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived {
        return Vec::new();
    }
    match ctx.op {
        Op::AddColumn(o) if ctx.existing(&o.qual_table()) => match o.column.default.as_deref() {
            Some(DefaultValue::Sql(expr)) => {
                let lower = expr.to_ascii_lowercase().replace(' ', "");
                match VOLATILE.iter().find(|f| lower.contains(*f)) {
                    Some(f) => vec![Finding::new(
                        &RULE,
                        format!(
                            "column `{}.{}` defaults to `{expr}`, a new value per row (`{})`): every existing row is rewritten",
                            o.qual_table(),
                            o.column.name,
                            f
                        ),
                    )],
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: id, type: integer}]}";

    #[test]
    fn a_per_row_default_on_an_existing_table_warns() {
        let op = "- add_column: {table: items, column: {name: token, type: uuid, default: {sql: gen_random_uuid()}}}";
        let found = lint_errors(&RULE, Case::new("postgresql", SETUP, op));
        assert_eq!(
            found,
            ["column `items.token` defaults to `gen_random_uuid()`, a new value per row (`gen_random_uuid()`): every existing row is rewritten"]
        );
    }

    #[test]
    fn a_constant_or_now_is_fine() {
        let now = "- add_column: {table: items, column: {name: at, type: timestamptz, default: {sql: now()}}}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, now));
        let constant = "- add_column: {table: items, column: {name: n, type: integer, default: 0}}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, constant));
    }
}
