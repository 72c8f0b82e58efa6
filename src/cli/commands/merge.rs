//! `gen merge`: a revision whose `down_revision` lists several revisions,
//! joining their branches (`upgrade: []`), as `alembic merge` writes one.
//!
//! Each argument is a target (`heads` names every head, `LABEL@head` a
//! branch's head); together they must name at least two revisions, none an
//! ancestor of another through `down_revision` (that merge would change
//! nothing). The file is checked and written as `revision` does.

use crate::cli::commands::revision::{check_labels, choose_id, input, resolve, write_checked};
use crate::cli::config::Config;
use crate::diag::diagnostic::Diagnostic;
use crate::diag::error::Error;
use crate::history::graph::{Node, RevisionGraph};
use crate::source::write::{create_date_now, NewRevision};
use camino::Utf8PathBuf;

/// The flags of `gen merge`.
#[derive(Debug, Clone, Default)]
pub struct MergeArgs {
    pub message: String,
    pub revisions: Vec<String>,
    pub branch_labels: Vec<String>,
    pub rev_id: Option<String>,
}

/// Writes the merge revision; returns its path.
pub fn merge(
    config: &Config,
    graph: &RevisionGraph,
    args: &MergeArgs,
) -> Result<Utf8PathBuf, Error> {
    let mut parents: Vec<Node> = Vec::new();
    for text in &args.revisions {
        for n in resolve(graph, text, "the revisions to merge")? {
            if !parents.contains(&n) {
                parents.push(n);
            }
        }
    }
    if parents.len() < 2 {
        let named = parents
            .first()
            .map(|n| format!("only {}", graph.id(*n)))
            .unwrap_or_else(|| "no revision".to_owned());
        return Err(input(
            Diagnostic::error(format!(
                "a merge needs at least two revisions; `{}` names {named}",
                args.revisions.join(" ")
            ))
            .with_help("name two or more, e.g. `gen merge -m MESSAGE heads`"),
        ));
    }
    for &a in &parents {
        let below = graph.parent_ancestor_mask(&[a]);
        if let Some(&b) = parents.iter().find(|&&b| b != a && below[b]) {
            return Err(input(
                Diagnostic::error(format!(
                    "revision {} is an ancestor of {}: merging them changes nothing",
                    graph.id(b),
                    graph.id(a)
                ))
                .with_help("merge revisions on different branches, e.g. the heads"),
            ));
        }
    }
    check_labels(graph, &args.branch_labels)?;
    let new = NewRevision {
        id: choose_id(graph, args.rev_id.as_deref())?,
        down_revisions: parents.iter().map(|n| graph.id(*n).to_string()).collect(),
        branch_labels: args.branch_labels.clone(),
        depends_on: Vec::new(),
        message: args.message.clone(),
        create_date: create_date_now(),
        upgrade: Vec::new(),
        trailer: Vec::new(),
    };
    write_checked(config, graph, &new)
}
