//! Tests the live-engine harness itself (`tests/support/live.rs`) against each engine:
//! a scratch database, a script applied through the real client, queries, catalog
//! helpers, a failing script, and cleanup. Skips loudly without a server (fails under CI).

use crate::support::live;

use live::{Engine, Kind};

const SETUP: &str = "\
CREATE TABLE widgets (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(40) NOT NULL,
    note TEXT
);
CREATE UNIQUE INDEX ix_widgets_name ON widgets (name);
CREATE INDEX ix_widgets_name_id ON widgets (name, id);
INSERT INTO widgets (id, name, note) VALUES (1, 'bolt', NULL), (2, 'nut', 'it''s small');
";

fn exercise(engine: Engine) {
    let db = engine.fresh_db("harness");
    assert!(db.tables().is_empty(), "{}: fresh db not empty", db.kind());

    db.apply_sql(SETUP)
        .unwrap_or_else(|e| panic!("{}: setup failed: {e}", db.kind()));
    assert_eq!(db.tables(), ["widgets"]);
    assert_eq!(
        db.query("SELECT id, name, note FROM widgets ORDER BY id"),
        [["1", "bolt", "NULL"], ["2", "nut", "it's small"]]
    );
    assert!(db.query("SELECT id FROM widgets WHERE id > 5").is_empty());

    let columns = db.columns("widgets");
    let shape: Vec<(&str, bool)> = columns
        .iter()
        .map(|(name, _, nullable)| (name.as_str(), *nullable))
        .collect();
    assert_eq!(shape, [("id", false), ("name", false), ("note", true)]);
    let name_type = columns[1].1.to_ascii_lowercase();
    assert!(
        name_type == "varchar(40)" || name_type == "character varying(40)",
        "{}: name type {name_type}",
        db.kind()
    );

    let indexes = db.indexes("widgets");
    let unique = indexes
        .iter()
        .find(|i| i.name == "ix_widgets_name")
        .expect("unique index listed");
    assert!(unique.unique && !unique.primary && !unique.partial);
    assert_eq!(unique.columns, ["name"]);
    let multi = indexes
        .iter()
        .find(|i| i.name == "ix_widgets_name_id")
        .expect("two-column index listed");
    assert!(!multi.unique);
    assert_eq!(multi.columns, ["name", "id"]);
    if engine.kind() != Kind::Sqlite {
        // SQLite's INTEGER PRIMARY KEY is the rowid: no index.
        assert!(indexes.iter().any(|i| i.primary && i.columns == ["id"]));
    }

    // A failing script stops at the first error and reports the client's message.
    let err = db
        .apply_sql(
            "CREATE TABLE before_error (x INTEGER);\n\
             INSERT INTO no_such_table (x) VALUES (1);\n\
             CREATE TABLE after_error (x INTEGER);\n",
        )
        .expect_err("a bad script must fail");
    assert!(
        err.contains("no_such_table"),
        "{}: error does not name the table: {err}",
        db.kind()
    );
    assert_eq!(db.tables(), ["before_error", "widgets"]);
    assert!(db.try_query("SELECT * FROM no_such_table").is_err());

    // The database goes away with the Db.
    let name = db.name().to_string();
    let path = db.path().map(|p| p.to_path_buf());
    drop(db);
    match engine.kind() {
        Kind::Sqlite => assert!(!path.expect("sqlite path").exists()),
        Kind::Postgres => {
            let other = engine.fresh_db("harness_check");
            let sql = format!("SELECT datname FROM pg_database WHERE datname = '{name}'");
            assert!(other.query(&sql).is_empty(), "{name} not dropped");
        }
        Kind::MariaDb => {
            let other = engine.fresh_db("harness_check");
            let sql = format!(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name = '{name}'"
            );
            assert!(other.query(&sql).is_empty(), "{name} not dropped");
        }
    }
}

#[test]
fn postgres_harness() {
    let Some(engine) = live::pg() else { return };
    exercise(engine.clone());

    let db = engine.fresh_db("harness_pg_types");
    db.apply_sql(
        "CREATE TYPE widget_kind AS ENUM ('small', 'large');\n\
         CREATE TABLE w (id INTEGER PRIMARY KEY, kind widget_kind NOT NULL, note TEXT);\n\
         CREATE INDEX ix_w_note ON w (note) WHERE note IS NOT NULL;\n\
         CREATE INDEX ix_w_lower ON w (lower(note));\n",
    )
    .expect("enum script");
    assert_eq!(
        db.types(),
        [(
            "widget_kind".to_string(),
            vec!["small".to_string(), "large".to_string()]
        )]
    );
    assert_eq!(
        db.columns("w")[1],
        ("kind".into(), "widget_kind".into(), false)
    );
    let indexes = db.indexes("w");
    let names: Vec<&str> = indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["ix_w_lower", "ix_w_note", "w_pkey"]);
    assert!(indexes[1].partial);
    assert_eq!(indexes[0].columns, ["lower(note)"]);
    // psql stops at the first error inside a script file, too.
    let err = db
        .apply_sql("SELECT 1/0;\nDROP TABLE w;\n")
        .expect_err("division by zero");
    assert!(err.contains("division by zero"), "{err}");
    assert_eq!(db.tables(), ["w"]);
}

#[test]
fn mariadb_harness() {
    let Some(engine) = live::mariadb() else {
        return;
    };
    exercise(engine.clone());

    let db = engine.fresh_db("harness_my_enum");
    db.apply_sql("CREATE TABLE w (id INTEGER PRIMARY KEY, kind ENUM('small','large') NOT NULL);\n")
        .expect("enum script");
    assert_eq!(
        db.columns("w")[1],
        ("kind".into(), "enum('small','large')".into(), false)
    );
    assert!(db.types().is_empty());
}

#[test]
fn sqlite_harness() {
    let Some(engine) = live::sqlite() else { return };
    exercise(engine.clone());

    let db = engine.fresh_db("harness_sqlite_partial");
    db.apply_sql(
        "CREATE TABLE w (id INTEGER PRIMARY KEY, note TEXT UNIQUE);\n\
         CREATE INDEX ix_w_note ON w (note) WHERE note IS NOT NULL;\n",
    )
    .expect("partial index script");
    let indexes = db.indexes("w");
    assert_eq!(indexes.len(), 2, "{indexes:?}");
    assert!(indexes.iter().any(|i| i.name == "ix_w_note" && i.partial));
    assert!(indexes
        .iter()
        .any(|i| i.name.starts_with("sqlite_autoindex_w") && i.unique));
}
