//! Issue 22.7: sequences reach the engines as the model has them. The
//! `ok/sequences` fixture is applied to PostgreSQL and MariaDB and the
//! sequence answers `nextval` with the value its `restart` and `increment`
//! say; on PostgreSQL, a sequence `owned_by` a column is dropped with its
//! table (as the model drops it), and one that is not outlives it. Issue
//! 22.8: values appended to a PostgreSQL enum are added in place. Skips
//! loudly without an engine; fails under `CI=true`.

use crate::support::gen::Gen;
use crate::support::live;

use live::Kind;
use std::path::Path;

fn generate(dir: &str, dialect: &str, target: &str, out: &Path) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let dir = dir.to_str().expect("a UTF-8 path");
    Gen::new()
        .args(["--migrations", dir, "--dialect", dialect, "upgrade", target])
        .script(out)
}

/// The next value of sequence `name`, as the engine spells the call.
fn next_value(db: &live::Db, name: &str) -> i64 {
    let sql = match db.kind() {
        Kind::Postgres => format!("SELECT nextval('{name}')"),
        Kind::MariaDb => format!("SELECT NEXTVAL({name})"),
        Kind::Sqlite => unreachable!("sqlite has no sequences"),
    };
    let rows = db.query(&sql);
    rows[0][0].parse().expect("a number")
}

#[test]
fn sequences_start_restart_and_step_as_written() {
    for engine in [live::pg(), live::mariadb()].into_iter().flatten() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("up.sql");
        let text = generate(
            "tests/fixtures/ok/sequences",
            engine.dialect(),
            "heads",
            &out,
        );
        let db = engine.fresh_db("seqenum_seq");
        let applied = db.apply_file(&out);
        assert!(applied.is_ok(), "{}: {applied:?}\n{text}", engine.kind());
        // Restarted at 5000, counting by 10 (q2, q3).
        assert_eq!(next_value(&db, "order_numbers"), 5000, "{}", engine.kind());
        assert_eq!(next_value(&db, "order_numbers"), 5010, "{}", engine.kind());
        // `countdown` was dropped (q4).
        let gone = match db.kind() {
            Kind::Postgres => db.try_query("SELECT nextval('countdown')"),
            _ => db.try_query("SELECT NEXTVAL(countdown)"),
        };
        assert!(gone.is_err(), "{}: countdown is still there", engine.kind());

        // Only the first revision: the countdown counts down from -1 and
        // cycles from -100 back to -1.
        let out = tmp.path().join("q1.sql");
        let text = generate("tests/fixtures/ok/sequences", engine.dialect(), "q1", &out);
        let db = engine.fresh_db("seqenum_cycle");
        let applied = db.apply_file(&out);
        assert!(applied.is_ok(), "{}: {applied:?}\n{text}", engine.kind());
        let values: Vec<i64> = (0..101).map(|_| next_value(&db, "countdown")).collect();
        assert_eq!(values[0], -1, "{}", engine.kind());
        assert_eq!(values[99], -100, "{}", engine.kind());
        assert_eq!(values[100], -1, "{}: cycles", engine.kind());
        assert_eq!(next_value(&db, "order_numbers"), 1000, "{}", engine.kind());
    }
}

#[test]
fn an_owned_sequence_goes_with_its_table_on_postgresql() {
    let Some(pg) = live::pg() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w1.sql");
    let text = generate(
        "tests/fixtures/ok/sequences_owned",
        "postgresql",
        "w1",
        &out,
    );
    let db = pg.fresh_db("seqenum_owned");
    let applied = db.apply_file(&out);
    assert!(applied.is_ok(), "{applied:?}\n{text}");
    let owner = db.query(
        "SELECT t.relname || '.' || a.attname FROM pg_depend d \
         JOIN pg_class t ON t.oid = d.refobjid \
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
         WHERE d.objid = 'invoice_numbers'::regclass AND d.deptype = 'a' \
           AND d.refclassid = 'pg_class'::regclass",
    );
    assert_eq!(owner, [["invoices.number"]], "OWNED BY\n{text}");
    assert_eq!(next_value(&db, "invoice_numbers"), 100);
    db.apply_sql("DROP TABLE invoices").unwrap();
    let left = db.query("SELECT relname FROM pg_class WHERE relkind = 'S' ORDER BY 1");
    assert_eq!(left, [["batch_numbers"]], "what the table took with it");
}

/// Issue 22.8: values appended to an enum column's type are added in place
/// (`ALTER TYPE ... ADD VALUE`): the table keeps its file (no rewrite) and
/// `pg_enum` lists the values in the order written; a value added in a
/// `transactional: false` revision is usable as the default at once.
#[test]
fn enum_values_are_appended_without_a_rewrite_on_postgresql() {
    let Some(pg) = live::pg() else { return };
    let dir = "tests/fixtures/ok/enum_add_value";
    let tmp = tempfile::tempdir().unwrap();
    let db = pg.fresh_db("seqenum_enum");
    let labels = |db: &live::Db| -> Vec<String> {
        db.query(
            "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid \
             WHERE t.typname = 'people_mood_enum' ORDER BY e.enumsortorder",
        )
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
    };
    let file =
        |db: &live::Db| db.query("SELECT relfilenode FROM pg_class WHERE relname = 'people'");
    for (target, want) in [
        ("v1", &["sad", "ok"][..]),
        ("v1:v2", &["sad", "ok", "happy", "back\\slash"][..]),
        ("v2:v3", &["sad", "ok", "happy", "back\\slash", "it's"][..]),
    ] {
        let out = tmp.path().join(format!("{}.sql", target.replace(':', "_")));
        let text = generate(dir, "postgresql", target, &out);
        let before = file(&db);
        let applied = db.apply_file(&out);
        assert!(applied.is_ok(), "{target}: {applied:?}\n{text}");
        assert_eq!(labels(&db), want, "{target}\n{text}");
        if target != "v1" {
            assert!(text.contains("ADD VALUE"), "{target}\n{text}");
            assert_eq!(
                file(&db),
                before,
                "{target}: the table was rewritten\n{text}"
            );
        }
    }
    db.apply_sql("INSERT INTO people (id) VALUES (1)").unwrap();
    assert_eq!(db.query("SELECT mood::text FROM people"), [["it's"]]);
    // A reorder is the swap through text: the table is rewritten.
    let out = tmp.path().join("v3_v4.sql");
    let text = generate(dir, "postgresql", "v3:v4", &out);
    let before = file(&db);
    let applied = db.apply_file(&out);
    assert!(applied.is_ok(), "v4: {applied:?}\n{text}");
    assert_ne!(file(&db), before, "v4: a swap rewrites\n{text}");
    assert_eq!(labels(&db), ["ok", "sad", "happy", "back\\slash", "it's"]);
}
