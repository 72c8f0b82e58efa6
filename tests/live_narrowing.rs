//! Issue 19.6: narrowing never truncates. A `varchar(200)` column holding
//! 180 characters narrowed to `varchar(50)`: PostgreSQL and MariaDB must
//! fail the script and keep the data and the column as they were (MariaDB
//! also when the server's own session is not strict: the script's
//! prologue makes it strict); a narrowing the data fits must succeed.
//! SQLite enforces no length: the rebuild keeps the 180 characters, and
//! the script's warning must say so. And PostgreSQL's `USING` is written
//! exactly where the engine has no assignment cast for a type change,
//! checked pair by pair on the engine. Skips loudly without an engine;
//! fails under `CI=true`.

use crate::support::gen::Gen;
use crate::support::live;

use gen::dialect::ColumnType;
use gen::dialect::{Dialect, PostgreSql};
use gen::ops::sqltype::SqlType;
use live::{Db, Engine, Kind};
use std::path::Path;

/// A project whose first revision fills `books.title` (`varchar(200)`)
/// with `len` characters and whose second narrows it to `varchar(50)`.
fn write_project(dir: &Path, len: usize) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("a.yaml"),
        format!(
            "revision: aaa
down_revision: null
upgrade:
  - create_table:
      name: books
      columns:
        - {{name: id, type: integer, primary_key: true}}
        - {{name: title, type: varchar(200)}}
  - bulk_insert:
      table: books
      rows:
        - {{id: 1, title: {}}}
",
            "a".repeat(len)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.yaml"),
        "revision: bbb
down_revision: aaa
upgrade:
  - alter_column: {table: books, column: title, type: varchar(50)}
",
    )
    .unwrap();
}

/// The script for `range` (`aaa`, `aaa:heads`), written to `out`.
fn generate(root: &Path, dialect: &str, range: &str, out: &Path) -> String {
    let args = ["--migrations", "m", "--dialect", dialect, "upgrade", range];
    Gen::new().dir(root).args(args).script(out)
}

fn title_length(db: &Db) -> String {
    let f = match db.kind() {
        Kind::Postgres | Kind::MariaDb => "char_length",
        Kind::Sqlite => "length",
    };
    db.query(&format!("SELECT {f}(title) FROM books WHERE id = 1"))[0][0].clone()
}

fn title_type(db: &Db) -> String {
    db.columns("books")
        .into_iter()
        .find(|(name, _, _)| name == "title")
        .map(|(_, ty, _)| ty.to_lowercase())
        .unwrap_or_default()
}

/// Applies the first revision, then the narrowing in the session given
/// (mariadb `--init-command`); the narrowing's outcome and its script.
fn narrow(
    engine: &Engine,
    root: &Path,
    len: usize,
    mariadb_init: &str,
) -> (Db, Result<String, String>, String) {
    write_project(&root.join("m"), len);
    let d = engine.dialect();
    let first = root.join(format!("{d}-a.sql"));
    let second = root.join(format!("{d}-b.sql"));
    generate(root, d, "aaa", &first);
    let text = generate(root, d, "aaa:heads", &second);
    let db = engine.fresh_db("narrowing");
    db.apply_file(&first).unwrap_or_else(|e| panic!("{d}: {e}"));
    let applied = db.apply_file_in_session(&second, "", mariadb_init);
    (db, applied, text)
}

#[test]
fn narrowing_fails_rather_than_cut_and_keeps_the_data() {
    for engine in [live::pg(), live::mariadb()].into_iter().flatten() {
        // MariaDB: the server's session strict (its default) or not at
        // all; the script's prologue makes it strict either way.
        for init in ["SET @gen_test = 1", "SET SESSION sql_mode = ''"] {
            let tmp = tempfile::tempdir().unwrap();
            let (db, applied, text) = narrow(&engine, tmp.path(), 180, init);
            let what = format!("{} ({init})", engine.kind());
            assert!(
                applied.is_err(),
                "{what}: the narrowing ran on 180 characters\n{text}"
            );
            assert_eq!(title_length(&db), "180", "{what}: the data was cut\n{text}");
            assert_eq!(
                title_type(&db),
                "varchar(200)".replace(
                    "varchar",
                    match engine.kind() {
                        Kind::Postgres => "character varying",
                        _ => "varchar",
                    }
                ),
                "{what}: the column changed\n{text}"
            );
            assert!(
                text.contains("text longer than 50 characters makes it fail"),
                "{what}: the warning does not say it fails\n{text}"
            );
            if engine.kind() == Kind::Postgres {
                break;
            }
        }
        let tmp = tempfile::tempdir().unwrap();
        let (db, applied, text) = narrow(&engine, tmp.path(), 30, "SET @gen_test = 1");
        assert!(applied.is_ok(), "{}: {applied:?}\n{text}", engine.kind());
        assert_eq!(title_length(&db), "30", "{}", engine.kind());
        assert!(
            title_type(&db).ends_with("(50)"),
            "{}: {}",
            engine.kind(),
            title_type(&db)
        );
    }
}

