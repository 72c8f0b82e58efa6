//! Every statement `gen` renders parses with sqlparser's PostgreSQL dialect.
//!
//! Independent of the check inside `generate`: this test parses the
//! rendered statements again, straight with sqlparser, so removing or
//! weakening that check cannot go unnoticed. The only rewrite allowed is the
//! documented sqlparser gap list in `gen::validate::KNOWN_GAPS`.

use gen::config::Config;
use gen::generate::{generate, RunInfo};
use gen::plan::{Direction, Plan};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

fn parse(sql: &str) -> Result<(), String> {
    let mut text = sql.to_owned();
    for (prefix, instead, _) in gen::validate::KNOWN_GAPS {
        if let Some(rest) = sql.strip_prefix(prefix) {
            text = format!("{instead}{rest}");
        }
    }
    Parser::parse_sql(&PostgreSqlDialect {}, &text)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn every_rendered_statement_parses() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("migrations")];
    for e in std::fs::read_dir(root.join("tests/fixtures/ok"))
        .unwrap()
        .flatten()
    {
        dirs.push(e.path());
    }
    let mut count = 0;
    let mut unchecked = 0;
    for dir in dirs {
        let config =
            Config::with_defaults(camino::Utf8PathBuf::from_path_buf(dir.clone()).unwrap());
        let graph = gen::app::load_graph(&config).unwrap();
        for (direction, target) in [(Direction::Up, "heads"), (Direction::Down, "heads:base")] {
            let plan = Plan::for_command(&graph, direction, target).unwrap();
            let script = generate(&graph, &plan, &config, RunInfo::default())
                .unwrap()
                .script;
            let mut all: Vec<&str> = vec![&script.version_table_create];
            all.extend(script.version_table_drop.as_deref());
            all.extend(script.begin.as_deref());
            all.extend(script.commit.as_deref());
            for step in &script.steps {
                // `validate: false` SQL is the user's own business.
                all.extend(
                    step.statements
                        .iter()
                        .filter(|s| s.checked)
                        .map(|s| s.sql.as_str()),
                );
                unchecked += step.statements.iter().filter(|s| !s.checked).count();
                all.extend(step.version.iter().map(String::as_str));
            }
            for sql in all {
                parse(sql).unwrap_or_else(|e| panic!("{}: {e}\n{sql}", dir.display()));
                count += 1;
            }
        }
    }
    assert!(count > 100, "only {count} statements checked");
    // The one `validate: false` execute, up and down.
    assert_eq!(unchecked, 2);
}
