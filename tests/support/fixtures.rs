//! The folders every golden, parsing and live test runs over: the sample
//! `migrations/` and each `tests/fixtures/ok/<case>/`, with the dialects
//! each applies to (all four unless the folder has a `dialects` file listing
//! some, one per line — for fixtures that use one engine's own SQL).

#![allow(dead_code)]

use std::path::Path;

pub const DIALECTS: &[&str] = &["postgresql", "mysql", "sqlite", "mssql"];

/// A folder of revisions and the dialects it applies to.
pub struct Folder {
    /// Relative to the crate root, e.g. `tests/fixtures/ok/linear`.
    pub dir: String,
    /// Short name for snapshots: `migrations`, `linear`, ...
    pub name: String,
    pub dialects: Vec<String>,
}

impl Folder {
    pub fn supports(&self, dialect: &str) -> bool {
        self.dialects.iter().any(|d| d == dialect)
    }
}

fn folder(dir: String) -> Folder {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dialects = match std::fs::read_to_string(root.join(&dir).join("dialects")) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        Err(_) => DIALECTS.iter().map(|d| (*d).to_owned()).collect(),
    };
    let name = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
    Folder {
        dir,
        name,
        dialects,
    }
}

/// The sample and every ok fixture, sorted.
pub fn ok_folders() -> Vec<Folder> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<String> = std::fs::read_dir(root.join("tests/fixtures/ok"))
        .expect("tests/fixtures/ok")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| format!("tests/fixtures/ok/{}", e.file_name().to_string_lossy()))
        .collect();
    cases.sort();
    std::iter::once("migrations".to_owned())
        .chain(cases)
        .map(folder)
        .collect()
}
