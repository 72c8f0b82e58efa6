//! Issue 22.5 and 22.6 on real engines: the column options are what the
//! engine's catalog says, not just what the script says. The fixtures
//! `ok/columns_identity`, `ok/columns_computed`, `ok/columns_collation` and
//! `ok/alter_using` are applied (upgrade to heads); then PostgreSQL reports
//! identity columns (`information_schema.columns.is_identity`,
//! `identity_generation`, `identity_start`, `identity_increment`),
//! generated columns (`generation_expression`) and collations
//! (`collation_name`); MariaDB its `EXTRA` (`STORED GENERATED`),
//! `GENERATION_EXPRESSION` and `COLLATION_NAME`; SQLite `pragma
//! table_xinfo`'s `hidden` (3: stored generated) and the collation in the
//! table's SQL. A computed column computes: a row is inserted and its
//! value read back, on every engine. The `using` conversion converts
//! (`' 42 '` becomes 42). Skips loudly without an engine; fails under
//! `CI=true`.

use crate::support::gen::Gen;
use crate::support::live::{self, Kind};

fn apply(engine: &live::Engine, fixture: &str) -> live::Db {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("up.sql");
    let dir = format!("tests/fixtures/ok/{fixture}");
    let args = [
        "--migrations",
        dir.as_str(),
        "--dialect",
        engine.dialect(),
        "upgrade",
        "heads",
    ];
    let text = Gen::new().args(args).script(&out);
    let db = engine.fresh_db(fixture);
    let applied = db.apply_file(&out);
    assert!(applied.is_ok(), "{}: {applied:?}\n{text}", engine.kind());
    db
}

fn one(db: &live::Db, sql: &str) -> Vec<String> {
    let rows = db.query(sql);
    assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
    rows.into_iter().next().unwrap_or_default()
}

#[test]
fn identity_columns_are_identities_on_postgresql() {
    let Some(engine) = live::pg() else { return };
    let db = apply(&engine, "columns_identity");
    let q = |t: &str| {
        one(
            &db,
            &format!(
                "SELECT is_identity, identity_generation, identity_start, identity_increment \
                 FROM information_schema.columns WHERE table_name = '{t}' AND column_name = 'id'"
            ),
        )
    };
    assert_eq!(q("tickets"), ["YES", "ALWAYS", "100", "5"]);
    assert_eq!(q("events"), ["YES", "BY DEFAULT", "1", "1"]);
    // The identity generates: ALWAYS refuses a value, and counts from 100 by 5.
    db.apply_sql("INSERT INTO tickets (title) VALUES ('a'), ('b')")
        .unwrap();
    assert_eq!(
        db.query("SELECT id FROM tickets ORDER BY id"),
        [["100"], ["105"]]
    );
    assert!(db
        .apply_sql("INSERT INTO tickets (id, title) VALUES (1, 'c')")
        .is_err());
}

#[test]
fn alter_column_using_and_identity_on_postgresql() {
    let Some(engine) = live::pg() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = "tests/fixtures/ok/alter_using";
    let script = |args: &[&str], name: &str| {
        let out = tmp.path().join(name);
        let mut all = vec!["--migrations", dir, "--dialect", "postgresql"];
        all.extend_from_slice(args);
        Gen::new().args(all).script(&out);
        out
    };
    let a1 = script(&["upgrade", "a1"], "a1.sql");
    let rest = script(&["upgrade", "a1:heads"], "rest.sql");
    let down = script(&["downgrade", "heads:a1"], "down.sql");
    let db = engine.fresh_db("alter_using");
    db.apply_file(&a1).unwrap();
    db.apply_sql("INSERT INTO items (id, code, n) VALUES (1, ' 42 ', 7)")
        .unwrap();
    db.apply_sql("INSERT INTO tags (label) VALUES ('x')")
        .unwrap();
    db.apply_file(&rest).unwrap();
    // `trim(code)::integer` converted the text.
    assert_eq!(
        one(&db, "SELECT code, pg_typeof(code)::text FROM items"),
        ["42", "integer"]
    );
    let identity = |t: &str, c: &str| {
        one(
            &db,
            &format!(
                "SELECT is_identity, coalesce(identity_start, '-'), coalesce(identity_increment, '-') \
                 FROM information_schema.columns WHERE table_name = '{t}' AND column_name = '{c}'"
            ),
        )
    };
    assert_eq!(identity("items", "n"), ["YES", "1000", "10"]);
    assert_eq!(identity("tags", "id"), ["NO", "-", "-"]);
    db.apply_sql("INSERT INTO items (id, code) VALUES (2, 3)")
        .unwrap();
    assert_eq!(one(&db, "SELECT n FROM items WHERE id = 2"), ["1000"]);
    // The explicit downgrade converts back; the derived one restores the
    // identity past the rows there.
    db.apply_file(&down).unwrap();
    assert_eq!(
        one(&db, "SELECT pg_typeof(code)::text FROM items WHERE id = 1"),
        ["character varying"]
    );
    assert_eq!(identity("items", "n"), ["NO", "-", "-"]);
    assert_eq!(identity("tags", "id")[0], "YES");
    db.apply_sql("INSERT INTO tags (label) VALUES ('y')")
        .unwrap();
    assert_eq!(db.query("SELECT id FROM tags ORDER BY id"), [["1"], ["2"]]);
}

