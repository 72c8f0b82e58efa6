//! Golden scripts: the sample project and every `tests/fixtures/ok/<case>/`
//! rendered upward and downward, snapshotted with insta. A change in any
//! rendered byte shows up here for review.

use std::path::Path;
use std::process::Command;

fn gen(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gen");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Every folder that must render: the sample and the ok fixtures.
pub fn ok_folders() -> Vec<String> {
    let mut dirs = vec!["migrations".to_owned()];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok");
    let mut cases: Vec<String> = std::fs::read_dir(root)
        .expect("fixtures")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| format!("tests/fixtures/ok/{}", e.file_name().to_string_lossy()))
        .collect();
    cases.sort();
    dirs.extend(cases);
    dirs
}

#[test]
fn golden_scripts() {
    for dir in ok_folders() {
        let name = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
        for (label, cmd) in [("upgrade", "upgrade"), ("downgrade", "downgrade")] {
            let target = if cmd == "upgrade" {
                "heads"
            } else {
                "heads:base"
            };
            let (stdout, stderr, code) = gen(&["--migrations", &dir, cmd, target, "--sql"]);
            assert_eq!(code, 0, "{dir} {cmd}: {stderr}");
            insta::assert_snapshot!(format!("{name}__{label}"), stdout);
            insta::assert_snapshot!(format!("{name}__{label}__stderr"), stderr);
        }
    }
}

#[test]
fn output_is_deterministic() {
    for dir in ok_folders() {
        let first = gen(&["--migrations", &dir, "upgrade", "heads"]);
        let second = gen(&["--migrations", &dir, "upgrade", "heads"]);
        assert_eq!(first, second, "{dir}");
        let first = gen(&["--migrations", &dir, "downgrade", "base"]);
        let second = gen(&["--migrations", &dir, "downgrade", "base"]);
        assert_eq!(first, second, "{dir}");
    }
}

#[test]
fn transaction_per_migration_wraps_each_revision() {
    let (out, _, code) = gen(&["upgrade", "heads", "--transaction-per-migration"]);
    assert_eq!(code, 0);
    let steps = out.matches("-- Running upgrade").count();
    // One revision runs outside any block (transactional: false).
    assert_eq!(out.matches("\nBEGIN;").count(), steps - 1, "{out}");
    assert_eq!(out.matches("\nCOMMIT;").count(), steps - 1, "{out}");
}

#[test]
fn schema_command_prints_the_model() {
    for dir in ok_folders() {
        let name = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
        let (stdout, stderr, code) = gen(&["--migrations", &dir, "schema"]);
        assert_eq!(code, 0, "{dir} schema: {stderr}");
        insta::assert_snapshot!(format!("{name}__schema"), stdout);
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
        "revision: a\ndown_revision: null\nupgrade:\n  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b_seed.yaml"),
        "revision: b\ndown_revision: a\nmessage: seed\nupgrade:\n  - bulk_insert: {table: t, rows: [{id: 1}]}\n",
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
