//! Running a command: flags in, output and an exit code out.
//!
//! `main_with_args` parses the flags (clap prints usage errors itself, exit
//! 2), resolves the [`Config`], loads and checks the revisions, dispatches,
//! and prints any error once, through the one diagnostic renderer, on
//! stderr. Warnings are printed the same way and do not change the exit code;
//! a script command prints them a batch at a time as the walk meets them, so
//! a run that fails late has printed the batches before its error. With
//! `--warnings summary`, or once they fill more than a screen, a per-rule
//! summary ends them. A command line clap refuses is looked at for an
//! Alembic habit (`gen current`, `-x`, ...), answered with what to do instead.

use crate::cli::args::{CheckFormat, Cli, Command, Format, GraphFormatArg, ScriptArgs};
use crate::cli::commands::alembic_habits::Habit;
use crate::cli::commands::check_format::{self, Findings};
use crate::cli::commands::cli_docs::ManError;
use crate::cli::commands::graph_view::{self, GraphFormat};
use crate::cli::commands::import;
use crate::cli::commands::init::{init, InitArgs};
use crate::cli::commands::merge::{merge, MergeArgs};
use crate::cli::commands::revision::{revision, RevisionArgs};
use crate::cli::commands::scripts::{build, ScriptKind};
use crate::cli::commands::warning_summary::Tally;
use crate::cli::commands::{cli_docs, json, listing};
use crate::cli::config::{
    load_graph, Config, DEFAULT_DIALECT, DEFAULT_MIGRATIONS, DEFAULT_VERSION_TABLE,
};
use crate::cli::print::{print_diagnostics, print_summary, print_text, print_warnings, render_run};
use crate::diag::diagnostic::{color_enabled_for_stderr, FsSources};
use crate::diag::error::Error;
use crate::driver::warning::{Warning, WarningOut};
use crate::emit::output::{
    check_target, write_atomic, write_atomic_with, write_stdout, write_stdout_with, Inputs,
};
use crate::history::graph::RevisionGraph;
use crate::source::json_schema::{migration_schema, project_schema};
use clap::Parser;
use std::ffi::OsString;

/// Parses `args`, runs, prints errors; returns the exit code.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> i32 {
    let args: Vec<OsString> = args.into_iter().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            // A command line clap refuses may be an Alembic habit: say what
            // to do instead. (`--help` and `--version` come here too.)
            if e.use_stderr() {
                if let Some(habit) = alembic_habit(&args) {
                    let e = Error::Habit(habit);
                    print_diagnostics(&e.diagnostics());
                    return e.exit_code();
                }
            }
            let _ = e.print();
            return e.exit_code();
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            print_diagnostics(&e.diagnostics());
            e.exit_code()
        }
    }
}

/// The Alembic habit in a refused command line, with the version table
/// the flags and `gen.yaml` name for the query `gen current` suggests.
fn alembic_habit(args: &[OsString]) -> Option<Habit> {
    let args: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    Habit::in_args(&args, |given| {
        let flags = crate::cli::args::GlobalArgs {
            migrations: None,
            dialect: Vec::new(),
            templates: None,
            version_table: given.table.clone(),
            version_table_schema: given.schema.clone(),
            config: given
                .config
                .clone()
                .unwrap_or_else(|| "gen.yaml".to_owned())
                .into(),
            warnings: crate::cli::args::WarningsMode::Full,
        };
        Config::resolve(&flags)
            .map(|c| c.version_table.to_string())
            .unwrap_or_else(|_| DEFAULT_VERSION_TABLE.to_owned())
    })
}

/// Commands that need neither the settings nor the migrations.
fn run_standalone(cli: &Cli) -> Option<Result<(), Error>> {
    Some(match &cli.command {
        Command::SchemaJson { project } => emit(&if *project {
            project_schema()
        } else {
            migration_schema()
        }),
        Command::Completions { shell } => emit(&cli_docs::completions(*shell)),
        Command::Man { command, dir } => man(command.as_deref(), dir.as_deref()),
        Command::Init { dir } => {
            let g = &cli.global;
            let dialect = g
                .dialect
                .first()
                .cloned()
                .unwrap_or_else(|| DEFAULT_DIALECT.to_owned());
            if crate::dialect::by_name(&dialect).is_none() {
                // The same message as for any other command.
                return Some(Config::resolve(g).map(|_| ()));
            }
            let args = InitArgs {
                dir: dir.clone(),
                config_file: g.config.clone(),
                migrations: g
                    .migrations
                    .clone()
                    .unwrap_or_else(|| DEFAULT_MIGRATIONS.into()),
                dialect,
                version_table: g
                    .version_table
                    .clone()
                    .unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_owned()),
            };
            init(&args).and_then(|files| {
                let text: String = files.iter().map(|f| format!("created {f}\n")).collect();
                emit(&text)
            })
        }
        _ => return None,
    })
}

