//! `missing-lock-timeout`: a transactional revision that alters existing
//! tables without setting `lock_timeout` first can queue behind a long
//! query, and every query on the table then queues behind it.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "missing-lock-timeout",
    level: Level::Warning,
    why: "a DDL statement waiting for its lock blocks every query behind it; start the revision with `execute: {sql: \"SET lock_timeout = '5s'\"}`",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    // A PostgreSQL concern: the engine with transactional DDL and concurrent builds.
    if ctx.derived()
        || ctx.revision.lock_timeout
        || ctx.revision.lock_warned
        || !ctx.transactional
        || !ctx.dialect.concurrent_index()
    {
        return Vec::new();
    }
    let table = match ctx.op {
        Op::AddColumn(o) => o.qual_table(),
        Op::DropColumn(o) => o.qual_table(),
        Op::DropTable(o) => o.qual_name(),
        Op::CreateIndex(o) if !o.concurrently => o.qual_table(),
        Op::AlterColumn(o) => o.qual_table(),
        Op::RenameTable(o) => o.qual_name(),
        Op::CreatePrimaryKey(o) => o.qual_table(),
        Op::CreateUniqueConstraint(o) => o.qual_table(),
        Op::CreateForeignKey(o) => o.qual_table(),
        Op::CreateCheckConstraint(o) => o.qual_table(),
        Op::DropConstraint(o) => o.qual_table(),
        _ => return Vec::new(),
    };
    if !ctx.existing(&table) {
        return Vec::new();
    }
    vec![Finding::new(
        &RULE,
        format!("locks existing table `{table}` with no `lock_timeout` set in this revision"),
    )]
}
