//! `gen check`: the whole history, for every dialect asked, with every
//! problem reported (not just the first), for pull requests and pipelines.
//!
//! Load and graph problems are reported for all files at once. Then, per
//! dialect, the upgrade from base to heads and the downgrade back are
//! generated in collecting mode: an operation that fails is reported and
//! skipped, and the walk goes on. A revision that cannot be undone is a
//! warning here (a script through it would be an error). Diagnostics that
//! several dialects share are reported once, with the dialects noted when
//! not all of them have it.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, OpErrorKind};
use crate::generate::check_plan;
use crate::graph::RevisionGraph;
use crate::load::load_dir;
use crate::plan::Plan;

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    pub dialects: Vec<String>,
    pub revisions: usize,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// A diagnostic and the dialects that produced it.
struct Seen {
    diag: Diagnostic,
    dialects: Vec<String>,
}

fn add(seen: &mut Vec<Seen>, diag: Diagnostic, dialect: &str) {
    match seen.iter_mut().find(|s| s.diag == diag) {
        Some(s) => {
            if !s.dialects.iter().any(|d| d == dialect) {
                s.dialects.push(dialect.to_owned());
            }
        }
        None => seen.push(Seen {
            diag,
            dialects: vec![dialect.to_owned()],
        }),
    }
}

fn as_warning(e: &Error) -> Option<Diagnostic> {
    match e {
        Error::Op(op) if matches!(op.kind, OpErrorKind::Irreversible { .. }) => {
            let mut d = op.diagnostic();
            d.severity = Severity::Warning;
            Some(d.with_code(crate::lint::IRREVERSIBLE.id))
        }
        _ => None,
    }
}

/// Checks the migrations of `config` for each of its dialects.
pub fn check(config: &Config) -> Report {
    let mut report = Report {
        dialects: config
            .dialects
            .iter()
            .map(|d| d.name().to_owned())
            .collect(),
        ..Report::default()
    };
    if !config.migrations.is_dir() {
        report.errors.push(Diagnostic::error(format!(
            "migrations directory `{}` does not exist",
            config.migrations
        )));
        return report;
    }
    let revisions = match load_dir(&config.migrations) {
        Ok(r) => r,
        Err(errs) => {
            report.errors = Error::Load(errs).diagnostics();
            return report;
        }
    };
    report.revisions = revisions.len();
    let graph = match RevisionGraph::build(revisions) {
        Ok(g) => g,
        Err(errs) => {
            report.errors = Error::Graph(errs).diagnostics();
            return report;
        }
    };
    if graph.is_empty() {
        return report;
    }
    let mut errors: Vec<Seen> = Vec::new();
    let mut warnings: Vec<Seen> = Vec::new();
    for dialect in &config.dialects {
        let name = dialect.name();
        let cfg = config.for_dialect(dialect.clone());
        let mut failed = false;
        for (up, target) in [(true, "heads"), (false, "heads:base")] {
            if failed {
                break;
            }
            let plan = if up {
                Plan::upgrade(&graph, None, target)
            } else {
                Plan::for_command(&graph, crate::plan::Direction::Down, target)
            };
            let plan = match plan {
                Ok(p) => p,
                Err(e) => {
                    add(&mut errors, Error::Plan(e).diagnostics().remove(0), name);
                    break;
                }
            };
            let (errs, warns) = check_plan(&graph, &plan, &cfg);
            for e in &errs {
                match as_warning(e) {
                    Some(w) => add(&mut warnings, w, name),
                    None => {
                        failed = true;
                        for d in e.diagnostics() {
                            add(&mut errors, d, name);
                        }
                    }
                }
            }
            for w in warns {
                add(&mut warnings, w.diagnostic(), name);
            }
        }
    }
    let all = config.dialects.len();
    let finish = |seen: Vec<Seen>| -> Vec<Diagnostic> {
        seen.into_iter()
            .map(|s| {
                if s.dialects.len() < all {
                    s.diag
                        .with_note(format!("with --dialect {}", s.dialects.join(", ")))
                } else {
                    s.diag
                }
            })
            .collect()
    };
    report.errors = finish(errors);
    report.warnings = finish(warnings);
    report
}
