//! `--format json`: the stable, documented shapes of `history`, `heads`,
//! `branches`, `show` and `check` (see `docs/json.md`).
//!
//! Every document has `"format": "gen/1"`; fields are only ever added.
//! Objects are built from the graph and diagnostics here and nowhere else.

use crate::diag::diagnostic::{position, Diagnostic, SourceProvider};
use crate::history::graph::{Node, RevisionGraph};
use serde::Serialize;

/// The version of these shapes.
pub const FORMAT: &str = "gen/1";

/// One revision.
#[derive(Debug, Serialize)]
pub struct RevisionJson<'a> {
    pub id: &'a str,
    pub down_revisions: Vec<&'a str>,
    pub depends_on: &'a [String],
    /// Labels this revision declares.
    pub branch_labels: &'a [String],
    /// Labels whose branch this revision belongs to (declared or inherited).
    pub branches: Vec<&'a str>,
    pub message: Option<&'a str>,
    pub create_date: Option<&'a str>,
    pub transactional: bool,
    pub file: &'a str,
    pub sha256: String,
    pub is_head: bool,
    pub is_branch_point: bool,
    pub is_merge_point: bool,
    pub children: Vec<&'a str>,
    /// Operation names, in order.
    pub upgrade: Vec<&'static str>,
    /// Operation names of a written downgrade; `null` when it is derived.
    pub downgrade: Option<Vec<&'static str>>,
}

/// The JSON object of one revision.
pub fn revision(g: &RevisionGraph, n: Node) -> RevisionJson<'_> {
    let rev = g.revision(n);
    RevisionJson {
        id: rev.id.as_str(),
        down_revisions: rev.down_revisions.iter().map(|r| r.as_str()).collect(),
        depends_on: &rev.depends_on,
        branch_labels: &rev.branch_labels,
        branches: g.branch_labels(n).iter().map(AsRef::as_ref).collect(),
        message: rev.message.as_deref(),
        create_date: rev.create_date.as_deref(),
        transactional: rev.transactional,
        file: rev.source.path.as_str(),
        sha256: rev.source.sha256.to_string(),
        is_head: g.children(n).is_empty(),
        is_branch_point: g.is_branch_point(n),
        is_merge_point: g.is_merge_point(n),
        children: g.children(n).iter().map(|c| g.id(*c).as_str()).collect(),
        upgrade: rev.upgrade.iter().map(|o| o.name()).collect(),
        downgrade: rev
            .downgrade
            .as_ref()
            .map(|d| d.iter().map(|o| o.name()).collect()),
    }
}

#[derive(Serialize)]
struct Revisions<'a> {
    format: &'static str,
    revisions: Vec<RevisionJson<'a>>,
}

/// `history`, `heads`, `branches` and `show` all list revisions.
pub fn revisions(g: &RevisionGraph, nodes: &[Node]) -> String {
    to_text(&Revisions {
        format: FORMAT,
        revisions: nodes.iter().map(|n| revision(g, *n)).collect(),
    })
}

/// One diagnostic, with its position resolved.
#[derive(Debug, Serialize)]
pub struct DiagnosticJson {
    pub severity: &'static str,
    /// The lint rule id, for findings of a rule.
    pub code: Option<String>,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

/// The JSON object of one diagnostic.
pub fn diagnostic(d: &Diagnostic, sources: &dyn SourceProvider) -> DiagnosticJson {
    let (file, at) = match &d.span {
        Some(span) => {
            let (file, at) = position(span, sources);
            (Some(file), at)
        }
        None => (None, None),
    };
    DiagnosticJson {
        severity: d.severity.as_str(),
        code: d.code.as_deref().map(str::to_owned),
        message: d.message.clone(),
        file,
        line: at.map(|(l, _)| l),
        column: at.map(|(_, c)| c),
        notes: d.notes.clone(),
        help: d.help.as_deref().map(str::to_owned),
    }
}

/// Pretty JSON with a final newline (serializing these types cannot fail;
/// an empty object is the fallback rather than a panic).
pub fn to_text<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
