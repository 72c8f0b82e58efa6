//! Golden error tests: every folder in `tests/fixtures/err/` is a migrations
//! directory with one kind of bad input.
//!
//! Each case runs the built `gen` binary with `--migrations <folder>` and the
//! arguments in the folder's `cmd` file (one line; `upgrade heads --sql` when
//! absent). The run must fail cleanly: exit code 1 (or the one in an `exit`
//! file, e.g. 2 for a usage error), nothing on stdout, and stderr equal to the
//! snapshot `tests/snapshots/errors/<case>.snap`. Adding a folder adds a case.

use crate::support::gen::{Gen, Out};
use std::path::{Path, PathBuf};

const DEFAULT_CMD: &str = "upgrade heads --sql";

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/err");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures/err exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read_opt(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_owned())
}

/// Runs one case; panics (through insta or an assertion) when it fails.
fn check(dir: &Path) {
    let case = dir.file_name().unwrap().to_str().unwrap().to_owned();
    let cmd = read_opt(&dir.join("cmd")).unwrap_or_else(|| DEFAULT_CMD.to_owned());
    let expected_code: i32 = read_opt(&dir.join("exit"))
        .map(|s| s.parse().expect("`exit` holds a number"))
        .unwrap_or(1);
    let migrations = format!("tests/fixtures/err/{case}");

    let Out {
        code,
        stdout,
        stderr,
    } = Gen::new()
        .args(["--migrations", &migrations])
        .args(cmd.split_whitespace())
        .run();

    assert_eq!(
        code, expected_code,
        "case `{case}`: exit code (101 is a panic)\nstderr:\n{stderr}"
    );
    assert!(
        stdout.is_empty(),
        "case `{case}`: stdout must be empty, got:\n{stdout}"
    );
    assert!(
        stderr.starts_with("error: "),
        "case `{case}`: stderr must start with `error: `, got:\n{stderr}"
    );

    insta::with_settings!({
        snapshot_path => "snapshots/errors",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("gen --migrations {migrations} {cmd}  (exit {expected_code})"),
    }, {
        insta::assert_snapshot!(case, stderr);
    });
}

#[test]
fn every_error_fixture() {
    let cases = cases();
    assert!(
        cases.len() >= 30,
        "expected the error fixtures, found {}",
        cases.len()
    );
    // Run every case before failing, so one run reports all the broken ones.
    let failed: Vec<String> = cases
        .iter()
        .filter(|dir| std::panic::catch_unwind(|| check(dir)).is_err())
        .map(|dir| dir.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(failed.is_empty(), "failing error cases: {failed:?}");
}
