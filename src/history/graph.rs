//! The revision graph: every revision, how they connect, and what that means.
//!
//! [`RevisionGraph::build`] takes the loaded revisions and checks them as a
//! whole, collecting every problem at once: duplicate ids or branch labels,
//! a label that is also an id, a missing `down_revision`, a `depends_on` entry
//! that resolves to nothing or to several revisions, a revision that depends
//! on itself or on its own descendant, and cycles. Once built, the graph
//! answers the questions the planner and the target resolver ask: heads and
//! bases (with Alembic's distinction between structural heads and "real"
//! heads that nothing depends on), branch and merge points, branch labels and
//! the revisions they apply to, ancestors and descendants, a deterministic
//! topological order, and id-prefix lookups.
//!
//! Revisions live in a `Vec` sorted by id, so a node index ([`Node`]) orders
//! like its id. Every traversal is iterative with a visited `Vec<bool>`, so a
//! chain of 100k revisions neither overflows the stack nor costs more than a
//! linear pass; building is `O(n log n)`.

use crate::diag::span::{DocPath, Span};
use crate::history::adjacency::Adjacency;
use crate::history::id_index::IdIndex;
use crate::source::revision::{Revision, RevisionId};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Index of a revision in a [`RevisionGraph`]; smaller index = smaller id.
pub type Node = usize;

/// The kind of edges a cycle goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CycleKind {
    /// Only `down_revision` links.
    DownRevision,
    /// At least one `depends_on` link.
    Dependency,
}

/// A problem with the set of revisions as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphError {
    /// Two files declare the same revision id.
    DuplicateId {
        id: RevisionId,
        span: Span,
        first: Span,
    },
    /// Two revisions declare the same branch label.
    DuplicateLabel {
        label: String,
        revision: RevisionId,
        span: Span,
        first: RevisionId,
        first_span: Span,
    },
    /// A branch label that is also a revision id.
    LabelIsRevisionId {
        label: String,
        revision: RevisionId,
        span: Span,
        other_span: Span,
    },
    /// A branch label that could not be used in a revision target.
    InvalidLabel {
        label: String,
        revision: RevisionId,
        span: Span,
        reason: String,
    },
    /// The same parent listed twice in `down_revision`.
    DuplicateParent {
        revision: RevisionId,
        parent: RevisionId,
        span: Span,
    },
    /// A revision listing itself in `down_revision`.
    SelfParent { revision: RevisionId, span: Span },
    /// A `down_revision` naming no revision.
    MissingParent {
        revision: RevisionId,
        missing: RevisionId,
        span: Span,
        suggestion: Option<String>,
    },
    /// A `depends_on` entry that is no id, id prefix or branch label.
    UnresolvedDependency {
        revision: RevisionId,
        entry: String,
        span: Span,
        suggestion: Option<String>,
    },
    /// A `depends_on` entry that is a prefix of several ids.
    AmbiguousDependency {
        revision: RevisionId,
        entry: String,
        span: Span,
        candidates: Vec<RevisionId>,
        total: usize,
    },
    /// A `depends_on` entry that resolves to the revision itself.
    DependsOnSelf {
        revision: RevisionId,
        entry: String,
        span: Span,
    },
    /// A `depends_on` entry naming a descendant: `path` runs from the
    /// dependency down its `down_revision`s to `revision`.
    DependsOnDescendant {
        revision: RevisionId,
        dependency: RevisionId,
        path: Vec<RevisionId>,
        span: Span,
    },
    /// Revisions that lead back to themselves. Each revision's
    /// `down_revision` (or `depends_on`) names the next; the last names the
    /// first.
    Cycle {
        kind: CycleKind,
        revisions: Vec<RevisionId>,
        span: Span,
    },
}

impl GraphError {
    /// Where the error points.
    pub fn span(&self) -> &Span {
        match self {
            GraphError::DuplicateId { span, .. }
            | GraphError::DuplicateLabel { span, .. }
            | GraphError::LabelIsRevisionId { span, .. }
            | GraphError::InvalidLabel { span, .. }
            | GraphError::DuplicateParent { span, .. }
            | GraphError::SelfParent { span, .. }
            | GraphError::MissingParent { span, .. }
            | GraphError::UnresolvedDependency { span, .. }
            | GraphError::AmbiguousDependency { span, .. }
            | GraphError::DependsOnSelf { span, .. }
            | GraphError::DependsOnDescendant { span, .. }
            | GraphError::Cycle { span, .. } => span,
        }
    }
}

