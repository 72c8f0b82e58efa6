//! The errors a run can end with, and how each becomes a diagnostic.
//!
//! Stages report in their own terms (a [`SchemaError`] knows the path inside
//! an operation, not the file); [`OpError`] adds where the operation lives:
//! revision, file, `upgrade` or `downgrade` list, index and name. [`Error`]
//! gathers every kind; `diagnostics()` turns it into what the user reads, and
//! `exit_code()` into what the shell sees.

use crate::diag::diagnostic::Diagnostic;
use crate::diag::span::{DocPath, KeyAt, Span};
use crate::emit::render::RenderError;
use crate::emit::validate::ParseFailure;
use crate::history::graph::GraphError;
use crate::history::plan::PlanError;
use crate::lower::LowerError;
use crate::model::fragment::FragmentError;
use crate::model::literal_type::LiteralError;
use crate::model::SchemaError;
use crate::source::revision::{OpKeys, RevisionId};
use crate::source::LoadError;
use camino::Utf8PathBuf;
use std::fmt;
use std::sync::Arc;

/// What went wrong with one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum OpErrorKind {
    Schema(SchemaError),
    /// An SQL fragment that is not one expression (or type), or names a
    /// column its table does not have.
    Fragment(Box<FragmentError>),
    /// A literal that is not a value of its column's type.
    Literal(Box<LiteralError>),
    Lower(LowerError),
    Render(RenderError),
    /// A statement sqlparser refused, and whose text it was.
    Parse {
        sql: String,
        failure: ParseFailure,
        source: SqlSource,
    },
    /// A downgrade goes through an operation that cannot be undone.
    Irreversible {
        reason: String,
    },
}

/// Whose text a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlSource {
    /// The user's own `execute` SQL.
    Execute,
    /// gen's statement around the user's SQL fragments (checks, `where`s,
    /// `{sql:}` defaults, native types): each reads as one expression alone.
    Fragments,
    /// gen's own: a failure is a bug in a template.
    Gen,
}

/// Which list of a revision an operation sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpList {
    Upgrade,
    /// An explicit `downgrade:` list.
    Downgrade,
    /// Derived from the upgrade operation at the index.
    DerivedDowngrade,
}

/// The revision an operation lives in, as messages name it: shared by
/// every site (and warning) in that revision rather than copied into each.
#[derive(Debug, PartialEq)]
pub struct SiteRevision {
    pub id: RevisionId,
    pub message: Option<String>,
    pub file: Utf8PathBuf,
    /// Where the operations' keys are in `file`.
    pub op_keys: OpKeys,
}

/// Where an operation lives.
#[derive(Debug, Clone, PartialEq)]
pub struct OpSite {
    pub revision: Arc<SiteRevision>,
    pub list: OpList,
    /// Index in its list (for derived downgrades: of the upgrade operation).
    pub index: usize,
    pub op_name: &'static str,
}

impl OpSite {
    /// The path of the operation's arguments in its file.
    pub fn path(&self) -> DocPath {
        let list = match self.list {
            OpList::Upgrade | OpList::DerivedDowngrade => "upgrade",
            OpList::Downgrade => "downgrade",
        };
        DocPath::root()
            .key(list)
            .index(self.index)
            .key(self.op_name)
    }

    /// The operation's key in its file: its recorded place when the loader
    /// has it, else the path to resolve.
    pub fn span(&self) -> Span {
        let keys = match self.list {
            OpList::Upgrade | OpList::DerivedDowngrade => &self.revision.op_keys.upgrade,
            OpList::Downgrade => &self.revision.op_keys.downgrade,
        };
        let at = keys.get(self.index).copied().unwrap_or(KeyAt::UNKNOWN);
        Span::key(&self.revision.file, self.path(), at)
    }

    /// "in revision X (message), upgrade operation #N `name`".
    pub fn note(&self) -> String {
        let msg = self
            .revision
            .message
            .as_ref()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        let list = match self.list {
            OpList::Upgrade => "upgrade operation",
            OpList::Downgrade => "downgrade operation",
            OpList::DerivedDowngrade => "the downgrade derived from upgrade operation",
        };
        format!(
            "in revision {}{msg}, {list} #{} `{}`",
            self.revision.id,
            self.index + 1,
            self.op_name
        )
    }
}

/// An operation that failed, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct OpError {
    pub site: OpSite,
    pub kind: OpErrorKind,
}

