//! Issue 19.17: the templates' fuel limit leaves a wide margin. The
//! synthetic 2,000-revision history (the benchmark's, every operation of
//! its mix) and every fixture are rendered up and down for every dialect;
//! the most fuel one statement took must be at most a thousandth of
//! `TEMPLATE_FUEL`. A `bulk_insert` of 20,000 values must fit too. (Fuel
//! is per statement, so a longer history of the same operations needs
//! little more: 854 at 20,000 revisions against 754 at 2,000.) The runs
//! name an empty `--templates` folder, so that the built-in templates
//! render with fuel counted, as they would next to a user's. The maximum
//! is kept per process: no other test of this binary renders in-process
//! with a `--templates` folder (those that name one run the `gen` binary).

use crate::support::fixtures;
use crate::support::synth;

use camino::Utf8PathBuf;
use gen::cli::config::Config;
use gen::driver::{generate, RunInfo};
use gen::emit::render::{max_fuel_used, TEMPLATE_FUEL};
use gen::history::plan::{Direction, Plan};

/// Settings for `dir` with an empty `--templates` folder: the built-in
/// templates render, and fuel is counted as for a user's folder.
fn config(dir: &Utf8PathBuf) -> Config {
    let mut config = Config::with_defaults(dir.clone());
    config.templates.overrides = Some(dir.join("no-templates"));
    config
}

fn render_all(dir: &Utf8PathBuf, dialects: &[String]) {
    for dialect in dialects {
        let mut config = config(dir);
        config.dialect = gen::dialect::by_name(dialect).unwrap();
        let graph = gen::cli::config::load_graph(&config).unwrap();
        for (direction, target) in [(Direction::Up, "heads"), (Direction::Down, "heads:base")] {
            let plan = Plan::for_command(&graph, direction, target).unwrap();
            generate(&graph, &plan, &config, RunInfo::default())
                .unwrap_or_else(|e| panic!("{dir} {dialect}: {e}"));
        }
    }
}

#[test]
fn the_fuel_limit_is_a_thousand_times_what_any_statement_takes() {
    let tmp = tempfile::tempdir().unwrap();
    let synth_dir = Utf8PathBuf::from_path_buf(tmp.path().join("history")).unwrap();
    // GEN_FUEL_REVISIONS=100000 measures a longer history (minutes).
    let revisions = std::env::var("GEN_FUEL_REVISIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    synth::History::generate(revisions, 7)
        .write_yaml(synth_dir.as_std_path())
        .unwrap();
    let all: Vec<String> = fixtures::DIALECTS.iter().map(|d| d.to_string()).collect();
    render_all(&synth_dir, &all);
    let synthetic = max_fuel_used();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in fixtures::ok_folders() {
        render_all(
            &Utf8PathBuf::from_path_buf(root.join(&f.dir)).unwrap(),
            &f.dialects,
        );
    }
    let fixtures = max_fuel_used();
    eprintln!(
        "most fuel for one statement: {synthetic} (synthetic {revisions}), {fixtures} (with the fixtures); limit {TEMPLATE_FUEL}"
    );
    assert!(synthetic > 0, "fuel is not being measured");
    assert!(
        fixtures * 1_000 <= TEMPLATE_FUEL,
        "{fixtures} fuel for one statement leaves less than 1,000 times under {TEMPLATE_FUEL}"
    );

    // A bulk_insert of 2,000 rows of 10 values: one statement.
    let big = tmp.path().join("big");
    std::fs::create_dir(&big).unwrap();
    let columns: Vec<String> = (0..10)
        .map(|c| format!("{{name: c{c}, type: text}}"))
        .collect();
    let row: Vec<String> = (0..10).map(|c| format!("c{c}: 'v{c}'")).collect();
    let rows: Vec<String> = (0..2_000)
        .map(|_| format!("      - {{{}}}", row.join(", ")))
        .collect();
    std::fs::write(
        big.join("a.yaml"),
        format!(
            "revision: a
down_revision: null
upgrade:
  - create_table:
      name: t
      columns: [{{name: id, type: integer, primary_key: true}}, {}]
  - bulk_insert:
      table: t
      rows:
{}
",
            columns.join(", "),
            rows.join("\n")
        ),
    )
    .unwrap();
    let big = Utf8PathBuf::from_path_buf(big).unwrap();
    let mut config = config(&big);
    for dialect in fixtures::DIALECTS {
        config.dialect = gen::dialect::by_name(dialect).unwrap();
        let graph = gen::cli::config::load_graph(&config).unwrap();
        let plan = Plan::for_command(&graph, Direction::Up, "heads").unwrap();
        generate(&graph, &plan, &config, RunInfo::default())
            .unwrap_or_else(|e| panic!("bulk_insert {dialect}: {e}"));
    }
    let bulk = max_fuel_used();
    eprintln!("a bulk_insert of 20,000 values: {bulk} fuel");
    assert!(
        bulk * 10 <= TEMPLATE_FUEL,
        "{bulk} fuel for 20,000 values leaves less than 10 times under {TEMPLATE_FUEL}"
    );
}
