//! What a lint rule may look at: the operation, the schema before it, the
//! dialect, what lowering decided ([`Facts`]) and what the revision did so
//! far ([`RevisionState`]).

use crate::dialect::Dialect;
use crate::lower::facts::Facts;
use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::{ColumnDef, CreateTable, Op};
use std::collections::BTreeSet;

/// What the revision being rendered has done so far.
#[derive(Debug, Default, Clone)]
pub struct RevisionState {
    /// Tables created earlier in this revision (new, so empty and unlocked).
    pub created: BTreeSet<QualName>,
    /// An `execute` set `lock_timeout`.
    pub lock_timeout: bool,
    /// The missing-lock-timeout finding was already made for this revision.
    pub lock_warned: bool,
    /// Columns and tables dropped earlier in this revision, as they were
    /// (a later add of the same shape may be a rename: `possible-rename`).
    pub dropped: Vec<Dropped>,
}

/// A column or a table an earlier operation of the revision dropped.
#[derive(Debug, Clone)]
pub enum Dropped {
    Column(QualName, Box<ColumnDef>),
    Table(Box<CreateTable>),
}

impl RevisionState {
    /// Notes what `op` did, after it was linted.
    pub fn after(&mut self, op: &Op, before: &Schema, findings: &[super::Finding]) {
        match op {
            Op::DropColumn(o) => {
                let q = o.qual_table();
                if let Some(c) = before.table(&q).and_then(|t| t.column(&o.column)) {
                    self.dropped.push(Dropped::Column(q, Box::new(c.clone())));
                }
            }
            Op::DropTable(o) => {
                if let Some(t) = before.table(&o.qual_name()) {
                    self.dropped.push(Dropped::Table(Box::new(t.def.clone())));
                }
            }
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
        if findings
            .iter()
            .any(|f| f.rule == super::rules::missing_lock_timeout::RULE.id)
        {
            self.lock_warned = true;
        }
    }
}

/// Everything a rule may look at.
pub struct LintCtx<'a> {
    pub op: &'a Op,
    /// The operation was derived by gen (a downgrade nobody wrote): rules
    /// about how the user wrote things do not apply.
    pub derived: bool,
    pub before: &'a Schema,
    pub dialect: &'a dyn Dialect,
    pub transactional: bool,
    pub revision: &'a RevisionState,
    /// What lowering decided (`None`: it refused the operation).
    pub facts: Option<&'a Facts>,
}

impl LintCtx<'_> {
    /// What lowering decided about the operation.
    pub fn facts(&self) -> &Facts {
        self.facts.unwrap_or(&Facts::NONE)
    }

    /// A table that existed before this revision (may hold rows, is in use).
    pub fn existing(&self, table: &QualName) -> bool {
        self.before.table(table).is_some() && !self.revision.created.contains(table)
    }
}
