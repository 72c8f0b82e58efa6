//! `type-change-rewrites`: on PostgreSQL, changing a column's type rewrites
//! the whole table under an exclusive lock, unless the change only lifts a
//! limit (a longer varchar, varchar to text, a wider numeric with the same
//! scale) or appends values to an enum.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::sqltype::SqlType;
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "type-change-rewrites",
    level: Level::Warning,
    why: "the table is rewritten under an exclusive lock; on a big table add a new column, backfill, and swap instead",
    check: Some(check),
};

/// Changes PostgreSQL makes without touching the rows: a longer or
/// unlimited varchar, varchar to text, a wider numeric with the same scale,
/// values appended to an enum.
fn metadata_only(from: &SqlType, to: &SqlType) -> bool {
    match (from, to) {
        (SqlType::Varchar { length: Some(a) }, SqlType::Varchar { length: Some(b) }) => b >= a,
        (SqlType::Varchar { .. }, SqlType::Varchar { length: None } | SqlType::Text) => true,
        (
            SqlType::Numeric {
                precision: Some(p1),
                scale: s1,
            },
            SqlType::Numeric {
                precision: Some(p2),
                scale: s2,
            },
        ) => p2 >= p1 && s1 == s2,
        // Values appended at the end: `ALTER TYPE ... ADD VALUE`.
        (SqlType::Enum { values: a }, SqlType::Enum { values: b }) => b.starts_with(a),
        _ => from == to,
    }
}

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
    let (Some(new), Some(old)) = (o.ty.as_ref(), former) else {
        return Vec::new();
    };
    let rewrites = match (old.ty.portable(), new.portable()) {
        // A named enum type is another type than a column's own.
        (Some(a), Some(b)) => old.ty.enum_name() != new.enum_name() || !metadata_only(a, b),
        _ => old.ty != *new,
    };
    if !rewrites {
        return Vec::new();
    }
    vec![Finding::new(
        &RULE,
        format!(
            "changes the type of `{table}.{}` from `{}` to `{new}`: the table is rewritten",
            o.column, old.ty
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: code, type: varchar(10)}, {name: qty, type: integer}]}";

    #[test]
    fn a_type_change_that_rewrites_warns() {
        let op = "- alter_column: {table: items, column: qty, type: bigint}";
        let found = lint_errors(&RULE, Case::new("postgresql", SETUP, op));
        assert_eq!(
            found,
            ["changes the type of `items.qty` from `integer` to `bigint`: the table is rewritten"]
        );
    }

    #[test]
    fn lifting_a_limit_or_another_engine_is_fine() {
        for op in [
            "- alter_column: {table: items, column: code, type: varchar(20)}",
            "- alter_column: {table: items, column: code, type: text}",
        ] {
            lint_ok(&RULE, Case::new("postgresql", SETUP, op));
        }
        let op = "- alter_column: {table: items, column: qty, type: bigint}";
        lint_ok(&RULE, Case::new("mysql", SETUP, op));
        lint_ok(&RULE, Case::new("postgresql", SETUP, op).created("items"));
    }
}