fn did_you_mean(f: &mut fmt::Formatter<'_>, suggestion: &Option<String>) -> fmt::Result {
    match suggestion {
        Some(s) => write!(f, "; did you mean `{s}`?"),
        None => Ok(()),
    }
}

fn join_ids(ids: &[RevisionId], sep: &str) -> String {
    ids.iter()
        .map(RevisionId::as_str)
        .collect::<Vec<_>>()
        .join(sep)
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::DuplicateId { id, first, .. } => write!(
                f,
                "revision `{id}` is declared twice (also in {}); revision ids must be unique \
                 in the migrations directory",
                first.file
            ),
            GraphError::DuplicateLabel {
                label,
                revision,
                first,
                first_span,
                ..
            } => write!(
                f,
                "branch label `{label}` of revision `{revision}` is already declared by \
                 revision `{first}` ({}); branch labels must be unique",
                first_span.file
            ),
            GraphError::LabelIsRevisionId {
                label,
                revision,
                other_span,
                ..
            } => write!(
                f,
                "branch label `{label}` of revision `{revision}` is also the id of the \
                 revision in {}; a label must differ from every revision id",
                other_span.file
            ),
            GraphError::InvalidLabel {
                label,
                revision,
                reason,
                ..
            } => write!(
                f,
                "branch label `{label}` of revision `{revision}` {reason}; labels use letters, \
                 digits, `_`, `.` and `-`, and are not `head`, `heads` or `base`"
            ),
            GraphError::DuplicateParent {
                revision, parent, ..
            } => write!(
                f,
                "revision `{revision}` lists `{parent}` twice in down_revision; list each \
                 parent once"
            ),
            GraphError::SelfParent { revision, .. } => write!(
                f,
                "revision `{revision}` names itself as its down_revision; use null for a root \
                 or the id of an older revision"
            ),
            GraphError::MissingParent {
                revision,
                missing,
                suggestion,
                ..
            } => {
                write!(
                    f,
                    "down_revision `{missing}` of revision `{revision}` is not a revision in \
                     the migrations directory"
                )?;
                did_you_mean(f, suggestion)
            }
            GraphError::UnresolvedDependency {
                revision,
                entry,
                suggestion,
                ..
            } => {
                write!(
                    f,
                    "depends_on entry `{entry}` of revision `{revision}` is not a revision id, \
                     a unique id prefix or a branch label"
                )?;
                did_you_mean(f, suggestion)
            }
            GraphError::AmbiguousDependency {
                revision,
                entry,
                candidates,
                total,
                ..
            } => {
                write!(
                    f,
                    "depends_on entry `{entry}` of revision `{revision}` is a prefix of {total} \
                     revision ids ({}",
                    join_ids(candidates, ", ")
                )?;
                if *total > candidates.len() {
                    write!(f, ", ...")?;
                }
                write!(f, "); give more characters of the id")
            }
            GraphError::DependsOnSelf {
                revision, entry, ..
            } => write!(
                f,
                "depends_on entry `{entry}` of revision `{revision}` names the revision \
                 itself; a revision can only depend on other revisions"
            ),
            GraphError::DependsOnDescendant {
                revision,
                dependency,
                path,
                ..
            } => write!(
                f,
                "revision `{revision}` depends on `{dependency}`, which comes after it \
                 ({}); a revision can only depend on revisions that are not its descendants",
                join_ids(path, " -> ")
            ),
            GraphError::Cycle {
                kind, revisions, ..
            } => {
                let what = match kind {
                    CycleKind::DownRevision => "down_revision",
                    CycleKind::Dependency => "down_revision and depends_on",
                };
                let mut chain = join_ids(revisions, " -> ");
                if let Some(first) = revisions.first() {
                    chain.push_str(" -> ");
                    chain.push_str(first.as_str());
                }
                write!(
                    f,
                    "revisions form a cycle through {what}: {chain}; each revision must only \
                     point to older revisions"
                )
            }
        }
    }
}

impl std::error::Error for GraphError {}