fn run(cli: Cli) -> Result<(), Error> {
    if let Some(result) = run_standalone(&cli) {
        return result;
    }
    let warnings = cli.global.warnings;
    let mut config = Config::resolve(&cli.global)?;
    if !matches!(cli.command, Command::Check { .. } | Command::Import { .. }) {
        config.single_dialect()?;
    }
    // What `-o` must never replace.
    let inputs = Inputs {
        migrations: Some(config.migrations.clone()),
        project_file: Some(cli.global.config.clone()),
        templates: config.templates.overrides.clone(),
    };
    match cli.command {
        c if c.autogenerates() => crate::cli::autogen::run(c, &config),
        Command::Upgrade { target, script } => {
            let tally = Tally::new(warnings);
            script_command(
                &mut config,
                ScriptKind::Upgrade,
                &target,
                &script,
                &tally,
                &inputs,
            )
        }
        Command::Downgrade { target, script } => {
            let tally = Tally::new(warnings);
            script_command(
                &mut config,
                ScriptKind::Downgrade,
                &target,
                &script,
                &tally,
                &inputs,
            )
        }
        Command::Stamp { target, script } => {
            let tally = Tally::new(warnings);
            script_command(
                &mut config,
                ScriptKind::Stamp,
                &target,
                &script,
                &tally,
                &inputs,
            )
        }
        Command::Verify { file } => {
            let report = crate::cli::commands::verify::verify(&file)?;
            emit(&report)
        }
        Command::Check { deny, format, .. } => {
            run_check(&config, deny.is_some(), format, &Tally::new(warnings))
        }
        Command::History {
            rev_range,
            verbose,
            format,
            graph: draw,
        } => {
            let graph = load_graph(&config)?;
            let nodes = history_nodes(&graph, rev_range.as_deref())?;
            emit(&match (format, draw) {
                (Format::Json, _) => json::revisions(&graph, &nodes),
                (Format::Text, true) => graph_view::ascii(&graph, &nodes),
                (Format::Text, false) => listing::history(&graph, &nodes, verbose),
            })
        }
        Command::Graph { format } => {
            let graph = load_graph(&config)?;
            let format = match format {
                GraphFormatArg::Dot => GraphFormat::Dot,
                GraphFormatArg::Mermaid => GraphFormat::Mermaid,
            };
            emit(&graph_view::document(&graph, format))
        }
        Command::Revision {
            message,
            head,
            branch_label,
            depends_on,
            rev_id,
            splice,
            ..
        } => {
            let graph = load_graph(&config)?;
            let args = RevisionArgs {
                message,
                head,
                branch_labels: branch_label,
                depends_on,
                rev_id,
                splice,
            };
            let path = revision(&config, &graph, &args)?;
            emit(&format!("created {path}\n"))
        }
        Command::Merge {
            message,
            revisions,
            branch_label,
            rev_id,
        } => {
            let graph = load_graph(&config)?;
            let args = MergeArgs {
                message,
                revisions,
                branch_labels: branch_label,
                rev_id,
            };
            let path = merge(&config, &graph, &args)?;
            emit(&format!("created {path}\n"))
        }
        Command::SchemaJson { .. }
        | Command::Diff { .. }
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Init { .. } => Err(Error::Internal(
            "a standalone command reached the dispatcher".to_owned(),
        )),
        Command::Import { args, .. } => import::run(&args.settings(&config, &cli.global)),
        Command::Heads { verbose, format } => {
            let graph = load_graph(&config)?;
            emit(&match format {
                Format::Json => json::revisions(&graph, graph.heads()),
                Format::Text => listing::heads(&graph, verbose),
            })
        }
        Command::Branches { verbose, format } => {
            let graph = load_graph(&config)?;
            let points: Vec<usize> = graph
                .topo_order()
                .iter()
                .copied()
                .filter(|n| graph.is_branch_point(*n))
                .collect();
            emit(&match format {
                Format::Json => json::revisions(&graph, &points),
                Format::Text => listing::branches(&graph, verbose),
            })
        }
        Command::Schema { rev, output, .. } => {
            let graph = load_graph(&config)?;
            let label = rev.unwrap_or_else(|| "heads".to_owned());
            let nodes = crate::history::target::Target::parse(&label)
                .and_then(|t| t.resolve(&graph, crate::history::target::Role::Start))
                .map_err(|e| Error::Plan(e.into()))?
                .nodes;
            let text = crate::cli::commands::schema::schema_sql(&graph, &nodes, &config, &label)?;
            match output {
                Some(file) => {
                    let path = config.output_path(&file);
                    write_atomic(&path, &inputs, &text)
                        .map_err(|message| Error::Io { path, message })
                }
                None => emit(&text),
            }
        }
        Command::Show { rev, format } => {
            let graph = load_graph(&config)?;
            let node = crate::history::target::Target::parse(&rev)
                .and_then(|t| t.resolve(&graph, crate::history::target::Role::Start))
                .map_err(|e| Error::Plan(e.into()))?;
            if format == Format::Json && !node.nodes.is_empty() {
                return emit(&json::revisions(&graph, &node.nodes));
            }
            let mut out = String::new();
            if node.nodes.is_empty() {
                return Err(Error::Usage(format!(
                    "`{rev}` names no revision (it is base)"
                )));
            }
            for n in node.nodes {
                out.push_str(&listing::verbose(&graph, n));
            }
            emit(&out)
        }
    }
}

