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

use crate::cli::config::Config;
use crate::diag::diagnostic::{Diagnostic, Severity};
use crate::diag::error::{Error, OpErrorKind};
use crate::driver::check_plan;
use crate::history::graph::RevisionGraph;
use crate::history::plan::Plan;
use crate::source::load_dir;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

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

/// The diagnostics met so far, each once, in the order first met. Found
/// again by their hash: a long history meets hundreds of thousands of
/// warnings per dialect, and comparing each with every one before it took
/// minutes at 100,000 revisions.
#[derive(Default)]
struct SeenList {
    list: Vec<Seen>,
    by_hash: HashMap<u64, Vec<usize>>,
}

impl SeenList {
    fn add(&mut self, diag: Diagnostic, dialect: &str) {
        let mut hasher = DefaultHasher::new();
        diag.hash(&mut hasher);
        let same = self.by_hash.entry(hasher.finish()).or_default();
        match same.iter().find(|&&i| self.list[i].diag == diag) {
            Some(&i) => {
                let dialects = &mut self.list[i].dialects;
                if !dialects.iter().any(|d| d == dialect) {
                    dialects.push(dialect.to_owned());
                }
            }
            None => {
                same.push(self.list.len());
                self.list.push(Seen {
                    diag,
                    dialects: vec![dialect.to_owned()],
                });
            }
        }
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
    if let Err(message) = config.check_migrations_dir() {
        report.errors.push(Diagnostic::error(message));
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
    let mut errors = SeenList::default();
    let mut warnings = SeenList::default();
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
                Plan::for_command(&graph, crate::history::plan::Direction::Down, target)
            };
            let plan = match plan {
                Ok(p) => p,
                Err(e) => {
                    errors.add(Error::Plan(e).diagnostics().remove(0), name);
                    break;
                }
            };
            let (errs, warns) = check_plan(&graph, &plan, &cfg);
            for e in &errs {
                match as_warning(e) {
                    Some(w) => warnings.add(w, name),
                    None => {
                        failed = true;
                        for d in e.diagnostics() {
                            errors.add(d, name);
                        }
                    }
                }
            }
            for w in warns {
                warnings.add(w.diagnostic(), name);
            }
        }
    }
    let all = config.dialects.len();
    let finish = |seen: SeenList| -> Vec<Diagnostic> {
        seen.list
            .into_iter()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_met_again_is_kept_once_with_its_dialects() {
        let mut seen = SeenList::default();
        let a = Diagnostic::warning("drops column `t.a`");
        let b = Diagnostic::warning("drops column `t.b`");
        seen.add(a.clone(), "postgresql");
        seen.add(b.clone(), "postgresql");
        seen.add(a.clone(), "postgresql");
        seen.add(a.clone(), "mysql");
        seen.add(b.clone().with_note("elsewhere"), "sqlite");
        let got: Vec<(&str, Vec<&str>)> = seen
            .list
            .iter()
            .map(|s| {
                let dialects = s.dialects.iter().map(String::as_str).collect();
                (s.diag.message.as_str(), dialects)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("drops column `t.a`", vec!["postgresql", "mysql"]),
                ("drops column `t.b`", vec!["postgresql"]),
                ("drops column `t.b`", vec!["sqlite"]),
            ]
        );
    }
}
