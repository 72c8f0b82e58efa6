//! Why a target cannot be parsed or resolved ([`TargetError`]) and the
//! message each case prints, naming the target text as typed.

use super::Way;
use crate::source::revision::RevisionId;
use std::fmt;

/// A target that cannot be parsed or resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// Not a target at all (empty, stray `@` or `:`, odd characters).
    Malformed { text: String, reason: String },
    /// `+N` / `-N` with an N that is not a positive number.
    BadSteps { text: String },
    /// No revision id, prefix or label matches.
    UnknownRevision {
        text: String,
        rev: String,
        suggestion: Option<String>,
    },
    /// A prefix of several ids.
    AmbiguousPrefix {
        text: String,
        prefix: String,
        candidates: Vec<RevisionId>,
        total: usize,
    },
    /// The part before `@` is no label or revision.
    UnknownLabel {
        text: String,
        label: String,
        suggestion: Option<String>,
    },
    /// `label@rev` where rev is not on the label's line.
    NotOnBranch {
        text: String,
        rev: RevisionId,
        label: String,
    },
    /// `head` (or `label@head`, or a single-revision target) matching
    /// several heads.
    MultipleHeads {
        text: String,
        heads: Vec<RevisionId>,
    },
    /// A walk with several ways to go.
    AmbiguousWalk {
        text: String,
        /// Where the walk stood (`base` for below the roots).
        at: String,
        way: Way,
        candidates: Vec<RevisionId>,
    },
    /// A walk going past the heads or past base.
    WalkedTooFar {
        text: String,
        way: Way,
        asked: u64,
        possible: u64,
    },
    /// A relative step without a base, with several start rows to go from.
    AmbiguousStart {
        text: String,
        current: Vec<RevisionId>,
    },
    /// `-N` with nothing applied, or `label@-N` with nothing on that line.
    NothingToWalkFrom { text: String },
    /// `-N` as an upgrade target or `+N` as a downgrade target or a range
    /// start.
    WrongWay { text: String, context: &'static str },
}

fn list(ids: &[RevisionId]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "`text`: " before a message about part of a target; nothing when the
/// part is the whole target (no need to say `ab` twice).
fn context(text: &str, part: &str) -> String {
    if text == part {
        String::new()
    } else {
        format!("`{text}`: ")
    }
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::Malformed { text, reason } => write!(
                f,
                "`{text}` is not a revision target: {reason}; expected `head`, `heads`, \
                 `base`, a revision id or prefix, a branch label, `label@head`, \
                 `label@base`, `+N`, `-N`, `<rev>+N` or `<rev>-N`"
            ),
            TargetError::BadSteps { text } => write!(
                f,
                "`{text}`: the number of steps must be a whole number from 1 up, \
                 as in `+2` or `<rev>-1`"
            ),
            TargetError::UnknownRevision {
                text,
                rev,
                suggestion,
            } => {
                write!(
                    f,
                    "{}no revision or branch label `{rev}`",
                    context(text, rev)
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            TargetError::AmbiguousPrefix {
                text,
                prefix,
                candidates,
                total,
            } => {
                write!(
                    f,
                    "{}`{prefix}` is a prefix of {total} revisions ({}",
                    context(text, prefix),
                    list(candidates)
                )?;
                if *total > candidates.len() {
                    write!(f, ", ...")?;
                }
                write!(f, "); give more characters of the id")
            }
            TargetError::UnknownLabel {
                text,
                label,
                suggestion,
            } => {
                write!(
                    f,
                    "{}no branch label or revision `{label}`",
                    context(text, label)
                )?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            TargetError::NotOnBranch { text, rev, label } => write!(
                f,
                "`{text}`: revision `{rev}` is not on the line of branch `{label}`; \
                 name a revision that is, or drop `{label}@`"
            ),
            TargetError::MultipleHeads { text, heads } => write!(
                f,
                "`{text}` matches several heads ({}); use `heads` for all of them, \
                 or `<label>@head` or a revision id for one",
                list(heads)
            ),
            TargetError::AmbiguousWalk {
                text,
                at,
                way,
                candidates,
            } => write!(
                f,
                "`{text}`: going {way} from `{at}` can lead to {}; name the revision \
                 instead, or use `<label>@` to pick a branch",
                list(candidates)
            ),
            TargetError::WalkedTooFar {
                text,
                way,
                asked,
                possible,
            } => {
                let end = match way {
                    Way::Up => "the head",
                    Way::Down => "base",
                };
                write!(
                    f,
                    "`{text}` goes past {end}: asked for {asked} step(s) {way}, only \
                     {possible} possible"
                )
            }
            TargetError::AmbiguousStart { text, current } => write!(
                f,
                "`{text}` is relative, but the start has several revisions ({}); \
                 use `<label>@{}` or `<rev>{}` to say which line",
                list(current),
                relative_suffix(text),
                relative_suffix(text)
            ),
            TargetError::NothingToWalkFrom { text } => write!(
                f,
                "`{text}` is relative to the applied revisions, but none is on that line; \
                 name a revision instead"
            ),
            TargetError::WrongWay { text, context } => write!(f, "`{text}`: {context}"),
        }
    }
}

fn relative_suffix(text: &str) -> &str {
    let rest = text.rsplit('@').next().unwrap_or(text);
    match rest.find(['+', '-']) {
        Some(i) => &rest[i..],
        None => rest,
    }
}

impl std::error::Error for TargetError {}
