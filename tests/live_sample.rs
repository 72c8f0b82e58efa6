//! The sample project's data patterns on real PostgreSQL, MariaDB and
//! SQLite, with rows in the tables: the expand/backfill/contract of project
//! notes into tasks and of `is_archived` into `archived_at` keeps every row
//! going up, the written downgrade of the contract step brings them back
//! going down. (The plain upgrade/downgrade/upgrade round trip of
//! the sample runs in live_engines.rs and live_postgres.rs.) Skips loudly
//! without an engine; fails under `CI=true`.

use crate::support::live;

use crate::support::gen::Gen;
use std::path::Path;

/// The merge revision: before the tasks and the archive timestamp.
const BEFORE: &str = "3e6853f44860";

fn script(dialect: &str, target: &str, out: &Path, down: bool) {
    Gen::new()
        .args(["--dialect", dialect])
        .arg(if down { "downgrade" } else { "upgrade" })
        .arg(target)
        .script(out);
}

fn apply(db: &live::Db, dialect: &str, target: &str, down: bool) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("step.sql");
    script(dialect, target, &file, down);
    if let Err(e) = db.apply_file(&file) {
        panic!(
            "{}: {target} does not apply: {e}\n{}",
            db.kind(),
            std::fs::read_to_string(&file).unwrap()
        );
    }
}

fn rows(db: &live::Db, sql: &str) -> Vec<String> {
    db.query(sql).into_iter().map(|r| r.join("|")).collect()
}

fn round_trip(engine: live::Engine) {
    let dialect = engine.dialect();
    let db = engine.fresh_db("sample_data");
    apply(&db, dialect, BEFORE, false);
    db.apply_sql(
        "INSERT INTO organizations (slug, name) VALUES ('acme', 'Acme');\n\
         INSERT INTO projects (organization_id, name, is_archived) VALUES (1, 'old', TRUE);\n\
         INSERT INTO projects (organization_id, name, is_archived) VALUES (1, 'new', FALSE);\n\
         INSERT INTO project_notes (project_id, body) VALUES (1, 'call the bank');\n",
    )
    .unwrap_or_else(|e| panic!("{}: seed rows: {e}", db.kind()));

    // Up: the notes are tasks, the flag is a timestamp, the old ones are gone.
    apply(&db, dialect, &format!("{BEFORE}:heads"), false);
    assert_eq!(
        rows(&db, "SELECT project_id, title, body FROM tasks"),
        ["1|Imported note|call the bank"],
        "{}",
        db.kind()
    );
    assert_eq!(
        rows(
            &db,
            "SELECT name FROM projects WHERE archived_at IS NOT NULL ORDER BY name"
        ),
        ["old"],
        "{}",
        db.kind()
    );
    let tables = db.tables();
    assert!(!tables.contains(&"project_notes".to_owned()), "{tables:?}");
    let columns: Vec<String> = db.columns("projects").into_iter().map(|c| c.0).collect();
    assert!(!columns.contains(&"is_archived".to_owned()), "{columns:?}");

    // Down: the written downgrade of the contract step fills them back.
    apply(&db, dialect, &format!("heads:{BEFORE}"), true);
    assert_eq!(
        rows(&db, "SELECT project_id, body FROM project_notes"),
        ["1|call the bank"],
        "{}",
        db.kind()
    );
    assert_eq!(
        rows(
            &db,
            "SELECT name FROM projects WHERE is_archived = TRUE ORDER BY name"
        ),
        ["old"],
        "{}",
        db.kind()
    );
    assert!(!db.tables().contains(&"tasks".to_owned()));

    // And up again.
    apply(&db, dialect, &format!("{BEFORE}:heads"), false);
    assert_eq!(
        rows(&db, "SELECT body FROM tasks"),
        ["call the bank"],
        "{}",
        db.kind()
    );
}

#[test]
fn postgresql_keeps_the_rows_through_expand_backfill_contract() {
    if let Some(engine) = live::pg() {
        round_trip(engine);
    }
}

#[test]
fn mariadb_keeps_the_rows_through_expand_backfill_contract() {
    if let Some(engine) = live::mariadb() {
        round_trip(engine);
    }
}

#[test]
fn sqlite_keeps_the_rows_through_expand_backfill_contract() {
    if let Some(engine) = live::sqlite() {
        round_trip(engine);
    }
}
