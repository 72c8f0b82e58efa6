//! Per-node lists of nodes (parents, children, dependencies...), packed
//! into one vector.
//!
//! The revision graph keeps seven such lists per revision, most of them
//! with zero or one entry. As a `Vec<Vec<Node>>` each non-empty list is its
//! own allocation: at 100,000 revisions that was about 40 MB. [`Adjacency`]
//! stores every list end to end, with where each one ends, and hands out
//! slices; it is built once, from the lists, when they are complete.

use std::ops::Index;

/// Node `i`'s list is `nodes[ends[i - 1]..ends[i]]` (from 0 for the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adjacency {
    ends: Vec<usize>,
    nodes: Vec<usize>,
}

impl Adjacency {
    /// Packs `lists` (one per node, in node order).
    pub fn from_lists(lists: Vec<Vec<usize>>) -> Adjacency {
        let mut ends = Vec::with_capacity(lists.len());
        let mut nodes = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        for list in lists {
            nodes.extend(list);
            ends.push(nodes.len());
        }
        Adjacency { ends, nodes }
    }

    /// The number of nodes (lists).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Every node's list, in node order.
    pub fn lists(&self) -> impl Iterator<Item = &[usize]> {
        (0..self.len()).map(|i| &self[i])
    }
}

impl Index<usize> for Adjacency {
    type Output = [usize];

    fn index(&self, node: usize) -> &[usize] {
        let start = match node {
            0 => 0,
            n => self.ends[n - 1],
        };
        &self.nodes[start..self.ends[node]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_back_each_list_in_order() {
        let lists = vec![vec![], vec![3, 1], vec![], vec![0], vec![2, 2, 4]];
        let adj = Adjacency::from_lists(lists.clone());
        assert_eq!(adj.len(), lists.len());
        for (i, list) in lists.iter().enumerate() {
            assert_eq!(&adj[i], list.as_slice(), "list {i}");
        }
        let back: Vec<Vec<usize>> = adj.lists().map(<[usize]>::to_vec).collect();
        assert_eq!(back, lists);
        assert!(Adjacency::from_lists(Vec::new()).is_empty());
    }
}