/// `gen man [COMMAND]` prints a page; `gen man --dir DIR` writes them all.
fn man(command: Option<&str>, dir: Option<&camino::Utf8Path>) -> Result<(), Error> {
    let man_error = |e: ManError| match e {
        ManError::UnknownCommand { .. } => Error::Usage(e.to_string()),
        ManError::Render(_) => Error::Internal(e.to_string()),
    };
    let Some(dir) = dir else {
        return emit(&cli_docs::man_page(command).map_err(man_error)?);
    };
    let pages = cli_docs::man_pages().map_err(man_error)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        path: dir.to_owned(),
        message: e.to_string(),
    })?;
    let mut report = String::new();
    for (name, text) in pages {
        let path = dir.join(name);
        write_atomic(&path, &Inputs::default(), &text).map_err(|message| Error::Io {
            path: path.clone(),
            message,
        })?;
        report.push_str(&format!("wrote {path}\n"));
    }
    emit(&report)
}

fn emit(text: &str) -> Result<(), Error> {
    write_stdout(text).map_err(|message| Error::Io {
        path: "<stdout>".into(),
        message,
    })
}

/// The nodes `history -r START:END` lists, newest first.
fn history_nodes(graph: &RevisionGraph, range: Option<&str>) -> Result<Vec<usize>, Error> {
    let resolve = |text: &str| -> Result<Vec<usize>, Error> {
        crate::history::target::Target::parse(text)
            .and_then(|t| t.resolve(graph, crate::history::target::Role::Start))
            .map(|r| r.nodes)
            .map_err(|e| Error::Plan(e.into()))
    };
    let all = vec![true; graph.len()];
    let (lower, upper) = match range {
        None => (None, all),
        Some(r) => {
            let (start, end) = r.split_once(':').ok_or_else(|| {
                Error::Usage(format!(
                    "history range `{r}` needs a `:`, e.g. `base:heads`, `ab12:`, `:cd34`"
                ))
            })?;
            let upper = if end.is_empty() {
                all
            } else {
                graph.ancestor_mask(&resolve(end)?)
            };
            let lower = if start.is_empty() {
                None
            } else {
                Some(resolve(start)?)
            };
            (lower, upper)
        }
    };
    let keep = match lower {
        Some(nodes) if !nodes.is_empty() => {
            let down = graph.descendant_mask(&nodes);
            upper.iter().zip(down).map(|(a, b)| *a && b).collect()
        }
        _ => upper,
    };
    let mut nodes = graph.in_topo_order(&keep);
    nodes.reverse();
    Ok(nodes)
}

