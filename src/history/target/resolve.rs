//! Resolving a parsed target against the graph: the branch before `@`,
//! `head`, `heads`, `base`, ids, labels and prefixes (relative steps are in
//! `walk`).

use super::{pos_nodes, MaskFilter, Pos, Resolved, Resolver, Role, Spec, Target, TargetError, Way};
use crate::history::graph::{LookupError, Node, RevisionGraph};

impl Target {
    /// Resolves the target for a given role.
    pub fn resolve(&self, graph: &RevisionGraph, role: Role<'_>) -> Result<Resolved, TargetError> {
        Resolver {
            graph,
            target: self,
        }
        .resolve(role)
    }
}

impl Resolver<'_, '_> {
    fn resolve(&self, role: Role<'_>) -> Result<Resolved, TargetError> {
        let anchor = match &self.target.branch {
            Some(b) => Some(self.anchor(b)?),
            None => None,
        };
        let lineage = anchor.map(|a| self.graph.lineage_mask(a));
        let lineage = lineage.as_deref();
        let nodes = match &self.target.spec {
            Spec::Heads => self.heads(lineage),
            Spec::Head => self.head(lineage)?.into_iter().collect(),
            Spec::Base => Vec::new(),
            Spec::Rev(r) => vec![self.rev(r, lineage)?],
            Spec::Relative { from, steps } => {
                let way = if *steps > 0 { Way::Up } else { Way::Down };
                let n = steps.unsigned_abs();
                match from {
                    Some(sym) => {
                        let start = self.symbol(sym, lineage)?;
                        let filter = if way == Way::Up { lineage } else { None };
                        pos_nodes(self.walk(start, way, n, filter)?)
                    }
                    None => return self.relative_to_current(role, way, n, anchor, lineage),
                }
            }
        };
        Ok(Resolved { nodes, anchor })
    }

    /// The part before `@`: a label, else a revision id or prefix.
    fn anchor(&self, branch: &str) -> Result<Node, TargetError> {
        if let Some(n) = self.graph.label(branch) {
            return Ok(n);
        }
        match self.graph.resolve_id(branch) {
            Ok(n) => Ok(n),
            Err(LookupError::Ambiguous {
                candidates, total, ..
            }) => Err(TargetError::AmbiguousPrefix {
                text: self.text(),
                prefix: branch.to_owned(),
                candidates,
                total,
            }),
            Err(LookupError::NotFound { .. }) => Err(TargetError::UnknownLabel {
                text: self.text(),
                label: branch.to_owned(),
                suggestion: self
                    .graph
                    .suggest_label(branch)
                    .or_else(|| self.graph.suggest(branch)),
            }),
        }
    }

    /// `heads`: Alembic's real heads; `label@heads`: the structural heads on
    /// the label's line.
    fn heads(&self, lineage: Option<&[bool]>) -> Vec<Node> {
        match lineage {
            None => self.graph.real_heads().to_vec(),
            Some(mask) => self
                .graph
                .heads()
                .iter()
                .copied()
                .filter(|&h| mask[h])
                .collect(),
        }
    }

    /// `head`: the one structural head (on the label's line); none when the
    /// graph is empty.
    fn head(&self, lineage: Option<&[bool]>) -> Result<Option<Node>, TargetError> {
        let heads: Vec<Node> = self
            .graph
            .heads()
            .iter()
            .copied()
            .filter(|&h| lineage.is_none_or_mask(h))
            .collect();
        match heads[..] {
            [] => Ok(None),
            [h] => Ok(Some(h)),
            _ => Err(TargetError::MultipleHeads {
                text: self.text(),
                heads: self.graph.ids(&heads),
            }),
        }
    }

    /// A revision id, label or prefix; with a label before `@`, it must be
    /// on that label's line, and a prefix only matches ids on that line.
    fn rev(&self, r: &str, lineage: Option<&[bool]>) -> Result<Node, TargetError> {
        let exact = self.graph.get_str(r).or_else(|| self.graph.label(r));
        let node = match exact {
            Some(n) => n,
            None => {
                let matches: Vec<Node> = self
                    .graph
                    .prefix_matches(r)
                    .into_iter()
                    .filter(|&m| lineage.is_none_or_mask(m))
                    .collect();
                match matches[..] {
                    [m] => m,
                    [] => {
                        return Err(TargetError::UnknownRevision {
                            text: self.text(),
                            rev: r.to_owned(),
                            suggestion: self.graph.suggest(r),
                        })
                    }
                    _ => {
                        return Err(TargetError::AmbiguousPrefix {
                            text: self.text(),
                            prefix: r.to_owned(),
                            candidates: self.graph.ids(&matches[..matches.len().min(10)]),
                            total: matches.len(),
                        })
                    }
                }
            }
        };
        if let (Some(mask), Some(label)) = (lineage, &self.target.branch) {
            if !mask[node] {
                return Err(TargetError::NotOnBranch {
                    text: self.text(),
                    rev: self.graph.id(node).clone(),
                    label: label.clone(),
                });
            }
        }
        Ok(node)
    }

    /// The base of a relative step: `head`, `heads` (one), `base`, or a
    /// revision.
    fn symbol(&self, sym: &str, lineage: Option<&[bool]>) -> Result<Pos, TargetError> {
        match sym {
            "base" => Ok(Pos::Base),
            "head" => Ok(self.head(lineage)?.map_or(Pos::Base, Pos::At)),
            "heads" => {
                let heads = self.heads(lineage);
                match heads[..] {
                    [] => Ok(Pos::Base),
                    [h] => Ok(Pos::At(h)),
                    _ => Err(TargetError::MultipleHeads {
                        text: self.text(),
                        heads: self.graph.ids(&heads),
                    }),
                }
            }
            _ => Ok(Pos::At(self.rev(sym, lineage)?)),
        }
    }
}
