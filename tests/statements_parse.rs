//! Every statement `gen` renders parses with sqlparser, for every dialect.
//!
//! Independent of the check inside `generate`: this test parses the
//! rendered statements again, straight with sqlparser, so removing or
//! weakening that check cannot go unnoticed. The only rewrite allowed is the
//! documented sqlparser gaps each dialect lists (`Dialect::known_gaps`).

use crate::support::fixtures;

use gen::cli::config::Config;
use gen::driver::{generate, RunInfo};
use gen::history::plan::{Direction, Plan};
use sqlparser::dialect::{Dialect, MsSqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

/// sqlparser's dialect for ours, spelled out here rather than taken from
/// `gen::dialect`, so a wrong mapping there is caught.
fn parser_for(dialect: &str) -> Box<dyn Dialect> {
    match dialect {
        "postgresql" => Box::new(PostgreSqlDialect {}),
        "mysql" => Box::new(MySqlDialect {}),
        "sqlite" => Box::new(SQLiteDialect {}),
        "mssql" => Box::new(MsSqlDialect {}),
        other => panic!("no parser for {other}"),
    }
}

fn parse(parser: &dyn Dialect, dialect: &str, sql: &str) -> Result<(), String> {
    // The only rewrite allowed: the documented gaps of gen::emit::validate.
    let text = gen::emit::validate::parse_text(dialect, sql);
    Parser::parse_sql(parser, &text)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn every_rendered_statement_parses() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    let mut unchecked = 0;
    for f in fixtures::ok_folders() {
        for dialect in &f.dialects {
            let mut config = Config::with_defaults(
                camino::Utf8PathBuf::from_path_buf(root.join(&f.dir)).unwrap(),
            );
            config.dialect = gen::dialect::by_name(dialect).unwrap();
            let parser = parser_for(dialect);
            let graph = gen::cli::config::load_graph(&config).unwrap();
            for (direction, target) in [(Direction::Up, "heads"), (Direction::Down, "heads:base")] {
                let plan = Plan::for_command(&graph, direction, target).unwrap();
                let script = generate(&graph, &plan, &config, RunInfo::default())
                    .unwrap_or_else(|e| panic!("{} {dialect}: {e}", f.dir))
                    .script;
                let mut all: Vec<&str> = vec![&script.layout.version_table_create];
                all.extend(script.layout.begin.as_deref());
                all.extend(script.layout.commit.as_deref());
                all.extend(script.prologue.iter().map(String::as_str));
                all.extend(script.epilogue.iter().map(String::as_str));
                for step in script.steps() {
                    // `validate: false` SQL is the user's own business; an
                    // operation skipped for this dialect has no SQL.
                    let statements = step.statements.iter().filter(|s| s.skipped.is_none());
                    all.extend(
                        statements
                            .clone()
                            .filter(|s| s.checked)
                            .map(|s| s.sql.as_str()),
                    );
                    unchecked += statements.filter(|s| !s.checked).count();
                    all.extend(step.version.iter().map(String::as_str));
                }
                for sql in all {
                    parse(&*parser, dialect, sql)
                        .unwrap_or_else(|e| panic!("{} {dialect}: {e}\n{sql}", f.dir));
                    count += 1;
                }
            }
        }
    }
    assert!(count > 500, "only {count} statements checked");
    // The one `validate: false` execute, up and down (PostgreSQL only).
    assert_eq!(unchecked, 2);
}
