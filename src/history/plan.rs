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

use crate::history::graph::{Node, RevisionGraph};
use crate::history::target::{parse_range, Role, Target, TargetError};
use crate::source::revision::RevisionId;
use std::collections::BTreeSet;
use std::fmt;

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
fn up_changes(graph: &RevisionGraph, r: Node, rows: &BTreeSet<Node>) -> Vec<RowChange> {
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
struct Search {
    seen: Vec<bool>,
    touched: Vec<Node>,
    stack: Vec<Node>,
}

impl Search {
    fn new(n: usize) -> Self {
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
fn down_changes(
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

    /// An upgrade from parsed targets.
    pub fn upgrade_targets(
        graph: &RevisionGraph,
        start: Option<&Target>,
        end: &Target,
    ) -> Result<Plan, PlanError> {
        let start_nodes = match start {
            Some(t) => t.resolve(graph, Role::Start)?.nodes,
            None => Vec::new(),
        };
        let start_rows = graph.maximal(&start_nodes);
        let targets = end
            .resolve(
                graph,
                Role::UpgradeEnd {
                    current: &start_rows,
                },
            )?
            .nodes;
        let start_text = start.map_or_else(|| "base".to_owned(), |t| t.text.clone());

        let applied = graph.ancestor_mask(&start_rows);
        let wanted = graph.ancestor_mask(&targets);
        let needs: Vec<Node> = graph
            .topo_order()
            .iter()
            .copied()
            .filter(|&n| wanted[n] && !applied[n])
            .collect();
        if needs.is_empty() {
            let below: Vec<Node> = targets
                .iter()
                .copied()
                .filter(|t| !start_rows.contains(t))
                .collect();
            if !below.is_empty() || (targets.is_empty() && !start_rows.is_empty()) {
                return Err(PlanError::BelowStart {
                    start: start_text,
                    end: end.text.clone(),
                    below: graph.ids(&below),
                });
            }
        }

        let mut rows: BTreeSet<Node> = start_rows.iter().copied().collect();
        let start_heads = sorted_ids(graph, &rows);
        let mut steps = Vec::with_capacity(needs.len());
        for r in needs {
            let changes = up_changes(graph, r, &rows);
            steps.push(record_step(&mut rows, r, Direction::Up, changes)?);
        }
        Plan::finish(graph, Direction::Up, start_heads, &rows, steps)
    }

    /// A downgrade from parsed targets.
    pub fn downgrade_targets(
        graph: &RevisionGraph,
        start: Option<&Target>,
        end: &Target,
    ) -> Result<Plan, PlanError> {
        let start_nodes = match start {
            Some(t) => t.resolve(graph, Role::Start)?.nodes,
            None => graph.real_heads().to_vec(),
        };
        let start_rows = graph.maximal(&start_nodes);
        let start_text = start.map_or_else(|| "heads".to_owned(), |t| t.text.clone());
        let resolved = end.resolve(
            graph,
            Role::DowngradeEnd {
                current: &start_rows,
            },
        )?;
        let target = match resolved.nodes[..] {
            [] => None,
            [t] => Some(t),
            _ => {
                return Err(PlanError::SeveralTargets {
                    end: end.text.clone(),
                    revisions: graph.ids(&resolved.nodes),
                })
            }
        };
        let mut roots: Vec<Node> = match target {
            None => graph.bases().to_vec(),
            Some(t) => graph.children(t).to_vec(),
        };
        // Alembic keeps the roots that are ancestors of the branch's
        // revision; we keep those on its line (ancestors or descendants), so
        // a label declared at or above the target keeps all of the target's
        // children instead of failing. Every way of resolving a target leaves
        // at least one root on that line.
        if let Some(anchor) = resolved.anchor {
            if roots.len() > 1 {
                let line = graph.lineage_mask(anchor);
                roots.retain(|&r| line[r]);
            }
        }
        let mut applied = graph.ancestor_mask(&start_rows);
        let candidates = graph.descendant_mask(&roots);
        let mut removal: Vec<Node> = graph
            .topo_order()
            .iter()
            .copied()
            .filter(|&n| candidates[n] && applied[n])
            .collect();
        removal.reverse();
        if let Some(t) = target {
            if removal.is_empty() && !start_rows.contains(&t) {
                return Err(PlanError::NotBelowStart {
                    start: start_text,
                    end: end.text.clone(),
                    target: graph.id(t).clone(),
                });
            }
        }

        let mut rows: BTreeSet<Node> = start_rows.iter().copied().collect();
        let start_heads = sorted_ids(graph, &rows);
        let mut search = Search::new(graph.len());
        let mut steps = Vec::with_capacity(removal.len());
        for r in removal {
            if !rows.contains(&r) {
                return Err(version_error(format!(
                    "downgrading `{}`, which is not a row",
                    graph.id(r)
                )));
            }
            let changes = down_changes(graph, r, &rows, &applied, &mut search);
            applied[r] = false;
            steps.push(record_step(&mut rows, r, Direction::Down, changes)?);
        }
        Plan::finish(graph, Direction::Down, start_heads, &rows, steps)
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
