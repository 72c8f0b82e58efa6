//! Lint rules: what a reviewer should know about an operation before it
//! reaches production, each with an id, a severity and a one-line why.
//!
//! The generator asks every rule about every operation it renders, with the
//! schema before it and what the revision did so far ([`RevisionState`]).
//! Findings become `warning[rule-id]` diagnostics on stderr and
//! `-- WARNING [rule-id]: ...` comments above the statement in the script.
//! A project silences rules with `allow: [rule-id, ...]` in `gen.yaml`.
//! One file per rule; what `lower` decided (a dialect without partial or
//! concurrent indexes, a table rebuild) reaches the rules as its
//! [`Facts`], and its refusal to index concurrently inside a transaction is
//! documented here too, so every id is in one place.

mod alter_column_locks;
mod concurrent_index_unsupported;
mod constraint_validation;
mod data_loss;
mod dropped_with_column;
mod execute_opaque;
mod identifier_at_limit;
mod index_not_concurrent;
mod lock_timeout;
mod not_null_without_default;
mod partial_index_unsupported;
mod rename_breaks_code;
mod table_rebuild;
mod volatile_default;
mod warning;

pub use warning::{Warning, WarningOut, WarningText, WARNING_BATCH};

use crate::diag::error::OpList;
use crate::dialect::Dialect;
use crate::lower::facts::{Facts, CONCURRENTLY_IN_TRANSACTION as REFUSED_CONCURRENTLY};
use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::Op;
use std::collections::{BTreeMap, BTreeSet};
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

/// What the revision being rendered has done so far.
#[derive(Debug, Default, Clone)]
pub struct RevisionState {
    /// Tables created earlier in this revision (new, so empty and unlocked).
    pub created: BTreeSet<QualName>,
    /// An `execute` set `lock_timeout`.
    pub lock_timeout: bool,
    /// The missing-lock-timeout finding was already made for this revision.
    pub lock_warned: bool,
}

impl RevisionState {
    /// Notes what `op` did, after it was linted.
    pub fn after(&mut self, op: &Op, findings: &[Finding]) {
        match op {
            Op::CreateTable(o) => {
                self.created.insert(o.qual_name());
            }
            Op::Execute(o) => {
                let mentions = |s: &str| s.to_ascii_lowercase().contains("lock_timeout");
                let texts = match &o.sql {
                    crate::ops::SqlText::All(s) => vec![s.as_str()],
                    crate::ops::SqlText::PerDialect(m) => m.values().map(String::as_str).collect(),
                };
                if texts.into_iter().any(mentions) {
                    self.lock_timeout = true;
                }
            }
            _ => {}
        }
        if findings.iter().any(|f| f.rule == lock_timeout::RULE.id) {
            self.lock_warned = true;
        }
    }
}

/// Everything a rule may look at.
pub struct LintCtx<'a> {
    pub op: &'a Op,
    pub list: OpList,
    pub before: &'a Schema,
    pub dialect: &'a dyn Dialect,
    pub transactional: bool,
    pub revision: &'a RevisionState,
    /// What lowering decided (`None`: it refused the operation).
    pub facts: Option<&'a Facts>,
}

impl LintCtx<'_> {
    /// The operation was derived by gen (a downgrade nobody wrote): rules
    /// about how the user wrote things do not apply.
    pub fn derived(&self) -> bool {
        self.list == OpList::DerivedDowngrade
    }

    /// What lowering decided about the operation.
    pub fn facts(&self) -> &Facts {
        self.facts.unwrap_or(&Facts::NONE)
    }

    /// A table that existed before this revision (may hold rows, is in use).
    pub fn existing(&self, table: &QualName) -> bool {
        self.before.table(table).is_some() && !self.revision.created.contains(table)
    }
}

/// Reported by `lower` as an error: PostgreSQL refuses it.
pub const CONCURRENTLY_IN_TRANSACTION: Rule = Rule {
    id: REFUSED_CONCURRENTLY,
    level: Level::Error,
    why: "PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY inside a transaction block",
};
/// Reported by `gen check`: a downgrade cannot go through the revision.
pub const IRREVERSIBLE: Rule = Rule {
    id: "irreversible",
    level: Level::Warning,
    why: "a downgrade through this revision is impossible until it gets a downgrade",
};

/// Every rule, for documentation and for checking `allow:` lists.
pub const RULES: &[&Rule] = &[
    &data_loss::RULE,
    &dropped_with_column::RULE,
    &not_null_without_default::RULE,
    &index_not_concurrent::RULE,
    &volatile_default::RULE,
    &lock_timeout::RULE,
    &identifier_at_limit::RULE,
    &execute_opaque::RULE,
    &constraint_validation::FK_RULE,
    &constraint_validation::CHECK_RULE,
    &alter_column_locks::TYPE_RULE,
    &alter_column_locks::NOT_NULL_RULE,
    &rename_breaks_code::RULE,
    &partial_index_unsupported::RULE,
    &concurrent_index_unsupported::RULE,
    &table_rebuild::RULE,
    &CONCURRENTLY_IN_TRANSACTION,
    &IRREVERSIBLE,
];

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

/// Every finding of every rule about one operation.
pub fn lint(ctx: &LintCtx) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(data_loss::check(ctx));
    out.extend(dropped_with_column::check(ctx));
    out.extend(not_null_without_default::check(ctx));
    out.extend(index_not_concurrent::check(ctx));
    out.extend(volatile_default::check(ctx));
    out.extend(lock_timeout::check(ctx));
    out.extend(identifier_at_limit::check(ctx));
    out.extend(execute_opaque::check(ctx));
    out.extend(constraint_validation::check(ctx));
    out.extend(alter_column_locks::check(ctx));
    out.extend(rename_breaks_code::check(ctx));
    out.extend(partial_index_unsupported::check(ctx));
    out.extend(concurrent_index_unsupported::check(ctx));
    out.extend(table_rebuild::check(ctx));
    out
}

#[cfg(test)]
mod tests;
