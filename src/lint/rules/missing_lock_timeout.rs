//! `missing-lock-timeout`: a transactional revision that alters existing
//! tables without setting `lock_timeout` first can queue behind a long
//! query, and every query on the table then queues behind it. A
//! `lock_timeout:` in gen.yaml or in the revision file satisfies it (the
//! walk starts the revision's state with it), as does an `execute` that
//! sets it.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "missing-lock-timeout",
    level: Level::Warning,
    why: "a DDL statement waiting for its lock blocks every query behind it; set `lock_timeout: 5s` in gen.yaml (every script) or at the top of the revision file (this revision), which gen writes for each dialect",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    // A PostgreSQL concern: the engine with transactional DDL and concurrent builds.
    if ctx.derived
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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};
    use crate::lint::RevisionState;

    const SETUP: &str = "- create_table: {name: items, columns: [{name: code, type: text}]}";
    const ADD: &str = "- add_column: {table: items, column: {name: note, type: text}}";

    #[test]
    fn altering_an_existing_table_without_a_lock_timeout_warns() {
        assert_eq!(
            lint_errors(&RULE, Case::new("postgresql", SETUP, ADD)),
            ["locks existing table `items` with no `lock_timeout` set in this revision"]
        );
    }

    #[test]
    fn a_set_timeout_an_earlier_warning_or_no_transaction_is_fine() {
        let set = RevisionState {
            lock_timeout: true,
            ..RevisionState::default()
        };
        lint_ok(&RULE, Case::new("postgresql", SETUP, ADD).after(set));
        let warned = RevisionState {
            lock_warned: true,
            ..RevisionState::default()
        };
        lint_ok(&RULE, Case::new("postgresql", SETUP, ADD).after(warned));
        lint_ok(&RULE, Case::new("postgresql", SETUP, ADD).outside_transaction());
        lint_ok(&RULE, Case::new("mysql", SETUP, ADD));
    }
}
