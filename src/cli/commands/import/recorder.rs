//! Running the embedded recorder (`recorder.py`) in the user's Python and
//! reading what it printed: one JSON line per revision file, with the
//! `op.*` calls of `upgrade()` and `downgrade()` once per dialect.
//!
//! The script is written to a temporary file and run as `PYTHON SCRIPT
//! VERSIONS DIALECTS PATHS...`; nothing is installed and nothing connects
//! to a database. A missing `sqlalchemy` comes back as one line naming the
//! module and how to install it.

use camino::Utf8Path;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::process::Command;

/// The recorder's source, embedded in the binary: SQLAlchemy objects to
/// JSON, then the stand-in and the run (one script when written out).
pub const RECORDER: [&str; 2] = [
    include_str!("recorder.py"),
    include_str!("recorder_standin.py"),
];

/// One recorded call: the operation, its arguments by Alembic's parameter
/// names, and the line of the revision file that made it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Call {
    pub op: String,
    pub args: serde_json::Value,
    pub line: Option<u64>,
    #[serde(default)]
    pub source: String,
}

/// Why a phase stopped early.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RunError {
    pub reason: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub line: Option<u64>,
    #[serde(default)]
    pub source: String,
}

/// `upgrade()` or `downgrade()` under one dialect.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Phase {
    pub calls: Vec<Call>,
    pub error: Option<RunError>,
}

/// Both phases under one dialect.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Run {
    pub upgrade: Phase,
    pub downgrade: Phase,
}

/// One revision file as recorded.
#[derive(Debug, Clone, Deserialize)]
pub struct Recorded {
    pub file: String,
    #[serde(default)]
    pub load_error: Option<RunError>,
    #[serde(default)]
    pub revision: String,
    #[serde(default)]
    pub down_revision: Vec<String>,
    #[serde(default)]
    pub branch_labels: Vec<String>,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub create_date: Option<String>,
    /// Missing modules stubbed (`--stub-missing`) that this revision touched.
    #[serde(default)]
    pub stubbed: Vec<String>,
    /// Per dialect (gen's names), in name order.
    #[serde(default)]
    pub runs: BTreeMap<String, Run>,
}

#[derive(Deserialize)]
struct Fatal {
    fatal: String,
    module: String,
    how: String,
}

/// Runs the recorder over `versions` for `dialects`; `paths` go first on
/// `sys.path` (the app's own package). Errors are messages for the user.
pub fn record(
    python: &str,
    versions: &Utf8Path,
    dialects: &[String],
    paths: &[String],
    stub_missing: bool,
) -> Result<Vec<Recorded>, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let script = dir.path().join("gen_import_recorder.py");
    std::fs::write(&script, RECORDER.concat())
        .map_err(|e| format!("cannot write the recorder: {e}"))?;
    let output = Command::new(python)
        .arg("-B")
        .arg(&script)
        .arg(versions.as_str())
        .arg(dialects.join(","))
        .args(paths)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("GEN_IMPORT_STUB", if stub_missing { "1" } else { "0" })
        .output()
        .map_err(|e| {
            format!("cannot run `{python}` ({e}); give the Python your migrations run with as --python PATH")
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut out = Vec::new();
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        if let Ok(f) = serde_json::from_str::<Fatal>(line) {
            if f.fatal == "missing-module" {
                return Err(format!(
                    "`{python}` cannot import `{}`, which the recorder needs: {}",
                    f.module, f.how
                ));
            }
        }
        let rec: Recorded = serde_json::from_str(line)
            .map_err(|e| format!("the recorder printed a line gen cannot read ({e})"))?;
        out.push(rec);
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(8).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "the recorder failed under `{python}` (exit {}):\n{}",
            output.status.code().unwrap_or(-1),
            tail.join("\n")
        ));
    }
    Ok(out)
}