/// Why a string did not name exactly one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No id, prefix (or label, where labels are accepted) matches.
    NotFound {
        text: String,
        suggestion: Option<String>,
    },
    /// A prefix of several ids: the first few, sorted, and how many in all.
    Ambiguous {
        text: String,
        candidates: Vec<RevisionId>,
        total: usize,
    },
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::NotFound { text, suggestion } => {
                write!(f, "no revision `{text}`")?;
                did_you_mean(f, suggestion)
            }
            LookupError::Ambiguous {
                text,
                candidates,
                total,
            } => {
                write!(
                    f,
                    "`{text}` is a prefix of {total} revision ids ({}",
                    join_ids(candidates, ", ")
                )?;
                if *total > candidates.len() {
                    write!(f, ", ...")?;
                }
                write!(f, "); give more characters")
            }
        }
    }
}

/// How many candidates an ambiguity error lists.
const MAX_CANDIDATES: usize = 10;
/// How many "did you mean" searches one build runs (each is a linear scan).
const MAX_SUGGESTIONS: usize = 32;

/// The checked graph of revisions.
#[derive(Debug, Clone)]
pub struct RevisionGraph {
    /// Sorted by id, no two alike: a node is an index, and an id is found
    /// by bisection through `ids` (a map of the ids would copy each of them).
    revs: Vec<Revision>,
    /// The first eight bytes of each id in `revs`, for finding one.
    ids: IdIndex,
    labels: BTreeMap<String, Node>,
    parents: Adjacency,
    children: Adjacency,
    deps: Adjacency,
    dependents: Adjacency,
    /// Parents and dependencies, deduplicated (edges towards older revisions).
    preds: Adjacency,
    /// Children and dependents, deduplicated and sorted.
    succs: Adjacency,
    /// Alembic's `_normalized_down_revisions`.
    normalized_down: Adjacency,
    topo: Vec<Node>,
    topo_pos: Vec<usize>,
    /// The labels each revision belongs to, made on first use: only a
    /// target or a listing that names branches asks, and a long history's
    /// merges make a set each (8 MB at 100,000 revisions).
    membership: OnceLock<Vec<Arc<BTreeSet<Arc<str>>>>>,
    heads: Vec<Node>,
    real_heads: Vec<Node>,
    bases: Vec<Node>,
    real_bases: Vec<Node>,
}

/// The node of `id` among revisions sorted by id.
fn node_of(ids: &IdIndex, revs: &[Revision], id: &str) -> Option<Node> {
    ids.find(id, |n| revs[n].id.as_str())
}

/// The path of the `i`-th item of a list key, or of the key when it holds one item.
/// Entry `i` of a list key. Also right when the list is written as one
/// scalar (`depends_on: ab12`): the locator stops at the scalar value.
fn item_path(key: &str, i: usize) -> DocPath {
    DocPath::root().key(key).index(i)
}

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

/// The closest of `candidates` to `text` (other than `text` itself).
fn closest<'a>(text: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    crate::diag::suggest::did_you_mean(text, candidates.filter(|c| *c != text)).map(str::to_owned)
}

fn dedup_in_order(v: &mut Vec<Node>) {
    let mut seen = BTreeSet::new();
    v.retain(|n| seen.insert(*n));
}

