//! Finding revisions by what a user or a file wrote: exact ids, unique id
//! prefixes, branch labels, and the "did you mean" suggestions.

use super::{closest, node_of, Node, RevisionGraph};
use crate::history::graph::LookupError;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How many candidates an ambiguity error lists.
const MAX_CANDIDATES: usize = 10;

impl RevisionGraph {
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
}
