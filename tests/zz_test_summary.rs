//! The last test target cargo runs (targets run in name order, and the
//! library has no doc-tests): one line saying which engines and tools the
//! live tests ran against and which they skipped, and why.
//!
//! A skipped live test passes, and the test harness hides the output of
//! passing tests, so without this line a run with no database looks like a
//! run against every engine. The notes come from `tests/support/outcomes.rs`.
//! `harness = false` (Cargo.toml): this is a plain program, not a test, and
//! what it prints is never captured.

#[path = "support/outcomes.rs"]
mod outcomes;

use std::collections::BTreeMap;

/// What every full run probes, in the order the line names them.
const EXPECTED: &[&str] = &["PostgreSQL", "MariaDB", "SQLite", "Alembic", "SARIF schema"];

#[derive(Default)]
struct Seen {
    ran: bool,
    /// Distinct reasons it was skipped for.
    skipped: Vec<String>,
}

fn main() {
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
