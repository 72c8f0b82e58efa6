//! What can be wrong with the revisions as a whole ([`GraphError`]) and why a
//! string did not name exactly one revision ([`LookupError`]), with the
//! messages both print.

use crate::diag::span::Span;
use crate::source::revision::RevisionId;
use std::fmt;

/// The kind of edges a cycle goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CycleKind {
    /// Only `down_revision` links.
    DownRevision,
    /// At least one `depends_on` link.
    Dependency,
}

/// A problem with the set of revisions as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphError {
    /// Two files declare the same revision id.
    DuplicateId {
        id: RevisionId,
        span: Span,
        first: Span,
    },
    /// Two revisions declare the same branch label.
    DuplicateLabel {
        label: String,
        revision: RevisionId,
        span: Span,
        first: RevisionId,
        first_span: Span,
    },
    /// A branch label that is also a revision id.
    LabelIsRevisionId {
        label: String,
        revision: RevisionId,
        span: Span,
        other_span: Span,
    },
    /// A branch label that could not be used in a revision target.
    InvalidLabel {
        label: String,
        revision: RevisionId,
        span: Span,
        reason: String,
    },
    /// The same parent listed twice in `down_revision`.
    DuplicateParent {
        revision: RevisionId,
        parent: RevisionId,
        span: Span,
    },
    /// A revision listing itself in `down_revision`.
    SelfParent { revision: RevisionId, span: Span },
    /// A `down_revision` naming no revision.
    MissingParent {
        revision: RevisionId,
        missing: RevisionId,
        span: Span,
        suggestion: Option<String>,
    },
    /// A `depends_on` entry that is no id, id prefix or branch label.
    UnresolvedDependency {
        revision: RevisionId,
        entry: String,
        span: Span,
        suggestion: Option<String>,
    },
    /// A `depends_on` entry that is a prefix of several ids.
    AmbiguousDependency {
        revision: RevisionId,
        entry: String,
        span: Span,
        candidates: Vec<RevisionId>,
        total: usize,
    },
    /// A `depends_on` entry that resolves to the revision itself.
    DependsOnSelf {
        revision: RevisionId,
        entry: String,
        span: Span,
    },
    /// A `depends_on` entry naming a descendant: `path` runs from the
    /// dependency down its `down_revision`s to `revision`.
    DependsOnDescendant {
        revision: RevisionId,
        dependency: RevisionId,
        path: Vec<RevisionId>,
        span: Span,
    },
    /// Revisions that lead back to themselves. Each revision's
    /// `down_revision` (or `depends_on`) names the next; the last names the
    /// first.
    Cycle {
        kind: CycleKind,
        revisions: Vec<RevisionId>,
        span: Span,
    },
}

impl GraphError {
    /// Where the error points.
    pub fn span(&self) -> &Span {
        match self {
            GraphError::DuplicateId { span, .. }
            | GraphError::DuplicateLabel { span, .. }
            | GraphError::LabelIsRevisionId { span, .. }
            | GraphError::InvalidLabel { span, .. }
            | GraphError::DuplicateParent { span, .. }
            | GraphError::SelfParent { span, .. }
            | GraphError::MissingParent { span, .. }
            | GraphError::UnresolvedDependency { span, .. }
            | GraphError::AmbiguousDependency { span, .. }
            | GraphError::DependsOnSelf { span, .. }
            | GraphError::DependsOnDescendant { span, .. }
            | GraphError::Cycle { span, .. } => span,
        }
    }
}

fn did_you_mean(f: &mut fmt::Formatter<'_>, suggestion: &Option<String>) -> fmt::Result {
    match suggestion {
        Some(s) => write!(f, "; did you mean `{s}`?"),
        None => Ok(()),
    }
}