/// The union of the sets of `nodes`. When one of them already holds all the
/// others (a branch merged back usually does: only it added to the set it
/// started from), that one is shared rather than copied. Only a largest set
/// can be it; checking it against a set sharing its `Arc` costs nothing, and
/// against any other set at most one pass over both.
fn union_sharing<T: Ord + Clone>(sets: &[Arc<BTreeSet<T>>], nodes: &[Node]) -> Arc<BTreeSet<T>> {
    let Some(&largest) = nodes.iter().max_by_key(|&&p| sets[p].len()) else {
        return Arc::default();
    };
    let big = &sets[largest];
    if nodes
        .iter()
        .all(|&p| Arc::ptr_eq(&sets[p], big) || sets[p].is_subset(big))
    {
        return big.clone();
    }
    let mut union = BTreeSet::new();
    for &p in nodes {
        union.extend(sets[p].iter().cloned());
    }
    Arc::new(union)
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

    /// Kahn's algorithm over parent and dependency edges. The next revision
    /// is a ready successor of the one just emitted (smallest id), so that
    /// branches stay contiguous, else the smallest ready id overall.
    fn kahn(&self) -> Vec<Node> {
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
    fn report_cycles(&self, ordered: &[Node], errors: &mut Vec<GraphError>) {
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

    /// Alembic's `_normalize_depends_on`: a dependency is dropped from a
    /// revision's down revisions when some `down_revision` ancestor already
    /// depends on it.
    ///
    /// One pass in topological order carries, per revision, the set of
    /// dependencies declared by it or by its `down_revision` ancestors
    /// (`avail`). It stays near-linear because these sets stay small and are
    /// rarely copied:
    /// - Only dependencies that several revisions declare go into them. One
    ///   declared once is declared by the revision asking, which is not its
    ///   own ancestor, so it is never dropped and need not be tracked.
    /// - A set is shared (`Arc`) along lines and copied only by a revision
    ///   that adds to it.
    /// - At a merge, a parent whose set already holds the others' (a branch
    ///   merged back usually does) is shared instead of building the union
    ///   (see [`union_sharing`]).
    ///
    /// So the work is the revisions and edges, plus the sets that a revision
    /// adding a repeated dependency, or a merge of really different sets,
    /// copies; those hold only repeated dependencies.
    fn normalize_dependencies(&mut self) {
        let n = self.revs.len();
        let (parents, deps, dependents) = (&self.parents, &self.deps, &self.dependents);
        // `dependents` lists each declaring revision once.
        let repeated = |d: Node| dependents[d].len() > 1;
        let empty: Arc<BTreeSet<Node>> = Arc::new(BTreeSet::new());
        let mut avail: Vec<Arc<BTreeSet<Node>>> = vec![empty.clone(); n];
        let mut normalized: Vec<Vec<Node>> = vec![Vec::new(); n];
        for &i in &self.topo {
            let inherited: Arc<BTreeSet<Node>> = match parents[i][..] {
                [] => empty.clone(),
                [p] => avail[p].clone(),
                ref ps => union_sharing(&avail, ps),
            };
            let mut down = parents[i].to_vec();
            if !deps[i].is_empty() {
                down.extend(deps[i].iter().copied().filter(|d| !inherited.contains(d)));
                // Parents are distinct, and so are dependencies; only a
                // dependency that is also a parent repeats (and stays in the
                // parent's place).
                dedup_in_order(&mut down);
            }
            // Python keeps normalized dependencies in a set; we keep them in
            // declared order after the parents, which is deterministic.
            normalized[i] = down;
            let mut added = deps[i]
                .iter()
                .copied()
                .filter(|&d| repeated(d) && !inherited.contains(&d))
                .peekable();
            avail[i] = if added.peek().is_none() {
                inherited
            } else {
                let mut set = (*inherited).clone();
                set.extend(added);
                Arc::new(set)
            };
        }
        self.normalized_down = Adjacency::from_lists(normalized);
    }

    /// Alembic's `_add_branches`, as it behaves: a label applies to the
    /// declaring revision and all its `down_revision` descendants; and when
    /// those descendants form one plain line (no merge point, and no
    /// revision with more than one child or dependent, the declaring one
    /// included), also to its ancestors down to, not including, the nearest
    /// branch point or merge point.
    fn compute_membership(&self) -> Vec<Arc<BTreeSet<Arc<str>>>> {
        let n = self.revs.len();
        let empty: Arc<BTreeSet<Arc<str>>> = Arc::new(BTreeSet::new());
        let mut member: Vec<Arc<BTreeSet<Arc<str>>>> = vec![empty.clone(); n];
        // Each label's text once: a long history's trunk belongs to every
        // label merged into it, and each merge makes a new set.
        let shared: BTreeMap<&str, Arc<str>> = self
            .labels
            .keys()
            .map(|l| (l.as_str(), Arc::from(l.as_str())))
            .collect();
        let own = |i: Node| -> Vec<Arc<str>> {
            self.revs[i]
                .branch_labels
                .iter()
                .filter(|l| self.labels.get(l.as_str()) == Some(&i))
                .filter_map(|l| shared.get(l.as_str()).cloned())
                .collect()
        };
        for &i in &self.topo {
            let labels = own(i);
            let inherited: Arc<BTreeSet<Arc<str>>> = match self.parents[i][..] {
                [] => empty.clone(),
                [p] => member[p].clone(),
                // Merges do not cost the number of labels each.
                ref ps => union_sharing(&member, ps),
            };
            member[i] = if labels.is_empty() {
                inherited
            } else {
                let mut set = (*inherited).clone();
                set.extend(labels);
                Arc::new(set)
            };
        }
        // Whether the descendants of a node form one clean line; memoized.
        let clean = |i: Node| self.succs[i].len() <= 1 && self.parents[i].len() <= 1;
        let mut line_ok: Vec<Option<bool>> = vec![None; n];
        for (name, &l) in &self.labels {
            let Some(label) = shared.get(name.as_str()) else {
                continue;
            };
            let mut path = Vec::new();
            let mut cur = l;
            let ok = loop {
                if let Some(known) = line_ok[cur] {
                    break known;
                }
                path.push(cur);
                if !clean(cur) {
                    break false;
                }
                match self.children[cur][..] {
                    [] => break true,
                    [c] => cur = c,
                    _ => break false,
                }
            };
            for p in path {
                line_ok[p] = Some(ok);
            }
            if !ok {
                continue;
            }
            let mut cur = l;
            while let [p] = self.parents[cur][..] {
                if !clean(p) {
                    break;
                }
                Arc::make_mut(&mut member[p]).insert(label.clone());
                cur = p;
            }
        }
        member
    }

    // ----- lookups -----

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.revs.len()
    }

    /// Whether there are no revisions.
    pub fn is_empty(&self) -> bool {
        self.revs.is_empty()
    }

    /// The node of a revision id.
    pub fn get(&self, id: &RevisionId) -> Option<Node> {
        node_of(&self.ids, &self.revs, id.as_str())
    }

    /// The node of a revision id given as text.
    pub fn get_str(&self, id: &str) -> Option<Node> {
        node_of(&self.ids, &self.revs, id)
    }

    /// The revision at a node (a node this graph handed out).
    pub fn revision(&self, node: Node) -> &Revision {
        &self.revs[node]
    }

    /// Moves every revision's upgrade operations out, by node, leaving the
    /// revisions without any: for a run that consumes them (see
    /// `generate::generate_spilled`).
    pub fn take_upgrades(&mut self) -> Vec<Vec<crate::ops::Op>> {
        self.revs
            .iter_mut()
            .map(|rev| std::mem::take(&mut rev.upgrade))
            .collect()
    }

    /// The id at a node.
    pub fn id(&self, node: Node) -> &RevisionId {
        &self.revs[node].id
    }

    /// The ids of some nodes, in the given order.
    pub fn ids(&self, nodes: &[Node]) -> Vec<RevisionId> {
        nodes.iter().map(|&n| self.revs[n].id.clone()).collect()
    }

    /// All revisions, sorted by id (index = node).
    pub fn revisions(&self) -> &[Revision] {
        &self.revs
    }

    /// An exact id, else a unique id prefix.
    pub fn resolve_id(&self, text: &str) -> Result<Node, LookupError> {
        self.lookup(text, false)
    }

    /// An exact id, else (with `labels`) a branch label, else a unique id
    /// prefix. (Prefixes match ids only, never labels.)
    pub fn lookup(&self, text: &str, labels: bool) -> Result<Node, LookupError> {
        if let Some(n) = node_of(&self.ids, &self.revs, text) {
            return Ok(n);
        }
        if labels {
            if let Some(&n) = self.labels.get(text) {
                return Ok(n);
            }
        }
        let matches = self.prefix_matches(text);
        match matches.len() {
            1 => Ok(matches[0]),
            0 => Err(LookupError::NotFound {
                text: text.to_owned(),
                suggestion: None,
            }),
            total => Err(LookupError::Ambiguous {
                text: text.to_owned(),
                candidates: self.ids(&matches[..total.min(MAX_CANDIDATES)]),
                total,
            }),
        }
    }

    /// All nodes whose id starts with `prefix`, sorted.
    pub fn prefix_matches(&self, prefix: &str) -> Vec<Node> {
        if prefix.is_empty() {
            return Vec::new();
        }
        let first = self.ids.lower_bound(prefix, |n| self.revs[n].id.as_str());
        (first..self.revs.len())
            .take_while(|&n| self.revs[n].id.as_str().starts_with(prefix))
            .collect()
    }

    /// The closest id or label to `text`, for "did you mean".
    pub fn suggest(&self, text: &str) -> Option<String> {
        closest(
            text,
            self.revs
                .iter()
                .map(|r| r.id.as_str())
                .chain(self.labels.keys().map(String::as_str)),
        )
    }

    /// The closest label to `text`.
    pub fn suggest_label(&self, text: &str) -> Option<String> {
        closest(text, self.labels.keys().map(String::as_str))
    }

    /// The revision declaring a branch label.
    pub fn label(&self, label: &str) -> Option<Node> {
        self.labels.get(label).copied()
    }

    /// Every declared label and the revision declaring it, sorted by label.
    pub fn labels(&self) -> &BTreeMap<String, Node> {
        &self.labels
    }

    /// The labels a revision belongs to (declared or propagated; see
    /// `compute_membership`).
    pub fn branch_labels(&self, node: Node) -> &BTreeSet<Arc<str>> {
        &self.membership.get_or_init(|| self.compute_membership())[node]
    }

    // ----- structure -----

    /// `down_revision` parents, in declared order.
    pub fn parents(&self, node: Node) -> &[Node] {
        &self.parents[node]
    }

    /// Revisions naming this one in `down_revision`, sorted.
    pub fn children(&self, node: Node) -> &[Node] {
        &self.children[node]
    }

    /// Resolved `depends_on`, in declared order, deduplicated.
    pub fn dependencies(&self, node: Node) -> &[Node] {
        &self.deps[node]
    }

    /// Revisions depending on this one, sorted.
    pub fn dependents(&self, node: Node) -> &[Node] {
        &self.dependents[node]
    }

    /// Alembic's `_normalized_down_revisions`: the parents, then the
    /// dependencies that no `down_revision` ancestor already depends on.
    pub fn normalized_down_revisions(&self, node: Node) -> &[Node] {
        &self.normalized_down[node]
    }

    /// Children and dependents, sorted.
    pub fn successors(&self, node: Node) -> &[Node] {
        &self.succs[node]
    }

    /// Revisions no other revision names in `down_revision` (Alembic's
    /// `heads`: a revision that is only depended on is still a head), sorted.
    pub fn heads(&self) -> &[Node] {
        &self.heads
    }

    /// Heads that nothing depends on either (Alembic's `_real_heads`; the
    /// target `heads`), sorted.
    pub fn real_heads(&self) -> &[Node] {
        &self.real_heads
    }

    /// Revisions without `down_revision`, sorted.
    pub fn bases(&self) -> &[Node] {
        &self.bases
    }

    /// Bases without `depends_on` either, sorted.
    pub fn real_bases(&self) -> &[Node] {
        &self.real_bases
    }

    /// More than one revision names this one in `down_revision`.
    pub fn is_branch_point(&self, node: Node) -> bool {
        self.children[node].len() > 1
    }

    /// More than one child or dependent (Alembic's `_is_real_branch_point`).
    pub fn is_real_branch_point(&self, node: Node) -> bool {
        self.succs[node].len() > 1
    }

    /// More than one `down_revision`.
    pub fn is_merge_point(&self, node: Node) -> bool {
        self.parents[node].len() > 1
    }

    // ----- order and reachability -----

    /// Every revision, parents and dependencies before dependents.
    pub fn topo_order(&self) -> &[Node] {
        &self.topo
    }

    /// Position of a node in [`topo_order`](Self::topo_order).
    pub fn topo_position(&self, node: Node) -> usize {
        self.topo_pos[node]
    }

    /// The nodes marked in `mask`, in topological order.
    pub fn in_topo_order(&self, mask: &[bool]) -> Vec<Node> {
        self.topo.iter().copied().filter(|&n| mask[n]).collect()
    }

    fn reach<'a>(&'a self, start: &[Node], next: impl Fn(Node) -> &'a [Node]) -> Vec<bool> {
        let mut seen = vec![false; self.revs.len()];
        let mut stack: Vec<Node> = Vec::new();
        for &s in start {
            if !seen[s] {
                seen[s] = true;
                stack.push(s);
            }
        }
        while let Some(n) = stack.pop() {
            for &m in next(n) {
                if !seen[m] {
                    seen[m] = true;
                    stack.push(m);
                }
            }
        }
        seen
    }

    /// Ancestors of `nodes`, inclusive, through parents and dependencies.
    pub fn ancestor_mask(&self, nodes: &[Node]) -> Vec<bool> {
        self.reach(nodes, |n| &self.preds[n])
    }

    /// Descendants of `nodes`, inclusive, through children and dependents.
    pub fn descendant_mask(&self, nodes: &[Node]) -> Vec<bool> {
        self.reach(nodes, |n| &self.succs[n])
    }

    /// Ancestors of `nodes`, inclusive, through `down_revision` only.
    pub fn parent_ancestor_mask(&self, nodes: &[Node]) -> Vec<bool> {
        self.reach(nodes, |n| &self.parents[n])
    }

    /// Descendants of `nodes`, inclusive, through `down_revision` only.
    pub fn child_descendant_mask(&self, nodes: &[Node]) -> Vec<bool> {
        self.reach(nodes, |n| &self.children[n])
    }

    /// Revisions sharing a line with `node` (its `down_revision` ancestors
    /// and descendants, inclusive): Alembic's `_shares_lineage`.
    pub fn lineage_mask(&self, node: Node) -> Vec<bool> {
        let mut mask = self.parent_ancestor_mask(&[node]);
        for (m, d) in mask.iter_mut().zip(self.child_descendant_mask(&[node])) {
            *m |= d;
        }
        mask
    }

    /// Ancestors of `nodes`, inclusive, through parents and dependencies, in
    /// topological order.
    pub fn ancestors(&self, nodes: &[Node]) -> Vec<Node> {
        self.in_topo_order(&self.ancestor_mask(nodes))
    }

    /// Descendants of `nodes`, inclusive, through children and dependents,
    /// in topological order.
    pub fn descendants(&self, nodes: &[Node]) -> Vec<Node> {
        self.in_topo_order(&self.descendant_mask(nodes))
    }

    /// The members of `nodes` that are not an ancestor (through parents or
    /// dependencies) of another member: the version-table rows that imply
    /// exactly the ancestors of `nodes`. Sorted, deduplicated.
    pub fn maximal(&self, nodes: &[Node]) -> Vec<Node> {
        let mut below = vec![false; self.revs.len()];
        let mut stack: Vec<Node> = Vec::new();
        for &s in nodes {
            for &p in &self.preds[s] {
                if !below[p] {
                    below[p] = true;
                    stack.push(p);
                }
            }
        }
        while let Some(n) = stack.pop() {
            for &p in &self.preds[n] {
                if !below[p] {
                    below[p] = true;
                    stack.push(p);
                }
            }
        }
        let mut out: Vec<Node> = nodes.iter().copied().filter(|&n| !below[n]).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One revision per line: `id parent... ~dependency...`.
    fn build(spec: &str) -> RevisionGraph {
        let revisions = spec
            .lines()
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                let id = words.next()?;
                let (deps, parents): (Vec<&str>, Vec<&str>) =
                    words.partition(|w| w.starts_with('~'));
                let mut r = Revision::bare(id, &parents).expect("valid ids");
                r.depends_on = deps.iter().map(|d| d[1..].to_owned()).collect();
                Some(r)
            })
            .collect();
        RevisionGraph::build(revisions).expect("a valid graph")
    }

    fn down(g: &RevisionGraph, id: &str) -> Vec<String> {
        let node = g.get_str(id).expect("known id");
        let ids = g.ids(g.normalized_down_revisions(node));
        ids.iter().map(|r| r.as_str().to_owned()).collect()
    }

    /// The definition, one ancestor walk per revision: the parents, then the
    /// dependencies no `down_revision` ancestor declares, first place kept.
    fn reference(g: &RevisionGraph, node: Node) -> Vec<Node> {
        let above = g.parent_ancestor_mask(g.parents(node));
        let mut out = g.parents(node).to_vec();
        for &d in g.dependencies(node) {
            let implied = (0..g.len()).any(|a| above[a] && g.dependencies(a).contains(&d));
            if !implied && !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }

    fn check_against_reference(g: &RevisionGraph) {
        for node in 0..g.len() {
            assert_eq!(
                g.normalized_down_revisions(node),
                reference(g, node),
                "normalized down revisions of {}",
                g.id(node)
            );
        }
    }

    /// Branch membership is made the first time something asks for it
    /// (a target or a listing naming branches); planning `heads` does not.
    #[test]
    fn membership_is_made_on_first_use() {
        let mut rs = vec![
            Revision::bare("a1", &[]).expect("valid"),
            Revision::bare("b2", &["a1"]).expect("valid"),
            Revision::bare("c3", &["b2"]).expect("valid"),
        ];
        rs[1].branch_labels = Box::new(["billing".to_owned()]);
        let g = RevisionGraph::build(rs).expect("a valid graph");
        assert!(g.membership.get().is_none());
        crate::history::plan::Plan::for_command(&g, crate::history::plan::Direction::Up, "heads")
            .expect("plan");
        assert!(g.membership.get().is_none());
        let c3 = g.get_str("c3").expect("known");
        let labels = |n| {
            g.branch_labels(n)
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(c3), ["billing"]);
        assert!(g.membership.get().is_some());
    }

    #[test]
    fn dependencies_declared_above_a_merge_are_dropped() {
        // b declares x; the branches from b declare y (c1), z (c2) and v
        // (both); the merge m inherits all four, from either side. Off b,
        // s1 declares q and t1 nothing: the merge u can share s1's set.
        // d1 and d2 both declare u1, but neither is the other's ancestor.
        let g = build(
            "x\ny\nz\nv\nw\nk\nq\nu1\n\
             a\n\
             b a ~x\n\
             c1 b ~y ~v\n\
             c2 b ~z ~v\n\
             m c1 c2\n\
             n m ~w ~x ~y ~k ~z ~v\n\
             o n ~m ~w\n\
             s1 b ~q\n\
             t1 b\n\
             u t1 s1\n\
             v2 u ~x ~q ~k\n\
             d1 a ~u1\n\
             d2 a ~u1\n\
             e d1 d2 ~u1 ~x",
        );
        assert_eq!(down(&g, "b"), ["a", "x"]);
        assert_eq!(down(&g, "c1"), ["b", "y", "v"]);
        assert_eq!(down(&g, "c2"), ["b", "z", "v"]);
        assert_eq!(down(&g, "m"), ["c1", "c2"]);
        // x from b, y from c1, z from c2, v from both; w and k are new.
        assert_eq!(down(&g, "n"), ["m", "w", "k"]);
        // m is a parent-ancestor but not a dependency anyone declared; w is.
        assert_eq!(down(&g, "o"), ["n", "m"]);
        assert_eq!(down(&g, "u"), ["t1", "s1"]);
        // q through s1 (merged in), x through b; k was only declared by n.
        assert_eq!(down(&g, "v2"), ["u", "k"]);
        assert_eq!(down(&g, "d1"), ["a", "u1"]);
        assert_eq!(down(&g, "d2"), ["a", "u1"]);
        assert_eq!(down(&g, "e"), ["d1", "d2", "x"]);
        check_against_reference(&g);
    }

    #[test]
    fn a_dependency_that_is_also_a_parent_is_listed_once() {
        let g = build("x\nk\na\nb a ~a ~x\nc b ~b ~x ~k ~a");
        assert_eq!(down(&g, "b"), ["a", "x"]);
        // x and a are declared by b.
        assert_eq!(down(&g, "c"), ["b", "k"]);
        check_against_reference(&g);
    }

    #[test]
    fn normalized_down_revisions_match_the_definition_on_a_tangled_history() {
        // A main line with branches merged back, merges of three, branches
        // left open, and dependencies on a few popular revisions (declared
        // many times) and on scattered ones (declared once).
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % m as u64).expect("small")
        };
        let name = |i: usize| format!("r{i:04}");
        let mut spec = String::new();
        let mut main = 0;
        let mut open: Vec<usize> = Vec::new();
        for i in 1..600 {
            let mut line = name(i);
            match next(10) {
                0 | 1 if !open.is_empty() => {
                    let side = open.swap_remove(next(open.len()));
                    line += &format!(" {} {}", name(main), name(side));
                    if next(3) == 0 {
                        if let Some(third) = open.pop() {
                            line += &format!(" {}", name(third));
                        }
                    }
                    main = i;
                }
                2 => {
                    let from = if open.is_empty() {
                        main
                    } else {
                        open[next(open.len())]
                    };
                    line += &format!(" {}", name(from));
                    open.push(i);
                }
                3 if !open.is_empty() => {
                    let k = next(open.len());
                    line += &format!(" {}", name(open[k]));
                    open[k] = i;
                }
                _ => {
                    line += &format!(" {}", name(main));
                    main = i;
                }
            }
            // Only older revisions, none of them a descendant.
            for _ in 0..next(3) {
                let d = if next(2) == 0 { next(4) } else { next(i) };
                if d != 0 || next(2) == 0 {
                    line += &format!(" ~{}", name(d));
                }
            }
            spec += &line;
            spec.push('\n');
        }
        let g = build(&format!("{}\n{spec}", name(0)));
        assert!((0..g.len()).filter(|&n| g.is_merge_point(n)).count() > 20);
        check_against_reference(&g);
    }
}
