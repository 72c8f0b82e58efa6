//! The plan: which revisions run, in what order, and how each step changes
//! the version table.
//!
//! **Upgrade** `START:END` (START defaults to `base`) applies every revision
//! that is an ancestor-or-self of END (through parents and dependencies) and
//! not one of START, in [`RevisionGraph::topo_order`]. As in Alembic, START
//! is only where the database stands: it is turned into plain revisions
//! first, so a START of the form `label@...` says nothing about which END
//! revisions to reach (`x@head:heads` upgrades every other branch too). An
//! END strictly below START is an error; "already there" is an empty plan.
//!
//! **Downgrade** `START:END` (START defaults to `heads`) follows Alembic's
//! `_collect_downgrade_revisions`: with END `base` the candidates are the
//! descendants of every root; with END a revision, the descendants of its
//! children (`down_revision` children; the descent then follows dependents
//! too). When a branch was named (`label@...`, or a bare `-N`, which keeps
//! to the line of the start row it walked from) and there are several
//! candidate roots, only those on that branch's line are kept. What is
//! removed is the candidates that are applied (ancestors-or-self of START),
//! in reverse topological order. So `downgrade X` leaves unrelated branches
//! alone, `downgrade base` removes everything, and `label@base` removes the
//! trees whose root is below the label — in a history with a single root
//! that is everything, exactly as in Alembic. An END that is neither applied
//! below START nor one of START's rows is an error ("nothing to drop").
//!
//! **Version table.** The rows before the plan are START reduced to its
//! maximal revisions (no row implied by another). Each step's changes are
//! computed exactly as Alembic's `HeadMaintainer.update_to_step` and
//! `RevisionStep` do (see the comments in `up_changes` and
//! `down_changes`), keeping the set of rows as it goes. Where Alembic
//! iterates a Python set, whose order varies between runs, we use the
//! revision's normalized down revisions in their stored order (parents as
//! declared, then dependencies as declared), which is deterministic and
//! matches Alembic whenever Alembic's order is not arbitrary.
//! [`Plan::check`] replays the changes and verifies that the final rows
//! imply exactly the revisions the plan leaves applied.
//!
//! This file holds the plan's types, the row bookkeeping and the check;
//! `upgrade` and `downgrade` choose and order the steps, `steps` computes
//! each step's version-table changes, and `error` holds [`PlanError`].

mod downgrade;
mod error;
mod steps;
#[cfg(test)]
mod tests;
mod upgrade;

pub use error::PlanError;

use crate::history::graph::{Node, RevisionGraph};
use crate::history::target::{parse_range, Target};
use crate::source::revision::RevisionId;
use std::collections::BTreeSet;

/// Up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// One statement against the version table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionChange {
    Insert(RevisionId),
    Update { from: RevisionId, to: RevisionId },
    Delete(RevisionId),
}

/// One revision's upgrade or downgrade. A long history's plan holds one
/// per revision for the whole run, so a step names its revision and the
/// version-table rows by node; the ids are the graph's ([`RowChange::ids`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub node: Node,
    pub direction: Direction,
    /// In order; applied after the revision's own statements.
    pub version: Vec<RowChange>,
}

/// An ordered list of steps and the version-table rows around them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub direction: Direction,
    /// Rows before the first step, sorted.
    pub start_heads: Vec<RevisionId>,
    /// Rows after the last step, sorted.
    pub end_heads: Vec<RevisionId>,
    pub steps: Vec<Step>,
}

/// A version-table change between nodes, before it becomes ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowChange {
    Insert(Node),
    Update(Node, Node),
    Delete(Node),
}

/// Applies one change to a set of version-table rows, or says why it does not apply.
pub(crate) fn apply(rows: &mut BTreeSet<Node>, change: RowChange) -> Result<(), String> {
    let ok = match change {
        RowChange::Insert(n) => rows.insert(n),
        RowChange::Delete(n) => rows.remove(&n),
        RowChange::Update(from, to) => !rows.contains(&to) && rows.remove(&from) && rows.insert(to),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{change:?} does not apply to rows {rows:?}"))
    }
}

impl RowChange {
    /// The change with `graph`'s ids, as the version table sees it.
    pub fn ids(self, graph: &RevisionGraph) -> VersionChange {
        match self {
            RowChange::Insert(n) => VersionChange::Insert(graph.id(n).clone()),
            RowChange::Delete(n) => VersionChange::Delete(graph.id(n).clone()),
            RowChange::Update(a, b) => VersionChange::Update {
                from: graph.id(a).clone(),
                to: graph.id(b).clone(),
            },
        }
    }
}