#[test]
fn computed_columns_compute_on_every_engine() {
    for engine in live::engines() {
        let db = apply(&engine, "columns_computed");
        let kind = engine.kind();
        db.apply_sql("INSERT INTO orders (id, price, qty) VALUES (1, 6, 7)")
            .unwrap();
        assert_eq!(
            one(&db, "SELECT total, discounted FROM orders"),
            ["42", "41"],
            "{kind}"
        );
        let generated = match kind {
            Kind::Postgres => db.query(
                "SELECT column_name, is_generated, generation_expression \
                 FROM information_schema.columns WHERE table_name = 'orders' \
                 AND is_generated = 'ALWAYS' ORDER BY ordinal_position",
            ),
            Kind::MariaDb => db.query(
                "SELECT COLUMN_NAME, EXTRA, GENERATION_EXPRESSION FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' \
                 AND GENERATION_EXPRESSION IS NOT NULL AND GENERATION_EXPRESSION <> '' \
                 ORDER BY ORDINAL_POSITION",
            ),
            Kind::Sqlite => db.query(
                "SELECT name, hidden, '' FROM pragma_table_xinfo('orders') \
                 WHERE hidden > 1 ORDER BY cid",
            ),
        };
        let names: Vec<&str> = generated.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(names, ["total", "discounted"], "{kind}: {generated:?}");
        for row in &generated {
            let (how, expr) = (&row[1], row[2].replace(' ', ""));
            match kind {
                Kind::Postgres => {
                    assert_eq!(how, "ALWAYS");
                    assert!(expr.contains("price*qty"), "{expr}");
                }
                Kind::MariaDb => {
                    assert_eq!(how, "STORED GENERATED", "{row:?}");
                    assert!(expr.contains("price`*`qty") || expr.contains("price*qty"));
                }
                // 3: a stored generated column.
                Kind::Sqlite => assert_eq!(how, "3"),
            }
        }
    }
}

#[test]
fn collations_reach_the_engines() {
    for engine in live::engines() {
        let db = apply(&engine, "columns_collation");
        let kind = engine.kind();
        let got = match kind {
            Kind::Postgres => one(
                &db,
                "SELECT collation_name FROM information_schema.columns \
                 WHERE table_name = 'words' AND column_name = 'word'",
            ),
            Kind::MariaDb => one(
                &db,
                "SELECT COLLATION_NAME FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'words' AND COLUMN_NAME = 'word'",
            ),
            Kind::Sqlite => {
                // The collation is in the table's SQL, and it folds case.
                db.apply_sql("INSERT INTO words (id, word) VALUES (1, 'Apple')")
                    .unwrap();
                one(&db, "SELECT word FROM words WHERE word = 'APPLE'")
            }
        };
        let want = match kind {
            Kind::Postgres => "C",
            Kind::MariaDb => "utf8mb4_bin",
            Kind::Sqlite => "Apple",
        };
        assert_eq!(got, [want], "{kind}");
    }
}