/// `upgrade`, `downgrade`, `stamp`: build the script, print warnings, write it.
fn script_command(
    config: &mut Config,
    kind: ScriptKind,
    target: &str,
    args: &ScriptArgs,
    tally: &Tally,
    inputs: &Inputs,
) -> Result<(), Error> {
    if args.transaction_per_migration {
        config.transaction_per_migration = true;
    }
    // A target `-o` may not write is said before the work, not after.
    if let Some(file) = &args.output {
        let path = config.output_path(file);
        check_target(&path, inputs).map_err(|message| Error::Io { path, message })?;
    }
    let color = color_enabled_for_stderr();
    // Each step's warnings are counted and made into text where the step
    // is rendered, with one file read and parsed for all of them (they are
    // about its revision), and printed in order. With `--warnings summary`
    // they are only counted.
    let render_warnings = |warnings: &[Warning]| {
        if warnings.is_empty() {
            return String::new();
        }
        tally.count(warnings.iter().map(|w| Some(w.finding.rule)));
        if tally.full() {
            render_run(warnings, color)
        } else {
            String::new()
        }
    };
    let mut print = |text: &str| {
        tally.printed(text);
        print_text(text);
    };
    let hand_on = WarningOut {
        render: &render_warnings,
        print: &mut print,
    };
    let generated = build(config, kind, target, hand_on)?;
    // `stamp` meets no warnings; a script's were printed as they came.
    print_warnings(&generated.warnings, tally);
    print_summary(tally);
    let script = &generated.script;
    let text = |out: &mut dyn std::fmt::Write| script.write_to(out);
    match &args.output {
        Some(file) => {
            let path = config.output_path(file);
            write_atomic_with(&path, inputs, &text).map_err(|message| Error::Io { path, message })
        }
        None => write_stdout_with(&text).map_err(|message| Error::Io {
            path: "<stdout>".into(),
            message,
        }),
    }
}

/// `gen check`: diagnostics on stderr and a count on stdout (`text`), or
/// one document or list on stdout in a format pipelines read; the exit code.
fn run_check(
    config: &Config,
    deny_warnings: bool,
    format: CheckFormat,
    tally: &Tally,
) -> Result<(), Error> {
    let report = crate::cli::commands::check::check(config);
    let (errors, warnings) = (report.errors.len(), report.warnings.len());
    let counts = format!(
        "checked {} revisions for {}: {errors} error{}, {warnings} warning{}\n",
        report.revisions,
        report.dialects.join(", "),
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    let resolve = |diags: &[crate::diag::diagnostic::Diagnostic]| -> Vec<json::DiagnosticJson> {
        diags
            .iter()
            .map(|d| json::diagnostic(d, &FsSources))
            .collect()
    };
    let findings = || Findings {
        dialects: report.dialects.clone(),
        revisions: report.revisions,
        errors: resolve(&report.errors),
        warnings: resolve(&report.warnings),
        deny_warnings,
    };
    match format {
        CheckFormat::Json => {
            #[derive(serde::Serialize)]
            struct CheckJson {
                format: &'static str,
                ok: bool,
                dialects: Vec<String>,
                revisions: usize,
                errors: Vec<json::DiagnosticJson>,
                warnings: Vec<json::DiagnosticJson>,
            }
            let f = findings();
            let doc = CheckJson {
                format: json::FORMAT,
                ok: errors == 0 && !(deny_warnings && warnings > 0),
                dialects: f.dialects,
                revisions: f.revisions,
                errors: f.errors,
                warnings: f.warnings,
            };
            emit(&json::to_text(&doc))?;
        }
        CheckFormat::Text => {
            print_diagnostics(&report.errors);
            print_warnings(&report.warnings, tally);
            print_summary(tally);
            emit(&counts)?;
        }
        // Line formats: the findings on stdout, the count on stderr.
        CheckFormat::Github => {
            emit(&check_format::github(&findings()))?;
            print_text(&counts);
        }
        CheckFormat::Gcc => {
            emit(&check_format::gcc(&findings()))?;
            print_text(&counts);
        }
        CheckFormat::Sarif => emit(&check_format::sarif(&findings()))?,
        CheckFormat::Junit => emit(&check_format::junit(&findings()))?,
    }
    if errors > 0 {
        Err(Error::CheckFailed { code: 1 })
    } else if deny_warnings && warnings > 0 {
        Err(Error::CheckFailed { code: 3 })
    } else {
        Ok(())
    }
}
