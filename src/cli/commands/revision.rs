//! `gen revision`: a new revision file on top of the current head, as
//! `alembic revision` writes one.
//!
//! The parent is the single head; with several heads the command refuses
//! (listing them) unless `--head` picks one. `--head` must name a head
//! unless `--splice` starts a new branch from an older revision; `--head
//! base` starts a new root. `--depends-on` entries are checked like the
//! file's own `depends_on` (prefixes are written as full ids, labels stay
//! labels). Before anything is written, the new text is parsed back and
//! the whole folder rebuilt as a graph with it, so a bad label or id is
//! refused here rather than on the next run. The helpers here are shared
//! with `merge`.

use crate::cli::commands::listing;
use crate::cli::config::Config;
use crate::diag::diagnostic::Diagnostic;
use crate::diag::error::Error;
use crate::emit::output::write_new_atomic;
use crate::history::graph::{LookupError, Node, RevisionGraph};
use crate::history::target::{Role, Target};
use crate::source::checksum::Checksum;
use crate::source::parse_revision;
use crate::source::revision::RevisionId;
use crate::source::write::{create_date_now, new_id, NewRevision};
use camino::Utf8PathBuf;
use std::collections::BTreeSet;

/// The flags of `gen revision`.
#[derive(Debug, Clone, Default)]
pub struct RevisionArgs {
    pub message: String,
    pub head: Option<String>,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub rev_id: Option<String>,
    pub splice: bool,
}

pub(crate) fn input(d: Diagnostic) -> Error {
    Error::Input(Box::new(d))
}

fn ids(graph: &RevisionGraph, nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|n| graph.id(*n).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The revisions a target names (`flag` says where it was given).
pub(crate) fn resolve(graph: &RevisionGraph, text: &str, flag: &str) -> Result<Vec<Node>, Error> {
    Target::parse(text)
        .and_then(|t| t.resolve(graph, Role::Start))
        .map(|r| r.nodes)
        .map_err(|e| input(Diagnostic::error(e.to_string()).with_note(format!("in {flag}"))))
}

/// The id of the new revision: `--rev-id` (checked) or a fresh one.
pub(crate) fn choose_id(graph: &RevisionGraph, rev_id: Option<&str>) -> Result<String, Error> {
    match rev_id {
        Some(text) => {
            let id = RevisionId::parse(text)
                .map_err(|m| input(Diagnostic::error(m).with_note("in --rev-id")))?;
            if let Some(n) = graph.get(&id) {
                return Err(input(Diagnostic::error(format!(
                    "revision id `{id}` is already used by {}",
                    graph.revision(n).source.path
                ))));
            }
            Ok(id.to_string())
        }
        None => {
            let taken: BTreeSet<String> = graph
                .revisions()
                .iter()
                .map(|r| r.id.to_string())
                .chain(graph.labels().keys().cloned())
                .collect();
            Ok(new_id(&taken))
        }
    }
}

/// `--depends-on` entries as the file will hold them.
pub(crate) fn dependencies(
    graph: &RevisionGraph,
    entries: &[String],
) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for entry in entries {
        let written = match graph.lookup(entry, true) {
            Ok(_) if graph.label(entry).is_some() => entry.clone(),
            Ok(n) => graph.id(n).to_string(),
            Err(LookupError::NotFound { .. }) => {
                let mut d = Diagnostic::error(format!(
                    "--depends-on `{entry}` is not a revision id, a unique id prefix or a branch label"
                ));
                if let Some(s) = graph.suggest(entry) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                return Err(input(d));
            }
            Err(e) => {
                return Err(input(
                    Diagnostic::error(e.to_string()).with_note("in --depends-on"),
                ))
            }
        };
        if !out.contains(&written) {
            out.push(written);
        }
    }
    Ok(out)
}

