//! Issue 19.5: a literal reads the same whatever the operator's session
//! says about how text is read. Text with backslashes and quotes, in a
//! string default, a table comment and `bulk_insert` rows, is applied to
//! PostgreSQL with `standard_conforming_strings = off` and to MariaDB with
//! `NO_BACKSLASH_ESCAPES` in its `sql_mode` (set before the script runs,
//! as a server or an operator may have them), and with the defaults: every
//! stored value must be exactly the YAML's text, byte for byte, and no
//! other statement may have run (`payments` stays, no other table
//! appears). SQLite, which has no such setting, is held to the same.
//! Skips loudly without an engine; fails under `CI=true`.

use crate::support::gen::Gen;
use crate::support::live;

use live::{Db, Kind};
use std::path::Path;

/// Text that reads differently when a backslash is, or is not, an escape.
const VALUES: &[&str] = &[
    "x\\'; DROP TABLE payments; --",
    "C:\\temp\\new",
    "it's a trailing backslash \\",
    "\\'",
    "\\\\",
    "two\nlines \\n",
    "plain",
];

/// A YAML double-quoted scalar holding `s` (JSON's escapes are YAML's).
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn write_project(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut rows = String::new();
    for (i, v) in VALUES.iter().enumerate() {
        rows.push_str(&format!("        - {{id: {i}, c: {}}}\n", yaml_str(v)));
    }
    std::fs::write(
        dir.join("a.yaml"),
        format!(
            "revision: aaa
down_revision: null
upgrade:
  - create_table:
      name: payments
      columns:
        - {{name: id, type: integer, primary_key: true}}
  - create_table:
      name: t
      comment: {comment}
      columns:
        - {{name: id, type: integer, primary_key: true}}
        - {{name: c, type: text, default: {default}}}
  - bulk_insert:
      table: t
      rows:
{rows}",
            comment = yaml_str(VALUES[1]),
            default = yaml_str(VALUES[0]),
        ),
    )
    .unwrap();
}

fn generate(root: &Path, dialect: &str, out: &Path) -> String {
    let args = [
        "--migrations",
        "m",
        "--dialect",
        dialect,
        "upgrade",
        "heads",
    ];
    Gen::new().dir(root).args(args).script(out)
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The stored text of `expr` for the row `id`, as lower-case hex of its
/// UTF-8 bytes (clients escape what they print).
fn stored(db: &Db, expr: &str, from: &str) -> String {
    let hexed = match db.kind() {
        Kind::Postgres => format!("encode(convert_to({expr}, 'UTF8'), 'hex')"),
        Kind::MariaDb | Kind::Sqlite => format!("hex({expr})"),
    };
    let rows = db.query(&format!("SELECT {hexed} FROM {from}"));
    rows.first()
        .and_then(|r| r.first())
        .map(|h| h.to_lowercase())
        .unwrap_or_default()
}

/// The settings an operator's session may have that change how text is
/// read: (what it is, PGOPTIONS, mariadb --init-command).
const SESSIONS: &[(&str, &str, &str)] = &[
    ("the defaults", "", "SET @gen_test = 1"),
    (
        "standard_conforming_strings off / NO_BACKSLASH_ESCAPES",
        "-c standard_conforming_strings=off",
        "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES'",
    ),
];

#[test]
fn literals_store_the_yaml_text_under_any_session_setting() {
    let tmp = tempfile::tempdir().unwrap();
    write_project(&tmp.path().join("m"));
    for engine in live::engines() {
        let out = tmp.path().join(format!("{}.sql", engine.dialect()));
        let text = generate(tmp.path(), engine.dialect(), &out);
        let sessions = if engine.kind() == Kind::Sqlite {
            &SESSIONS[..1]
        } else {
            SESSIONS
        };
        for (session, pg_options, mariadb_init) in sessions {
            let what = format!("{} under {session}", engine.kind());
            let db = engine.fresh_db("literals");
            let applied = db.apply_file_in_session(&out, pg_options, mariadb_init);
            let mut tables = db.tables();
            tables.sort();
            assert_eq!(
                tables,
                ["alembic_version", "payments", "t"],
                "{what}: other statements ran ({applied:?})\n{text}"
            );
            assert!(applied.is_ok(), "{what}: {applied:?}\n{text}");
            for (i, v) in VALUES.iter().enumerate() {
                assert_eq!(
                    stored(&db, "c", &format!("t WHERE id = {i}")),
                    hex(v),
                    "{what}: row {i} is not {v:?}\n{text}"
                );
            }
            // The default, as the engine fills it in.
            db.query("INSERT INTO t (id) VALUES (100)");
            assert_eq!(
                stored(&db, "c", "t WHERE id = 100"),
                hex(VALUES[0]),
                "{what}: the default is not {:?}\n{text}",
                VALUES[0]
            );
            let comment = match db.kind() {
                Kind::Postgres => Some(stored(
                    &db,
                    "obj_description('t'::regclass)",
                    "(SELECT 1) AS x",
                )),
                Kind::MariaDb => Some(stored(
                    &db,
                    "table_comment",
                    &format!(
                        "information_schema.tables WHERE table_schema = '{}' AND table_name = 't'",
                        db.name()
                    ),
                )),
                // SQLite keeps no comments.
                Kind::Sqlite => None,
            };
            if let Some(comment) = comment {
                assert_eq!(comment, hex(VALUES[1]), "{what}: the comment\n{text}");
            }
        }
    }
}
