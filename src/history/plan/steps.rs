//! How one revision's step changes the version table: Alembic's
//! `RevisionStep` for an upgrade (`up_changes`) and a downgrade
//! (`down_changes`), with the scratch search the downgrade needs.

use super::RowChange;
use crate::history::graph::{Node, RevisionGraph};
use std::collections::BTreeSet;

/// Alembic's `RevisionStep` for an upgrade, given the current rows:
///
/// - `should_create_branch`: no down revisions, or none of them is a row:
///   INSERT.
/// - `should_merge_branches`: several down revisions, more than one of them
///   a row: DELETE all but the last such row, UPDATE the last to this
///   revision. (Alembic takes the down revisions minus the ancestors of the
///   other rows; because the rows never imply one another during an upgrade,
///   that is exactly the down revisions that are rows.)
/// - otherwise `update_version_num`: UPDATE the single down revision (or the
///   single one that is a row) to this revision.
pub(super) fn up_changes(graph: &RevisionGraph, r: Node, rows: &BTreeSet<Node>) -> Vec<RowChange> {
    let down = graph.normalized_down_revisions(r);
    let in_rows: Vec<Node> = down.iter().copied().filter(|d| rows.contains(d)).collect();
    if down.is_empty() || in_rows.is_empty() {
        return vec![RowChange::Insert(r)];
    }
    if down.len() > 1 && in_rows.len() > 1 {
        let mut changes: Vec<RowChange> = Vec::with_capacity(in_rows.len());
        let (last, rest) = match in_rows.split_last() {
            Some(x) => x,
            None => return vec![RowChange::Insert(r)],
        };
        changes.extend(rest.iter().map(|&d| RowChange::Delete(d)));
        changes.push(RowChange::Update(*last, r));
        return changes;
    }
    let from = if down.len() == 1 { down[0] } else { in_rows[0] };
    vec![RowChange::Update(from, r)]
}

/// Scratch space for "is this an ancestor of another row" searches.
pub(super) struct Search {
    seen: Vec<bool>,
    touched: Vec<Node>,
    stack: Vec<Node>,
}

impl Search {
    pub(super) fn new(n: usize) -> Self {
        Search {
            seen: vec![false; n],
            touched: Vec::new(),
            stack: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for &t in &self.touched {
            self.seen[t] = false;
        }
        self.touched.clear();
        self.stack.clear();
    }

    fn mark(&mut self, n: Node) -> bool {
        if self.seen[n] {
            return false;
        }
        self.seen[n] = true;
        self.touched.push(n);
        true
    }

    /// Whether `x` is an ancestor-or-self of a row other than `r`. Every
    /// ancestor of a row is applied, so the search climbs applied
    /// successors only, and never through `r` (nothing applied is above it).
    fn reaches_other_row(
        &mut self,
        graph: &RevisionGraph,
        x: Node,
        r: Node,
        rows: &BTreeSet<Node>,
        applied: &[bool],
    ) -> bool {
        self.reset();
        self.mark(x);
        self.stack.push(x);
        while let Some(n) = self.stack.pop() {
            if n != r && rows.contains(&n) {
                return true;
            }
            for &s in graph.successors(n) {
                if s != r && applied[s] && self.mark(s) {
                    self.stack.push(s);
                }
            }
        }
        false
    }

    /// The members of `set` that are proper ancestors of another member.
    /// Only nodes placed after the earliest member in topological order can
    /// lie between members, which bounds the search.
    fn redundant(&mut self, graph: &RevisionGraph, set: &[Node]) -> Vec<bool> {
        self.reset();
        let floor = set
            .iter()
            .map(|&n| graph.topo_position(n))
            .min()
            .unwrap_or(0);
        for &m in set {
            for &d in graph.normalized_down_revisions(m) {
                if graph.topo_position(d) >= floor && self.mark(d) {
                    self.stack.push(d);
                }
            }
        }
        while let Some(n) = self.stack.pop() {
            for &d in graph.normalized_down_revisions(n) {
                if graph.topo_position(d) >= floor && self.mark(d) {
                    self.stack.push(d);
                }
            }
        }
        set.iter().map(|&m| self.seen[m]).collect()
    }
}

/// Alembic's `RevisionStep` for a downgrade of row `r`:
///
/// - `_unmerge_to_revisions`: with other rows, the down revisions that are
///   not ancestors-or-self of another row; with none, the down revisions
///   that are not proper ancestors of another down revision.
/// - `should_delete_branch`: no down revisions, or that list is empty:
///   DELETE.
/// - `should_unmerge_branches`: several down revisions: INSERT all but the
///   last of that list, UPDATE this revision to the last.
/// - otherwise `update_version_num`: UPDATE this revision to its single down
///   revision.
pub(super) fn down_changes(
    graph: &RevisionGraph,
    r: Node,
    rows: &BTreeSet<Node>,
    applied: &[bool],
    search: &mut Search,
) -> Vec<RowChange> {
    let down = graph.normalized_down_revisions(r);
    let to: Vec<Node> = if down.is_empty() {
        Vec::new()
    } else if rows.len() > 1 {
        down.iter()
            .copied()
            .filter(|&d| !search.reaches_other_row(graph, d, r, rows, applied))
            .collect()
    } else if down.len() == 1 {
        down.to_vec()
    } else {
        let redundant = search.redundant(graph, down);
        down.iter()
            .zip(redundant)
            .filter(|(_, red)| !red)
            .map(|(&d, _)| d)
            .collect()
    };
    match (to.split_last(), down.len()) {
        (None, _) => vec![RowChange::Delete(r)],
        (Some((last, rest)), len) if len > 1 => {
            let mut changes: Vec<RowChange> = rest.iter().map(|&d| RowChange::Insert(d)).collect();
            changes.push(RowChange::Update(r, *last));
            changes
        }
        _ => vec![RowChange::Update(r, down[0])],
    }
}