/// Applies one step's version changes to the rows and records the step.
fn record_step(
    rows: &mut BTreeSet<Node>,
    node: Node,
    direction: Direction,
    changes: Vec<RowChange>,
) -> Result<Step, PlanError> {
    for &c in &changes {
        apply(rows, c).map_err(version_error)?;
    }
    Ok(Step {
        node,
        direction,
        version: changes,
    })
}

fn sorted_ids(graph: &RevisionGraph, rows: &BTreeSet<Node>) -> Vec<RevisionId> {
    // Nodes order like their ids, so this is sorted.
    rows.iter().map(|&n| graph.id(n).clone()).collect()
}

fn version_error(message: String) -> PlanError {
    PlanError::VersionTable { message }
}

impl Plan {
    /// The plan of `steps`, checked: its changes turn the start rows into
    /// exactly the rows of what it leaves applied.
    fn finish(
        graph: &RevisionGraph,
        direction: Direction,
        start_heads: Vec<RevisionId>,
        rows: &BTreeSet<Node>,
        steps: Vec<Step>,
    ) -> Result<Plan, PlanError> {
        let plan = Plan {
            direction,
            start_heads,
            end_heads: sorted_ids(graph, rows),
            steps,
        };
        plan.check(graph)?;
        Ok(plan)
    }

    /// `gen upgrade ARG` or `gen downgrade ARG`, where ARG is a target or a
    /// range `start:end`.
    pub fn for_command(
        graph: &RevisionGraph,
        direction: Direction,
        arg: &str,
    ) -> Result<Plan, PlanError> {
        let (start, end) = parse_range(arg)?;
        match direction {
            Direction::Up => Plan::upgrade_targets(graph, start.as_ref(), &end),
            Direction::Down => Plan::downgrade_targets(graph, start.as_ref(), &end),
        }
    }

    /// An upgrade from `start` (None: base) to `end`, given as target text.
    pub fn upgrade(
        graph: &RevisionGraph,
        start: Option<&str>,
        end: &str,
    ) -> Result<Plan, PlanError> {
        let start = start.map(Target::parse).transpose()?;
        Plan::upgrade_targets(graph, start.as_ref(), &Target::parse(end)?)
    }

    /// A downgrade from `start` (None: heads) to `end`, given as target text.
    pub fn downgrade(
        graph: &RevisionGraph,
        start: Option<&str>,
        end: &str,
    ) -> Result<Plan, PlanError> {
        let start = start.map(Target::parse).transpose()?;
        Plan::downgrade_targets(graph, start.as_ref(), &Target::parse(end)?)
    }

    /// Replays the version changes on `start_heads` and checks that they
    /// give `end_heads`, and that those rows imply exactly the revisions
    /// applied after the plan (the start's ancestors plus the upgraded, or
    /// minus the downgraded, revisions).
    pub fn check(&self, graph: &RevisionGraph) -> Result<(), PlanError> {
        let node = |id: &RevisionId| {
            graph
                .get(id)
                .ok_or_else(|| version_error(format!("unknown revision `{id}`")))
        };
        let to_nodes =
            |ids: &[RevisionId]| -> Result<Vec<Node>, PlanError> { ids.iter().map(node).collect() };
        let start = to_nodes(&self.start_heads)?;
        let end = to_nodes(&self.end_heads)?;
        let mut rows: BTreeSet<Node> = start.iter().copied().collect();
        for step in &self.steps {
            for &change in &step.version {
                apply(&mut rows, change)
                    .map_err(|m| version_error(format!("step `{}`: {m}", graph.id(step.node))))?;
            }
        }
        if rows.iter().copied().collect::<Vec<_>>() != end {
            return Err(version_error(format!(
                "replaying gives {:?}, the plan says {:?}",
                sorted_ids(graph, &rows),
                self.end_heads
            )));
        }
        let mut expected = graph.ancestor_mask(&start);
        for step in &self.steps {
            expected[step.node] = step.direction == Direction::Up;
        }
        let implied = graph.ancestor_mask(&end);
        if implied != expected {
            let diff: Vec<RevisionId> = (0..graph.len())
                .filter(|&n| implied[n] != expected[n])
                .map(|n| graph.id(n).clone())
                .collect();
            return Err(version_error(format!(
                "the final rows {:?} disagree with the applied revisions about {:?}",
                self.end_heads, diff
            )));
        }
        Ok(())
    }

    /// The ids of the steps, in order.
    pub fn revisions<'g>(&self, graph: &'g RevisionGraph) -> Vec<&'g RevisionId> {
        self.steps.iter().map(|s| graph.id(s.node)).collect()
    }
}
