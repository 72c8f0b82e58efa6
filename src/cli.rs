//! Raw command-line flags (clap derive; the doc comments are the help).
//!
//! Nothing here is validated beyond what clap checks; `config` turns these
//! flags and `gen.yaml` into a [`crate::config::Config`]. No module past
//! `config` imports clap.

use camino::Utf8PathBuf;
use clap::{Args, Parser, Subcommand};

/// Turns YAML migrations into one reviewable SQL script, offline.
///
/// Exit codes: 0 success, 1 bad input (migrations, targets, templates),
/// 2 usage error (flags, gen.yaml values).
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
    /// Target database dialect [default: postgresql]
    #[arg(long, global = true, value_name = "NAME")]
    pub dialect: Option<String>,
    /// Folder overriding the built-in templates file by file (DIR/<dialect>/<kind>.sql.j2)
    #[arg(long, global = true, value_name = "DIR")]
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Script that upgrades to TARGET (from base), or over START:END
    Upgrade {
        /// head, heads, an id or prefix, label@head, +N, rev+N, ... or START:END
        target: String,
        #[command(flatten)]
        script: ScriptArgs,
    },
    /// Script that downgrades to TARGET (from heads), or over START:END
    Downgrade {
        /// base, an id or prefix, label@base, -N, rev-N, ... or START:END
        target: String,
        #[command(flatten)]
        script: ScriptArgs,
    },
    /// List revisions, newest first
    History {
        /// Only revisions in START:END (either side may be empty)
        #[arg(short = 'r', long, value_name = "RANGE")]
        rev_range: Option<String>,
        /// Show each revision in full
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show the current heads
    Heads {
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show branch points
    Branches {
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
    },
    /// Show one revision
    Show {
        /// A revision id, prefix, label or other target naming one revision
        rev: String,
    },
}
