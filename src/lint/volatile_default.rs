//! `volatile-default`: adding a column whose default is a volatile
//! expression (a new value per row) rewrites the whole table on PostgreSQL
//! under an exclusive lock; a constant or `now()` does not.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::literal::DefaultValue;
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "volatile-default",
    level: Level::Warning,
    why: "each existing row gets its own value, so the whole table is rewritten under an exclusive lock",
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

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived() {
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
