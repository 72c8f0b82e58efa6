//! `gen stamp`: the version-table statements alone, no schema change.
//!
//! For adopting a database that already has the schema (`gen stamp heads`
//! from base creates the version table and inserts the heads), or moving an
//! Alembic-managed database's rows (`gen stamp START:END`). The change is
//! the net one between the two sets of rows, as Alembic's stamp does: an
//! `UPDATE` when one row moves, otherwise `DELETE`s then `INSERT`s.

use crate::graph::{Node, RevisionGraph};
use crate::plan::{PlanError, VersionChange};
use crate::revision::RevisionId;
use crate::target::{parse_range, Role};

/// The version-table rows before and after, and the changes between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub from: Vec<RevisionId>,
    pub to: Vec<RevisionId>,
    pub changes: Vec<VersionChange>,
}

fn rows(graph: &RevisionGraph, nodes: &[Node]) -> Vec<RevisionId> {
    let mut ids = graph.ids(&graph.maximal(nodes));
    ids.sort();
    ids
}

/// Plans `gen stamp ARG` (`TARGET` from base, or `START:END`).
pub fn plan_stamp(graph: &RevisionGraph, arg: &str) -> Result<Stamp, PlanError> {
    let (start, end) = parse_range(arg)?;
    let from = match &start {
        Some(t) => rows(graph, &t.resolve(graph, Role::Start)?.nodes),
        None => Vec::new(),
    };
    let to = rows(graph, &end.resolve(graph, Role::Start)?.nodes);
    let gone: Vec<&RevisionId> = from.iter().filter(|r| !to.contains(r)).collect();
    let new: Vec<&RevisionId> = to.iter().filter(|r| !from.contains(r)).collect();
    let changes = match (gone.as_slice(), new.as_slice()) {
        ([old], [new]) => vec![VersionChange::Update {
            from: (*old).clone(),
            to: (*new).clone(),
        }],
        _ => gone
            .iter()
            .map(|r| VersionChange::Delete((*r).clone()))
            .chain(new.iter().map(|r| VersionChange::Insert((*r).clone())))
            .collect(),
    };
    Ok(Stamp { from, to, changes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revision::Revision;

    fn graph() -> RevisionGraph {
        let revs = [
            ("a", vec![]),
            ("b", vec!["a"]),
            ("c", vec!["a"]),
            ("d", vec!["b", "c"]),
        ];
        RevisionGraph::build(
            revs.iter()
                .map(|(id, p)| Revision::bare(id, p).unwrap())
                .collect(),
        )
        .unwrap()
    }

    fn id(s: &str) -> RevisionId {
        RevisionId::parse(s).unwrap()
    }

    #[test]
    fn from_base_inserts_the_heads() {
        let s = plan_stamp(&graph(), "heads").unwrap();
        assert_eq!(s.changes, [VersionChange::Insert(id("d"))]);
        let s = plan_stamp(&graph(), "base:b").unwrap();
        assert_eq!(s.changes, [VersionChange::Insert(id("b"))]);
    }

    #[test]
    fn one_row_moving_is_an_update_otherwise_delete_then_insert() {
        let g = graph();
        assert_eq!(
            plan_stamp(&g, "b:d").unwrap().changes,
            [VersionChange::Update {
                from: id("b"),
                to: id("d")
            }]
        );
        let s = plan_stamp(&g, "d:base").unwrap();
        assert_eq!(s.changes, [VersionChange::Delete(id("d"))]);
        assert!(plan_stamp(&g, "d:d").unwrap().changes.is_empty());
    }
}
