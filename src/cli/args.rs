//! Raw command-line flags (clap derive; the doc comments are the help).
//!
//! Nothing here is validated beyond what clap checks; `config` turns these
//! flags and `gen.yaml` into a [`crate::cli::config::Config`]. No module past
//! `config` imports clap.

use camino::Utf8PathBuf;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand};

/// Turns YAML migrations into one reviewable SQL script, offline.
///
/// Exit codes: 0 success; 1 bad input (migrations, targets, templates), `check`
/// errors or a `verify` mismatch; 2 usage error (flags, gen.yaml); 3 `check
/// --deny warnings` found warnings.
#[derive(Debug, Parser)]
#[command(name = "gen", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Flags every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Directory of revision files [default: migrations, or `migrations` in gen.yaml]
    #[arg(long, global = true, value_name = "DIR")]
    pub migrations: Option<Utf8PathBuf>,
    /// Target database dialect [default: postgresql]; `gen check` takes
    /// several (repeated, or `a,b`), or `all`
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        action = clap::ArgAction::Append,
        value_delimiter = ',',
        value_parser = DialectName,
    )]
    pub dialect: Vec<String>,
    /// Folder overriding the built-in templates file by file
    /// (`DIR/<dialect>/<kind>.sql.j2`).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help = "Folder overriding the built-in templates file by file (DIR/<dialect>/<kind>.sql.j2)"
    )]
    pub templates: Option<Utf8PathBuf>,
    /// Version table name [default: alembic_version]
    #[arg(long, global = true, value_name = "NAME")]
    pub version_table: Option<String>,
    /// Schema of the version table [default: none]
    #[arg(long, global = true, value_name = "NAME")]
    pub version_table_schema: Option<String>,
    /// Project file with defaults
    #[arg(long, global = true, value_name = "FILE", default_value = "gen.yaml")]
    pub config: Utf8PathBuf,
    /// Warnings each in full (then a per-rule summary when they fill more
    /// than a screen), or only the per-rule summary
    #[arg(long, global = true, value_enum, value_name = "HOW", default_value_t = WarningsMode::Full)]
    pub warnings: WarningsMode,
}

/// `--warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WarningsMode {
    // Every warning, then a per-rule summary if they fill more than a screen.
    // (Plain comments: a doc comment here would turn `--help` into its long
    // layout.)
    Full,
    // Only the per-rule summary.
    Summary,
}

/// `--dialect`: any text (an unknown name is refused with a suggestion when
/// the settings are resolved, see `config`); the names offered by shell
/// completion and listed in the help.
#[derive(Debug, Clone, Copy)]
pub struct DialectName;

impl TypedValueParser for DialectName {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        // A name is ASCII; anything else is kept (lossily) for the
        // "unknown dialect" message, which suggests the closest name.
        Ok(value.to_string_lossy().trim().to_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let names = crate::dialect::DIALECT_NAMES
            .iter()
            .map(|n| PossibleValue::new(*n));
        // Without help texts: they would turn `--help` into its long layout.
        let engines = crate::dialect::OTHER_ENGINES
            .iter()
            .map(|n| PossibleValue::new(*n));
        Some(Box::new(
            names.chain(engines).chain([PossibleValue::new("all")]),
        ))
    }
}

/// Flags of the script-producing commands.
#[derive(Debug, Args)]
pub struct ScriptArgs {
    /// Offline SQL output (accepted for Alembic compatibility; it is the only mode)
    #[arg(long)]
    pub sql: bool,
    /// Write the script to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<Utf8PathBuf>,
    /// One transaction per revision instead of one for the whole run
    #[arg(long)]
    pub transaction_per_migration: bool,
}

/// Output format of the listing commands and `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    /// The stable shapes of docs/json.md
    Json,
}

/// Output format of `gen schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaFormat {
    /// CREATE statements for the dialect
    Sql,
}