/// `--branch-label`s must be new: not a label or id of another revision
/// (the other rules are checked when the graph is rebuilt).
pub(crate) fn check_labels(graph: &RevisionGraph, labels: &[String]) -> Result<(), Error> {
    for label in labels {
        let owner = graph.label(label).or_else(|| graph.get_str(label));
        if let Some(n) = owner {
            let what = if graph.label(label).is_some() {
                "a branch label of"
            } else {
                "the id of"
            };
            return Err(input(
                Diagnostic::error(format!(
                    "--branch-label `{label}` is already {what} revision {} ({})",
                    graph.id(n),
                    graph.revision(n).source.path
                ))
                .with_help("branch labels are unique across the migrations directory"),
            ));
        }
    }
    Ok(())
}

/// Checks the new revision against the folder, then writes it; returns its path.
pub(crate) fn write_checked(
    config: &Config,
    graph: &RevisionGraph,
    new: &NewRevision,
) -> Result<Utf8PathBuf, Error> {
    let text = new.to_yaml();
    let path = config.migrations.join(new.file_name());
    let revision = parse_revision(&path, &text, Checksum::of(text.as_bytes()))
        .map_err(|e| Error::Internal(format!("the revision gen wrote does not read back: {e}")))?;
    let mut all = graph.revisions().to_vec();
    all.push(revision);
    if let Err(errors) = RevisionGraph::build(all) {
        let mut d = Diagnostic::error(
            errors
                .first()
                .map(|e| e.to_string())
                .unwrap_or_else(|| "the new revision does not fit the folder".to_owned()),
        );
        for e in errors.iter().skip(1) {
            d = d.with_note(e.to_string());
        }
        return Err(input(d.with_help("nothing was written")));
    }
    write_new_atomic(&path, &text)
        .map_err(|m| input(Diagnostic::error(format!("cannot write `{path}`: {m}"))))?;
    Ok(path)
}

/// The parent of a new revision.
pub(crate) fn parent(graph: &RevisionGraph, args: &RevisionArgs) -> Result<Vec<Node>, Error> {
    let Some(head) = &args.head else {
        return match graph.heads() {
            [] => Ok(Vec::new()),
            [one] => Ok(vec![*one]),
            many => {
                let mut d = Diagnostic::error(format!(
                    "several heads are present ({}); which one does the new revision build on?",
                    ids(graph, many)
                ));
                for &h in many {
                    d = d.with_note(listing::line(graph, h, false, true, false));
                }
                Err(input(d.with_help(
                    "give `--head REV` (or `--head LABEL@head`), or merge them first: \
                     `gen merge -m MESSAGE heads`",
                )))
            }
        };
    };
    let nodes = resolve(graph, head, "--head")?;
    match nodes.as_slice() {
        [] => Ok(Vec::new()),
        [one] if !graph.children(*one).is_empty() && !args.splice => {
            let kids = ids(graph, graph.children(*one));
            Err(input(
                Diagnostic::error(format!(
                    "--head `{head}` is revision {}, which is not a head (it is the parent of {kids})",
                    graph.id(*one)
                ))
                .with_help("name a head, or add --splice to start a new branch from it"),
            ))
        }
        [one] => Ok(vec![*one]),
        many => Err(input(
            Diagnostic::error(format!(
                "--head `{head}` names several revisions ({}); name one",
                ids(graph, many)
            ))
            .with_help("use an id or `LABEL@head`"),
        )),
    }
}

/// Writes the new revision; returns its path.
pub fn revision(
    config: &Config,
    graph: &RevisionGraph,
    args: &RevisionArgs,
) -> Result<Utf8PathBuf, Error> {
    let parents = parent(graph, args)?;
    check_labels(graph, &args.branch_labels)?;
    let new = NewRevision {
        id: choose_id(graph, args.rev_id.as_deref())?,
        down_revisions: parents.iter().map(|n| graph.id(*n).to_string()).collect(),
        branch_labels: args.branch_labels.clone(),
        depends_on: dependencies(graph, &args.depends_on)?,
        message: args.message.clone(),
        create_date: create_date_now(),
        upgrade: Vec::new(),
        trailer: vec![
            "For example:".to_owned(),
            "upgrade:".to_owned(),
            "  - add_column: {table: accounts, column: {name: nickname, type: varchar(64)}}"
                .to_owned(),
            "`downgrade:` may be left out: gen derives it from `upgrade`.".to_owned(),
        ],
    };
    write_checked(config, graph, &new)
}
