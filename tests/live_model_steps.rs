//! Fixtures walked on the real engines one revision at a time: each
//! revision applied in turn with rows in the tables, the catalog compared
//! with the model after each; then the derived downgrade, one revision at a
//! time, back to the first (compared again), and the upgrade again.
//! PostgreSQL compares the full catalog (`support/catalog.rs`), MariaDB and
//! SQLite their shape (`support/shape.rs`). Skips loudly without an engine;
//! fails under `CI=true`.
//!
//! Dropping a column that keys, indexes and checks use
//! (`drop_column_dependents`): what the engines did when this was written
//! (PostgreSQL 15.18, MariaDB 10.11.19, SQLite 3.40.1), which
//! `Dialect::on_column_drop` encodes:
//!
//! - PostgreSQL: `ALTER TABLE t DROP COLUMN b` on a composite primary key
//!   (a, b) drops the key (a stays NOT NULL); on a column of a unique (c, d),
//!   a foreign key (d, e), a check, a one- or two-column index: drops them
//!   all; on a column another table's foreign key references: refuses.
//! - MariaDB: a plain index (a, c) becomes (a) when c goes; a one-column key,
//!   unique key, index or check goes with the column; a composite primary
//!   or unique key refuses ("Key column 'b' doesn't exist in table"), so does
//!   a check naming another column ("Unknown column 'e' in 'CHECK'") and any
//!   foreign key ("Cannot drop index ...: needed in a foreign key
//!   constraint"). `DROP PRIMARY KEY` / `DROP INDEX` / `DROP FOREIGN KEY`
//!   first, then `DROP COLUMN`, works.
//! - SQLite: `DROP COLUMN` refuses an indexed column ("error in index ix_b
//!   after drop column") and one a table constraint uses; `DROP INDEX` first
//!   works, a constraint needs the table rebuilt.

use crate::support::catalog;
use crate::support::live;
use crate::support::shape;

use crate::support::gen::Gen;
use gen::cli::config::Config;
use gen::driver::schema_at;
use gen::model::Schema;
use std::path::{Path, PathBuf};

/// A fixture walked one revision at a time, with rows put in after the
/// first and checked after the last.
struct Case {
    dir: &'static str,
    revisions: &'static [&'static str],
    rows: &'static str,
    /// Run after the last upgrade, before `check`.
    probe: &'static str,
    check: &'static str,
    expected: &'static [&'static [&'static str]],
}

const DEPENDENTS: Case = Case {
    dir: "tests/fixtures/ok/drop_column_dependents",
    revisions: &["d1", "d2", "d3", "d4"],
    rows: "INSERT INTO parents (id, k, l) VALUES (1, 10, 20), (2, 11, 21);\n\
           INSERT INTO enrollments (course_id, student_id, c, d, e, note) VALUES \
           (1, 1, 5, 10, 20, 'one'), (2, 1, 6, 11, 21, 'two'), (3, 2, 7, 10, 20, 'three');\n",
    probe: "",
    check: "SELECT course_id, d, note FROM enrollments ORDER BY course_id",
    expected: &[
        &["1", "10", "one"],
        &["2", "11", "two"],
        &["3", "10", "three"],
    ],
};

/// Keys an `add_column` declares, written with the model's names, and
/// dropped with their columns by those names.
const ADDED_KEYS: Case = Case {
    dir: "tests/fixtures/ok/add_column_keys",
    revisions: &["k1", "k2", "k3"],
    rows: "INSERT INTO owners (id) VALUES (1);\n",
    probe: "",
    check: "SELECT id FROM owners",
    expected: &[&["1"]],
};