/// Output format of `gen check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics for people, on stderr
    Text,
    /// The stable shapes of docs/json.md
    Json,
    /// GitHub Actions workflow commands (`::warning file=...::`)
    Github,
    /// `file:line:col: warning: [rule] message`, for editors and log parsers
    Gcc,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// JUnit XML, for CI test reports
    Junit,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Script that upgrades to TARGET (from base), or over START:END
    Upgrade {
        /// head, heads, an id or prefix, label@head, +N, rev+N, ... or START:END
        #[arg(allow_negative_numbers = true)]
        target: String,
        #[command(flatten)]
        script: ScriptArgs,
    },
    /// Script that downgrades to TARGET (from heads), or over START:END
    Downgrade {
        /// base, an id or prefix, label@base, -N, rev-N, ... or START:END
        #[arg(allow_negative_numbers = true)]
        target: String,
        #[command(flatten)]
        script: ScriptArgs,
    },
    /// Script that only sets the version table to TARGET (from base), or
    /// moves it over START:END, without changing the schema
    Stamp {
        /// heads, an id or prefix, label@head, ... or START:END
        target: String,
        #[command(flatten)]
        script: ScriptArgs,
    },
    /// Check the whole history for every dialect asked: load, replay,
    /// render and parse everything, and report every problem.
    /// Exit 0 clean, 1 errors, 3 warnings with `--deny warnings`
    ///
    /// Unlike `alembic check`, which compares the models with a database,
    /// this checks the migration files themselves: gen never connects.
    Check {
        /// `warnings`: treat warnings as failures (exit 3)
        #[arg(long, value_name = "WHAT", value_parser = ["warnings"])]
        deny: Option<String>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Instead: check that the migrations at heads give the schema of
        /// FILE (SQL DDL for the dialect); exit 1 listing what differs
        #[arg(long, value_name = "FILE", conflicts_with_all = ["deny", "format"])]
        schema: Option<Utf8PathBuf>,
    },
    /// Check that a script still matches its sources, byte for byte
    Verify {
        /// A script written by `gen upgrade|downgrade|stamp`
        file: Utf8PathBuf,
    },
    /// List revisions, newest first
    History {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only revisions in START:END (either side may be empty)
        #[arg(short = 'r', long, value_name = "RANGE")]
        rev_range: Option<String>,
        /// Show each revision in full
        #[arg(short, long)]
        verbose: bool,
        /// Draw the revision DAG, like `git log --graph`
        #[arg(long, conflicts_with = "verbose")]
        graph: bool,
    },
    /// Show the current heads
    Heads {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show branch points
    Branches {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(short, long)]
        verbose: bool,
    },
    /// Print the schema the model holds at REV as CREATE statements
    Schema {
        /// A revision, label or target naming the state to print [default: heads]
        rev: Option<String>,
        /// Write to FILE (atomically) instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<Utf8PathBuf>,
        /// Output format: `sql`, DDL that `--schema FILE` reads back
        #[arg(long, value_enum, default_value_t = SchemaFormat::Sql)]
        format: SchemaFormat,
    },
    /// Show one revision
    Show {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// A revision id, prefix, label or other target naming one revision
        rev: String,
    },
    /// Create gen.yaml, the migrations folder and a first revision
    Init {
        /// Project folder (created if missing)
        #[arg(default_value = ".")]
        dir: Utf8PathBuf,
    },
    /// Write a new revision file on top of the current head
    Revision {
        /// One-line description (also the file name's slug)
        #[arg(short, long)]
        message: String,
        /// The revision to build on: a head, LABEL@head, or base for a new root
        #[arg(long, value_name = "REV")]
        head: Option<String>,
        /// Branch label for the new revision (repeatable)
        #[arg(long = "branch-label", value_name = "LABEL")]
        branch_label: Vec<String>,
        /// Revision or label that must be applied first (repeatable)
        #[arg(long = "depends-on", value_name = "REV")]
        depends_on: Vec<String>,
        /// Use this id instead of a random one
        #[arg(long, value_name = "ID")]
        rev_id: Option<String>,
        /// Allow --head to name a revision that is not a head (starts a branch)
        #[arg(long)]
        splice: bool,
        /// Write the operations that turn the schema at the head into the
        /// schema of --schema FILE (docs/autogenerate.md)
        #[arg(long, requires = "schema")]
        autogenerate: bool,
        /// The declared schema: SQL DDL for the dialect (a dump, or by hand)
        #[arg(long, value_name = "FILE", requires = "autogenerate")]
        schema: Option<Utf8PathBuf>,
        /// A rename to keep the data: `TABLE.COLUMN=NEW` or `TABLE=NEW`
        /// (repeatable); without it a rename is a drop and an add
        #[arg(long, value_name = "OLD=NEW", requires = "autogenerate")]
        rename: Vec<String>,
    },
    /// Print what turns the schema at REV into the schema of a file,
    /// as the `upgrade:` operations of a revision; writes nothing
    Diff {
        /// The declared schema: SQL DDL for the dialect
        #[arg(long, value_name = "FILE")]
        schema: Utf8PathBuf,
        /// A revision, label or target naming the state to compare [default: heads]
        rev: Option<String>,
        /// A rename to keep the data: `TABLE.COLUMN=NEW` or `TABLE=NEW` (repeatable)
        #[arg(long, value_name = "OLD=NEW")]
        rename: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a revision that merges two or more revisions (e.g. `heads`)
    Merge {
        /// One-line description (also the file name's slug)
        #[arg(short, long)]
        message: String,
        /// Revisions to merge: ids, prefixes, labels, LABEL@head, or heads
        #[arg(required = true, value_name = "REV")]
        revisions: Vec<String>,
        /// Branch label for the merge revision (repeatable)
        #[arg(long = "branch-label", value_name = "LABEL")]
        branch_label: Vec<String>,
        /// Use this id instead of a random one
        #[arg(long, value_name = "ID")]
        rev_id: Option<String>,
    },
    /// Draw the revision DAG for documents and review tools
    Graph {
        /// Output format
        #[arg(long, value_enum, default_value_t = GraphFormatArg::Dot)]
        format: GraphFormatArg,
    },
    /// Print the JSON Schema of revision files (for editors)
    SchemaJson {
        /// Print the schema of gen.yaml instead
        #[arg(long)]
        project: bool,
    },
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Bring a history over from another tool, ids and all
    ///
    /// `gen import alembic PATH` writes one gen revision per Alembic
    /// revision (same ids, parents, labels, messages) by running each
    /// revision's upgrade() and downgrade() in your Python with a
    /// recording `op`. Exit 0 when all imported cleanly, 3 when some need
    /// hand work (see the report). Records every dialect unless
    /// `--dialect` names some.
    Import {
        /// The tool the history comes from
        #[arg(value_parser = ["alembic"])]
        tool: String,
        #[command(flatten)]
        args: ImportAlembicArgs,
    },
    /// Print the man page (roff), or the page of one command
    Man {
        /// A command, e.g. `upgrade` for the gen-upgrade(1) page
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
        /// Write every page (gen.1 and gen-COMMAND.1) into DIR instead
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<Utf8PathBuf>,
    },
}