impl OpError {
    pub fn diagnostic(&self) -> Diagnostic {
        let base = self.site.path();
        let (message, inner, help) = match &self.kind {
            OpErrorKind::Schema(e) => (e.to_string(), e.at().clone(), e.help()),
            OpErrorKind::Fragment(e) => (e.to_string(), e.at().clone(), e.help()),
            OpErrorKind::Literal(e) => (e.to_string(), e.at().clone(), e.help()),
            OpErrorKind::Lower(e) => (e.message.clone(), e.at.clone(), e.help.clone()),
            OpErrorKind::Render(e) => (e.message.clone(), DocPath::root(), None),
            OpErrorKind::Parse {
                sql,
                failure,
                source: SqlSource::Execute,
            } => (
                format!("SQL does not parse: {}", failure.message),
                DocPath::root().key("sql"),
                Some(format!(
                    "fix the statement, or add `validate: false` to skip the check: {}",
                    first_line(sql)
                )),
            ),
            OpErrorKind::Parse {
                sql,
                failure,
                source: SqlSource::Fragments,
            } => (
                format!(
                    "the statement written from this operation's SQL fragments does not parse ({}): {}",
                    failure.message,
                    first_line(sql)
                ),
                DocPath::root(),
                Some(
                    "each of its `expr`, `where`, `{sql: ...}` default and type-map entries reads as one expression alone, but not in this statement: write the one concerned in parentheses, or differently"
                        .to_owned(),
                ),
            ),
            OpErrorKind::Parse { sql, failure, .. } => (
                format!(
                    "internal error: a rendered statement does not parse ({}): {}",
                    failure.message,
                    first_line(sql)
                ),
                DocPath::root(),
                Some(
                    "this is a bug in a template; please report it with the revision file"
                        .to_owned(),
                ),
            ),
            OpErrorKind::Irreversible { reason } => (
                format!(
                    "cannot downgrade through revision {}",
                    self.site.revision.id
                ),
                DocPath::root(),
                Some(reason.clone()),
            ),
        };
        let mut path = base;
        path.0.extend(inner.0);
        // A name the dialect refused: point at it inside the operation.
        let span = match &self.kind {
            OpErrorKind::Render(RenderError { name: Some(n), .. }) => {
                Span::value(&self.site.revision.file, path, n.clone())
            }
            // A broken template: point into it; the note names the operation.
            OpErrorKind::Render(RenderError { at: Some(at), .. }) => (**at).clone(),
            _ => Span::path(&self.site.revision.file, path),
        };
        let mut d = Diagnostic::error(message)
            .with_span(span)
            .with_note(self.site.note());
        if let Some(h) = help {
            d = d.with_help(h);
        }
        d
    }
}

fn first_line(sql: &str) -> String {
    let line = sql.lines().next().unwrap_or_default();
    if line.chars().count() > 80 {
        format!("{}...", line.chars().take(80).collect::<String>())
    } else {
        line.to_owned()
    }
}

/// Every way a run can fail.
#[derive(Debug)]
pub enum Error {
    Load(Vec<LoadError>),
    /// The revisions do not form a valid graph (every problem found).
    Graph(Vec<GraphError>),
    /// A target or range that cannot be planned (from the command line).
    Plan(PlanError),
    Op(Box<OpError>),
    /// A template that fails outside any operation (transaction fragments,
    /// the version table statements).
    Template(Box<RenderError>),
    /// The project file `gen.yaml` cannot be read or parsed (exit code 2).
    Project(Box<LoadError>),
    /// A problem with flags or `gen.yaml` values (exit code 2).
    Usage(String),
    /// An Alembic command or flag gen does not have, answered with what to
    /// do instead (exit code 2).
    Habit(crate::cli::commands::alembic_habits::Habit),
    /// `gen check` found problems (already reported): exit 1 for errors, 3
    /// for warnings denied with `--deny warnings`.
    CheckFailed {
        code: i32,
    },
    /// A file named on the command line could not be read.
    Read {
        path: Utf8PathBuf,
        message: String,
    },
    /// `gen verify`: the script does not match what its sources give.
    Verify {
        file: Utf8PathBuf,
        reasons: Vec<String>,
    },
    /// Writing the output failed.
    Io {
        path: Utf8PathBuf,
        message: String,
    },
    /// A broken invariant inside `gen`.
    Internal(String),
    /// Bad input to an authoring command (`init`, `revision`, `merge`),
    /// already worded for the user (exit code 1).
    Input(Box<Diagnostic>),
}

