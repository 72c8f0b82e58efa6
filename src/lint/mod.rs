//! Lint rules: what a reviewer should know about an operation before it
//! reaches production, each with an id, a severity and a one-line why.
//!
//! The generator asks every rule about every operation it renders, with the
//! schema before it, what lowering decided about it ([`Facts`]) and what the
//! revision did so far ([`RevisionState`]). Findings become
//! `warning[rule-id]` diagnostics on stderr and `-- WARNING [rule-id]: ...`
//! comments above the statement in the script. A project silences rules
//! with `allow: [rule-id, ...]` in `gen.yaml`.
//!
//! One file per rule, `rules/<rule_id>.rs`: its doc, its `RULE` and its
//! check, with in-process tests. `registry!` below is the one list:
//! adding a rule is its file and one line there. Codes reported elsewhere
//! (lowering's refusal `concurrently-in-transaction`, `gen check`'s
//! `irreversible`) have a file too, without a check, so every id is
//! documented in one place.
//!
//! [`Facts`]: crate::lower::facts::Facts

mod context;
#[cfg(test)]
mod testing;

pub use context::{Dropped, LintCtx, RevisionState};

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Warning,
    /// Refused: the script would fail or do harm.
    Error,
}

/// A lint rule.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    /// Why it matters, in one line.
    pub why: &'static str,
    /// Its findings about one operation; `None` for a code reported
    /// elsewhere (see the rule's file).
    pub check: Option<fn(&LintCtx) -> Vec<Finding>>,
}

/// One thing a rule found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub message: String,
}

impl Finding {
    pub fn new(rule: &Rule, message: String) -> Finding {
        Finding {
            rule: rule.id,
            message,
        }
    }
}

/// Declares each rule's file (`rules/<name>.rs`, which defines `RULE`) and
/// [`RULES`], in the order given: the order rules are asked, documented
/// and listed.
macro_rules! registry {
    ($($rule:ident),* $(,)?) => {
        mod rules {
            $(pub mod $rule;)*
        }
        /// Every rule, for documentation, for checking `allow:` lists, and
        /// in the order [`lint`] asks them.
        pub const RULES: &[&Rule] = &[$(&rules::$rule::RULE),*];
    };
}

registry! {
    data_loss,
    dropped_with_column,
    not_null_without_default,
    index_not_concurrent,
    volatile_default,
    missing_lock_timeout,
    identifier_at_limit,
    execute_opaque,
    unparsed_sql,
    fk_not_valid,
    check_not_valid,
    type_change_rewrites,
    set_not_null_scan,
    rename_breaks_code,
    possible_rename,
    partial_index_unsupported,
    concurrent_index_unsupported,
    table_rebuild,
    concurrently_in_transaction,
    irreversible,
    enum_value_uncommitted,
}

/// Reported by `gen check`: a downgrade cannot go through the revision.
pub const IRREVERSIBLE: &Rule = &rules::irreversible::RULE;

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// The help line of a warning from rule `id`: why it matters and how to
/// silence it. Built once per rule and shared by every warning (a long
/// history has thousands).
pub fn help(id: &str) -> &'static str {
    static HELP: OnceLock<BTreeMap<&'static str, String>> = OnceLock::new();
    let lines = HELP.get_or_init(|| {
        RULES
            .iter()
            .map(|r| {
                let line = format!("{}; silence with `allow: [{}]` in gen.yaml", r.why, r.id);
                (r.id, line)
            })
            .collect()
    });
    lines.get(id).map_or("", String::as_str)
}

/// Every finding of every rule about one operation, in [`RULES`] order.
pub fn lint(ctx: &LintCtx) -> Vec<Finding> {
    RULES
        .iter()
        .filter_map(|r| r.check)
        .flat_map(|check| check(ctx))
        .collect()
}

#[cfg(test)]
mod tests;
