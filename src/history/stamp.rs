//! The stamp planner: which version-table rows `gen stamp` inserts, deletes
//! or updates, given the rows it starts from and its target. No SQL here:
//! the driver turns the plan into a script of version-table statements.
//!
//! A stamp is for adopting a database that already has the schema (`gen stamp heads`
//! from base creates the version table if it is missing and inserts the
//! heads), or moving an Alembic-managed database's rows (`gen stamp
//! START:END`). The steps are Alembic's (`ScriptDirectory._stamp_revs` and
//! `HeadMaintainer.update_to_step` for a `StampStep`): only the rows on the
//! destination's own line move, the others stay.
//!
//! 1. The rows START leaves (its maximal revisions) are filtered to those
//!    sharing a line (ancestor or descendant, dependencies included) with
//!    END's revisions or with the revision named before END's `@`; with
//!    neither (END is plain `base`), every row.
//! 2. END `base` (or `label@base`): each filtered row is DELETEd.
//! 3. Otherwise, for each END revision (several for `heads`), skipped when
//!    it is a filtered row already: the filtered rows above it move down to
//!    it, or the filtered rows below it move up to it (one row: UPDATE;
//!    several: DELETE all but the last, UPDATE the last), or, with none on
//!    its line, it is INSERTed as a new branch. An upgrade whose rows an
//!    earlier step has already moved INSERTs instead, as Alembic's
//!    `should_create_branch` does.
//!
//! One deliberate difference: Alembic moves every filtered row in step 3,
//! also rows on another END revision's line or only on the label's (so
//! `stamp heads` from rows `b, c`, with `b2` a child of `b`, leaves `b2`
//! alone and loses `c`). gen moves only the rows on that END revision's own
//! line, which is what Alembic documents and does whenever one line is
//! involved.

use crate::history::graph::{Node, RevisionGraph};
use crate::history::plan::{apply, PlanError, RowChange};
use crate::history::target::{parse_range, Role, Target};
use crate::source::revision::RevisionId;
use std::collections::BTreeSet;

/// One of Alembic's stamp steps: rows `from` moved to `to` (`None`: base).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StampStep {
    /// The rows the step moves, in the order Alembic logs them.
    pub from: Vec<Node>,
    pub to: Option<Node>,
    /// Whether the version table has no rows before this step (a script
    /// then creates the table first, if it is missing).
    pub empty_before: bool,
    pub changes: Vec<RowChange>,
}

/// The version-table rows before and after, and the steps between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Rows before, sorted.
    pub from: Vec<RevisionId>,
    /// Rows after, sorted.
    pub to: Vec<RevisionId>,
    pub steps: Vec<StampStep>,
}

impl Stamp {
    /// Whether the script creates the version table (a step from no rows).
    pub fn creates_version_table(&self) -> bool {
        self.steps.iter().any(|s| s.empty_before)
    }
}

/// Revisions sharing a line with `node`: its ancestors and descendants,
/// inclusive, through dependencies too (Alembic's `_shares_lineage` with
/// `include_dependencies=True`).
fn line_of(graph: &RevisionGraph, node: Node) -> Vec<bool> {
    let mut line = graph.ancestor_mask(&[node]);
    for (l, d) in line.iter_mut().zip(graph.descendant_mask(&[node])) {
        *l |= d;
    }
    line
}

/// One row moving to `to`: UPDATE; several: DELETE all but the last, UPDATE
/// the last (Alembic's `merge_branch_idents`); none: INSERT.
fn merge_into(todo: &[Node], to: Node) -> Vec<RowChange> {
    match todo.split_last() {
        Some((last, rest)) => rest
            .iter()
            .map(|&r| RowChange::Delete(r))
            .chain(std::iter::once(RowChange::Update(*last, to)))
            .collect(),
        None => vec![RowChange::Insert(to)],
    }
}

/// Plans `gen stamp ARG` (`TARGET` from base, or `START:END`).
pub fn plan_stamp(graph: &RevisionGraph, arg: &str) -> Result<Stamp, PlanError> {
    let (start, end) = parse_range(arg)?;
    let start_rows = match &start {
        Some(t) => t.resolve(graph, Role::Start)?.nodes,
        None => Vec::new(),
    };
    stamp_from_rows(graph, &start_rows, &end)
}