/// The flags of `gen import alembic`.
#[derive(Debug, Args)]
pub struct ImportAlembicArgs {
    /// The Alembic script directory (with env.py and versions/), or versions/ itself
    pub path: Utf8PathBuf,
    /// Folder for the revision files [default: the migrations folder]
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<Utf8PathBuf>,
    /// Replace files that already exist in the output folder
    #[arg(long)]
    pub force: bool,
    /// The Python your migrations run with (it needs sqlalchemy)
    #[arg(long, value_name = "PATH", default_value = "python3")]
    pub python: String,
    /// A folder to put on sys.path for the modules the migrations import (repeatable)
    #[arg(long, value_name = "DIR")]
    pub pythonpath: Vec<Utf8PathBuf>,
    /// Run with a stub for each module the migrations import that is not
    /// installed (each revision that uses one gets a note)
    #[arg(long)]
    pub stub_missing: bool,
    /// Afterwards, run Alembic offline (`alembic upgrade heads --sql`) per
    /// dialect and compare its schema with the imported revisions' (exit 1
    /// when they differ)
    #[arg(long)]
    pub verify: bool,
}

impl ImportAlembicArgs {
    /// The import's settings: `dialects` are the names asked (all when empty).
    pub fn settings(
        &self,
        config: &crate::cli::config::Config,
        global: &GlobalArgs,
    ) -> crate::cli::commands::import::ImportArgs {
        let mut dialects: Vec<String> = Vec::new();
        for d in &config.dialects {
            if !global.dialect.is_empty() && !dialects.iter().any(|n| n == d.name()) {
                dialects.push(d.name().to_owned());
            }
        }
        if dialects.is_empty() {
            dialects = crate::dialect::DIALECT_NAMES
                .iter()
                .map(|n| (*n).to_owned())
                .collect();
        }
        let migrations = &config.migrations;
        crate::cli::commands::import::ImportArgs {
            path: self.path.clone(),
            output: self.output.clone().unwrap_or_else(|| migrations.to_owned()),
            dialects,
            python: self.python.clone(),
            pythonpath: self.pythonpath.clone(),
            force: self.force,
            stub_missing: self.stub_missing,
            verify: self.verify,
        }
    }
}

impl Command {
    /// Whether the command compares the migrations with a schema file
    /// (`cli::autogen` runs it).
    pub fn autogenerates(&self) -> bool {
        matches!(
            self,
            Command::Diff { .. }
                | Command::Check {
                    schema: Some(_),
                    ..
                }
                | Command::Revision {
                    autogenerate: true,
                    ..
                }
        )
    }
}

/// `gen graph --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormatArg {
    /// Graphviz
    Dot,
    /// Mermaid flowchart
    Mermaid,
}
