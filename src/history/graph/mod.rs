//! The revision graph: every revision, how they connect, and what that means.
//!
//! [`RevisionGraph::build`] takes the loaded revisions and checks them as a
//! whole, collecting every problem at once: duplicate ids or branch labels,
//! a label that is also an id, a missing `down_revision`, a `depends_on` entry
//! that resolves to nothing or to several revisions, a revision that depends
//! on itself or on its own descendant, and cycles. Once built, the graph
//! answers the questions the planner and the target resolver ask: heads and
//! bases (with Alembic's distinction between structural heads and "real"
//! heads that nothing depends on), branch and merge points, branch labels and
//! the revisions they apply to, ancestors and descendants, a deterministic
//! topological order, and id-prefix lookups.
//!
//! Revisions live in a `Vec` sorted by id, so a node index ([`Node`]) orders
//! like its id. Every traversal is iterative with a visited `Vec<bool>`, so a
//! chain of 100k revisions neither overflows the stack nor costs more than a
//! linear pass; building is `O(n log n)`.
//!
//! This file holds the graph and its plain accessors; `build` checks and
//! builds it, `cycles` orders it (and reports cycles), `derived` computes
//! what Alembic derives (normalized down revisions, branch membership),
//! `lookup` finds revisions by id, prefix or label, `ancestry` answers
//! order and reachability, and `error` holds the errors and their messages.

mod ancestry;
mod build;
mod cycles;
mod derived;
mod error;
mod lookup;
#[cfg(test)]
mod tests;

pub use error::{CycleKind, GraphError, LookupError};

use crate::diag::span::DocPath;
use crate::history::adjacency::Adjacency;
use crate::history::id_index::IdIndex;
use crate::source::revision::{Revision, RevisionId};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

/// Index of a revision in a [`RevisionGraph`]; smaller index = smaller id.
pub type Node = usize;

/// The checked graph of revisions.
#[derive(Debug, Clone)]
pub struct RevisionGraph {
    /// Sorted by id, no two alike: a node is an index, and an id is found
    /// by bisection through `ids` (a map of the ids would copy each of them).
    revs: Vec<Revision>,
    /// The first eight bytes of each id in `revs`, for finding one.
    ids: IdIndex,
    labels: BTreeMap<String, Node>,
    parents: Adjacency,
    children: Adjacency,
    deps: Adjacency,
    dependents: Adjacency,
    /// Parents and dependencies, deduplicated (edges towards older revisions).
    preds: Adjacency,
    /// Children and dependents, deduplicated and sorted.
    succs: Adjacency,
    /// Alembic's `_normalized_down_revisions`.
    normalized_down: Adjacency,
    topo: Vec<Node>,
    topo_pos: Vec<usize>,
    /// The labels each revision belongs to, made on first use: only a
    /// target or a listing that names branches asks, and a long history's
    /// merges make a set each (8 MB at 100,000 revisions).
    membership: OnceLock<Vec<Arc<BTreeSet<Arc<str>>>>>,
    heads: Vec<Node>,
    real_heads: Vec<Node>,
    bases: Vec<Node>,
    real_bases: Vec<Node>,
}

/// The node of `id` among revisions sorted by id.
fn node_of(ids: &IdIndex, revs: &[Revision], id: &str) -> Option<Node> {
    ids.find(id, |n| revs[n].id.as_str())
}

/// The path of the `i`-th item of a list key, or of the key when it holds one item.
/// Entry `i` of a list key. Also right when the list is written as one
/// scalar (`depends_on: ab12`): the locator stops at the scalar value.
fn item_path(key: &str, i: usize) -> DocPath {
    DocPath::root().key(key).index(i)
}

/// The closest of `candidates` to `text` (other than `text` itself).
fn closest<'a>(text: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    crate::diag::suggest::did_you_mean(text, candidates.filter(|c| *c != text)).map(str::to_owned)
}

