//! Golden scripts: the sample project and every `tests/fixtures/ok/<case>/`
//! rendered upward and downward for each dialect it applies to, snapshotted
//! with insta. A change in any rendered byte shows up here for review.

use crate::support::fixtures;

use crate::support::gen::Gen;
use fixtures::ok_folders;

fn gen(args: &[&str]) -> (String, String, i32) {
    let o = Gen::new().args(args).run();
    (o.stdout, o.stderr, o.code)
}

#[test]
fn golden_scripts() {
    for f in ok_folders() {
        for dialect in &f.dialects {
            for (cmd, target) in [("upgrade", "heads"), ("downgrade", "heads:base")] {
                let (stdout, stderr, code) = gen(&[
                    "--migrations",
                    &f.dir,
                    "--dialect",
                    dialect,
                    cmd,
                    target,
                    "--sql",
                ]);
                assert_eq!(code, 0, "{} {dialect} {cmd}: {stderr}", f.dir);
                snapshot!(format!("{}__{dialect}__{cmd}", f.name), stdout);
                snapshot!(format!("{}__{dialect}__{cmd}__stderr", f.name), stderr);
            }
        }
    }
}

#[test]
fn output_is_deterministic() {
    for f in ok_folders() {
        for dialect in &f.dialects {
            for args in [["upgrade", "heads"], ["downgrade", "base"]] {
                let cmd = [
                    "--migrations",
                    &f.dir,
                    "--dialect",
                    dialect,
                    args[0],
                    args[1],
                ];
                assert_eq!(gen(&cmd), gen(&cmd), "{} {dialect} {args:?}", f.dir);
            }
        }
    }
}

#[test]
fn transaction_per_migration_wraps_each_revision() {
    let (out, _, code) = gen(&["upgrade", "heads", "--transaction-per-migration"]);
    assert_eq!(code, 0);
    let steps = out.matches("-- Running upgrade").count();
    // Three revisions run outside any block (transactional: false): the
    // CONCURRENTLY index revisions and the one that validates a constraint.
    assert_eq!(out.matches("\nBEGIN;").count(), steps - 3, "{out}");
    assert_eq!(out.matches("\nCOMMIT;").count(), steps - 3, "{out}");
}

#[test]
fn mysql_says_ddl_commits_implicitly_and_mssql_separates_batches() {
    let (my, _, _) = gen(&["--dialect", "mariadb", "upgrade", "heads"]);
    assert!(my.contains("commits DDL implicitly"), "{my}");
    assert!(!my.contains("BEGIN"), "{my}");
    let (ms, _, _) = gen(&["--dialect", "mssql", "upgrade", "heads"]);
    assert!(ms.contains("BEGIN TRANSACTION;\nGO\n"), "{ms}");
    // Every statement ends its batch: a line ending in `;` is followed by `GO`.
    let lines: Vec<&str> = ms.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.ends_with(';') && !l.starts_with("--") {
            assert_eq!(lines.get(i + 1), Some(&"GO"), "line {}: {l}", i + 1);
        }
    }
}

#[test]
fn schema_command_prints_the_model() {
    for f in ok_folders() {
        // In the fixture's first dialect (a folder for one engine may use
        // options the others refuse).
        let dialect = f.dialects.first().map_or("postgresql", String::as_str);
        let (stdout, stderr, code) = gen(&["--migrations", &f.dir, "--dialect", dialect, "schema"]);
        assert_eq!(code, 0, "{} schema: {stderr}", f.dir);
        snapshot!(format!("{}__schema", f.name), stdout);
    }
    let (stdout, _, code) = gen(&["schema", "base"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("(0 tables"), "{stdout}");
}

#[test]
fn downgrade_through_bulk_insert_names_revision_file_and_operation() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a.yaml"),
        "revision: a
down_revision: null
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}
",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b_seed.yaml"),
        "revision: b
down_revision: a
message: seed
upgrade:
  - bulk_insert: {table: t, rows: [{id: 1}]}
",
    )
    .expect("write");
    let d = dir.path().to_string_lossy().into_owned();
    let (_, _, code) = gen(&["--migrations", &d, "upgrade", "heads"]);
    assert_eq!(code, 0);
    let (stdout, stderr, code) = gen(&["--migrations", &d, "downgrade", "base"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains("error: cannot downgrade through revision b"),
        "{stderr}"
    );
    assert!(stderr.contains("b_seed.yaml:5:5"), "{stderr}");
    assert!(
        stderr.contains("upgrade operation #1 `bulk_insert`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot be undone automatically"),
        "{stderr}"
    );
}