impl From<OpError> for Error {
    fn from(e: OpError) -> Self {
        Error::Op(Box::new(e))
    }
}

impl From<Vec<LoadError>> for Error {
    fn from(e: Vec<LoadError>) -> Self {
        Error::Load(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let diags = self.diagnostics();
        let msgs: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        f.write_str(&msgs.join("; "))
    }
}

impl Error {
    /// What the user reads.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Load(errs) => errs.iter().map(load_diagnostic).collect(),
            Error::Project(e) => vec![load_diagnostic(e)],
            Error::Graph(errs) => errs
                .iter()
                .map(|e| Diagnostic::error(e.to_string()).with_span(e.span().clone()))
                .collect(),
            Error::Plan(e) => vec![Diagnostic::error(e.to_string())],
            Error::Op(e) => vec![e.diagnostic()],
            Error::Template(e) => {
                let d = Diagnostic::error(e.message.clone());
                vec![match &e.at {
                    Some(at) => d.with_span((**at).clone()),
                    None => d,
                }]
            }
            Error::Usage(m) => vec![Diagnostic::error(m.clone())],
            Error::Habit(h) => vec![h.diagnostic()],
            Error::CheckFailed { .. } => Vec::new(),
            Error::Verify { file, reasons } => {
                let mut d =
                    Diagnostic::error(format!("`{file}` does not match what its sources give"))
                        .with_help(
                            "regenerate it with the command in its header, and review it again",
                        );
                for r in reasons {
                    d = d.with_note(r.clone());
                }
                vec![d]
            }
            Error::Read { path, message } => {
                vec![Diagnostic::error(format!(
                    "cannot read `{path}`: {message}"
                ))]
            }
            Error::Io { path, message } => {
                vec![Diagnostic::error(format!(
                    "cannot write `{path}`: {message}"
                ))]
            }
            Error::Internal(m) => vec![Diagnostic::error(format!("internal error: {m}"))
                .with_help("this is a bug in gen; please report it")],
            Error::Input(d) => vec![(**d).clone()],
        }
    }

    /// 2 for usage errors (flags, `gen.yaml`), 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Project(_) | Error::Habit(_) => 2,
            Error::CheckFailed { code } => *code,
            _ => 1,
        }
    }
}

fn load_diagnostic(e: &LoadError) -> Diagnostic {
    match e {
        LoadError::Invalid {
            span,
            message,
            help,
        } => {
            let d = Diagnostic::error(message.clone()).with_span(span.clone());
            match help {
                Some(h) => d.with_help(h.clone()),
                None => d,
            }
        }
        LoadError::Io { path, .. }
        | LoadError::NotUtf8 { path }
        | LoadError::DanglingLink { path }
        | LoadError::NotAFile { path, .. }
        | LoadError::NameNotUtf8 { path } => {
            let d = Diagnostic::error(e.to_string()).with_span(Span::file(path));
            match e.file_help() {
                Some(h) => d.with_help(h),
                None => d,
            }
        }
        LoadError::SeveralDocuments { path, line } => Diagnostic::error(e.to_string())
            .with_span(Span::pos(path, *line, 1))
            .with_help("split the revisions into one file each, or remove the extra `---`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::revision::RevisionId;

    fn parse_error(source: SqlSource) -> Diagnostic {
        OpError {
            site: OpSite {
                revision: Arc::new(SiteRevision {
                    id: RevisionId::parse("a1").unwrap(),
                    message: None,
                    file: "m/a1.yaml".into(),
                    op_keys: Default::default(),
                }),
                list: OpList::Upgrade,
                index: 0,
                op_name: "create_table",
            },
            kind: OpErrorKind::Parse {
                sql: "CREATE TABLE t (a INT CHECK (x))".to_owned(),
                failure: ParseFailure {
                    message: "Expected: ...".to_owned(),
                },
                source,
            },
        }
        .diagnostic()
    }

    /// A statement holding the user's fragments is the user's to fix; only
    /// gen's own text is a bug in a template.
    #[test]
    fn a_statement_with_fragments_that_does_not_parse_is_no_internal_error() {
        let d = parse_error(SqlSource::Fragments);
        assert!(!d.message.contains("internal error"), "{}", d.message);
        assert!(d.message.contains("SQL fragments"), "{}", d.message);
        let d = parse_error(SqlSource::Gen);
        assert!(d.message.starts_with("internal error"), "{}", d.message);
    }
}
