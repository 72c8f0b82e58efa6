//! The golden scripts applied to real MariaDB (`mariadb` client) and SQLite
//! (`sqlite3 -bail`): upgrade to heads, compare tables and columns with the
//! schema model and the version table with the heads, downgrade
//! `heads:base`, check that only the empty version table is left, upgrade
//! again. Then the SQLite
//! table rebuild with rows and foreign keys in place. PostgreSQL has its own,
//! deeper test (`live_postgres.rs`). Skips loudly without an engine; fails
//! under `CI=true`.

use crate::support::fixtures;
use crate::support::live;

use crate::support::gen::Gen;
use gen::cli::config::Config;
use gen::driver::schema_at;
use std::collections::BTreeMap;
use std::path::Path;

fn script(dir: &str, dialect: &str, args: &[&str], out: &Path) {
    Gen::new()
        .args(["--migrations", dir, "--dialect", dialect])
        .args(args)
        .script(out);
}

/// table -> [(column, nullable)], the version table left out.
type Columns = BTreeMap<String, Vec<(String, bool)>>;

fn catalog(db: &live::Db) -> Columns {
    db.tables()
        .into_iter()
        .filter(|t| t != "alembic_version")
        .map(|t| {
            let cols = db
                .columns(&t)
                .into_iter()
                .map(|(n, _, null)| (n, null))
                .collect();
            (t, cols)
        })
        .collect()
}

fn model(dir: &str, dialect: &str) -> (Columns, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let config = Config::with_defaults(camino::Utf8PathBuf::from_path_buf(path).unwrap());
    let graph = gen::cli::config::load_graph(&config).unwrap();
    let heads: Vec<usize> = graph.heads().to_vec();
    let schema = schema_at(&graph, &heads, gen::dialect::by_name(dialect).unwrap()).unwrap();
    let columns = schema
        .tables()
        .map(|(name, table)| {
            let pk: Vec<String> = table
                .primary_key_columns()
                .iter()
                .map(|c| c.to_string())
                .collect();
            let cols = table
                .def
                .columns
                .iter()
                .map(|c| {
                    let in_pk = c.primary_key || pk.contains(&c.name.to_string());
                    (c.name.to_string(), c.nullable.unwrap_or(true) && !in_pk)
                })
                .collect();
            (name.to_string(), cols)
        })
        .collect();
    let mut ids: Vec<String> = heads.iter().map(|n| graph.id(*n).to_string()).collect();
    ids.sort();
    (columns, ids)
}

fn round_trip(engine: &live::Engine) {
    let dialect = engine.dialect();
    let tmp = tempfile::tempdir().unwrap();
    for f in fixtures::ok_folders()
        .into_iter()
        .filter(|f| f.supports(dialect))
    {
        let up = tmp.path().join(format!("{}.up.sql", f.name));
        let down = tmp.path().join(format!("{}.down.sql", f.name));
        script(&f.dir, dialect, &["upgrade", "heads"], &up);
        script(&f.dir, dialect, &["downgrade", "heads:base"], &down);
        let db = engine.fresh_db(&f.name);
        let ctx = format!("{} on {dialect}", f.dir);
        db.apply_file(&up)
            .unwrap_or_else(|e| panic!("{ctx}: upgrade failed:\n{e}"));
        let (columns, heads) = model(&f.dir, dialect);
        assert_eq!(
            catalog(&db),
            columns,
            "{ctx}: catalog differs from the model"
        );
        let rows: Vec<String> = db
            .query("SELECT version_num FROM alembic_version ORDER BY version_num")
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(rows, heads, "{ctx}: version table");
        db.apply_file(&down)
            .unwrap_or_else(|e| panic!("{ctx}: downgrade failed:\n{e}"));
        // Only the version table is left, empty (as Alembic 1.20 leaves it).
        assert_eq!(
            db.tables(),
            ["alembic_version"],
            "{ctx}: tables left after downgrade"
        );
        assert_eq!(
            db.query("SELECT count(*) FROM alembic_version"),
            [["0"]],
            "{ctx}: version rows left after downgrade"
        );
        // The upgrade from base applies again: it creates the table only if
        // it is missing.
        db.apply_file(&up)
            .unwrap_or_else(|e| panic!("{ctx}: second upgrade failed:\n{e}"));
        assert_eq!(catalog(&db), columns, "{ctx}: second upgrade");
        let again: Vec<String> = db
            .query("SELECT version_num FROM alembic_version ORDER BY version_num")
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(
            again, heads,
            "{ctx}: version table after the second upgrade"
        );
    }
}

#[test]
fn upgrade_downgrade_upgrade_on_mariadb() {
    if let Some(engine) = live::mariadb() {
        round_trip(&engine);
    }
}

#[test]
fn upgrade_downgrade_upgrade_on_sqlite() {
    if let Some(engine) = live::sqlite() {
        round_trip(&engine);
    }
}

#[test]
fn sqlite_rebuild_keeps_rows_indexes_and_foreign_keys() {
    let Some(engine) = live::sqlite() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = "tests/fixtures/ok/rebuilds";
    let (first, second) = (tmp.path().join("r1.sql"), tmp.path().join("r2.sql"));
    script(dir, "sqlite", &["upgrade", "r1"], &first);
    script(dir, "sqlite", &["upgrade", "r1:r2"], &second);
    let rebuild = std::fs::read_to_string(&second).unwrap();
    assert!(rebuild.contains("PRAGMA foreign_keys = 0;") && rebuild.contains("_gen_rebuild_teams"));

    let db = engine.fresh_db("rebuild");
    db.apply_file(&first).unwrap();
    db.apply_file(&second)
        .unwrap_or_else(|e| panic!("rebuild failed:\n{e}"));
    // Rows survived, in the rebuilt table and in the table pointing at it.
    assert_eq!(
        db.query("SELECT id, name, slug FROM teams ORDER BY id"),
        [["1", "red", "NULL"], ["2", "blue", "NULL"]]
    );
    assert_eq!(db.query("SELECT count(*) FROM players"), [["3"]]);
    // The new NOT NULL column got its default on the copied rows.
    assert_eq!(
        db.query("SELECT count(*) FROM teams WHERE joined_at IS NULL"),
        [["0"]]
    );
    // The index came back, the dropped column is gone.
    let names: Vec<String> = db.indexes("teams").into_iter().map(|i| i.name).collect();
    assert!(names.contains(&"ix_teams_name".to_owned()), "{names:?}");
    assert!(!db.columns("teams").iter().any(|(c, _, _)| c == "code"));
    // Foreign keys still hold: nothing violates them, and they are enforced.
    assert_eq!(
        db.query("PRAGMA foreign_key_check"),
        Vec::<Vec<String>>::new()
    );
    let bad = db
        .apply_sql("PRAGMA foreign_keys = ON; INSERT INTO players (id, team_id) VALUES (99, 42);");
    assert!(bad.is_err(), "an orphan player was accepted");
    let cascade = db.query(
        "PRAGMA foreign_keys = ON; DELETE FROM teams WHERE id = 2; SELECT count(*) FROM players;",
    );
    assert_eq!(
        cascade,
        [["1"]],
        "ON DELETE CASCADE still points at the rebuilt table"
    );
}
