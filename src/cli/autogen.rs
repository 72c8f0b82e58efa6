//! Dispatch of the commands that compare the migrations with a schema file
//! (`revision --autogenerate`, `diff`, `check --schema`): their flags to
//! the arguments of `commands::autogen`, its warnings printed on stderr,
//! its result on stdout, and the exit code (1 when `check` finds a
//! difference).

use crate::cli::args::{Command, Format};
use crate::cli::commands::autogen::{self, SchemaArgs, Written};
use crate::cli::commands::revision::RevisionArgs;
use crate::cli::config::{load_graph, Config};
use crate::diag::diagnostic::{color_enabled_for_stderr, render, Diagnostic, FsSources};
use crate::diag::error::Error;
use crate::emit::output::write_stdout;

fn out(text: &str) -> Result<(), Error> {
    write_stdout(text).map_err(|message| Error::Io {
        path: "<stdout>".into(),
        message,
    })
}

fn warn(diags: &[Diagnostic]) {
    use std::io::Write;
    let color = color_enabled_for_stderr();
    let text: String = diags.iter().map(|d| render(d, &FsSources, color)).collect();
    // If stderr is gone, nothing else can be said.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Runs a command for which [`Command::autogenerates`] is true.
pub fn run(command: Command, config: &Config) -> Result<(), Error> {
    config.single_dialect()?;
    let graph = load_graph(config)?;
    let dialect = config.dialect.name();
    match command {
        Command::Revision {
            message,
            head,
            branch_label,
            depends_on,
            rev_id,
            splice,
            schema: Some(file),
            rename,
            ..
        } => {
            let args = RevisionArgs {
                message,
                head,
                branch_labels: branch_label,
                depends_on,
                rev_id,
                splice,
            };
            let schema = SchemaArgs {
                file,
                renames: rename,
            };
            let (written, warnings) = autogen::revision(config, &graph, &args, &schema)?;
            warn(&warnings);
            match written {
                Written::Revision { path, operations } => out(&format!(
                    "created {path} ({operations} operation{})\n",
                    if operations == 1 { "" } else { "s" }
                )),
                Written::Nothing => out(&format!(
                    "no differences between the migrations and {}: nothing written\n",
                    schema.file
                )),
            }
        }
        Command::Diff {
            schema,
            rev,
            rename,
            format,
        } => {
            let nodes = autogen::nodes(&graph, rev.as_deref())?;
            let label = rev.unwrap_or_else(|| "heads".to_owned());
            let args = SchemaArgs {
                file: schema,
                renames: rename,
            };
            let compared = autogen::compare(config, &graph, &nodes, &args)?;
            match format {
                Format::Json => out(&autogen::diff_json(&compared, &label, &args.file, dialect)),
                Format::Text => {
                    let warnings: Vec<Diagnostic> = compared
                        .diff
                        .possible_renames
                        .iter()
                        .map(autogen::possible_rename_warning)
                        .collect();
                    warn(&warnings);
                    out(&autogen::diff_text(&compared, &label, &args.file, dialect))
                }
            }
        }
        Command::Check {
            schema: Some(file), ..
        } => {
            let nodes = autogen::nodes(&graph, None)?;
            let args = SchemaArgs {
                file,
                renames: Vec::new(),
            };
            let compared = autogen::compare(config, &graph, &nodes, &args)?;
            match autogen::check(&compared, &args.file) {
                Ok(text) => out(&text),
                Err(d) => {
                    warn(&[*d]);
                    Err(Error::CheckFailed { code: 1 })
                }
            }
        }
        _ => Err(Error::Internal(
            "a command that compares with no schema file reached cli::autogen".to_owned(),
        )),
    }
}
