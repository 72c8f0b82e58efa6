//! `gen revision --autogenerate`, `gen diff --schema` and `gen check
//! --schema` on a project in a temporary folder: the baseline written from
//! a schema file on an empty history, a change with a possible rename
//! (drop + add, a YAML comment and a warning), the same change with
//! `--rename` (the column is renamed), nothing written when nothing
//! differs, the diff as text and JSON, and `gen schema` read back clean for
//! every dialect. Revisions are snapshotted as written.

use crate::support::gen::{Gen, Out};
use std::path::Path;

const V1: &str = "\
-- the first schema, as a person writes it
CREATE TABLE users (
  id integer PRIMARY KEY,
  name varchar(50) NOT NULL,
  email text UNIQUE,
  created_at timestamp DEFAULT now()
);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  user_id integer REFERENCES users(id) ON DELETE CASCADE,
  total numeric(10,2) CHECK (total >= 0)
);
CREATE INDEX ix_orders_user ON orders (user_id);
";

fn gen(dir: &Path, args: &[&str]) -> Out {
    Gen::new()
        .dir(dir)
        .env("SOURCE_DATE_EPOCH", "1798539045")
        .args(args)
        .run()
}

/// A project with an empty migrations folder and `schema.sql` = `sql`.
fn project(sql: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    std::fs::write(dir.path().join("schema.sql"), sql).unwrap();
    dir
}

fn revision_file(dir: &Path, id: &str) -> String {
    let found = std::fs::read_dir(dir.join("migrations"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(id))
        .unwrap_or_else(|| panic!("no revision {id}"));
    std::fs::read_to_string(found).unwrap()
}

fn autogenerate(dir: &Path, id: &str, extra: &[&str]) -> Out {
    let mut args = vec![
        "revision",
        "--autogenerate",
        "-m",
        "from schema",
        "--schema",
        "schema.sql",
        "--rev-id",
        id,
    ];
    args.extend_from_slice(extra);
    gen(dir, &args)
}

#[test]
fn a_baseline_then_a_change_then_nothing() {
    let p = project(V1);
    let dir = p.path();
    let out = autogenerate(dir, "a1", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "created {} (3 operations)\n",
            Path::new("migrations")
                .join("a1_from_schema.yaml")
                .display()
        )
    );
    snapshot!("baseline", revision_file(dir, "a1"));
    // The baseline gives the schema: nothing to write, nothing written.
    let again = autogenerate(dir, "a2", &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stdout,
        "no differences between the migrations and schema.sql: nothing written\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.join("migrations")).unwrap().count(),
        1
    );
    let check = gen(dir, &["check", "--schema", "schema.sql"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        check.stdout,
        "the migrations at heads give the schema of schema.sql (2 tables)\n"
    );

    // A renamed column, a new column, a changed default, a new index.
    let v2 = V1
        .replace("name varchar(50)", "full_name varchar(50)")
        .replace(
            "DEFAULT now()",
            "DEFAULT now() NOT NULL,\n  age integer DEFAULT 0",
        )
        .replace(
            "(user_id);",
            "(user_id);\nCREATE UNIQUE INDEX ux_users_lower_email ON users (lower(email));",
        );
    std::fs::write(dir.join("schema.sql"), &v2).unwrap();
    let check = gen(dir, &["check", "--schema", "schema.sql"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let diff = gen(dir, &["diff", "--schema", "schema.sql"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    snapshot!("diff_text", &diff.stdout);
    assert!(
        diff.stderr
            .starts_with("warning[possible-rename]: column `users.name` is dropped"),
        "{}",
        diff.stderr
    );
    let json = gen(dir, &["diff", "--schema", "schema.sql", "--format", "json"]);
    snapshot!("diff_json", &json.stdout);

    let guessed = autogenerate(dir, "b1", &[]);
    assert_eq!(guessed.code, 0, "{}", guessed.stderr);
    assert!(
        guessed
            .stderr
            .contains("`--rename users.name=full_name` keeps its data"),
        "{}",
        guessed.stderr
    );
    snapshot!("possible_rename", revision_file(dir, "b1"));
    // `gen check` keeps saying it until it is a rename or allowed.
    let lint = gen(dir, &["check"]);
    assert!(
        lint.stderr.contains("warning[possible-rename]"),
        "{}",
        lint.stderr
    );
    std::fs::remove_file(dir.join("migrations").join("b1_from_schema.yaml")).unwrap();

    let renamed = autogenerate(dir, "b2", &["--rename", "users.name=full_name"]);
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    assert!(renamed.stderr.is_empty(), "{}", renamed.stderr);
    let text = revision_file(dir, "b2");
    snapshot!("renamed", &text);
    assert!(
        text.contains("new_name: full_name") && !text.contains("drop_column"),
        "{text}"
    );
    let lint = gen(dir, &["check"]);
    assert!(!lint.stderr.contains("possible-rename"), "{}", lint.stderr);
    let check = gen(dir, &["check", "--schema", "schema.sql"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // `diff` against the earlier revision shows what b2 does.
    let earlier = gen(
        dir,
        &[
            "diff",
            "--schema",
            "schema.sql",
            "a1",
            "--rename",
            "users.name=full_name",
        ],
    );
    assert!(
        earlier
            .stdout
            .contains("alter_column: {table: users, column: name, new_name: full_name}"),
        "{}",
        earlier.stdout
    );
}

#[test]
fn a_table_rename_and_the_schema_file_comment() {
    let p = project(V1);
    let dir = p.path();
    assert_eq!(autogenerate(dir, "a1", &[]).code, 0);
    // sqldef's convention: the comment on the table's line names the old name.
    let v2 = V1
        .replace(
            "CREATE TABLE users (",
            "CREATE TABLE people ( -- @renamed from=users",
        )
        .replace("REFERENCES users(id)", "REFERENCES people(id)");
    std::fs::write(dir.join("schema.sql"), &v2).unwrap();
    let out = gen(dir, &["diff", "--schema", "schema.sql"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("rename_table: {name: users, new_name: people}"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("drop_table"), "{}", out.stdout);
}

#[test]
fn gen_schema_read_back_is_no_difference_for_every_dialect() {
    for dialect in ["postgresql", "mysql", "sqlite", "mssql"] {
        let out = Gen::new()
            .args([
                "--migrations",
                "tests/fixtures/ok/constraints_portable",
                "--dialect",
                dialect,
                "schema",
            ])
            .run();
        assert_eq!(out.code, 0, "{dialect}: {}", out.stderr);
        let p = project(&out.stdout);
        let diff = Gen::new()
            .args(["--dialect", dialect, "--migrations"])
            .arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/ok/constraints_portable"),
            )
            .args(["diff", "--schema"])
            .arg(p.path().join("schema.sql"))
            .run();
        assert_eq!(diff.code, 0, "{dialect}: {}", diff.stderr);
        assert!(
            diff.stdout.starts_with("# no differences"),
            "{dialect}: {}",
            diff.stdout
        );
    }
}
