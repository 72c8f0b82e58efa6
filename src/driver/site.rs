//! Where an operation is, and which operations a step runs.
//!
//! Every operation the walk runs travels with its [`OpSite`] (the revision,
//! its file, which list, which index), so that any error or warning can name
//! them, and with the `allow:` list that silences lint rules for it. A step
//! runs its revision's upgrade, its written downgrade, or the downgrade
//! derived from its upgrade during the replay ([`step_ops`]).

use crate::diag::error::{Error, OpError, OpErrorKind, OpList, OpSite, SiteRevision};
use crate::driver::upgrade_ops::UpgradeOps;
use crate::history::graph::{Node, RevisionGraph};
use crate::history::plan::Direction;
use crate::model::inverse::Derived;
use crate::ops::Op;
use crate::source::revision::Revision;
use std::borrow::Cow;
use std::sync::Arc;

/// An operation to run, and where it came from (derived ones are owned).
pub(super) struct SitedOp<'a> {
    pub(super) op: Cow<'a, Op>,
    pub(super) site: OpSite,
    /// Lint rules its `allow:` silences (a derived operation inherits the
    /// list of the upgrade operation it undoes).
    pub(super) allow: &'a [String],
    /// The dialects it is limited to (`dialects:`; empty: every one). A
    /// derived operation inherits the list of the one it undoes.
    pub(super) dialects: &'a [&'static str],
}

/// What the sites of `rev`'s operations share.
pub(super) fn site_revision(rev: &Revision) -> Arc<SiteRevision> {
    Arc::new(SiteRevision {
        id: rev.id.clone(),
        message: rev.message.as_deref().map(str::to_owned),
        file: rev.source.path.clone(),
        op_keys: rev.op_keys.clone(),
    })
}

pub(super) fn site(
    revision: &Arc<SiteRevision>,
    list: OpList,
    index: usize,
    op_name: &'static str,
) -> OpSite {
    OpSite {
        revision: Arc::clone(revision),
        list,
        index,
        op_name,
    }
}

pub(super) fn op_error(site: &OpSite, kind: OpErrorKind) -> Error {
    OpError {
        site: site.clone(),
        kind,
    }
    .into()
}

/// Derived downgrades by node: `None` where none was asked for, or once
/// taken. A vector, not a map: a long downgrade derives one per revision,
/// and the walk takes them back one by one.
pub(super) type DerivedByNode = Vec<Option<Derived>>;

/// The operations of one step: the upgrade, the explicit downgrade, or the
/// derived one (an error if the revision cannot be undone).
pub(super) fn step_ops<'a>(
    graph: &'a RevisionGraph,
    node: Node,
    direction: Direction,
    derived: &mut DerivedByNode,
    upgrades: &mut UpgradeOps,
) -> Result<Vec<SitedOp<'a>>, Error> {
    let rev = graph.revision(node);
    let at = site_revision(rev);
    let listed = |list: Cow<'a, [Op]>, allows: &'a [Vec<String>], which: OpList| {
        let sited = |(i, op): (usize, Cow<'a, Op>)| SitedOp {
            site: site(&at, which, i, op.name()),
            allow: allows.get(i).map_or(&[], Vec::as_slice),
            dialects: match which {
                OpList::Downgrade => rev.downgrade_dialects(i),
                OpList::Upgrade | OpList::DerivedDowngrade => rev.upgrade_dialects(i),
            },
            op,
        };
        crate::ops::one_by_one(list)
            .into_iter()
            .enumerate()
            .map(sited)
            .collect()
    };
    match (direction, &rev.downgrade) {
        (Direction::Up, _) => Ok(listed(
            upgrades.get(graph, node)?,
            &rev.upgrade_allow,
            OpList::Upgrade,
        )),
        (Direction::Down, Some(list)) => Ok(listed(
            Cow::Borrowed(list),
            &rev.downgrade_allow,
            OpList::Downgrade,
        )),
        (Direction::Down, None) => match derived.get_mut(node).and_then(Option::take) {
            Some(Ok(list)) => Ok(list
                .into_iter()
                .map(|d| SitedOp {
                    site: site(&at, OpList::DerivedDowngrade, d.source(), d.source_name()),
                    allow: rev.upgrade_allow.get(d.source()).map_or(&[], Vec::as_slice),
                    dialects: rev.upgrade_dialects(d.source()),
                    op: Cow::Owned(d.op),
                })
                .collect()),
            Some(Err(irr)) => {
                let s = site(&at, OpList::DerivedDowngrade, irr.op_index, irr.op_name);
                Err(op_error(
                    &s,
                    OpErrorKind::Irreversible { reason: irr.reason },
                ))
            }
            None => Err(Error::Internal(format!(
                "no derived downgrade for revision {}",
                rev.id
            ))),
        },
    }
}
