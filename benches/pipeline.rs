//! `cargo bench`: each stage of the pipeline, and the whole command, on
//! synthetic histories of 1k, 10k and 100k revisions (see `support/synth.rs`).
//!
//! Histories are written once under Cargo's bench temp directory and reused
//! by later runs. Stage benches run in-process on a history loaded once;
//! `upgrade_heads` / `downgrade_base` run the release `gen` binary itself
//! (start-up, warnings to a null stderr, the script written with `-o`), on
//! PostgreSQL and, for the upgrade, SQLite and MySQL.
//! `GEN_BENCH_SIZES=1000,10000` chooses the sizes (default: all three; the
//! 100k runs take most of the few minutes); any size can be asked for, such
//! as `2000`, the size `bench/compare_alembic.sh` compares with Alembic at.
//! Benchmarks report; nothing here gates CI.

#[path = "support/synth.rs"]
#[allow(dead_code)]
mod synth;

use camino::{Utf8Path, Utf8PathBuf};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode};
use gen::cli::config::Config;
use gen::driver::{generate, schema_at, RunInfo};
use gen::history::graph::RevisionGraph;
use gen::history::plan::{Direction, Plan};
use gen::source::revision::Revision;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::Mutex;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const SEED: u64 = 7;

/// A history on disk, loaded and planned once.
struct Fixture {
    dir: Utf8PathBuf,
    revisions: Vec<Revision>,
    graph: RevisionGraph,
    up: Plan,
    down: Plan,
}

fn fixture(n: usize) -> &'static Fixture {
    // Each size is loaded once and kept for the whole run.
    static FIXTURES: Mutex<BTreeMap<usize, &'static Fixture>> = Mutex::new(BTreeMap::new());
    let mut fixtures = FIXTURES.lock().unwrap();
    fixtures.entry(n).or_insert_with(|| {
        let dir = history_dir(n);
        let revisions = gen::source::load_dir(&dir).unwrap_or_else(|e| panic!("{e:?}"));
        let graph = RevisionGraph::build(revisions.clone()).unwrap_or_else(|e| panic!("{e:?}"));
        let up = Plan::for_command(&graph, Direction::Up, "heads").unwrap();
        let down = Plan::for_command(&graph, Direction::Down, "heads:base").unwrap();
        Box::leak(Box::new(Fixture {
            dir,
            revisions,
            graph,
            up,
            down,
        }))
    })
}

/// `<bench tmp>/synth-m<mix>-<n>-<seed>`, written unless a complete copy exists.
fn history_dir(n: usize) -> Utf8PathBuf {
    let root = Utf8Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = root.join(format!("synth-m{}-{n}-{SEED}", synth::MIX));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        synth::History::generate(n, SEED)
            .write_yaml(dir.as_std_path())
            .unwrap();
        std::fs::write(&done, "").unwrap();
    }
    dir
}

fn render(f: &Fixture, plan: &Plan) -> usize {
    let config = Config::with_defaults(f.dir.clone());
    let generated = generate(&f.graph, plan, &config, RunInfo::default()).unwrap();
    generated.script.to_text().len()
}

fn run_gen(dir: &Utf8Path, args: &[&str]) {
    let out = Utf8Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-script.sql");
    let status = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .args(["--sql", "--migrations", dir.as_str(), "-o", out.as_str()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "gen {args:?} failed on {dir}");
}

fn sizes() -> Vec<usize> {
    match std::env::var("GEN_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .filter(|&n| n > 0)
            .collect(),
        Err(_) => SIZES.to_vec(),
    }
}

/// One group per stage, one benchmark per size; ten single-run samples.
fn stage(
    c: &mut Criterion,
    name: &str,
    mut run: impl FnMut(&mut criterion::Bencher, &'static Fixture),
) {
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(3));
    for n in sizes() {
        let f = fixture(n);
        group.bench_function(BenchmarkId::from_parameter(n), |b| run(b, f));
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    // Parse every file (read, SHA-256, YAML, revision checks).
    stage(c, "load", |b, f| {
        b.iter(|| gen::source::load_dir(&f.dir).map(|r| r.len()).unwrap_or(0))
    });
    // Build the revision graph and plan `upgrade heads`.
    stage(c, "graph_and_plan", |b, f| {
        b.iter_batched(
            || f.revisions.clone(),
            |revisions| {
                let graph = RevisionGraph::build(revisions).unwrap();
                let steps = Plan::for_command(&graph, Direction::Up, "heads")
                    .unwrap()
                    .steps
                    .len();
                // Dropped after the timing: the run keeps its graph.
                (graph, steps)
            },
            BatchSize::LargeInput,
        )
    });
    // Replay every revision into the schema model.
    stage(c, "replay", |b, f| {
        b.iter(|| {
            schema_at(
                &f.graph,
                f.graph.heads(),
                std::sync::Arc::new(gen::dialect::PostgreSql),
            )
            .map(|s| s.is_empty())
        })
    });
    // The whole `generate` (replay, lower, render, sqlparser) and the text.
    stage(c, "generate_upgrade", |b, f| b.iter(|| render(f, &f.up)));
    stage(c, "generate_downgrade", |b, f| {
        b.iter(|| render(f, &f.down))
    });
    // The release binary end to end: start-up, warnings to a null stderr,
    // the script written with `-o`.
    stage(c, "upgrade_heads", |b, f| {
        b.iter(|| run_gen(&f.dir, &["upgrade", "heads"]))
    });
    stage(c, "downgrade_base", |b, f| {
        b.iter(|| run_gen(&f.dir, &["downgrade", "heads:base"]))
    });
    // The dialects whose lowering needs the table an operation leaves
    // (constraint names written out, MODIFY COLUMN, SQLite rebuilds).
    for dialect in ["sqlite", "mysql"] {
        stage(c, &format!("upgrade_heads_{dialect}"), |b, f| {
            b.iter(|| run_gen(&f.dir, &["upgrade", "heads", "--dialect", dialect]))
        });
    }
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
