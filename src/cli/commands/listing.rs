//! `history`, `heads`, `branches` and `show`: the revision graph as text, in
//! Alembic's formats so its users read it at a glance.
//!
//! A line is `<parents> -> <id> (labels) (head) (branchpoint) (mergepoint),
//! message`; `--verbose` and `show` print each revision in full, with its
//! file and checksum. Output is sorted deterministically (newest first).

use crate::diag::terminal::{inert, Keep};
use crate::history::graph::{Node, RevisionGraph};
use std::fmt::Write as _;

fn comma(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

/// Alembic's one-line entry.
pub fn line(g: &RevisionGraph, n: Node, parents: bool, doc: bool, tree: bool) -> String {
    let rev = g.revision(n);
    let mut text = rev.id.to_string();
    if parents {
        let down = if rev.down_revisions.is_empty() {
            "<base>".to_owned()
        } else {
            comma(rev.down_revisions.iter().map(|r| r.to_string()))
        };
        text = if rev.depends_on.is_empty() {
            format!("{down} -> {text}")
        } else {
            format!("{down} ({}) -> {text}", rev.depends_on.join(", "))
        };
    }
    if !rev.branch_labels.is_empty() {
        let _ = write!(text, " ({})", rev.branch_labels.join(", "));
    }
    if g.children(n).is_empty() {
        text.push_str(" (head)");
    }
    if tree {
        if g.is_branch_point(n) {
            text.push_str(" (branchpoint)");
        }
        if g.is_merge_point(n) {
            text.push_str(" (mergepoint)");
        }
    }
    if doc {
        let _ = write!(
            text,
            ", {}",
            inert(rev.message.as_deref().unwrap_or(""), Keep::Nothing)
        );
    }
    text
}

/// The full entry (`--verbose`, `show`).
pub fn verbose(g: &RevisionGraph, n: Node) -> String {
    let rev = g.revision(n);
    let mut out = String::new();
    let mut flags = String::new();
    if g.children(n).is_empty() {
        flags.push_str(" (head)");
    }
    if g.is_branch_point(n) {
        flags.push_str(" (branchpoint)");
    }
    if g.is_merge_point(n) {
        flags.push_str(" (mergepoint)");
    }
    let _ = writeln!(out, "Rev: {}{flags}", rev.id);
    let parents = if rev.down_revisions.is_empty() {
        "<base>".to_owned()
    } else {
        comma(rev.down_revisions.iter().map(|r| r.to_string()))
    };
    let _ = writeln!(
        out,
        "{}: {parents}",
        if rev.down_revisions.len() > 1 {
            "Merges"
        } else {
            "Parent"
        }
    );
    if g.is_branch_point(n) {
        let kids = comma(g.children(n).iter().map(|c| g.id(*c).to_string()));
        let _ = writeln!(out, "Branches into: {kids}");
    }
    if !rev.depends_on.is_empty() {
        let _ = writeln!(out, "Also depends on: {}", rev.depends_on.join(", "));
    }
    let labels: Vec<String> = g.branch_labels(n).iter().map(|l| l.to_string()).collect();
    if !labels.is_empty() {
        let _ = writeln!(out, "Branch names: {}", labels.join(", "));
    }
    let _ = writeln!(
        out,
        "Path: {}",
        inert(rev.source.path.as_str(), Keep::Nothing)
    );
    let _ = writeln!(out, "SHA-256: {}", rev.source.sha256);
    if !rev.transactional {
        let _ = writeln!(out, "Transactional: no");
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "    {}",
        inert(
            rev.message.as_deref().unwrap_or("(no message)"),
            Keep::Nothing
        )
    );
    out.push('\n');
    let _ = writeln!(out, "    Revision ID: {}", rev.id);
    let _ = writeln!(
        out,
        "    Revises: {}",
        comma(rev.down_revisions.iter().map(|r| r.to_string()))
    );
    if let Some(d) = &rev.create_date {
        let _ = writeln!(out, "    Create Date: {}", inert(d, Keep::Nothing));
    }
    let ops: Vec<&str> = rev.upgrade.iter().map(|o| o.name()).collect();
    let _ = writeln!(
        out,
        "    Upgrade: {}",
        if ops.is_empty() {
            "(none)".to_owned()
        } else {
            ops.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "    Downgrade: {}",
        match &rev.downgrade {
            Some(d) => format!(
                "{} (written)",
                d.iter().map(|o| o.name()).collect::<Vec<_>>().join(", ")
            ),
            None => "derived from the upgrade".to_owned(),
        }
    );
    out
}

/// `history`: `nodes` newest first.
pub fn history(g: &RevisionGraph, nodes: &[Node], verbose_mode: bool) -> String {
    let mut out = String::new();
    for &n in nodes {
        if verbose_mode {
            out.push_str(&verbose(g, n));
            out.push('\n');
        } else {
            out.push_str(&line(g, n, true, true, true));
            out.push('\n');
        }
    }
    out
}

/// `heads`.
pub fn heads(g: &RevisionGraph, verbose_mode: bool) -> String {
    let mut out = String::new();
    for &n in g.heads() {
        if verbose_mode {
            out.push_str(&verbose(g, n));
            out.push('\n');
        } else {
            out.push_str(&line(g, n, false, false, false));
            out.push('\n');
        }
    }
    out
}

/// `branches`: each branch point and where it leads.
pub fn branches(g: &RevisionGraph, verbose_mode: bool) -> String {
    let mut out = String::new();
    for &n in g.topo_order() {
        if !g.is_branch_point(n) {
            continue;
        }
        if verbose_mode {
            out.push_str(&verbose(g, n));
        } else {
            out.push_str(&line(g, n, true, true, true));
            out.push('\n');
        }
        for &c in g.children(n) {
            let _ = writeln!(out, "{}-> {}", " ".repeat(6), line(g, c, false, true, true));
        }
    }
    out
}
