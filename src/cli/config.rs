//! The validated settings of a run: flags over `gen.yaml` over defaults.
//!
//! [`Config::resolve`] is where a dialect name becomes a [`Dialect`], the
//! version table name is checked, and paths are settled. Every later stage
//! takes a `Config` and never looks at flags or the environment.

use crate::cli::args::GlobalArgs;
use crate::diag::error::Error;
use crate::diag::suggest::did_you_mean;
use crate::dialect::{self, Dialect, DIALECT_NAMES};
use crate::emit::templates::TemplateSource;
use crate::history::graph::RevisionGraph;
use crate::ops::ident::{Ident, QualName};
use crate::source::{load_dir, load_project, ProjectFile};
use camino::{Utf8Path, Utf8PathBuf};
use std::sync::Arc;

/// The dialect when neither a flag nor `gen.yaml` names one.
pub const DEFAULT_DIALECT: &str = "postgresql";
/// The version table when neither a flag nor `gen.yaml` names one (Alembic's).
pub const DEFAULT_VERSION_TABLE: &str = "alembic_version";
/// The migrations folder when neither a flag nor `gen.yaml` names one.
pub const DEFAULT_MIGRATIONS: &str = "migrations";

/// Settings for one run.
#[derive(Clone)]
pub struct Config {
    pub migrations: Utf8PathBuf,
    /// The dialect scripts are written for (the first one asked).
    pub dialect: Arc<dyn Dialect>,
    /// Every dialect asked (`gen check` checks them all).
    pub dialects: Vec<Arc<dyn Dialect>>,
    pub templates: TemplateSource,
    pub version_table: QualName,
    pub transaction_per_migration: bool,
    pub output_dir: Option<Utf8PathBuf>,
    /// Lint rules silenced for the project (`allow:` in gen.yaml).
    pub allow: std::collections::BTreeSet<&'static str>,
    /// `lock_timeout` / `statement_timeout` in gen.yaml.
    pub timeouts: crate::source::duration::Timeouts,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("migrations", &self.migrations)
            .field("dialect", &self.dialect.name())
            .field("version_table", &self.version_table)
            .finish()
    }
}

fn ident(value: &str, what: &str, dialect: &dyn Dialect) -> Result<Ident, Error> {
    let max = dialect.max_identifier_len();
    if value.len() > max {
        return Err(Error::Usage(format!(
            "invalid {what} `{value}`: it is {} bytes long; {} allows at most {max}",
            value.len(),
            dialect.name()
        )));
    }
    Ident::new(value).map_err(|e| Error::Usage(format!("invalid {what} `{value}`: {e}")))
}

/// What a script run needs of the settings, for the driver.
impl From<&Config> for crate::driver::Settings {
    fn from(config: &Config) -> Self {
        crate::driver::Settings {
            dialect: config.dialect.clone(),
            templates: config.templates.clone(),
            version_table: config.version_table.clone(),
            transaction_per_migration: config.transaction_per_migration,
            allow: config.allow.clone(),
            timeouts: config.timeouts,
        }
    }
}

impl Config {
    /// The defaults (PostgreSQL, `alembic_version`) for a migrations folder.
    pub fn with_defaults(migrations: impl Into<Utf8PathBuf>) -> Config {
        Config {
            migrations: migrations.into(),
            dialect: default_dialect(),
            dialects: vec![default_dialect()],
            templates: TemplateSource::default(),
            version_table: QualName::new(None, Ident::from_static(DEFAULT_VERSION_TABLE)),
            transaction_per_migration: false,
            output_dir: None,
            allow: std::collections::BTreeSet::new(),
            timeouts: crate::source::duration::Timeouts::default(),
        }
    }

    /// Flags over the project file over defaults.
    pub fn resolve(g: &GlobalArgs) -> Result<Config, Error> {
        let project: ProjectFile = load_project(&g.config)
            .map_err(|e| Error::Project(Box::new(e)))?
            .unwrap_or_default();
        Config::from_flags(g, project)
    }