/// SQLite keeps any value whatever the declared type: the rebuild copies
/// the 180 characters into the `VARCHAR(50)` column, and the warning above
/// it says so rather than that it fails.
#[test]
fn sqlite_keeps_the_whole_value_and_says_so() {
    let Some(engine) = live::sqlite() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (db, applied, text) = narrow(&engine, tmp.path(), 180, "");
    assert!(applied.is_ok(), "{applied:?}\n{text}");
    assert_eq!(title_length(&db), "180", "{text}");
    assert_eq!(title_type(&db), "varchar(50)");
    assert!(
        text.contains(
            "the engine does not enforce the declared type, so every value is kept as it is"
        ),
        "{text}"
    );
    assert!(!text.contains("makes it fail"), "{text}");
}

/// Every portable type PostgreSQL stores natively (enums are named types
/// of their own), by name.
const TYPES: &[&str] = &[
    "smallint",
    "integer",
    "bigint",
    "numeric(10,2)",
    "numeric(12,4)",
    "real",
    "double",
    "boolean",
    "varchar(20)",
    "varchar(10)",
    "char(5)",
    "text",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "interval",
    "uuid",
    "json",
    "binary",
];

/// `ALTER COLUMN ... TYPE` without `USING`, on an empty column of each
/// type to each other type: PostgreSQL refuses it ("cannot be cast
/// automatically", SQLSTATE 42804) exactly where gen writes `USING`.
#[test]
fn postgresql_needs_using_exactly_where_it_has_no_assignment_cast() {
    let Some(engine) = live::pg() else {
        return;
    };
    let d = PostgreSql;
    let spelled: Vec<(String, SqlType)> = TYPES
        .iter()
        .map(|t| {
            let ty = SqlType::parse(t).unwrap();
            (d.type_sql(&ty), ty)
        })
        .collect();
    let array = spelled
        .iter()
        .map(|(s, _)| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let db = engine.fresh_db("casts");
    let probe = format!(
        "CREATE TABLE results (a text, b text, state text);
DO $$
DECLARE a text; b text;
BEGIN
  FOREACH a IN ARRAY ARRAY[{array}] LOOP
    FOREACH b IN ARRAY ARRAY[{array}] LOOP
      BEGIN
        EXECUTE format('CREATE TABLE probe (c %s)', a);
        EXECUTE format('ALTER TABLE probe ALTER COLUMN c TYPE %s', b);
        DROP TABLE probe;
        INSERT INTO results VALUES (a, b, 'ok');
      EXCEPTION WHEN OTHERS THEN
        INSERT INTO results VALUES (a, b, SQLSTATE);
      END;
    END LOOP;
  END LOOP;
END $$;
"
    );
    db.apply_sql(&probe).unwrap();
    let rows = db.query("SELECT a, b, state FROM results");
    assert_eq!(rows.len(), TYPES.len() * TYPES.len());
    let mut wrong = Vec::new();
    for row in rows {
        let [a, b, state] = <[String; 3]>::try_from(row).unwrap();
        assert!(
            state == "ok" || state == "42804",
            "{a} -> {b}: unexpected SQLSTATE {state}"
        );
        let ty = |s: &str| {
            let (_, t) = spelled.iter().find(|(n, _)| n == s).unwrap();
            ColumnType::Portable(t.clone())
        };
        let using = d.alter_type_using_cast(&ty(&a), &ty(&b));
        if using != (state == "42804") {
            wrong.push(format!("{a} -> {b}: engine {state}, gen USING {using}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
