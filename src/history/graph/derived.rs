//! What Alembic derives from the edges once the graph is checked: the
//! normalized down revisions (`_normalize_depends_on`) and the branch labels
//! each revision belongs to (`_add_branches`). Each is one pass in
//! topological order, sharing sets along lines and at merges.

use super::{dedup_in_order, Node, RevisionGraph};
use crate::history::adjacency::Adjacency;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The union of the sets of `nodes`. When one of them already holds all the
/// others (a branch merged back usually does: only it added to the set it
/// started from), that one is shared rather than copied. Only a largest set
/// can be it; checking it against a set sharing its `Arc` costs nothing, and
/// against any other set at most one pass over both.
fn union_sharing<T: Ord + Clone>(sets: &[Arc<BTreeSet<T>>], nodes: &[Node]) -> Arc<BTreeSet<T>> {
    let Some(&largest) = nodes.iter().max_by_key(|&&p| sets[p].len()) else {
        return Arc::default();
    };
    let big = &sets[largest];
    if nodes
        .iter()
        .all(|&p| Arc::ptr_eq(&sets[p], big) || sets[p].is_subset(big))
    {
        return big.clone();
    }
    let mut union = BTreeSet::new();
    for &p in nodes {
        union.extend(sets[p].iter().cloned());
    }
    Arc::new(union)
}

impl RevisionGraph {
    /// Alembic's `_normalize_depends_on`: a dependency is dropped from a
    /// revision's down revisions when some `down_revision` ancestor already
    /// depends on it.
    ///
    /// One pass in topological order carries, per revision, the set of
    /// dependencies declared by it or by its `down_revision` ancestors
    /// (`avail`). It stays near-linear because these sets stay small and are
    /// rarely copied:
    /// - Only dependencies that several revisions declare go into them. One
    ///   declared once is declared by the revision asking, which is not its
    ///   own ancestor, so it is never dropped and need not be tracked.
    /// - A set is shared (`Arc`) along lines and copied only by a revision
    ///   that adds to it.
    /// - At a merge, a parent whose set already holds the others' (a branch
    ///   merged back usually does) is shared instead of building the union
    ///   (see [`union_sharing`]).
    ///
    /// So the work is the revisions and edges, plus the sets that a revision
    /// adding a repeated dependency, or a merge of really different sets,
    /// copies; those hold only repeated dependencies.
    pub(super) fn normalize_dependencies(&mut self) {
        let n = self.revs.len();
        let (parents, deps, dependents) = (&self.parents, &self.deps, &self.dependents);
        // `dependents` lists each declaring revision once.
        let repeated = |d: Node| dependents[d].len() > 1;
        let empty: Arc<BTreeSet<Node>> = Arc::new(BTreeSet::new());
        let mut avail: Vec<Arc<BTreeSet<Node>>> = vec![empty.clone(); n];
        let mut normalized: Vec<Vec<Node>> = vec![Vec::new(); n];
        for &i in &self.topo {
            let inherited: Arc<BTreeSet<Node>> = match parents[i][..] {
                [] => empty.clone(),
                [p] => avail[p].clone(),
                ref ps => union_sharing(&avail, ps),
            };
            let mut down = parents[i].to_vec();
            if !deps[i].is_empty() {
                down.extend(deps[i].iter().copied().filter(|d| !inherited.contains(d)));
                // Parents are distinct, and so are dependencies; only a
                // dependency that is also a parent repeats (and stays in the
                // parent's place).
                dedup_in_order(&mut down);
            }
            // Python keeps normalized dependencies in a set; we keep them in
            // declared order after the parents, which is deterministic.
            normalized[i] = down;
            let mut added = deps[i]
                .iter()
                .copied()
                .filter(|&d| repeated(d) && !inherited.contains(&d))
                .peekable();
            avail[i] = if added.peek().is_none() {
                inherited
            } else {
                let mut set = (*inherited).clone();
                set.extend(added);
                Arc::new(set)
            };
        }
        self.normalized_down = Adjacency::from_lists(normalized);
    }

    /// Alembic's `_add_branches`, as it behaves: a label applies to the
    /// declaring revision and all its `down_revision` descendants; and when
    /// those descendants form one plain line (no merge point, and no
    /// revision with more than one child or dependent, the declaring one
    /// included), also to its ancestors down to, not including, the nearest
    /// branch point or merge point.
    pub(super) fn compute_membership(&self) -> Vec<Arc<BTreeSet<Arc<str>>>> {
        let n = self.revs.len();
        let empty: Arc<BTreeSet<Arc<str>>> = Arc::new(BTreeSet::new());
        let mut member: Vec<Arc<BTreeSet<Arc<str>>>> = vec![empty.clone(); n];
        // Each label's text once: a long history's trunk belongs to every
        // label merged into it, and each merge makes a new set.
        let shared: BTreeMap<&str, Arc<str>> = self
            .labels
            .keys()
            .map(|l| (l.as_str(), Arc::from(l.as_str())))
            .collect();
        let own = |i: Node| -> Vec<Arc<str>> {
            self.revs[i]
                .branch_labels
                .iter()
                .filter(|l| self.labels.get(l.as_str()) == Some(&i))
                .filter_map(|l| shared.get(l.as_str()).cloned())
                .collect()
        };
        for &i in &self.topo {
            let labels = own(i);
            let inherited: Arc<BTreeSet<Arc<str>>> = match self.parents[i][..] {
                [] => empty.clone(),
                [p] => member[p].clone(),
                // Merges do not cost the number of labels each.
                ref ps => union_sharing(&member, ps),
            };
            member[i] = if labels.is_empty() {
                inherited
            } else {
                let mut set = (*inherited).clone();
                set.extend(labels);
                Arc::new(set)
            };
        }
        // Whether the descendants of a node form one clean line; memoized.
        let clean = |i: Node| self.succs[i].len() <= 1 && self.parents[i].len() <= 1;
        let mut line_ok: Vec<Option<bool>> = vec![None; n];
        for (name, &l) in &self.labels {
            let Some(label) = shared.get(name.as_str()) else {
                continue;
            };
            let mut path = Vec::new();
            let mut cur = l;
            let ok = loop {
                if let Some(known) = line_ok[cur] {
                    break known;
                }
                path.push(cur);
                if !clean(cur) {
                    break false;
                }
                match self.children[cur][..] {
                    [] => break true,
                    [c] => cur = c,
                    _ => break false,
                }
            };
            for p in path {
                line_ok[p] = Some(ok);
            }
            if !ok {
                continue;
            }
            let mut cur = l;
            while let [p] = self.parents[cur][..] {
                if !clean(p) {
                    break;
                }
                Arc::make_mut(&mut member[p]).insert(label.clone());
                cur = p;
            }
        }
        member
    }
}
