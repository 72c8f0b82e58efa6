//! A revision as the rest of the pipeline sees it: validated values, no YAML.
//!
//! `load` turns each file into a [`Revision`]; from here on the graph, the plan
//! and the schema replay work only with these values. A revision knows its
//! parents (`down_revisions`), the revisions or labels it `depends_on`, the
//! branch labels it declares, its operations and the file it came from (path
//! and SHA-256), so every later error can name the file.

use crate::diag::span::{DocPath, KeyAt, Span};
use crate::ops::Op;
use crate::source::checksum::Checksum;
use camino::Utf8PathBuf;
use std::fmt;

/// A revision id: 1-32 characters of `[A-Za-z0-9_]` (fits `VARCHAR(32)`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RevisionId(String);

impl RevisionId {
    /// Checks the id's shape; the error says what would be valid.
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.is_empty() || s.len() > 32 {
            return Err(format!(
                "revision id `{s}` must be 1 to 32 characters long (it is {})",
                s.len()
            ));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
        {
            return Err(format!(
                "revision id `{s}` contains `{c}`; only letters, digits and `_` are allowed"
            ));
        }
        Ok(RevisionId(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RevisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The file a revision was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path as shown to the user (the migrations dir joined with the file name).
    pub path: Utf8PathBuf,
    /// SHA-256 of the file's bytes.
    pub sha256: Checksum,
}

/// One migration revision.
///
/// A run holds every revision from the load to its end, so what does not
/// change once loaded is kept in boxed slices and strings, not vectors
/// (no capacity to carry): 240 bytes each, not 304.
#[derive(Debug, Clone)]
pub struct Revision {
    pub id: RevisionId,
    /// Parents: empty for a root, several for a merge.
    pub down_revisions: Box<[RevisionId]>,
    /// Revision ids, id prefixes or branch labels that must be applied first.
    pub depends_on: Box<[String]>,
    pub branch_labels: Box<[String]>,
    pub message: Option<Box<str>>,
    pub create_date: Option<Box<str>>,
    /// `false`: runs outside any transaction block.
    pub transactional: bool,
    /// A vector: a script run moves it out (see `upgrade_ops`).
    pub upgrade: Vec<Op>,
    /// `None`: derived from `upgrade` and the schema.
    pub downgrade: Option<Box<[Op]>>,
    /// Lint rules silenced per operation (`allow:`), by index into
    /// `upgrade`. It ends at the last operation with an `allow:`: an index
    /// past its end silences nothing.
    pub upgrade_allow: Box<[Vec<String>]>,
    /// Likewise for a written `downgrade`.
    pub downgrade_allow: Box<[Vec<String>]>,
    /// The dialects operations are limited to (`dialects:`); `None` when
    /// no operation of the revision has a list (nearly every revision).
    pub dialects: Option<Box<OpDialects>>,
    /// Where each operation's key is in the file (for warnings' carets).
    pub op_keys: OpKeys,
    pub source: Source,
}

/// The dialects an operation runs on (canonical names, as written, without
/// repeats); empty: every dialect.
pub type DialectList = Box<[&'static str]>;

/// Per-operation `dialects:` lists, by index into `upgrade` and into a
/// written `downgrade`. Like the `allow` lists, each ends at the last
/// operation with a list: an index past its end runs everywhere.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpDialects {
    pub upgrade: Box<[DialectList]>,
    pub downgrade: Box<[DialectList]>,
}

/// Whether an operation limited to `list` runs on the dialect `name`.
pub fn runs_on(list: &[&'static str], name: &str) -> bool {
    list.is_empty() || list.contains(&name)
}

/// Where the operations' keys are, by list (see [`crate::source::op_keys`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpKeys {
    pub upgrade: Box<[KeyAt]>,
    pub downgrade: Box<[KeyAt]>,
}

impl Revision {
    /// The dialects the upgrade's operation `i` is limited to (empty: all).
    pub fn upgrade_dialects(&self, i: usize) -> &[&'static str] {
        self.dialects
            .as_ref()
            .and_then(|d| d.upgrade.get(i))
            .map_or(&[], |l| &l[..])
    }

    /// The dialects the written downgrade's operation `i` is limited to.
    pub fn downgrade_dialects(&self, i: usize) -> &[&'static str] {
        self.dialects
            .as_ref()
            .and_then(|d| d.downgrade.get(i))
            .map_or(&[], |l| &l[..])
    }

    /// A span pointing at a top-level key of this revision's file.
    pub fn span_of(&self, path: DocPath) -> Span {
        Span::path(&self.source.path, path)
    }

    /// A bare revision (no operations), for tests of the graph and the plan.
    pub fn bare(id: &str, parents: &[&str]) -> Result<Self, String> {
        Ok(Revision {
            id: RevisionId::parse(id)?,
            down_revisions: parents
                .iter()
                .map(|p| RevisionId::parse(p))
                .collect::<Result<_, _>>()?,
            depends_on: Box::default(),
            branch_labels: Box::default(),
            message: None,
            create_date: None,
            transactional: true,
            upgrade: Vec::new(),
            downgrade: None,
            upgrade_allow: Box::default(),
            downgrade_allow: Box::default(),
            dialects: None,
            op_keys: OpKeys::default(),
            source: Source {
                path: Utf8PathBuf::from(format!("migrations/{id}.yaml")),
                sha256: Checksum::default(),
            },
        })
    }
}
