//! The last test target cargo runs (targets run in name order, and the
//! library has no doc-tests): one line saying which engines and tools the
//! live tests ran against and which they skipped, and why.
//!
//! A skipped live test passes, and the test harness hides the output of
//! passing tests, so without this line a run with no database looks like a
//! run against every engine. The notes come from `tests/support/outcomes.rs`.
//! `harness = false` (Cargo.toml): this is a plain program, not a test, and
//! what it prints is never captured.
//!
//! It also rejects orphaned snapshots, as `cargo insta test
//! --unreferenced=reject` would without cargo-insta: when
//! `INSTA_SNAPSHOT_REFERENCES_FILE` names a file (`.ci/run` sets it), insta
//! appends to it every snapshot file an assertion of this run used (the
//! library's unit tests and `tests/main.rs`, which cargo runs before this),
//! and every `.snap` under `tests/snapshots/` and `src/**/snapshots/` that
//! is not listed is an orphan: under `CI=true` this program then fails, else
//! it warns. A run with a test-name filter, `--skip`, `--ignored` or
//! `--list` asserted only some snapshots: no check then. Under `CI=true`
//! no test is skipped for a missing engine (it fails), so a snapshot is never
//! unlisted for that reason.

#[path = "support/outcomes.rs"]
mod outcomes;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What every full run probes, in the order the line names them.
const EXPECTED: &[&str] = &["PostgreSQL", "MariaDB", "SQLite", "Alembic", "SARIF schema"];

#[derive(Default)]
struct Seen {
    ran: bool,
    /// Distinct reasons it was skipped for.
    skipped: Vec<String>,
}

fn main() {
    // The engines' line stays the last line of `cargo test` (the README says so).
    let snapshots_ok = snapshots();
    engines();
    if !snapshots_ok {
        std::process::exit(1);
    }
}

fn engines() {
    let Some(dir) = outcomes::run_dir() else {
        println!("test summary: no notes of the live tests on this platform");
        return;
    };
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for line in text.lines() {
            let mut parts = line.splitn(3, '\t');
            let (Some(subject), Some(status)) = (parts.next(), parts.next()) else {
                continue;
            };
            let entry = seen.entry(subject.to_owned()).or_default();
            match status {
                "ran" => entry.ran = true,
                _ => {
                    let why = parts.next().unwrap_or("no reason given").to_owned();
                    if !entry.skipped.contains(&why) {
                        entry.skipped.push(why);
                    }
                }
            }
        }
    }
    // This run's notes are read; leave no folder behind.
    let _ = std::fs::remove_dir_all(&dir);

    let mut subjects: Vec<String> = EXPECTED.iter().map(|s| (*s).to_owned()).collect();
    subjects.extend(
        seen.keys()
            .filter(|k| !EXPECTED.contains(&k.as_str()))
            .cloned(),
    );
    let mut ran = Vec::new();
    let mut skipped = Vec::new();
    let mut unprobed = Vec::new();
    for subject in subjects {
        match seen.get(&subject) {
            Some(s) if !s.skipped.is_empty() => {
                let partly = if s.ran { ", in some tests" } else { "" };
                skipped.push(format!("{subject} ({}{partly})", s.skipped.join("; ")));
            }
            Some(_) => ran.push(subject),
            None => unprobed.push(subject),
        }
    }
    let mut parts = Vec::new();
    if !ran.is_empty() {
        parts.push(format!("ran against {}", ran.join(", ")));
    }
    if !skipped.is_empty() {
        parts.push(format!("SKIPPED {}", skipped.join(", ")));
    }
    if !unprobed.is_empty() {
        parts.push(format!(
            "not reached by this run's tests: {}",
            unprobed.join(", ")
        ));
    }
    println!("\nlive tests: {}", parts.join("; "));
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Whether cargo passed this run something that selects only some tests:
/// a name filter, `--skip`, `--ignored`, `--list`.
fn filtered() -> bool {
    /// libtest's options that take a value (`--test-threads 2`).
    const VALUED: &[&str] = &[
        "--test-threads",
        "--skip",
        "--format",
        "--color",
        "--logfile",
        "--shuffle-seed",
        "-Z",
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    args.iter().enumerate().any(|(i, arg)| {
        let value_of_option = i > 0 && VALUED.contains(&args[i - 1].as_str());
        (!arg.starts_with('-') && !value_of_option)
            || ["--skip", "--ignored", "--list"].contains(&arg.as_str())
            || arg.starts_with("--skip=")
    })
}

/// Every `.snap` file under `dir`, recursively.
fn snap_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            snap_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "snap") {
            into.push(path);
        }
    }
}

/// The orphan check (see the top of this file); false when it fails the run.
fn snapshots() -> bool {
    let Some(refs) = std::env::var_os("INSTA_SNAPSHOT_REFERENCES_FILE").filter(|v| !v.is_empty())
    else {
        return true;
    };
    let text = std::fs::read_to_string(&refs);
    // insta only appends: the next run starts from an empty list.
    let _ = std::fs::remove_file(&refs);
    if filtered() {
        println!("snapshots: not checked for orphans (only some tests ran)");
        return true;
    }
    let Ok(text) = text else {
        // Every full run asserts snapshots: no list means insta wrote none.
        println!(
            "snapshots: {}no snapshot references recorded in {} (does insta still write \
             INSTA_SNAPSHOT_REFERENCES_FILE?)",
            if ci() {
                "FAILED: "
            } else {
                "not checked for orphans: "
            },
            Path::new(&refs).display()
        );
        return !ci();
    };
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_owned());
    let asserted: BTreeSet<PathBuf> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| canonical(Path::new(l)))
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    snap_files(&root.join("tests/snapshots"), &mut files);
    let mut src = Vec::new();
    snap_files(&root.join("src"), &mut src);
    files.extend(
        src.into_iter()
            .filter(|p| p.components().any(|c| c.as_os_str() == "snapshots")),
    );
    let mut orphans: Vec<String> = files
        .iter()
        .filter(|f| !asserted.contains(&canonical(f)))
        .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
        .collect();
    orphans.sort();
    if orphans.is_empty() {
        println!(
            "snapshots: each of the {} snapshot files was asserted",
            files.len()
        );
        return true;
    }
    let list = orphans.join("\n  ");
    if ci() {
        println!(
            "snapshots: FAILED: {} snapshot files no test asserted (delete them, or \
             assert them):\n  {list}",
            orphans.len()
        );
        return false;
    }
    println!(
        "snapshots: warning: {} snapshot files no test asserted (under CI=true this \
         fails; a test skipped or failed before its assertion leaves its snapshots \
         unlisted too):\n  {list}",
        orphans.len()
    );
    true
}
