//! Planning a downgrade: Alembic's `_collect_downgrade_revisions`, the
//! applied descendants of the end's children, in reverse topological
//! order (see the module doc of `plan`).

use super::steps::{down_changes, Search};
use super::{record_step, sorted_ids, version_error, Direction, Plan, PlanError};
use crate::history::graph::{Node, RevisionGraph};
use crate::history::target::{Role, Target};
use std::collections::BTreeSet;

impl Plan {
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
}
