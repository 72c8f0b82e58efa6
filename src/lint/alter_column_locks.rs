//! `type-change-rewrites` and `set-not-null-scan`: on PostgreSQL, changing a
//! column's type rewrites the table (unless it only lifts a length limit),
//! and `SET NOT NULL` scans every row, both under an exclusive lock.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::sqltype::SqlType;
use crate::ops::Op;

pub const TYPE_RULE: Rule = Rule {
    id: "type-change-rewrites",
    level: Level::Warning,
    why: "the table is rewritten under an exclusive lock; on a big table add a new column, backfill, and swap instead",
};

pub const NOT_NULL_RULE: Rule = Rule {
    id: "set-not-null-scan",
    level: Level::Warning,
    why: "every row is scanned under an exclusive lock; a validated CHECK (col IS NOT NULL) first lets PostgreSQL skip the scan",
};

/// Changes PostgreSQL makes without touching the rows: a longer or
/// unlimited varchar, varchar to text, a wider numeric with the same scale.
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
        _ => from == to,
    }
}

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived() || !ctx.dialect.concurrent_index() {
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
    let mut out = Vec::new();
    if let (Some(new), Some(old)) = (o.ty.as_ref(), former) {
        let rewrites = match (old.ty.portable(), new.portable()) {
            (Some(a), Some(b)) => !metadata_only(a, b),
            _ => old.ty != *new,
        };
        if rewrites {
            out.push(Finding::new(
                &TYPE_RULE,
                format!(
                    "changes the type of `{table}.{}` from `{}` to `{new}`: the table is rewritten",
                    o.column, old.ty
                ),
            ));
        }
    }
    let was_nullable = former.is_some_and(|c| c.nullable.unwrap_or(true));
    if o.nullable == Some(false) && was_nullable {
        out.push(Finding::new(
            &NOT_NULL_RULE,
            format!(
                "sets `{table}.{}` NOT NULL: every row is scanned under an exclusive lock",
                o.column
            ),
        ));
    }
    out
}
