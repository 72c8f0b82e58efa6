//! Relative steps: Alembic's `_walk` along `down_revision` links, and what
//! `+N` / `-N` without a base mean for each [`Role`] (from the start rows,
//! below each head, on a label's line).

use super::{pos_nodes, MaskFilter, Pos, Resolved, Resolver, Role, TargetError, Way};
use crate::history::graph::Node;

impl Resolver<'_, '_> {
    /// Alembic's `_walk`: up along children (only those on the label's line
    /// when `filter` is given), down along parents; below a root is base.
    pub(super) fn walk(
        &self,
        start: Pos,
        way: Way,
        steps: u64,
        filter: Option<&[bool]>,
    ) -> Result<Pos, TargetError> {
        let mut cur = start;
        for done in 0..steps {
            let candidates: Vec<Node> = match (way, cur) {
                (Way::Up, Pos::Base) => self.graph.bases().to_vec(),
                (Way::Up, Pos::At(n)) => self.graph.children(n).to_vec(),
                (Way::Down, Pos::Base) => Vec::new(),
                (Way::Down, Pos::At(n)) => {
                    let parents = self.graph.parents(n);
                    if parents.is_empty() {
                        cur = Pos::Base;
                        continue;
                    }
                    parents.to_vec()
                }
            };
            let candidates: Vec<Node> = candidates
                .into_iter()
                .filter(|&c| filter.is_none_or_mask(c))
                .collect();
            match candidates[..] {
                [] => {
                    return Err(TargetError::WalkedTooFar {
                        text: self.text(),
                        way,
                        asked: steps,
                        possible: done,
                    })
                }
                [c] => cur = Pos::At(c),
                _ => {
                    let mut ids = self.graph.ids(&candidates);
                    ids.sort();
                    return Err(TargetError::AmbiguousWalk {
                        text: self.text(),
                        at: match cur {
                            Pos::Base => "base".to_owned(),
                            Pos::At(n) => self.graph.id(n).to_string(),
                        },
                        way,
                        candidates: ids,
                    });
                }
            }
        }
        Ok(cur)
    }

    pub(super) fn relative_to_current(
        &self,
        role: Role<'_>,
        way: Way,
        steps: u64,
        anchor: Option<Node>,
        lineage: Option<&[bool]>,
    ) -> Result<Resolved, TargetError> {
        match (role, way) {
            (Role::Start, Way::Up) => Err(TargetError::WrongWay {
                text: self.text(),
                context: "a range start cannot be `+N`; name a revision, as in `<rev>+N`",
            }),
            (Role::Start, Way::Down) => {
                // Alembic's `get_revisions("-N")`: N below each real head
                // (with a label: each real head on that label's branch).
                let heads: Vec<Node> = self
                    .graph
                    .real_heads()
                    .iter()
                    .copied()
                    .filter(|&h| self.on_branch(h, anchor, lineage))
                    .collect();
                let mut nodes = Vec::new();
                for h in heads {
                    if let Pos::At(n) = self.walk(Pos::At(h), way, steps, None)? {
                        nodes.push(n);
                    }
                }
                nodes.sort_unstable();
                nodes.dedup();
                Ok(Resolved { nodes, anchor })
            }
            (Role::UpgradeEnd { .. }, Way::Down) => Err(TargetError::WrongWay {
                text: self.text(),
                context: "an upgrade cannot go down; use `gen downgrade`, or name a \
                          revision as in `<rev>-N`",
            }),
            (Role::DowngradeEnd { .. }, Way::Up) => Err(TargetError::WrongWay {
                text: self.text(),
                context: "a downgrade cannot go up; use `gen upgrade`, or name a \
                          revision as in `<rev>+N`",
            }),
            (Role::UpgradeEnd { current }, Way::Up) => {
                // Alembic's `_parse_upgrade_target` for `[label@]+N`.
                let mut start: Vec<Pos> = current.iter().map(|&c| Pos::At(c)).collect();
                if let Some(mask) = lineage {
                    start.retain(|p| matches!(p, Pos::At(n) if mask[*n]));
                    if start.is_empty() {
                        // The branch has no start row: go back to the tips
                        // of what is applied on that line, or to base.
                        start = self
                            .applied_tips_on_line(current, mask)
                            .into_iter()
                            .map(Pos::At)
                            .collect();
                    }
                }
                if start.is_empty() {
                    start.push(Pos::Base);
                }
                let from = match start[..] {
                    [p] => p,
                    _ => {
                        return Err(TargetError::AmbiguousStart {
                            text: self.text(),
                            current: start
                                .iter()
                                .filter_map(|p| match p {
                                    Pos::At(n) => Some(self.graph.id(*n).clone()),
                                    Pos::Base => None,
                                })
                                .collect(),
                        })
                    }
                };
                let end = self.walk(from, way, steps, lineage)?;
                Ok(Resolved {
                    nodes: pos_nodes(end),
                    anchor,
                })
            }
            (Role::DowngradeEnd { current }, Way::Down) => {
                // Alembic's `_parse_downgrade_target` for `[label@]-N`.
                let from = match lineage {
                    Some(mask) => {
                        let mut on_line: Vec<Node> =
                            current.iter().copied().filter(|&c| mask[c]).collect();
                        if on_line.is_empty() {
                            on_line = self.applied_tips_on_line(current, mask);
                        }
                        on_line
                    }
                    None => current.to_vec(),
                };
                let from = match from[..] {
                    [f] => f,
                    [] => {
                        return Err(TargetError::NothingToWalkFrom { text: self.text() });
                    }
                    _ => {
                        return Err(TargetError::AmbiguousStart {
                            text: self.text(),
                            current: self.graph.ids(&from),
                        })
                    }
                };
                let end = self.walk(Pos::At(from), way, steps, None)?;
                Ok(Resolved {
                    nodes: pos_nodes(end),
                    // Alembic: a bare `-N` keeps to the line of the row it
                    // walked from.
                    anchor: anchor.or(Some(from)),
                })
            }
        }
    }

    /// Whether a head belongs to the branch named before `@`: a label's
    /// propagated membership, or the line of a revision named there.
    fn on_branch(&self, node: Node, anchor: Option<Node>, lineage: Option<&[bool]>) -> bool {
        match (&self.target.branch, anchor, lineage) {
            (Some(b), Some(_), _) if self.graph.label(b).is_some() => {
                self.graph.branch_labels(node).contains(b.as_str())
            }
            (_, _, Some(mask)) => mask[node],
            _ => true,
        }
    }

    /// The applied revisions on a line that have no applied child or
    /// dependent on that line.
    fn applied_tips_on_line(&self, current: &[Node], mask: &[bool]) -> Vec<Node> {
        let applied = self.graph.ancestor_mask(current);
        let on_line: Vec<Node> = (0..self.graph.len())
            .filter(|&n| applied[n] && mask[n])
            .collect();
        let mut below = vec![false; self.graph.len()];
        for &n in &on_line {
            for &d in self.graph.normalized_down_revisions(n) {
                below[d] = true;
            }
        }
        on_line.into_iter().filter(|&n| !below[n]).collect()
    }
}
