//! The topological order (Kahn's algorithm, keeping branches contiguous)
//! and, when it cannot order everything, the cycles reported as errors.

use super::{item_path, Node, RevisionGraph};
use crate::history::graph::{CycleKind, GraphError};
use crate::source::revision::RevisionId;
use std::collections::BTreeSet;

impl RevisionGraph {
    /// Kahn's algorithm over parent and dependency edges. The next revision
    /// is a ready successor of the one just emitted (smallest id), so that
    /// branches stay contiguous, else the smallest ready id overall.
    pub(super) fn kahn(&self) -> Vec<Node> {
        let n = self.revs.len();
        let mut indegree: Vec<usize> = self.preds.lists().map(<[Node]>::len).collect();
        let mut ready: BTreeSet<Node> = (0..n).filter(|&i| indegree[i] == 0).collect();
        let mut order = Vec::with_capacity(n);
        let mut last: Option<Node> = None;
        loop {
            let preferred =
                last.and_then(|l| self.succs[l].iter().copied().find(|&s| indegree[s] == 0));
            let next = match preferred.or_else(|| ready.first().copied()) {
                Some(next) => next,
                None => break,
            };
            ready.remove(&next);
            order.push(next);
            for &s in &self.succs[next] {
                indegree[s] -= 1;
                if indegree[s] == 0 {
                    ready.insert(s);
                }
            }
            last = Some(next);
        }
        order
    }

    /// Finds cycles among the revisions Kahn's algorithm could not order.
    /// From each, follows one left-over predecessor (a parent if possible)
    /// until the walk meets itself; each node is walked once.
    pub(super) fn report_cycles(&self, ordered: &[Node], errors: &mut Vec<GraphError>) {
        let n = self.revs.len();
        let mut left = vec![true; n];
        for &i in ordered {
            left[i] = false;
        }
        // 0 = not visited, 1 = on the current walk, 2 = done.
        let mut state = vec![0u8; n];
        for start in 0..n {
            if !left[start] || state[start] != 0 {
                continue;
            }
            // (node, edge to the next node is a dependency)
            let mut walk: Vec<(Node, bool)> = Vec::new();
            let mut cur = start;
            loop {
                if state[cur] == 2 {
                    break;
                }
                if state[cur] == 1 {
                    if let Some(pos) = walk.iter().position(|&(w, _)| w == cur) {
                        errors.push(self.cycle_error(&walk[pos..]));
                    }
                    break;
                }
                state[cur] = 1;
                let next = self.parents[cur]
                    .iter()
                    .map(|&p| (p, false))
                    .chain(self.deps[cur].iter().map(|&d| (d, true)))
                    .find(|&(p, _)| left[p]);
                match next {
                    Some((p, is_dep)) => {
                        walk.push((cur, is_dep));
                        cur = p;
                    }
                    None => {
                        // Cannot happen: a left-over node has a left-over
                        // predecessor. Stop quietly rather than loop.
                        walk.push((cur, false));
                        break;
                    }
                }
            }
            for &(w, _) in &walk {
                state[w] = 2;
            }
        }
    }

    fn cycle_error(&self, cycle: &[(Node, bool)]) -> GraphError {
        let dep_edges: Vec<usize> = (0..cycle.len()).filter(|&k| cycle[k].1).collect();
        if let [k] = dep_edges[..] {
            // `rev` depends on `dep`, whose down_revisions lead back to `rev`.
            let rev = cycle[k].0;
            let dep = cycle[(k + 1) % cycle.len()].0;
            // Walking the cycle backwards from `rev` follows children up to `dep`.
            let mut up: Vec<RevisionId> = Vec::with_capacity(cycle.len());
            let mut idx = k;
            for _ in 0..cycle.len() {
                up.push(self.revs[cycle[idx].0].id.clone());
                idx = (idx + cycle.len() - 1) % cycle.len();
            }
            let r = &self.revs[rev];
            let entry_index = r
                .depends_on
                .iter()
                .position(|e| self.lookup(e, true).ok() == Some(dep))
                .unwrap_or(0);
            return GraphError::DependsOnDescendant {
                revision: r.id.clone(),
                dependency: self.revs[dep].id.clone(),
                path: up,
                span: r.span_of(item_path("depends_on", entry_index)),
            };
        }
        // Start the cycle at its smallest id.
        let start = (0..cycle.len()).min_by_key(|&k| cycle[k].0).unwrap_or(0);
        let mut revisions = Vec::with_capacity(cycle.len());
        for step in 0..cycle.len() {
            revisions.push(self.revs[cycle[(start + step) % cycle.len()].0].id.clone());
        }
        let (first, first_is_dep) = cycle[start];
        let next = cycle[(start + 1) % cycle.len()].0;
        let r = &self.revs[first];
        // Point at the entry that leads on around the cycle.
        let span = if first_is_dep {
            let i = r
                .depends_on
                .iter()
                .position(|e| self.lookup(e, true).ok() == Some(next))
                .unwrap_or(0);
            r.span_of(item_path("depends_on", i))
        } else {
            let i = r
                .down_revisions
                .iter()
                .position(|p| *p == self.revs[next].id)
                .unwrap_or(0);
            r.span_of(item_path("down_revision", i))
        };
        GraphError::Cycle {
            kind: if dep_edges.is_empty() {
                CycleKind::DownRevision
            } else {
                CycleKind::Dependency
            },
            revisions,
            span,
        }
    }
}
