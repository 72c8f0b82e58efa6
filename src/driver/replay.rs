//! Replaying the history up to where a plan starts.
//!
//! The schema a plan's first step meets is what every revision up to the
//! plan's start leaves: they are replayed into the model in topological
//! order, each operation checked as a written one is (a later rebuild
//! writes its fragments again). When the plan goes down, the replay also
//! derives the downgrade of each revision the plan undoes without a written
//! one, as it passes.

use super::site::{op_error, site, site_revision, DerivedByNode};
use crate::diag::error::{Error, OpErrorKind, OpList};
use crate::driver::upgrade_ops::UpgradeOps;
use crate::history::graph::{Node, RevisionGraph};
use crate::history::plan::Plan;
use crate::model::inverse::{replay_revision_checked, Refused};
use crate::model::Schema;
use crate::ops::Op;
use crate::source::revision::runs_on;

/// Replays every revision up to `start` (inclusive), deriving downgrades for
/// the nodes set in `derive_for` (by node; empty: none).
pub(super) fn replay_to_start(
    graph: &RevisionGraph,
    start: &[Node],
    derive_for: &[bool],
    schema: &mut Schema,
    upgrades: &mut UpgradeOps,
) -> Result<DerivedByNode, Error> {
    let mut derived: DerivedByNode = Vec::new();
    if derive_for.contains(&true) {
        derived.resize_with(graph.len(), || None);
    }
    let mask = graph.ancestor_mask(start);
    for node in graph.in_topo_order(&mask) {
        let rev = graph.revision(node);
        let want = derive_for.get(node).copied().unwrap_or(false) && rev.downgrade.is_none();
        let upgrade = upgrades.get(graph, node)?;
        // What the model takes in passes the checks of a written operation:
        // a later rebuild writes its fragments again.
        let check = |op: &Op, before: &Schema| -> Result<(), OpErrorKind> {
            let dialect = before.dialect();
            let ctx = crate::model::fragment::CheckCtx {
                dialect,
                transactional: rev.transactional,
            };
            crate::model::fragment::check_op(op, before, &ctx).map_err(OpErrorKind::Fragment)?;
            crate::model::literal_type::check_op(op, before, dialect).map_err(OpErrorKind::Literal)
        };
        // An operation limited to other dialects does not exist here.
        let name = schema.dialect().name();
        let runs = |i: usize| runs_on(rev.upgrade_dialects(i), name);
        match replay_revision_checked(&upgrade, schema, want, runs, check) {
            Ok(d) => {
                if want {
                    if let Some(slot) = derived.get_mut(node) {
                        *slot = Some(d);
                    }
                }
            }
            Err(boxed) => {
                let (i, name, refused) = *boxed;
                let s = site(&site_revision(rev), OpList::Upgrade, i, name);
                let kind = match refused {
                    Refused::Schema(e) => OpErrorKind::Schema(e),
                    Refused::Check(kind) => kind,
                };
                return Err(op_error(&s, kind));
            }
        }
    }
    Ok(derived)
}

/// The schema after every revision up to `nodes` (inclusive) is applied,
/// with constraints named as `dialect` names them.
pub fn schema_at(
    graph: &RevisionGraph,
    nodes: &[Node],
    dialect: std::sync::Arc<dyn crate::dialect::Dialect>,
) -> Result<Schema, Error> {
    let mut schema = Schema::for_dialect(dialect);
    replay_to_start(graph, nodes, &[], &mut schema, &mut UpgradeOps::borrowed())?;
    Ok(schema)
}

/// The nodes `plan` starts from.
pub(super) fn start_nodes(graph: &RevisionGraph, plan: &Plan) -> Result<Vec<Node>, Error> {
    plan.start_heads
        .iter()
        .map(|id| {
            graph
                .get(id)
                .ok_or_else(|| Error::Internal(format!("start revision {id} is not in the graph")))
        })
        .collect()
}