/// The index MySQL keeps under a foreign key: none where a key already
/// leads with its columns, a shortened name on a long table, the user's.
const FK_INDEXES: Case = Case {
    dir: "tests/fixtures/ok/fk_indexes",
    revisions: &["f1", "f2"],
    rows: "INSERT INTO problems (id, contest_id) VALUES (1, 7), (2, 7);\n\
           INSERT INTO solves (id, score) VALUES (1, 2);\n\
           INSERT INTO tournament_participant_score_adjustments \
           (id, tournament_contest_id, tournament_problem_id, reviewer_id, problem_id) \
           VALUES (1, 7, 2, 1, 2);\n",
    probe: "",
    check: "SELECT id, problem_id FROM tournament_participant_score_adjustments",
    expected: &[&["1", "2"]],
};

/// `drop_index` with `if_exists`, which MariaDB has (and MySQL 8 has not).
const DROP_INDEX_IF_EXISTS: Case = Case {
    dir: "tests/fixtures/ok/drop_index_if_exists",
    revisions: &["i1", "i2"],
    rows: "INSERT INTO notes (id, body) VALUES (1, 'kept');\n",
    probe: "",
    check: "SELECT id, body FROM notes",
    expected: &[&["1", "kept"]],
};

/// Autoincrement kept through a wider type, stopped, and started on a
/// table with rows (the next generated id follows the highest).
const AUTOINCREMENT: Case = Case {
    dir: "tests/fixtures/ok/autoincrement_changes",
    revisions: &["a1", "a2", "a3", "a4"],
    rows: "INSERT INTO counters (label) VALUES ('one'), ('two');\n\
           INSERT INTO tickets (id, title) VALUES (1, 'a'), (7, 'b');\n",
    probe: "INSERT INTO tickets (title) VALUES ('generated');\n",
    check: "SELECT id, title FROM tickets ORDER BY id",
    expected: &[&["1", "a"], &["7", "b"], &["8", "generated"]],
};

const CASES: [&Case; 5] = [
    &ADDED_KEYS,
    &DEPENDENTS,
    &FK_INDEXES,
    &DROP_INDEX_IF_EXISTS,
    &AUTOINCREMENT,
];

fn script(dir: &str, dialect: &str, args: &[&str], out: &Path) -> PathBuf {
    Gen::new()
        .args(["--migrations", dir, "--dialect", dialect])
        .args(args)
        .script(out);
    out.to_owned()
}

fn model_at(dir: &str, dialect: &str, revision: &str) -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let config = Config::with_defaults(camino::Utf8PathBuf::from_path_buf(path).unwrap());
    let graph = gen::cli::config::load_graph(&config).unwrap();
    let node = graph.get_str(revision).expect("revision");
    schema_at(&graph, &[node], gen::dialect::by_name(dialect).unwrap()).unwrap()
}

fn assert_matches(db: &live::Db, dir: &str, revision: &str, when: &str) {
    let model = model_at(dir, db.kind().dialect(), revision);
    let ctx = format!("{} at {revision} ({when})", db.kind());
    match db.kind() {
        live::Kind::Postgres => assert_eq!(
            catalog::describe_catalog(db).join("\n"),
            catalog::describe_model(&model).join("\n"),
            "{ctx}: catalog (left) differs from the model (right)"
        ),
        kind => {
            let want = shape::of_model(&model, kind);
            let mut got = shape::of_catalog(db);
            if kind == live::Kind::MariaDb {
                got = shape::without_foreign_key_indexes(got, &model);
            }
            assert_eq!(
                got.join("\n"),
                want.join("\n"),
                "{ctx}: catalog (left) differs from the model (right)"
            );
        }
    }
}

