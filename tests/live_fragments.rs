//! SQL fragments, `execute` and literal defaults on the real engines
//! (PostgreSQL, MariaDB, SQLite; each skips loudly when missing, fails
//! under `CI=true`):
//!
//! - the fragments that ran statements nobody wrote are refused for every
//!   dialect, naming the field;
//! - a valid fragment of each kind (type-map entry, `{sql:}` default that
//!   is one term or not, check, partial-index `where`, index expression)
//!   applies, and a column rename and a table rename carry the check and
//!   the partial index along, also through a SQLite table rebuild and a
//!   derived downgrade;
//! - an `execute` ending in a `--` comment keeps its terminator;
//! - a valid literal default of every checked portable type applies.

use crate::support::live;

use crate::support::gen::{Gen, Out};
use std::path::Path;

/// Writes `files` (name, YAML) into a fresh migrations folder.
fn project(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn gen(dir: &Path, dialect: &str, args: &[&str]) -> Out {
    Gen::new()
        .arg("--migrations")
        .arg(dir)
        .args(["--dialect", dialect])
        .args(args)
        .run()
}

/// The script for `args`, written to a file in `dir`.
fn script(dir: &Path, dialect: &str, args: &[&str], name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    Gen::new()
        .arg("--migrations")
        .arg(dir)
        .args(["--dialect", dialect])
        .args(args)
        .script(&out);
    out
}

const BASE: &str = "revision: r0
down_revision: null
upgrade:
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: email, type: varchar(255), nullable: false}
        - {name: qty, type: integer}
";

/// What ran statements nobody wrote (issue 19, item 2), and what is refused
/// with them: (operation, the field the error names).
const REFUSED: &[(&str, &str)] = &[
    (
        "  - add_column: {table: users, column: {name: body, type: {postgresql: \"text, DROP COLUMN email\", mysql: \"text, DROP COLUMN email\", sqlite: \"text, DROP COLUMN email\", default: text}}}",
        "type `text, DROP COLUMN email`",
    ),
    (
        "  - add_column: {table: users, column: {name: score, type: integer, nullable: false, unique: true, default: {sql: \"0 -- note\"}}}",
        "default `0 -- note`",
    ),
    (
        "  - create_index: {name: ix_users_email, table: users, columns: [email], where: \"email IS NOT NULL; DROP TABLE payments\"}",
        "`where` `email IS NOT NULL; DROP TABLE payments`",
    ),
    (
        "  - create_check_constraint: {table: users, expr: \"vv > 0\"}",
        "names column `vv`",
    ),
    (
        "  - create_index: {name: ix_users_qty, table: users, columns: [id, {expr: \"qty DESC\"}]}",
        "gives an order (`DESC`)",
    ),
    (
        "  - execute: {sql: \"UPDATE users SET qty = 0; COMMIT\"}",
        "`COMMIT` inside a transactional revision",
    ),
    (
        "  - add_column: {table: users, column: {name: seen, type: timestamp, default: now()}}",
        "help: to have the database compute it, write it as SQL: `default: {sql: now()}`",
    ),
];

fn refused_on(engine: &live::Engine) {
    let dialect = engine.dialect();
    for (op, names) in REFUSED {
        // MariaDB's script has no transaction block for a COMMIT to break.
        if engine.kind() == live::Kind::MariaDb && op.contains("COMMIT") {
            continue;
        }
        let dir = project(&[
            ("r0.yaml", BASE.to_owned()),
            (
                "r1.yaml",
                format!("revision: r1\ndown_revision: r0\nupgrade:\n{op}\n"),
            ),
        ]);
        let o = gen(dir.path(), dialect, &["upgrade", "heads"]);
        let stderr = &o.stderr;
        assert_eq!(o.code, 1, "{dialect}: {op}\n{stderr}");
        assert!(o.stdout.is_empty(), "{dialect}: {op}: a script was written");
        assert!(
            stderr.contains(names) && stderr.contains("r1.yaml:4:"),
            "{dialect}: {op}\n{stderr}"
        );
        assert!(!stderr.contains("internal error"), "{stderr}");
    }
}

