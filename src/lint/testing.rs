//! In-process tests of one rule: a schema built from a YAML literal with
//! the crate's own loader, one operation lowered for one dialect (so that
//! rules about lowering's [`Facts`] see them), and the rule's check asked
//! about it. `lint_errors` wants findings and returns their messages;
//! `lint_ok` wants none.
//!
//! [`Facts`]: crate::lower::facts::Facts

use super::{Finding, LintCtx, RevisionState, Rule};
use crate::dialect::by_name;
use crate::lower::{lower, LowerCtx};
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};

/// One operation after a setup, and how it is run.
pub struct Case<'a> {
    dialect: &'a str,
    setup: &'a str,
    op: &'a str,
    derived: bool,
    transactional: bool,
    revision: RevisionState,
}

impl<'a> Case<'a> {
    /// `op` (one operation, YAML) for `dialect` after the operations of
    /// `setup`, written in a transactional revision.
    pub fn new(dialect: &'a str, setup: &'a str, op: &'a str) -> Self {
        Case {
            dialect,
            setup,
            op,
            derived: false,
            transactional: true,
            revision: RevisionState::default(),
        }
    }

    /// The operation is part of a downgrade gen derived.
    pub fn derived(mut self) -> Self {
        self.derived = true;
        self
    }

    /// The revision runs outside a transaction block.
    pub fn outside_transaction(mut self) -> Self {
        self.transactional = false;
        self
    }

    /// `table` was created earlier in the same revision.
    pub fn created(mut self, table: &str) -> Self {
        let name = Ident::new(table).expect("a table name");
        self.revision.created.insert(QualName::new(None, name));
        self
    }

    /// What the revision did before the operation.
    pub fn after(mut self, revision: RevisionState) -> Self {
        self.revision = revision;
        self
    }

    /// Lowers the operation and asks `check`; also gives lowering's refusal.
    fn run<T>(&self, ask: impl FnOnce(&LintCtx, Option<String>) -> T) -> T {
        let d = by_name(self.dialect).expect("a dialect");
        let mut schema = Schema::for_dialect(d.clone());
        for o in crate::source::parse_ops(self.setup).expect("the setup parses") {
            schema.apply(&o).expect("the setup applies");
        }
        let mut ops = crate::source::parse_ops(self.op).expect("the operation parses");
        assert_eq!(ops.len(), 1, "one operation: {}", self.op);
        let op = ops.remove(0);
        let lowered = lower(
            &op,
            &schema,
            &LowerCtx {
                dialect: &*d,
                transactional: self.transactional,
                preview: None,
            },
        );
        let ctx = LintCtx {
            op: &op,
            derived: self.derived,
            before: &schema,
            dialect: &*d,
            transactional: self.transactional,
            revision: &self.revision,
            facts: lowered.as_ref().ok().map(|l| &l.facts),
        };
        ask(&ctx, lowered.as_ref().err().map(|e| e.message.clone()))
    }

    /// What `rule` finds.
    pub fn findings(&self, rule: &Rule) -> Vec<Finding> {
        let check = rule.check.expect("a rule with a check");
        self.run(|ctx, _| check(ctx))
    }

    /// Lowering's refusal of the operation, if it refuses it.
    pub fn refusal(&self) -> Option<String> {
        self.run(|_, refusal| refusal)
    }
}

/// The messages of `rule`'s findings, of which there must be some.
pub fn lint_errors(rule: &Rule, case: Case) -> Vec<String> {
    let found = case.findings(rule);
    assert!(
        !found.is_empty(),
        "[{}] found nothing in {}",
        rule.id,
        case.op
    );
    found
        .into_iter()
        .map(|f| {
            assert_eq!(f.rule, rule.id);
            f.message
        })
        .collect()
}

/// `rule` finds nothing.
pub fn lint_ok(rule: &Rule, case: Case) {
    let found = case.findings(rule);
    assert!(found.is_empty(), "[{}] in {}: {found:?}", rule.id, case.op);
}