    /// Flags over the given project settings over defaults.
    pub fn from_flags(g: &GlobalArgs, project: ProjectFile) -> Result<Config, Error> {
        let names: Vec<String> = if g.dialect.is_empty() {
            vec![project
                .dialect
                .unwrap_or_else(|| DEFAULT_DIALECT.to_owned())]
        } else {
            g.dialect.clone()
        };
        let mut dialects = Vec::new();
        for name in &names {
            if name == "all" {
                dialects.extend(dialect::all());
                continue;
            }
            let d = dialect::by_name(name).ok_or_else(|| {
                let hint = did_you_mean(name, DIALECT_NAMES.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                Error::Usage(format!(
                    "unknown dialect `{name}`{hint}; available: {}",
                    DIALECT_NAMES.join(", ")
                ))
            })?;
            dialects.push(d);
        }
        let mut seen = std::collections::BTreeSet::new();
        dialects.retain(|d| seen.insert(d.name()));
        let Some(dialect) = dialects.first().cloned() else {
            return Err(Error::Usage("no dialect given".to_owned()));
        };
        let table = g
            .version_table
            .clone()
            .or(project.version_table)
            .unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_owned());
        let schema = g
            .version_table_schema
            .clone()
            .or(project.version_table_schema);
        let version_table = QualName::new(
            schema
                .map(|s| ident(&s, "version table schema", &*dialect))
                .transpose()?,
            ident(&table, "version table name", &*dialect)?,
        );
        let mut allow = std::collections::BTreeSet::new();
        for id in &project.allow {
            match crate::lint::rule(id) {
                Some(rule) => {
                    allow.insert(rule.id);
                }
                None => {
                    let ids = crate::lint::RULES.iter().map(|r| r.id);
                    let hint = did_you_mean(id, ids)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    return Err(Error::Usage(format!(
                        "unknown lint rule `{id}` in `allow:` of {}{hint}; see docs/lint.md",
                        g.config
                    )));
                }
            }
        }
        Ok(Config {
            allow,
            timeouts: crate::source::duration::Timeouts {
                lock: project.lock_timeout,
                statement: project.statement_timeout,
            },
            dialects,
            migrations: g
                .migrations
                .clone()
                .or(project.migrations)
                .unwrap_or_else(|| Utf8PathBuf::from(DEFAULT_MIGRATIONS)),
            dialect,
            templates: TemplateSource {
                overrides: g.templates.clone().or(project.templates),
            },
            version_table,
            transaction_per_migration: project.transaction_per_migration.unwrap_or(false),
            output_dir: project.output_dir,
        })
    }

    /// The one dialect of a command that writes for one engine.
    pub fn single_dialect(&self) -> Result<(), Error> {
        if self.dialects.len() > 1 {
            return Err(Error::Usage(format!(
                "this command writes for one dialect, but {} were given; several are for `gen check`",
                self.dialects.len()
            )));
        }
        Ok(())
    }

    /// A copy of these settings for another dialect.
    pub fn for_dialect(&self, dialect: Arc<dyn Dialect>) -> Config {
        Config {
            dialect,
            ..self.clone()
        }
    }

    /// Whether the migrations folder can be read as one; the error says
    /// what it is instead (missing, a file, something else) and where it
    /// was set.
    pub fn check_migrations_dir(&self) -> Result<(), String> {
        let dir = &self.migrations;
        let hint = "set --migrations or `migrations:` in gen.yaml to the folder of revision files";
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => Ok(()),
            Ok(m) if m.is_file() => Err(format!(
                "the migrations directory `{dir}` is a file, not a directory ({hint})"
            )),
            Ok(_) => Err(format!(
                "the migrations directory `{dir}` is not a directory ({hint})"
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
                "migrations directory `{dir}` does not exist ({hint})"
            )),
            Err(e) => Err(format!("cannot read the migrations directory `{dir}`: {e}")),
        }
    }

    /// Where `-o FILE` writes: relative paths go under `output_dir` when set.
    pub fn output_path(&self, file: &Utf8Path) -> Utf8PathBuf {
        match &self.output_dir {
            Some(dir) if file.is_relative() => dir.join(file),
            _ => file.to_owned(),
        }
    }
}

/// [`DEFAULT_DIALECT`], which the registry always holds.
fn default_dialect() -> std::sync::Arc<dyn Dialect> {
    dialect::by_name(DEFAULT_DIALECT)
        .unwrap_or_else(|| std::sync::Arc::new(crate::dialect::PostgreSql))
}

/// Loads the migrations directory into a checked graph.
pub fn load_graph(config: &Config) -> Result<RevisionGraph, Error> {
    config.check_migrations_dir().map_err(Error::Usage)?;
    let revisions = load_dir(&config.migrations)?;
    RevisionGraph::build(revisions).map_err(Error::Graph)
}