#[test]
fn fragments_that_ran_statements_are_refused() {
    for engine in live::engines() {
        refused_on(&engine);
    }
}

/// Revisions using a valid fragment of each kind, then renaming what they
/// mention; `expression_indexes`: the engine has them (not MariaDB).
fn fragment_revisions(expression_indexes: bool) -> Vec<(&'static str, String)> {
    let expr_index = if expression_indexes {
        "  - create_index: {name: ix_orders_lower_note, table: orders, columns: [{expr: \"lower(note)\"}], where: \"qty > 1\"}\n"
    } else {
        ""
    };
    vec![
        (
            "r1.yaml",
            format!(
                "revision: r1
down_revision: null
upgrade:
  - create_table:
      name: orders
      columns:
        - {{name: id, type: integer, primary_key: true}}
        - {{name: qty, type: integer, nullable: false, default: {{sql: \"1 + 1\"}}}}
        - {{name: max_qty, type: integer, default: {{sql: \"(10)\"}}}}
        - {{name: note, type: {{postgresql: \"character varying(40)\", mysql: \"varchar(40) character set utf8mb4\", default: text}}}}
        - {{name: made_at, type: timestamp, default: {{sql: CURRENT_TIMESTAMP}}}}
      checks:
        - {{name: ck_orders_qty, expr: \"qty <= max_qty AND orders.qty >= 0\"}}
  - create_index: {{name: ix_orders_note, table: orders, columns: [note], where: \"qty > 1\"}}
{expr_index}  - execute:
      sql: \"INSERT INTO orders (id, max_qty, note) VALUES (1, 5, 'a') -- the first row\"
      reverse_sql: \"DELETE FROM orders -- every row\"
  - execute:
      sql: \"INSERT INTO orders (id, max_qty, note) VALUES (2, 6, 'b');  -- the second\"
      reverse_sql: \"SELECT 1\"
"
            ),
        ),
        (
            "r2.yaml",
            "revision: r2
down_revision: r1
upgrade:
  - alter_column: {table: orders, column: qty, new_name: quantity}
  - rename_table: {name: orders, new_name: sales}
"
            .to_owned(),
        ),
        (
            // SQLite rebuilds the table here, from the model.
            "r3.yaml",
            "revision: r3
down_revision: r2
upgrade:
  - alter_column: {table: sales, column: note, nullable: false}
"
            .to_owned(),
        ),
    ]
}

/// The check's text as the engine keeps it.
fn check_text(db: &live::Db) -> String {
    let sql = match db.kind() {
        live::Kind::Postgres => {
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_orders_qty'"
        }
        live::Kind::MariaDb => {
            "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_NAME = 'ck_orders_qty' AND CONSTRAINT_SCHEMA = DATABASE()"
        }
        live::Kind::Sqlite => "SELECT sql FROM sqlite_master WHERE name = 'sales'",
    };
    db.query(sql).concat().join(" ")
}

fn fragments_on(engine: &live::Engine) {
    let dialect = engine.dialect();
    let expression_indexes = engine.kind() != live::Kind::MariaDb;
    let dir = project(&fragment_revisions(expression_indexes));
    let up = script(dir.path(), dialect, &["upgrade", "heads"], "up.sql");
    let down = script(
        dir.path(),
        dialect,
        &["downgrade", "heads:base"],
        "down.sql",
    );
    let text = std::fs::read_to_string(&up).unwrap();
    // The comment keeps its line; the terminator has its own.
    assert!(text.contains("-- the first row\n;"), "{text}");
    // Not one term: in parentheses (SQLite's own around them).
    assert!(
        text.contains("DEFAULT (1 + 1)") || text.contains("DEFAULT ((1 + 1))"),
        "{text}"
    );
    if engine.kind() == live::Kind::Sqlite {
        assert!(text.contains("_gen_rebuild_sales"), "{text}");
    }

    let db = engine.fresh_db("fragments");
    db.apply_file(&up)
        .unwrap_or_else(|e| panic!("{dialect}: upgrade failed:\n{e}\n{text}"));
    // Both rows went in, with their defaults; the second statement was not
    // swallowed by the first one's comment.
    assert_eq!(
        db.query("SELECT id, quantity, max_qty FROM sales ORDER BY id"),
        [["1", "2", "5"], ["2", "2", "6"]],
        "{dialect}"
    );
    // The check follows both renames and is still enforced.
    let check = check_text(&db);
    assert!(
        check.contains("quantity") && !check.contains("qty <=") && !check.contains("orders."),
        "{dialect}: {check}"
    );
    let bad =
        db.apply_sql("INSERT INTO sales (id, quantity, max_qty, note) VALUES (9, 7, 3, 'c');");
    assert!(bad.is_err(), "{dialect}: the check let 7 > 3 in");
    // The partial index follows the rename too (MariaDB has no partial
    // indexes: it indexes every row).
    let index = db
        .indexes("sales")
        .into_iter()
        .find(|i| i.name == "ix_orders_note")
        .unwrap_or_else(|| panic!("{dialect}: ix_orders_note is gone"));
    assert_eq!(
        index.partial,
        engine.kind() != live::Kind::MariaDb,
        "{dialect}"
    );
    if engine.kind() == live::Kind::Sqlite {
        let sql = db
            .query("SELECT sql FROM sqlite_master WHERE name = 'ix_orders_note'")
            .concat()
            .join(" ");
        assert!(sql.ends_with("WHERE quantity > 1"), "{sql}");
    }

    db.apply_file(&down)
        .unwrap_or_else(|e| panic!("{dialect}: downgrade failed:\n{e}"));
    let left: Vec<String> = db
        .tables()
        .into_iter()
        .filter(|t| t != "alembic_version")
        .collect();
    assert!(left.is_empty(), "{dialect}: {left:?}");
    db.apply_file(&up)
        .unwrap_or_else(|e| panic!("{dialect}: second upgrade failed:\n{e}"));
}

#[test]
fn valid_fragments_apply_and_follow_renames() {
    for engine in live::engines() {
        fragments_on(&engine);
    }
}

/// A literal default of each portable type the checker reads.
const TYPED: &str = "revision: t1
down_revision: null
upgrade:
  - create_table:
      name: typed
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: d, type: date, default: 2024-01-31}
        - {name: t, type: time, default: \"09:30:00\"}
        - {name: ts, type: timestamp, default: \"2024-01-31 09:30:00\"}
        - {name: tz, type: timestamptz, default: \"2024-01-31T09:30:00\"}
        - {name: u, type: uuid, default: 123e4567-e89b-12d3-a456-426614174000}
        - {name: b, type: boolean, default: true}
        - {name: n, type: \"numeric(5,2)\", default: 999.99}
        - {name: i, type: integer, default: -2147483648}
        - {name: s, type: smallint, default: \"32767\"}
        - {name: big, type: bigint, default: 9223372036854775807}
        - {name: r, type: double, default: 0.5}
        - {name: v, type: varchar(3), default: abc}
        - {name: j, type: json, default: '{\"a\": 1}'}
  - execute: {sql: \"INSERT INTO typed (id) VALUES (1)\", reverse_sql: \"DELETE FROM typed\"}
";

fn literals_on(engine: &live::Engine) {
    let dialect = engine.dialect();
    let dir = project(&[("t1.yaml", TYPED.to_owned())]);
    let up = script(dir.path(), dialect, &["upgrade", "heads"], "up.sql");
    let db = engine.fresh_db("literals");
    db.apply_file(&up)
        .unwrap_or_else(|e| panic!("{dialect}: literal defaults refused:\n{e}"));
    let hits = db.query(
        "SELECT count(*) FROM typed WHERE d = '2024-01-31' AND t = '09:30:00' \
           AND ts = '2024-01-31 09:30:00' AND u = '123e4567-e89b-12d3-a456-426614174000' \
           AND b = TRUE AND n = 999.99 AND i = -2147483648 AND s = 32767 \
           AND big = 9223372036854775807 AND r = 0.5 AND v = 'abc' AND tz IS NOT NULL",
    );
    assert_eq!(
        hits,
        [["1"]],
        "{dialect}: the defaults are not what the YAML says"
    );
}

#[test]
fn literal_defaults_of_each_type_apply() {
    for engine in live::engines() {
        literals_on(&engine);
    }
}