/// Plans a stamp to `end` from the version-table rows `start` (online
/// Alembic reads them from the table; any set of revisions, reduced to
/// those no other one implies).
pub fn stamp_from_rows(
    graph: &RevisionGraph,
    start: &[Node],
    end: &Target,
) -> Result<Stamp, PlanError> {
    let start_rows = graph.maximal(start);
    let end = end.resolve(graph, Role::Start)?;

    // Alembic's `filter_for_lineage(heads, END, include_dependencies=True)`.
    let shares: Vec<Node> = end.anchor.iter().chain(&end.nodes).copied().collect();
    let filtered: Vec<Node> = if shares.is_empty() {
        start_rows.clone()
    } else {
        let mut on_a_line = vec![false; graph.len()];
        for &s in &shares {
            for (m, l) in on_a_line.iter_mut().zip(line_of(graph, s)) {
                *m |= l;
            }
        }
        start_rows
            .iter()
            .copied()
            .filter(|&r| on_a_line[r])
            .collect()
    };

    let mut rows: BTreeSet<Node> = start_rows.iter().copied().collect();
    let mut steps = Vec::new();
    let mut push = |rows: &mut BTreeSet<Node>, from: Vec<Node>, to, changes: Vec<RowChange>| {
        let empty_before = rows.is_empty();
        for &c in &changes {
            apply(rows, c).map_err(|message| PlanError::VersionTable { message })?;
        }
        steps.push(StampStep {
            from,
            to,
            empty_before,
            changes,
        });
        Ok::<(), PlanError>(())
    };
    if end.nodes.is_empty() {
        for &r in &filtered {
            push(&mut rows, vec![r], None, vec![RowChange::Delete(r)])?;
        }
    }
    for &dest in &end.nodes {
        if filtered.contains(&dest) || rows.contains(&dest) {
            continue;
        }
        let above_dest = graph.descendant_mask(&[dest]);
        let (todo, changes) = if filtered.iter().any(|&r| above_dest[r]) {
            // Down to `dest`, from the rows above it that an earlier step
            // has not moved yet (none left: a new branch).
            let above: Vec<Node> = filtered
                .iter()
                .copied()
                .filter(|&r| above_dest[r] && rows.contains(&r))
                .collect();
            let changes = merge_into(&above, dest);
            (above, changes)
        } else {
            // Up to `dest` from the rows below it (none: a new branch; one
            // an earlier step has moved: a new branch too).
            let below_dest = graph.ancestor_mask(&[dest]);
            let below: Vec<Node> = filtered
                .iter()
                .copied()
                .filter(|&r| below_dest[r])
                .collect();
            let changes = if below.iter().all(|r| rows.contains(r)) {
                merge_into(&below, dest)
            } else {
                vec![RowChange::Insert(dest)]
            };
            (below, changes)
        };
        push(&mut rows, todo, Some(dest), changes)?;
    }
    let ids = |rows: &BTreeSet<Node>| rows.iter().map(|&n| graph.id(n).clone()).collect();
    Ok(Stamp {
        from: graph.ids(&start_rows),
        to: ids(&rows),
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::plan::VersionChange;
    use crate::source::revision::Revision;

    /// A graph from literal revisions: each id with its parents.
    fn graph(revs: &[(&str, &[&str])]) -> RevisionGraph {
        RevisionGraph::build(
            revs.iter()
                .map(|(id, parents)| Revision::bare(id, parents).unwrap())
                .collect(),
        )
        .unwrap()
    }

    /// `a <- b <- c`.
    fn linear() -> RevisionGraph {
        graph(&[("a", &[]), ("b", &["a"]), ("c", &["b"])])
    }

    /// `a <- b`, `a <- c`, and `d` merging `b` and `c`.
    fn diamond() -> RevisionGraph {
        graph(&[("a", &[]), ("b", &["a"]), ("c", &["a"]), ("d", &["b", "c"])])
    }

    fn node(g: &RevisionGraph, id: &str) -> Node {
        g.get_str(id).unwrap()
    }

    /// Every row change, in order, as `INSERT x`, `DELETE x`, `UPDATE x->y`.
    fn changes(g: &RevisionGraph, s: &Stamp) -> Vec<String> {
        s.steps
            .iter()
            .flat_map(|st| st.changes.iter())
            .map(|c| match c.ids(g) {
                VersionChange::Insert(i) => format!("INSERT {i}"),
                VersionChange::Delete(i) => format!("DELETE {i}"),
                VersionChange::Update { from, to } => format!("UPDATE {from}->{to}"),
            })
            .collect()
    }

    fn rows(ids: &[RevisionId]) -> Vec<String> {
        ids.iter().map(ToString::to_string).collect()
    }

    /// Plans `gen stamp arg`; returns the row changes and the rows after.
    fn stamp(g: &RevisionGraph, arg: &str) -> (Vec<String>, Vec<String>) {
        let s = plan_stamp(g, arg).unwrap();
        (changes(g, &s), rows(&s.to))
    }

    /// A stamp to `end` from the rows `start`.
    fn stamp_rows(g: &RevisionGraph, start: &[&str], end: &str) -> (Vec<String>, Vec<String>) {
        let start: Vec<Node> = start.iter().map(|id| node(g, id)).collect();
        let s = stamp_from_rows(g, &start, &Target::parse(end).unwrap()).unwrap();
        (changes(g, &s), rows(&s.to))
    }

    #[test]
    fn linear_up_and_down_move_the_one_row() {
        let g = linear();
        assert_eq!(
            stamp(&g, "a:c"),
            (vec!["UPDATE a->c".into()], vec!["c".into()])
        );
        assert_eq!(
            stamp(&g, "c:a"),
            (vec!["UPDATE c->a".into()], vec!["a".into()])
        );
        assert_eq!(stamp(&g, "b:b"), (vec![], vec!["b".into()]));
        // From base: the table is created (if missing) before the INSERT.
        let s = plan_stamp(&g, "c").unwrap();
        assert_eq!(changes(&g, &s), ["INSERT c"]);
        assert!(s.creates_version_table());
        assert!(!plan_stamp(&g, "a:c").unwrap().creates_version_table());
    }

    #[test]
    fn across_branches_only_the_destinations_line_moves() {
        let g = diamond();
        // c is on no line of the row b: a new branch, b stays.
        assert_eq!(
            stamp_rows(&g, &["b"], "c"),
            (vec!["INSERT c".into()], vec!["b".into(), "c".into()])
        );
        // Down to the branch point: both rows merge into it.
        assert_eq!(
            stamp_rows(&g, &["b", "c"], "a"),
            (
                vec!["DELETE b".into(), "UPDATE c->a".into()],
                vec!["a".into()]
            )
        );
    }

    #[test]
    fn a_merge_takes_both_rows_and_gives_one_back() {
        let g = diamond();
        assert_eq!(
            stamp_rows(&g, &["b", "c"], "d"),
            (
                vec!["DELETE b".into(), "UPDATE c->d".into()],
                vec!["d".into()]
            )
        );
        // Down from the merge to one parent: the row moves there.
        assert_eq!(
            stamp(&g, "d:b"),
            (vec!["UPDATE d->b".into()], vec!["b".into()])
        );
        // From base to the one head: an INSERT.
        assert_eq!(
            stamp(&g, "heads"),
            (vec!["INSERT d".into()], vec!["d".into()])
        );
        // From a, to the merge: one row moving up.
        assert_eq!(
            stamp(&g, "a:d"),
            (vec!["UPDATE a->d".into()], vec!["d".into()])
        );
    }

    /// README, "Where gen differs on purpose": Alembic merges both rows into
    /// `b2` and loses `c`; gen moves only `b`, the row on `b2`'s line.
    #[test]
    fn stamp_heads_from_two_rows_moves_each_along_its_own_line() {
        let g = graph(&[("a", &[]), ("b", &["a"]), ("c", &["a"]), ("b2", &["b"])]);
        let (changes, after) = stamp_rows(&g, &["b", "c"], "heads");
        assert_eq!(changes, ["UPDATE b->b2"]);
        assert_eq!(after, ["b2", "c"]);
    }

    #[test]
    fn stamp_base_deletes_every_row() {
        let g = diamond();
        assert_eq!(
            stamp_rows(&g, &["b", "c"], "base"),
            (
                vec!["DELETE b".into(), "DELETE c".into()],
                Vec::<String>::new()
            )
        );
        assert_eq!(stamp(&g, "d:base"), (vec!["DELETE d".into()], vec![]));
        // From base to base: nothing to do, no table to create.
        let s = plan_stamp(&g, "base").unwrap();
        assert!(s.steps.is_empty());
        assert!(!s.creates_version_table());
    }
}
