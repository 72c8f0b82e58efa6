//! `gen stamp` on a real PostgreSQL that already holds the schema: the
//! database is built, loses its version table (as one never managed by
//! Alembic or gen would be), is stamped to heads, and from there the usual
//! scripts apply: a downgrade to base (which keeps the empty version
//! table), then the upgrade from base again.

use crate::support::live;

use crate::support::gen::Gen;
use std::path::Path;

fn script(args: &[&str], out: &Path) {
    Gen::new().args(args).script(out);
}

#[test]
fn stamp_adopts_a_database_that_already_has_the_schema() {
    let Some(pg) = live::pg() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (up, stamp, down, back) = (
        tmp.path().join("up.sql"),
        tmp.path().join("stamp.sql"),
        tmp.path().join("down.sql"),
        tmp.path().join("back.sql"),
    );
    script(&["upgrade", "heads"], &up);
    script(&["stamp", "heads"], &stamp);
    script(&["downgrade", "heads:base"], &down);
    script(&["stamp", "heads:3e6853f44860"], &back);

    let db = pg.fresh_db("stamp");
    db.apply_file(&up).unwrap();
    db.apply_sql("DROP TABLE alembic_version;").unwrap();
    let tables_before = db.tables();

    db.apply_file(&stamp)
        .unwrap_or_else(|e| panic!("stamp failed: {e}"));
    assert_eq!(
        db.query("SELECT version_num FROM alembic_version"),
        [["8f1e2d3c4b5a"]]
    );
    let mut expected = tables_before.clone();
    expected.push("alembic_version".to_owned());
    expected.sort();
    assert_eq!(
        db.tables(),
        expected,
        "stamp changed nothing but the version table"
    );

    // Moving the row back and forth is an UPDATE.
    db.apply_file(&back).unwrap();
    assert_eq!(
        db.query("SELECT version_num FROM alembic_version"),
        [["3e6853f44860"]]
    );
    db.apply_sql("UPDATE alembic_version SET version_num = '8f1e2d3c4b5a';")
        .unwrap();

    db.apply_file(&down)
        .unwrap_or_else(|e| panic!("downgrade after stamp failed: {e}"));
    assert_eq!(db.tables(), ["alembic_version"]);
    assert_eq!(
        db.query("SELECT count(*) FROM alembic_version"),
        Vec::<Vec<String>>::from([vec!["0".to_owned()]])
    );

    // Up again from base: the version table is there, empty, and stays.
    db.apply_file(&up)
        .unwrap_or_else(|e| panic!("upgrade after the downgrade failed: {e}"));
    assert_eq!(
        db.query("SELECT version_num FROM alembic_version"),
        [["8f1e2d3c4b5a"]]
    );
    // Stamping base from base writes nothing, and says nothing of creating
    // the table.
    let base = tmp.path().join("base.sql");
    script(&["stamp", "base"], &base);
    let text = std::fs::read_to_string(&base).unwrap();
    assert!(!text.contains("creates the version table"), "{text}");
    assert!(!text.contains("CREATE TABLE"), "{text}");
}
