//! The client hazards gen refuses in `execute` SQL that sqlparser PARSES
//! (tests/fixtures/err/harden_*) are real. Each form below parses with
//! sqlparser for its dialect and gen refuses it; then the same text, as
//! gen would have written it (`<sql>;` and a newline), is run through the
//! real client, which acts on it: psql substitutes a `:name` variable, and
//! psql or the mariadb client runs a `\!` shell command hidden in what
//! sqlparser read as a literal once the session reads backslashes the
//! other way (`standard_conforming_strings = off`, sql_mode
//! `NO_BACKSLASH_ESCAPES`). The shell command only touches a marker file
//! in a temporary directory. sqlite3 is shown NOT to act on a dot command
//! inside a literal (so parsed SQLite needs no check beyond these).
//!
//! sqlcmd is not installed here, so its two forms (`$(` inside a literal,
//! a `GO` line inside a literal) are asserted refused only; the evidence
//! is sqlcmd's behaviour as modelled in `tests/support/clients.rs`
//! (`sqlcmd`, `sqlcmd_odbc`): `$(var)` is replaced wherever it stands,
//! quotes or not, and a line holding only `GO [count]` ends the batch
//! even inside a literal.
//! Skips loudly without an engine; fails under `CI=true`.

use crate::support::gen::Gen;
use crate::support::live;
use sqlparser::dialect::{Dialect, MsSqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use std::path::Path;

fn parser(dialect: &str) -> Box<dyn Dialect> {
    match dialect {
        "postgresql" => Box::new(PostgreSqlDialect {}),
        "mysql" => Box::new(MySqlDialect {}),
        "sqlite" => Box::new(SQLiteDialect {}),
        _ => Box::new(MsSqlDialect {}),
    }
}

/// Runs gen on one revision holding `execute: {sql}`; its stderr and
/// whether it succeeded.
fn gen_execute(dialect: &str, sql: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let quoted = serde_json::to_string(sql).unwrap();
    std::fs::write(
        dir.path().join("a1.yaml"),
        format!("revision: a1\ndown_revision: null\nupgrade:\n  - execute:\n      sql: {quoted}\n"),
    )
    .unwrap();
    let out = Gen::new()
        .arg("--migrations")
        .arg(dir.path())
        .args(["--dialect", dialect, "upgrade", "heads", "--sql"])
        .run();
    (out.success(), out.stderr)
}

/// `sql` parses with sqlparser for `dialect`, and gen refuses it.
fn parses_but_refused(dialect: &str, sql: &str) {
    let parsed = Parser::parse_sql(&*parser(dialect), sql);
    assert!(parsed.is_ok(), "{dialect}: should parse: {sql}\n{parsed:?}");
    let (ok, stderr) = gen_execute(dialect, sql);
    assert!(!ok, "{dialect}: gen wrote it:\n{sql}");
    assert!(
        stderr.contains("cannot be written into the"),
        "{dialect}: {stderr}"
    );
}

fn marker(dir: &Path) -> String {
    dir.join("pwned").display().to_string()
}

#[test]
fn the_refused_forms_parse_and_are_refused() {
    for (dialect, sql) in [
        ("postgresql", "INSERT INTO hz (v) VALUES (:PORT)"),
        ("postgresql", "SELECT arr[a:b] FROM hz"),
        (
            "postgresql",
            "INSERT INTO hz (a) SELECT concat('x\\', '); \\! id\n')",
        ),
        ("mysql", "INSERT INTO hz (a) SELECT 'x\\'; \\! id\n'"),
        ("mysql", "USE mysql"),
        ("mssql", "UPDATE hz SET a = '$(secret)'"),
        (
            "mssql",
            "UPDATE hz SET a = 'x\nGO\nEXEC xp_cmdshell ''whoami''\n'",
        ),
    ] {
        parses_but_refused(dialect, sql);
    }
    // The SQLite form below is harmless and written.
    let (ok, stderr) = gen_execute("sqlite", "INSERT INTO hz (a) VALUES ('x;\n.shell id\n')");
    assert!(ok, "{stderr}");
}

#[test]
fn psql_substitutes_what_sqlparser_reads_as_a_placeholder() {
    let Some(engine) = live::pg() else { return };
    let db = engine.fresh_db("hz_var");
    // `:PORT` is one of psql's own variables, set in every session: the
    // server receives the port number, not a placeholder.
    let out = db.apply_sql("CREATE TABLE hz (v integer);\nINSERT INTO hz (v) VALUES (:PORT);\n");
    assert!(out.is_ok(), "{out:?}");
    let rows = db.query("SELECT v FROM hz");
    let port: u32 = rows[0][0].parse().unwrap();
    assert!(port > 0, "{rows:?}");
}

#[test]
fn psql_runs_a_shell_command_from_a_literal_when_strings_are_not_standard() {
    let Some(engine) = live::pg() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = engine.fresh_db("hz_scs");
    db.apply_sql("CREATE TABLE hz (a text);\n").unwrap();
    let sql = format!(
        "INSERT INTO hz (a) SELECT concat('x\\', '); \\! touch {}\n');\n",
        marker(tmp.path())
    );
    assert!(Parser::parse_sql(&PostgreSqlDialect {}, &sql).is_ok());
    // The default session (standard_conforming_strings on): inert, the
    // row holds the text.
    db.apply_sql(&sql).unwrap();
    assert!(!tmp.path().join("pwned").exists());
    assert_eq!(
        db.query("SELECT count(*) FROM hz"),
        vec![vec!["1".to_owned()]]
    );
    // An operator's session with it off: psql sends `INSERT ... SELECT
    // concat('x\', ')` (valid, so ON_ERROR_STOP does not stop it) and
    // then runs the shell command.
    let path = tmp.path().join("s.sql");
    std::fs::write(&path, &sql).unwrap();
    let _ = db.apply_file_in_session(&path, "-c standard_conforming_strings=off", "");
    assert!(
        tmp.path().join("pwned").exists(),
        "psql did not run the hidden \\! command"
    );
}

#[test]
fn mariadb_runs_a_shell_command_from_a_literal_under_no_backslash_escapes() {
    let Some(engine) = live::mariadb() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = engine.fresh_db("hz_nbe");
    db.apply_sql("CREATE TABLE hz (a text);\n").unwrap();
    let sql = format!(
        "INSERT INTO hz (a) SELECT 'x\\'; \\! touch {}\n';\n",
        marker(tmp.path())
    );
    assert!(Parser::parse_sql(&MySqlDialect {}, &sql).is_ok());
    db.apply_sql(&sql).unwrap();
    assert!(!tmp.path().join("pwned").exists());
    let path = tmp.path().join("s.sql");
    std::fs::write(&path, &sql).unwrap();
    let _ = db.apply_file_in_session(&path, "", "SET sql_mode = 'NO_BACKSLASH_ESCAPES'");
    assert!(
        tmp.path().join("pwned").exists(),
        "the mariadb client did not run the hidden \\! command"
    );
}

#[test]
fn sqlite3_leaves_a_dot_command_inside_a_literal_alone() {
    let Some(engine) = live::sqlite() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = engine.fresh_db("hz_dot");
    let sql = format!(
        "CREATE TABLE hz (a text);\nINSERT INTO hz (a) VALUES ('x;\n.shell touch {}\n');\n",
        marker(tmp.path())
    );
    db.apply_sql(&sql).unwrap();
    assert!(!tmp.path().join("pwned").exists());
    assert_eq!(
        db.query("SELECT count(*) FROM hz"),
        vec![vec!["1".to_owned()]]
    );
}
