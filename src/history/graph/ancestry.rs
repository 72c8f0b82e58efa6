//! Order and reachability: the topological order, ancestor and descendant
//! masks (through all edges or `down_revision` only), lineage, and the
//! maximal members of a set. Every walk is iterative over a `Vec<bool>`.

use super::{Node, RevisionGraph};

impl RevisionGraph {
    // ----- order and reachability -----

    /// Every revision, parents and dependencies before dependents.
    pub fn topo_order(&self) -> &[Node] {
        &self.topo
    }

    /// Position of a node in [`topo_order`](Self::topo_order).
    pub fn topo_position(&self, node: Node) -> usize {
        self.topo_pos[node]
    }

    /// The nodes marked in `mask`, in topological order.
    pub fn in_topo_order(&self, mask: &[bool]) -> Vec<Node> {
        self.topo.iter().copied().filter(|&n| mask[n]).collect()
    }

    fn reach<'a>(&'a self, start: &[Node], next: impl Fn(Node) -> &'a [Node]) -> Vec<bool> {
        let mut seen = vec![false; self.revs.len()];
        let mut stack: Vec<Node> = Vec::new();
        for &s in start {
            if !seen[s] {
                seen[s] = true;
                stack.push(s);
            }
        }
        while let Some(n) = stack.pop() {
            for &m in next(n) {
                if !seen[m] {
                    seen[m] = true;
                    stack.push(m);
                }
            }
        }
        seen
    }

    /// Ancestors of `nodes`, inclusive, through parents and dependencies.
    pub fn ancestor_mask(&self, nodes: &[Node]) -> Vec<bool> {
        self.reach(nodes, |n| &self.preds[n])
    }

    /// Descendants of `nodes`, inclusive, through children and dependents.
    pub fn descendant_mask(&self, nodes: &[Node]) -> Vec<bool> {
        self.reach(nodes, |n| &self.succs[n])
    }

    /// Ancestors of `nodes`, inclusive, through `down_revision` only.
    pub fn parent_ancestor_mask(&self, nodes: &[Node]) -> Vec<bool> {
        self.reach(nodes, |n| &self.parents[n])
    }

    /// Descendants of `nodes`, inclusive, through `down_revision` only.
    pub fn child_descendant_mask(&self, nodes: &[Node]) -> Vec<bool> {
        self.reach(nodes, |n| &self.children[n])
    }

    /// Revisions sharing a line with `node` (its `down_revision` ancestors
    /// and descendants, inclusive): Alembic's `_shares_lineage`.
    pub fn lineage_mask(&self, node: Node) -> Vec<bool> {
        let mut mask = self.parent_ancestor_mask(&[node]);
        for (m, d) in mask.iter_mut().zip(self.child_descendant_mask(&[node])) {
            *m |= d;
        }
        mask
    }

    /// Ancestors of `nodes`, inclusive, through parents and dependencies, in
    /// topological order.
    pub fn ancestors(&self, nodes: &[Node]) -> Vec<Node> {
        self.in_topo_order(&self.ancestor_mask(nodes))
    }

    /// Descendants of `nodes`, inclusive, through children and dependents,
    /// in topological order.
    pub fn descendants(&self, nodes: &[Node]) -> Vec<Node> {
        self.in_topo_order(&self.descendant_mask(nodes))
    }

    /// The members of `nodes` that are not an ancestor (through parents or
    /// dependencies) of another member: the version-table rows that imply
    /// exactly the ancestors of `nodes`. Sorted, deduplicated.
    pub fn maximal(&self, nodes: &[Node]) -> Vec<Node> {
        let mut below = vec![false; self.revs.len()];
        let mut stack: Vec<Node> = Vec::new();
        for &s in nodes {
            for &p in &self.preds[s] {
                if !below[p] {
                    below[p] = true;
                    stack.push(p);
                }
            }
        }
        while let Some(n) = stack.pop() {
            for &p in &self.preds[n] {
                if !below[p] {
                    below[p] = true;
                    stack.push(p);
                }
            }
        }
        let mut out: Vec<Node> = nodes.iter().copied().filter(|&n| !below[n]).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