fn join_ids(ids: &[RevisionId], sep: &str) -> String {
    ids.iter()
        .map(RevisionId::as_str)
        .collect::<Vec<_>>()
        .join(sep)
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::DuplicateId { id, first, .. } => write!(
                f,
                "revision `{id}` is declared twice (also in {}); revision ids must be unique \
                 in the migrations directory",
                first.file
            ),
            GraphError::DuplicateLabel {
                label,
                revision,
                first,
                first_span,
                ..
            } => write!(
                f,
                "branch label `{label}` of revision `{revision}` is already declared by \
                 revision `{first}` ({}); branch labels must be unique",
                first_span.file
            ),
            GraphError::LabelIsRevisionId {
                label,
                revision,
                other_span,
                ..
            } => write!(
                f,
                "branch label `{label}` of revision `{revision}` is also the id of the \
                 revision in {}; a label must differ from every revision id",
                other_span.file
            ),
            GraphError::InvalidLabel {
                label,
                revision,
                reason,
                ..
            } => write!(
                f,
                "branch label `{label}` of revision `{revision}` {reason}; labels use letters, \
                 digits, `_`, `.` and `-`, and are not `head`, `heads` or `base`"
            ),
            GraphError::DuplicateParent {
                revision, parent, ..
            } => write!(
                f,
                "revision `{revision}` lists `{parent}` twice in down_revision; list each \
                 parent once"
            ),
            GraphError::SelfParent { revision, .. } => write!(
                f,
                "revision `{revision}` names itself as its down_revision; use null for a root \
                 or the id of an older revision"
            ),
            GraphError::MissingParent {
                revision,
                missing,
                suggestion,
                ..
            } => {
                write!(
                    f,
                    "down_revision `{missing}` of revision `{revision}` is not a revision in \
                     the migrations directory"
                )?;
                did_you_mean(f, suggestion)
            }
            GraphError::UnresolvedDependency {
                revision,
                entry,
                suggestion,
                ..
            } => {
                write!(
                    f,
                    "depends_on entry `{entry}` of revision `{revision}` is not a revision id, \
                     a unique id prefix or a branch label"
                )?;
                did_you_mean(f, suggestion)
            }
            GraphError::AmbiguousDependency {
                revision,
                entry,
                candidates,
                total,
                ..
            } => {
                write!(
                    f,
                    "depends_on entry `{entry}` of revision `{revision}` is a prefix of {total} \
                     revision ids ({}",
                    join_ids(candidates, ", ")
                )?;
                if *total > candidates.len() {
                    write!(f, ", ...")?;
                }
                write!(f, "); give more characters of the id")
            }
            GraphError::DependsOnSelf {
                revision, entry, ..
            } => write!(
                f,
                "depends_on entry `{entry}` of revision `{revision}` names the revision \
                 itself; a revision can only depend on other revisions"
            ),
            GraphError::DependsOnDescendant {
                revision,
                dependency,
                path,
                ..
            } => write!(
                f,
                "revision `{revision}` depends on `{dependency}`, which comes after it \
                 ({}); a revision can only depend on revisions that are not its descendants",
                join_ids(path, " -> ")
            ),
            GraphError::Cycle {
                kind, revisions, ..
            } => {
                let what = match kind {
                    CycleKind::DownRevision => "down_revision",
                    CycleKind::Dependency => "down_revision and depends_on",
                };
                let mut chain = join_ids(revisions, " -> ");
                if let Some(first) = revisions.first() {
                    chain.push_str(" -> ");
                    chain.push_str(first.as_str());
                }
                write!(
                    f,
                    "revisions form a cycle through {what}: {chain}; each revision must only \
                     point to older revisions"
                )
            }
        }
    }
}

impl std::error::Error for GraphError {}

/// Why a string did not name exactly one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No id, prefix (or label, where labels are accepted) matches.
    NotFound {
        text: String,
        suggestion: Option<String>,
    },
    /// A prefix of several ids: the first few, sorted, and how many in all.
    Ambiguous {
        text: String,
        candidates: Vec<RevisionId>,
        total: usize,
    },
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::NotFound { text, suggestion } => {
                write!(f, "no revision `{text}`")?;
                did_you_mean(f, suggestion)
            }
            LookupError::Ambiguous {
                text,
                candidates,
                total,
            } => {
                write!(
                    f,
                    "`{text}` is a prefix of {total} revision ids ({}",
                    join_ids(candidates, ", ")
                )?;
                if *total > candidates.len() {
                    write!(f, ", ...")?;
                }
                write!(f, "); give more characters")
            }
        }
    }
}
