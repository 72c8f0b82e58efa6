//! Running a command: flags in, output and an exit code out.
//!
//! `main_with_args` parses the flags (clap prints usage errors itself, exit
//! 2), resolves the [`Config`], loads and checks the revisions, dispatches,
//! and prints any error once, through the one diagnostic renderer, on
//! stderr. Warnings are printed the same way and do not change the exit code.

use crate::cli::{Cli, Command, ScriptArgs};
use crate::commands::listing;
use crate::config::Config;
use crate::diagnostic::{color_enabled_for_stderr, render, Diagnostic, FsSources};
use crate::error::Error;
use crate::generate::{generate, RunInfo};
use crate::graph::RevisionGraph;
use crate::load::load_dir;
use crate::output::{write_atomic, write_stdout};
use crate::plan::{Direction, Plan};
use clap::Parser;
use std::ffi::OsString;

/// Parses `args`, runs, prints errors; returns the exit code.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
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

fn print_diagnostics(diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    let color = color_enabled_for_stderr();
    eprint!("{}", render_all(diags, color));
}

/// Renders diagnostics in order. Each one re-reads and re-parses its file to
/// find the line, so a long history's warnings (one per dropped column or
/// `execute`) are rendered on up to `available_parallelism` threads, each
/// taking a contiguous run, and joined in the original order.
fn render_all(diags: &[Diagnostic], color: bool) -> String {
    let render_run = |run: &[Diagnostic]| -> String {
        run.iter().map(|d| render(d, &FsSources, color)).collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(16));
    if threads < 2 || diags.len() < 64 {
        return render_run(diags);
    }
    let chunk = diags.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = diags
            .chunks(chunk)
            .map(|run| scope.spawn(move || render_run(run)))
            .collect();
        workers
            .into_iter()
            .zip(diags.chunks(chunk))
            .map(|(worker, run)| worker.join().unwrap_or_else(|_| render_run(run)))
            .collect()
    })
}

/// Loads the migrations directory into a checked graph.
pub fn load_graph(config: &Config) -> Result<RevisionGraph, Error> {
    if !config.migrations.is_dir() {
        return Err(Error::Usage(format!(
            "migrations directory `{}` does not exist (set --migrations or `migrations:` in gen.yaml)",
            config.migrations
        )));
    }
    let revisions = load_dir(&config.migrations)?;
    RevisionGraph::build(revisions).map_err(Error::Graph)
}

fn run(cli: Cli) -> Result<(), Error> {
    let mut config = Config::resolve(&cli.global)?;
    match cli.command {
        Command::Upgrade { target, script } => {
            migrate(&mut config, &cli.global, Direction::Up, &target, &script)
        }
        Command::Downgrade { target, script } => {
            migrate(&mut config, &cli.global, Direction::Down, &target, &script)
        }
        Command::History { rev_range, verbose } => {
            let graph = load_graph(&config)?;
            let nodes = history_nodes(&graph, rev_range.as_deref())?;
            emit(&listing::history(&graph, &nodes, verbose))
        }
        Command::Heads { verbose } => {
            let graph = load_graph(&config)?;
            emit(&listing::heads(&graph, verbose))
        }
        Command::Branches { verbose } => {
            let graph = load_graph(&config)?;
            emit(&listing::branches(&graph, verbose))
        }
        Command::Show { rev } => {
            let graph = load_graph(&config)?;
            let node = crate::target::Target::parse(&rev)
                .and_then(|t| t.resolve(&graph, crate::target::Role::Start))
                .map_err(|e| Error::Plan(e.into()))?;
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

fn emit(text: &str) -> Result<(), Error> {
    write_stdout(text).map_err(|message| Error::Io {
        path: "<stdout>".into(),
        message,
    })
}

/// The nodes `history -r START:END` lists, newest first.
fn history_nodes(graph: &RevisionGraph, range: Option<&str>) -> Result<Vec<usize>, Error> {
    let resolve = |text: &str| -> Result<Vec<usize>, Error> {
        crate::target::Target::parse(text)
            .and_then(|t| t.resolve(graph, crate::target::Role::Start))
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

/// The command as the header records it: everything that shapes the output.
fn canonical_command(
    config: &Config,
    g: &crate::cli::GlobalArgs,
    verb: &str,
    target: &str,
) -> String {
    let mut cmd = format!(
        "gen {verb} {target} --sql --dialect {}",
        config.dialect.name()
    );
    if config.migrations.as_str() != "migrations" {
        cmd.push_str(&format!(" --migrations {}", config.migrations));
    }
    if let Some(t) = &config.templates.overrides {
        cmd.push_str(&format!(" --templates {t}"));
    }
    if g.version_table.is_some() || config.version_table.name.as_str() != "alembic_version" {
        cmd.push_str(&format!(" --version-table {}", config.version_table.name));
    }
    if let Some(s) = &config.version_table.schema {
        cmd.push_str(&format!(" --version-table-schema {s}"));
    }
    if config.transaction_per_migration {
        cmd.push_str(" --transaction-per-migration");
    }
    cmd
}

fn rows(ids: &[crate::revision::RevisionId]) -> String {
    if ids.is_empty() {
        "base".to_owned()
    } else {
        ids.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn migrate(
    config: &mut Config,
    g: &crate::cli::GlobalArgs,
    direction: Direction,
    target: &str,
    args: &ScriptArgs,
) -> Result<(), Error> {
    if args.transaction_per_migration {
        config.transaction_per_migration = true;
    }
    let graph = load_graph(config)?;
    let plan = Plan::for_command(&graph, direction, target).map_err(Error::Plan)?;
    let verb = match direction {
        Direction::Up => "upgrade",
        Direction::Down => "downgrade",
    };
    let mut notes = Vec::new();
    if direction == Direction::Down && !target.contains(':') {
        notes.push(format!(
            "starts from heads ({}), as `gen downgrade TARGET` does; give START:END to start elsewhere",
            rows(&plan.start_heads)
        ));
    }
    if direction == Direction::Up && !target.contains(':') {
        notes.push("starts from base: the script creates the version table".to_owned());
    }
    let info = RunInfo {
        command: canonical_command(config, g, verb, target),
        range: format!("{} -> {}", rows(&plan.start_heads), rows(&plan.end_heads)),
        notes,
    };
    let generated = generate(&graph, &plan, config, info)?;
    print_diagnostics(&generated.warnings);
    let text = generated.script.to_text();
    match &args.output {
        Some(file) => {
            let path = config.output_path(file);
            write_atomic(&path, &text).map_err(|message| Error::Io { path, message })
        }
        None => emit(&text),
    }
}
