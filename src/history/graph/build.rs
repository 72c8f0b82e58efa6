//! Building the graph: sorting and deduplicating the revisions, checking
//! branch labels, resolving `down_revision` and `depends_on` into edge
//! lists, ordering them and collecting every problem at once.

use super::{closest, dedup_in_order, item_path, node_of, Node, RevisionGraph};
use crate::diag::span::DocPath;
use crate::history::adjacency::Adjacency;
use crate::history::graph::{GraphError, LookupError};
use crate::history::id_index::IdIndex;
use crate::source::revision::Revision;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How many "did you mean" searches one build runs (each is a linear scan).
const MAX_SUGGESTIONS: usize = 32;

fn label_problem(label: &str) -> Option<String> {
    if label.is_empty() {
        return Some("is empty".to_owned());
    }
    if matches!(label, "head" | "heads" | "base") {
        return Some("is a reserved target name".to_owned());
    }
    if let Some(c) = label
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        return Some(format!("contains `{c}`"));
    }
    // `name-3` would read as a relative target.
    let trimmed = label.trim_end_matches(|c: char| c.is_ascii_digit());
    if trimmed.len() < label.len() && trimmed.ends_with('-') {
        return Some("ends like a relative target (`-N`)".to_owned());
    }
    None
}

impl RevisionGraph {
    /// Checks the revisions as a whole and builds the graph, or returns every
    /// problem found.
    pub fn build(mut revisions: Vec<Revision>) -> Result<RevisionGraph, Vec<GraphError>> {
        let mut errors = Vec::new();
        let mut suggestions_left = MAX_SUGGESTIONS;

        // Sort by id (then path, so which copy of a duplicate is "first" is
        // deterministic; no two revisions have both alike) and drop
        // duplicates, in place: a long history's revisions are not copied.
        revisions.sort_unstable_by(|a, b| {
            a.id.cmp(&b.id)
                .then_with(|| a.source.path.cmp(&b.source.path))
        });
        // `dedup_by` hands over each revision with the last one kept.
        revisions.dedup_by(|rev, kept| {
            let duplicate = rev.id == kept.id;
            if duplicate {
                errors.push(GraphError::DuplicateId {
                    id: rev.id.clone(),
                    span: rev.span_of(DocPath::root().key("revision")),
                    first: kept.span_of(DocPath::root().key("revision")),
                });
            }
            duplicate
        });
        let revs = revisions;
        let n = revs.len();
        let ids = IdIndex::new(revs.iter().map(|r| r.id.as_str()));

        // Branch labels.
        let mut labels: BTreeMap<String, Node> = BTreeMap::new();
        for (i, rev) in revs.iter().enumerate() {
            for (k, label) in rev.branch_labels.iter().enumerate() {
                let span = rev.span_of(item_path("branch_labels", k));
                if let Some(reason) = label_problem(label) {
                    errors.push(GraphError::InvalidLabel {
                        label: label.clone(),
                        revision: rev.id.clone(),
                        span,
                        reason,
                    });
                    continue;
                }
                if let Some(other) = node_of(&ids, &revs, label) {
                    errors.push(GraphError::LabelIsRevisionId {
                        label: label.clone(),
                        revision: rev.id.clone(),
                        span,
                        other_span: revs[other].span_of(DocPath::root().key("revision")),
                    });
                    continue;
                }
                match labels.get(label.as_str()) {
                    Some(&first) if first == i => {} // listed twice by one revision
                    Some(&first) => errors.push(GraphError::DuplicateLabel {
                        label: label.clone(),
                        revision: rev.id.clone(),
                        span,
                        first: revs[first].id.clone(),
                        first_span: revs[first].span_of(item_path(
                            "branch_labels",
                            revs[first]
                                .branch_labels
                                .iter()
                                .position(|l| l == label)
                                .unwrap_or(0),
                        )),
                    }),
                    None => {
                        labels.insert(label.clone(), i);
                    }
                }
            }
        }

        let mut graph = RevisionGraph {
            revs,
            ids,
            labels,
            parents: Adjacency::default(),
            children: Adjacency::default(),
            deps: Adjacency::default(),
            dependents: Adjacency::default(),
            preds: Adjacency::default(),
            succs: Adjacency::default(),
            normalized_down: Adjacency::default(),
            topo: Vec::new(),
            topo_pos: vec![0; n],
            membership: OnceLock::new(),
            heads: Vec::new(),
            real_heads: Vec::new(),
            bases: Vec::new(),
            real_bases: Vec::new(),
        };

        // Parents and dependencies, then the other edge lists from them.
        let mut all_parents: Vec<Vec<Node>> = Vec::with_capacity(n);
        let mut all_deps: Vec<Vec<Node>> = Vec::with_capacity(n);
        for i in 0..n {
            let rev = &graph.revs[i];
            let count = rev.down_revisions.len();
            let mut parents = Vec::with_capacity(count);
            for (k, parent) in rev.down_revisions.iter().enumerate() {
                let span = rev.span_of(item_path("down_revision", k));
                match node_of(&graph.ids, &graph.revs, parent.as_str()) {
                    Some(p) if p == i => errors.push(GraphError::SelfParent {
                        revision: rev.id.clone(),
                        span,
                    }),
                    Some(p) if parents.contains(&p) => errors.push(GraphError::DuplicateParent {
                        revision: rev.id.clone(),
                        parent: parent.clone(),
                        span,
                    }),
                    Some(p) => parents.push(p),
                    None => {
                        let suggestion = if suggestions_left > 0 {
                            suggestions_left -= 1;
                            closest(parent.as_str(), graph.revs.iter().map(|r| r.id.as_str()))
                        } else {
                            None
                        };
                        errors.push(GraphError::MissingParent {
                            revision: rev.id.clone(),
                            missing: parent.clone(),
                            span,
                            suggestion,
                        });
                    }
                }
            }
            let count = rev.depends_on.len();
            let mut deps = Vec::with_capacity(count);
            for (k, entry) in rev.depends_on.iter().enumerate() {
                let span = rev.span_of(item_path("depends_on", k));
                match graph.lookup(entry, true) {
                    Ok(d) if d == i => errors.push(GraphError::DependsOnSelf {
                        revision: rev.id.clone(),
                        entry: entry.clone(),
                        span,
                    }),
                    Ok(d) => deps.push(d),
                    Err(LookupError::NotFound { .. }) => {
                        let suggestion = if suggestions_left > 0 {
                            suggestions_left -= 1;
                            graph.suggest(entry)
                        } else {
                            None
                        };
                        errors.push(GraphError::UnresolvedDependency {
                            revision: rev.id.clone(),
                            entry: entry.clone(),
                            span,
                            suggestion,
                        });
                    }
                    Err(LookupError::Ambiguous {
                        candidates, total, ..
                    }) => errors.push(GraphError::AmbiguousDependency {
                        revision: rev.id.clone(),
                        entry: entry.clone(),
                        span,
                        candidates,
                        total,
                    }),
                }
            }
            dedup_in_order(&mut deps);
            all_parents.push(parents);
            all_deps.push(deps);
        }
        let mut children: Vec<Vec<Node>> = vec![Vec::new(); n];
        let mut dependents: Vec<Vec<Node>> = vec![Vec::new(); n];
        let mut preds: Vec<Vec<Node>> = Vec::with_capacity(n);
        for i in 0..n {
            for &p in &all_parents[i] {
                children[p].push(i);
            }
            for &d in &all_deps[i] {
                dependents[d].push(i);
            }
            let mut pr = all_parents[i].clone();
            pr.extend_from_slice(&all_deps[i]);
            dedup_in_order(&mut pr);
            preds.push(pr);
        }
        let succs: Vec<Vec<Node>> = (0..n)
            .map(|i| {
                let mut succs = children[i].clone();
                succs.extend_from_slice(&dependents[i]);
                succs.sort_unstable();
                succs.dedup();
                succs
            })
            .collect();
        graph.parents = Adjacency::from_lists(all_parents);
        graph.deps = Adjacency::from_lists(all_deps);
        graph.children = Adjacency::from_lists(children);
        graph.dependents = Adjacency::from_lists(dependents);
        graph.preds = Adjacency::from_lists(preds);
        graph.succs = Adjacency::from_lists(succs);

        // Topological order; what is left over holds the cycles.
        let topo = graph.kahn();
        if topo.len() < n {
            graph.report_cycles(&topo, &mut errors);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        for (pos, &node) in topo.iter().enumerate() {
            graph.topo_pos[node] = pos;
        }
        graph.topo = topo;

        graph.normalize_dependencies();
        for i in 0..n {
            if graph.children[i].is_empty() {
                graph.heads.push(i);
            }
            if graph.succs[i].is_empty() {
                graph.real_heads.push(i);
            }
            if graph.parents[i].is_empty() {
                graph.bases.push(i);
                if graph.revs[i].depends_on.is_empty() {
                    graph.real_bases.push(i);
                }
            }
        }
        Ok(graph)
    }
}
