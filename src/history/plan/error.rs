//! Why no plan could be made ([`PlanError`]) and the message each case
//! prints; a target's own errors pass through.

use crate::history::target::TargetError;
use crate::source::revision::RevisionId;
use std::fmt;

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    Target(TargetError),
    /// An upgrade whose end is already applied below its start.
    BelowStart {
        start: String,
        end: String,
        below: Vec<RevisionId>,
    },
    /// A downgrade whose end is not applied below its start.
    NotBelowStart {
        start: String,
        end: String,
        target: RevisionId,
    },
    /// A downgrade to a target naming several revisions.
    SeveralTargets {
        end: String,
        revisions: Vec<RevisionId>,
    },
    /// The version-table changes do not replay (a bug, reported, not a panic).
    VersionTable {
        message: String,
    },
}

impl From<TargetError> for PlanError {
    fn from(e: TargetError) -> Self {
        PlanError::Target(e)
    }
}

fn list(ids: &[RevisionId]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Target(e) => e.fmt(f),
            PlanError::BelowStart { start, end, below } => {
                if below.is_empty() {
                    write!(
                        f,
                        "cannot upgrade from `{start}` to `{end}`: `{end}` is below the start; \
                         use `gen downgrade {start}:{end}`"
                    )
                } else {
                    write!(
                        f,
                        "cannot upgrade from `{start}` to `{end}`: {} already applied below \
                         the start; use `gen downgrade {start}:{end}`",
                        list(below)
                    )
                }
            }
            PlanError::NotBelowStart { start, end, target } => write!(
                f,
                "cannot downgrade from `{start}` to `{end}`: revision `{target}` is not \
                 applied below `{start}`, so there is nothing to remove; name a revision \
                 below the start, or `base`"
            ),
            PlanError::SeveralTargets { end, revisions } => write!(
                f,
                "a downgrade goes to one revision, but `{end}` names {}; pick one of them \
                 or use `<label>@...`",
                list(revisions)
            ),
            PlanError::VersionTable { message } => write!(
                f,
                "internal error: the version-table changes do not add up ({message}); \
                 please report this"
            ),
        }
    }
}

impl std::error::Error for PlanError {}