fn round_trip(engine: &live::Engine, case: &Case) {
    let dialect = engine.dialect();
    let dir = case.dir;
    let revs = case.revisions;
    let tmp = tempfile::tempdir().unwrap();
    let db = engine.fresh_db("steps");
    let first = script(
        dir,
        dialect,
        &["upgrade", revs[0]],
        &tmp.path().join("first.sql"),
    );
    db.apply_file(&first)
        .unwrap_or_else(|e| panic!("{dir} on {dialect}: {} failed:\n{e}", revs[0]));
    assert_matches(&db, dir, revs[0], "upgrade");
    db.apply_sql(case.rows)
        .unwrap_or_else(|e| panic!("{dir} on {dialect}: rows: {e}"));
    for pair in revs.windows(2) {
        let range = format!("{}:{}", pair[0], pair[1]);
        let file = script(
            dir,
            dialect,
            &["upgrade", &range],
            &tmp.path().join(format!("up_{}.sql", pair[1])),
        );
        db.apply_file(&file)
            .unwrap_or_else(|e| panic!("{dir} on {dialect}: upgrade {range} failed:\n{e}"));
        assert_matches(&db, dir, pair[1], "upgrade");
    }
    if !case.probe.is_empty() {
        db.apply_sql(case.probe)
            .unwrap_or_else(|e| panic!("{dir} on {dialect}: probe: {e}"));
    }
    // The rows kept what the changes left them.
    assert_eq!(
        db.query(case.check),
        case.expected,
        "{dir} on {dialect}: rows after the drops"
    );
    // A column comes back empty (the data-loss warning says so): a NOT NULL
    // one could not be added back to rows.
    for table in db.tables().iter().rev() {
        if table != "alembic_version" {
            db.apply_sql(&format!("DELETE FROM {table};\n")).unwrap();
        }
    }
    for pair in revs.windows(2).rev() {
        let range = format!("{}:{}", pair[1], pair[0]);
        let file = script(
            dir,
            dialect,
            &["downgrade", &range],
            &tmp.path().join(format!("down_{}.sql", pair[0])),
        );
        db.apply_file(&file)
            .unwrap_or_else(|e| panic!("{dir} on {dialect}: downgrade {range} failed:\n{e}"));
        assert_matches(&db, dir, pair[0], "derived downgrade");
    }
    let range = format!("{}:heads", revs[0]);
    let again = script(
        dir,
        dialect,
        &["upgrade", &range],
        &tmp.path().join("again.sql"),
    );
    db.apply_file(&again)
        .unwrap_or_else(|e| panic!("{dir} on {dialect}: second upgrade failed:\n{e}"));
    assert_matches(&db, dir, revs[revs.len() - 1], "second upgrade");
}

#[test]
fn revisions_step_by_step_on_postgresql() {
    if let Some(engine) = live::pg() {
        for case in CASES {
            round_trip(&engine, case);
        }
    }
}

#[test]
fn revisions_step_by_step_on_mariadb() {
    if let Some(engine) = live::mariadb() {
        for case in CASES {
            round_trip(&engine, case);
        }
    }
}

#[test]
fn revisions_step_by_step_on_sqlite() {
    if let Some(engine) = live::sqlite() {
        for case in CASES {
            round_trip(&engine, case);
        }
    }
}

/// `SHOW INDEX`: one index per distinct purpose, and the shortened name of
/// the long table's foreign-key index applied as it is.
#[test]
fn mariadb_keeps_no_second_index_under_a_foreign_key() {
    let Some(engine) = live::mariadb() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let up = script(
        FK_INDEXES.dir,
        "mysql",
        &["upgrade", "f1"],
        &tmp.path().join("f1.sql"),
    );
    let db = engine.fresh_db("fk_indexes");
    db.apply_file(&up)
        .unwrap_or_else(|e| panic!("f1 failed:\n{e}"));
    let names = |table: &str| -> Vec<String> {
        db.query(&format!("SHOW INDEX FROM {table}"))
            .into_iter()
            .map(|r| r[2].clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    // solves.id is the primary key and the foreign key: one index.
    assert_eq!(names("solves"), ["PRIMARY"]);
    assert_eq!(
        names("tournament_participant_score_adjustments"),
        [
            "PRIMARY",
            "ix_adjustments_reviewer",
            "ix_fk_tournament_participant_score_adjustments_tourname_a05af3b7",
            "uq_adjustments_problem_contest",
        ]
    );
}
