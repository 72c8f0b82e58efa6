//! What the tests met of the engines and tools outside cargo: the test
//! binary (`tests/main.rs`) notes, for every engine it probed (PostgreSQL, MariaDB, SQLite,
//! Alembic, the SARIF schema), whether it ran or was skipped and why, and
//! `tests/zz_test_summary.rs` (the last test target cargo runs) prints one
//! line about them at the end of `cargo test`.
//!
//! Passing tests' output is captured by the test harness, so a skip is
//! otherwise easy to miss: a skipped live test passes. The notes live under
//! cargo's `target/tmp/test-outcomes/<pid of cargo>/`, one file per test
//! process: every test binary of one `cargo test` is a child of the same
//! cargo process, so the summary reads exactly this run's notes.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::PathBuf;

/// The folder of this run's notes (`None` where there is no parent pid).
pub fn run_dir() -> Option<PathBuf> {
    #[cfg(unix)]
    {
        let cargo = std::os::unix::process::parent_id();
        Some(
            PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                .join("test-outcomes")
                .join(cargo.to_string()),
        )
    }
    #[cfg(not(unix))]
    {
        None
    }
}

fn note(line: &str) {
    let Some(dir) = run_dir() else {
        return;
    };
    // A note that cannot be written only makes the summary say less.
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let file = dir.join(format!("{}.tsv", std::process::id()));
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
    {
        // One write of the whole line: tests on other threads of this
        // process append to the same file, and `writeln!` may write a line
        // in pieces that theirs then split (seen: `PostgreSQL\tPostgreSQL`).
        let _ = f.write_all(format!("{line}\n").as_bytes());
    }
}

/// One line of a note: tabs and newlines in the reason become spaces.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `subject` (e.g. "PostgreSQL") was reachable and used.
pub fn ran(subject: &str) {
    note(&format!("{}\tran", clean(subject)));
}

/// `subject` was not reachable: the tests that need it were skipped.
pub fn skipped(subject: &str, why: &str) {
    note(&format!("{}\tskipped\t{}", clean(subject), clean(why)));
}
