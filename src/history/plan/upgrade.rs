//! Planning an upgrade: every revision the end needs that the start has
//! not applied, in topological order (see the module doc of `plan`).

use super::steps::up_changes;
use super::{record_step, sorted_ids, Direction, Plan, PlanError};
use crate::history::graph::{Node, RevisionGraph};
use crate::history::target::{Role, Target};
use std::collections::BTreeSet;

impl Plan {
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
}