fn dedup_in_order(v: &mut Vec<Node>) {
    let mut seen = BTreeSet::new();
    v.retain(|n| seen.insert(*n));
}

impl RevisionGraph {
    // ----- lookups -----

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.revs.len()
    }

    /// Whether there are no revisions.
    pub fn is_empty(&self) -> bool {
        self.revs.is_empty()
    }

    /// The node of a revision id.
    pub fn get(&self, id: &RevisionId) -> Option<Node> {
        node_of(&self.ids, &self.revs, id.as_str())
    }

    /// The node of a revision id given as text.
    pub fn get_str(&self, id: &str) -> Option<Node> {
        node_of(&self.ids, &self.revs, id)
    }

    /// The revision at a node (a node this graph handed out).
    pub fn revision(&self, node: Node) -> &Revision {
        &self.revs[node]
    }

    /// Moves every revision's upgrade operations out, by node, leaving the
    /// revisions without any: for a run that consumes them (see
    /// `driver::generate_spilled`).
    pub fn take_upgrades(&mut self) -> Vec<Vec<crate::ops::Op>> {
        self.revs
            .iter_mut()
            .map(|rev| std::mem::take(&mut rev.upgrade))
            .collect()
    }

    /// The id at a node.
    pub fn id(&self, node: Node) -> &RevisionId {
        &self.revs[node].id
    }

    /// The ids of some nodes, in the given order.
    pub fn ids(&self, nodes: &[Node]) -> Vec<RevisionId> {
        nodes.iter().map(|&n| self.revs[n].id.clone()).collect()
    }

    /// All revisions, sorted by id (index = node).
    pub fn revisions(&self) -> &[Revision] {
        &self.revs
    }

    // ----- structure -----

    /// `down_revision` parents, in declared order.
    pub fn parents(&self, node: Node) -> &[Node] {
        &self.parents[node]
    }

    /// Revisions naming this one in `down_revision`, sorted.
    pub fn children(&self, node: Node) -> &[Node] {
        &self.children[node]
    }

    /// Resolved `depends_on`, in declared order, deduplicated.
    pub fn dependencies(&self, node: Node) -> &[Node] {
        &self.deps[node]
    }

    /// Revisions depending on this one, sorted.
    pub fn dependents(&self, node: Node) -> &[Node] {
        &self.dependents[node]
    }

    /// Alembic's `_normalized_down_revisions`: the parents, then the
    /// dependencies that no `down_revision` ancestor already depends on.
    pub fn normalized_down_revisions(&self, node: Node) -> &[Node] {
        &self.normalized_down[node]
    }

    /// Children and dependents, sorted.
    pub fn successors(&self, node: Node) -> &[Node] {
        &self.succs[node]
    }

    /// Revisions no other revision names in `down_revision` (Alembic's
    /// `heads`: a revision that is only depended on is still a head), sorted.
    pub fn heads(&self) -> &[Node] {
        &self.heads
    }

    /// Heads that nothing depends on either (Alembic's `_real_heads`; the
    /// target `heads`), sorted.
    pub fn real_heads(&self) -> &[Node] {
        &self.real_heads
    }

    /// Revisions without `down_revision`, sorted.
    pub fn bases(&self) -> &[Node] {
        &self.bases
    }

    /// Bases without `depends_on` either, sorted.
    pub fn real_bases(&self) -> &[Node] {
        &self.real_bases
    }

    /// More than one revision names this one in `down_revision`.
    pub fn is_branch_point(&self, node: Node) -> bool {
        self.children[node].len() > 1
    }

    /// More than one child or dependent (Alembic's `_is_real_branch_point`).
    pub fn is_real_branch_point(&self, node: Node) -> bool {
        self.succs[node].len() > 1
    }

    /// More than one `down_revision`.
    pub fn is_merge_point(&self, node: Node) -> bool {
        self.parents[node].len() > 1
    }
}
