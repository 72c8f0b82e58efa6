//! Issue 19.10: names the engine reads as one are refused before output,
//! for the dialect generated. Each case is checked against the real
//! engine both ways, so that the test fails if gen's model of the engine
//! is wrong: gen refuses the pair; gen's script with the second name
//! changed to a free one applies; the same script with the pair put back
//! is refused by the engine. A pair gen accepts (`é`/`É` on SQLite,
//! `cafe`/`café` on MariaDB, `email`/`Email` on PostgreSQL, an index named
//! like a table on MariaDB) applies.
//! Skips loudly without an engine; fails under `CI=true`.

use crate::support::live;

use crate::support::gen::Gen;
use std::path::Path;

/// The free name a refused one is swapped with (found nowhere else).
const FREE: &str = "zz_free_name";

fn gen(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let o = Gen::new().arg("--migrations").arg(dir).args(args).run();
    (o.success(), o.stdout, o.stderr)
}

fn project(root: &Path, yaml: &str, name: &str) -> std::path::PathBuf {
    let dir = root.join(format!("m_{}", name.len()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.yaml"), yaml.replace("NAME", name)).unwrap();
    dir
}

/// `yaml` with `NAME` as `clash`: gen refuses it for the engine's dialect,
/// and the engine refuses the statement gen would have written.
fn refused_by_both(engine: &live::Engine, yaml: &str, clash: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let d = engine.dialect();
    let (ok, _, stderr) = gen(
        &project(tmp.path(), yaml, clash),
        &["--dialect", d, "upgrade", "heads", "--sql"],
    );
    assert!(!ok, "{d}: gen accepted `{clash}`");
    assert!(
        stderr.contains(&format!("to {d}")) || stderr.contains(&format!("{d} keeps")),
        "{d}: not a name clash:\n{stderr}"
    );
    let (ok, script, stderr) = gen(
        &project(tmp.path(), yaml, FREE),
        &["--dialect", d, "upgrade", "heads", "--sql"],
    );
    assert!(ok, "{d}: {stderr}");
    let db = engine.fresh_db("names");
    let applied = db.apply_sql(&script);
    assert!(applied.is_ok(), "{d}: {applied:?}\n{script}");
    let db = engine.fresh_db("names");
    let clashing = script.replace(FREE, clash);
    assert!(
        db.apply_sql(&clashing).is_err(),
        "{d}: the engine accepted `{clash}`, which gen refuses:\n{clashing}"
    );
}

/// `yaml` with `NAME` as `name`: gen accepts it and the engine applies it.
fn accepted_by_both(engine: &live::Engine, yaml: &str, name: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let d = engine.dialect();
    let (ok, script, stderr) = gen(
        &project(tmp.path(), yaml, name),
        &["--dialect", d, "upgrade", "heads", "--sql"],
    );
    assert!(ok, "{d}: gen refused `{name}`:\n{stderr}");
    let db = engine.fresh_db("names");
    let applied = db.apply_sql(&script);
    assert!(applied.is_ok(), "{d}: {applied:?}\n{script}");
}

const COLUMNS: &str = "revision: a1
down_revision: null
upgrade:
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: email, type: text}
        - {name: cafe, type: text}
        - {name: é, type: text}
  - add_column:
      table: users
      column: {name: NAME, type: text}
";

const INDEXES: &str = "revision: a1
down_revision: null
upgrade:
  - create_table:
      name: audit
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: a, type: integer}
        - {name: b, type: integer}
  - create_index: {name: ix_a, table: audit, columns: [a]}
  - create_index: {name: NAME, table: audit, columns: [b]}
";

const FOREIGN_KEYS: &str = "revision: a1
down_revision: null
upgrade:
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true}
  - create_table:
      name: orders
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: user_id, type: integer}
      foreign_keys:
        - {name: fk_user, columns: [user_id], references: {table: users, columns: [id]}}
  - create_table:
      name: payments
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: user_id, type: integer}
      foreign_keys:
        - {name: NAME, columns: [user_id], references: {table: users, columns: [id]}}
";

#[test]
fn mariadb_folds_column_index_and_foreign_key_names() {
    let Some(engine) = live::mariadb() else {
        return;
    };
    refused_by_both(&engine, COLUMNS, "Email");
    refused_by_both(&engine, COLUMNS, "É");
    refused_by_both(&engine, INDEXES, "IX_A");
    refused_by_both(&engine, FOREIGN_KEYS, "FK_User");
    accepted_by_both(&engine, COLUMNS, "café");
    accepted_by_both(&engine, COLUMNS, "e");
    accepted_by_both(&engine, INDEXES, "audit");
}

#[test]
fn sqlite_folds_ascii_names_and_shares_tables_with_indexes() {
    let Some(engine) = live::sqlite() else {
        return;
    };
    refused_by_both(&engine, COLUMNS, "EMAIL");
    refused_by_both(&engine, INDEXES, "Ix_A");
    refused_by_both(&engine, INDEXES, "AUDIT");
    accepted_by_both(&engine, COLUMNS, "É");
    accepted_by_both(&engine, FOREIGN_KEYS, "fk_user");
}

#[test]
fn postgresql_shares_tables_with_indexes_and_keeps_case() {
    let Some(engine) = live::pg() else {
        return;
    };
    refused_by_both(&engine, INDEXES, "audit");
    refused_by_both(&engine, INDEXES, "audit_pkey");
    accepted_by_both(&engine, COLUMNS, "Email");
    accepted_by_both(&engine, INDEXES, "IX_A");
    accepted_by_both(&engine, FOREIGN_KEYS, "fk_user");
}

/// `gen check --dialect all` reports the clash for each dialect that
/// would refuse it, and only for those.
#[test]
fn check_reports_a_clash_for_the_dialects_it_concerns() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, stdout, stderr) = gen(
        &project(tmp.path(), COLUMNS, "Email"),
        &["check", "--dialect", "all"],
    );
    assert!(!ok, "{stdout}{stderr}");
    for d in ["mysql", "sqlite", "mssql"] {
        assert!(
            stderr.contains(&format!("one name to {d}")),
            "{d}:\n{stderr}"
        );
    }
    assert!(!stderr.contains("one name to postgresql"), "{stderr}");
    assert!(!stderr.contains("postgresql keeps"), "{stderr}");
}
