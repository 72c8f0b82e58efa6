//! `gen import alembic --verify`: Alembic's own offline script against
//! the imported revisions' model, with no database.
//!
//! For each dialect imported, Alembic runs offline (`alembic upgrade heads
//! --sql`) from a minimal temporary env ([`offline_script`]: an
//! `alembic.ini` naming the versions folder and an `env.py` that
//! configures a URL with no host). Its script is cut at the `-- Running
//! upgrade A -> B` lines into one piece per revision ([`split_runs`]).
//! The verified range runs from the empty database to the last revision
//! before the first that needs hand work and whose statements the schema
//! reader (`declare::read`, the reader of `gen diff --schema`) still reads;
//! that prefix of Alembic's script is read into a schema, the imported
//! files are replayed to the same revisions, and `declare::diff` (the
//! comparison of `gen diff --schema`) lists what differs. The reader reads
//! schema declarations (`CREATE TABLE`, indexes, added constraints), not
//! every change a migration makes (`ALTER TABLE ... ADD COLUMN`, drops),
//! so a history that alters its tables is verified up to its first such
//! revision, and the report says where it stopped and why.

use crate::cli::commands::autogen::upgrade_lines;
use crate::declare::diff::diff;
use crate::declare::read::read_schema;
use crate::diag::error::Error;
use crate::dialect::{by_name, Dialect};
use crate::driver::schema_at;
use crate::history::graph::{Node, RevisionGraph};
use crate::source::load_dir;
use crate::source::revision::RevisionId;
use camino::Utf8Path;
use std::collections::BTreeSet;
use std::process::Command;
use std::sync::Arc;

/// The `env.py` of the temporary Alembic env: offline, literal values,
/// the URL from `alembic.ini`.
const ENV_PY: &str = r#"from alembic import context
context.configure(url=context.config.get_main_option('sqlalchemy.url'), literal_binds=True,
                  dialect_opts={'paramstyle': 'named'})
with context.begin_transaction():
    context.run_migrations()
"#;

/// What `alembic upgrade TARGET --sql` printed, and, when it failed
/// part-way, the last line of its error (the script then ends in the
/// revision that failed).
#[derive(Debug, Clone, PartialEq)]
pub struct Offline {
    pub script: String,
    pub failed: Option<String>,
}

/// Alembic's offline script `alembic upgrade TARGET --sql` for `versions`
/// under the SQLAlchemy dialect `sa_dialect` (gen's dialect names are
/// SQLAlchemy's). `paths` go on `PYTHONPATH` (the app's own package).
/// `Err` when Python or Alembic cannot run at all.
pub fn offline_script(
    python: &str,
    versions: &Utf8Path,
    sa_dialect: &str,
    target: &str,
    paths: &[String],
) -> Result<Offline, String> {
    let env = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let versions = versions
        .canonicalize_utf8()
        .unwrap_or_else(|_| versions.to_owned());
    let ini = env.path().join("alembic.ini");
    let ini_text = format!(
        "[alembic]\nscript_location = {}\nversion_locations = {versions}\nsqlalchemy.url = {sa_dialect}://\n",
        env.path().display()
    );
    std::fs::write(&ini, ini_text).map_err(|e| format!("cannot write alembic.ini: {e}"))?;
    std::fs::write(env.path().join("env.py"), ENV_PY)
        .map_err(|e| format!("cannot write env.py: {e}"))?;
    let mut pythonpath: Vec<String> = paths.to_vec();
    if let Ok(old) = std::env::var("PYTHONPATH") {
        pythonpath.push(old);
    }
    let out = Command::new(python)
        .args(["-B", "-m", "alembic", "-c"])
        .arg(&ini)
        .args(["upgrade", target, "--sql"])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONPATH", pythonpath.join(":"))
        .output()
        .map_err(|e| format!("cannot run `{python}` ({e})"))?;
    let script = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        return Ok(Offline {
            script,
            failed: None,
        });
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message")
        .trim()
        .to_owned();
    if !script.contains("-- Running upgrade ") && stderr.contains("No module named 'alembic'") {
        return Err(format!("`{python}` cannot import `alembic`: {last}"));
    }
    Ok(Offline {
        script,
        failed: Some(last),
    })
}

/// One revision's piece of an offline script.
#[derive(Debug, Clone, PartialEq)]
pub struct RunPiece {
    /// The revision the piece upgrades to.
    pub revision: String,
    pub text: String,
}

/// The script before the first revision (the version table), and one
/// piece per `-- Running upgrade A -> B` line, in running order.
pub fn split_runs(script: &str) -> (String, Vec<RunPiece>) {
    let mut preamble = String::new();
    let mut pieces: Vec<RunPiece> = Vec::new();
    for line in script.split_inclusive('\n') {
        if let Some(rest) = line.trim_end().strip_prefix("-- Running upgrade ") {
            let revision = rest.rsplit("-> ").next().unwrap_or(rest).trim().to_owned();
            pieces.push(RunPiece {
                revision,
                text: String::new(),
            });
        }
        match pieces.last_mut() {
            Some(p) => p.text.push_str(line),
            None => preamble.push_str(line),
        }
    }
    (preamble, pieces)
}

/// What one dialect's verification found.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Revisions compared, in running order.
    pub compared: Vec<String>,
    /// What gen's model lacks to be Alembic's, as `upgrade:` lines.
    pub differences: Vec<String>,
    /// Why the range stopped before the heads, if it did.
    pub stopped: Option<String>,
}

/// The nodes of `set` that no other node of `set` comes after.
fn tips(graph: &RevisionGraph, set: &BTreeSet<Node>) -> Vec<Node> {
    set.iter()
        .copied()
        .filter(|n| !graph.children(*n).iter().any(|c| set.contains(c)))
        .collect()
}

/// Compares Alembic's `script` with the imported revisions in `graph` for
/// `dialect`, skipping from the first revision in `hand_work`.
pub fn compare(
    graph: &RevisionGraph,
    offline: &Offline,
    dialect: &Arc<dyn Dialect>,
    hand_work: &BTreeSet<String>,
) -> Result<Verdict, Error> {
    let (preamble, mut pieces) = split_runs(&offline.script);
    let failed_at = offline
        .failed
        .as_ref()
        .map(|why| (pieces.pop().map(|p| p.revision), why));
    let file = Utf8Path::new("<alembic upgrade --sql>");
    let mut verdict = Verdict::default();
    let mut text = preamble;
    let mut good: Option<(usize, crate::declare::read::Declared)> = None;
    for (i, piece) in pieces.iter().enumerate() {
        if hand_work.contains(&piece.revision) {
            verdict.stopped = Some(format!(
                "{} needs hand work; the revisions from there on are not compared",
                piece.revision
            ));
            break;
        }
        text.push_str(&piece.text);
        match read_schema(&text, file, dialect) {
            Ok(declared) => good = Some((i + 1, declared)),
            Err(e) => {
                verdict.stopped = Some(format!(
                    "Alembic's script for {} has what the schema reader does not read ({e}); \
                     the revisions from there on are not compared",
                    piece.revision
                ));
                break;
            }
        }
    }
    if let (None, Some((at, why))) = (&verdict.stopped, failed_at) {
        verdict.stopped = Some(format!(
            "Alembic failed offline at {} ({why}); the revisions from there on are not compared",
            at.as_deref().unwrap_or("its first revision")
        ));
    }
    let Some((n, declared)) = good else {
        return Ok(verdict);
    };
    let mut set = BTreeSet::new();
    for piece in &pieces[..n] {
        let node = RevisionId::parse(&piece.revision)
            .ok()
            .and_then(|id| graph.get(&id));
        let node = node.ok_or_else(|| {
            Error::Usage(format!(
                "Alembic ran revision {} which the import did not write",
                piece.revision
            ))
        })?;
        set.insert(node);
        verdict.compared.push(piece.revision.clone());
    }
    let ours = schema_at(graph, &tips(graph, &set), dialect.clone())?;
    let d = diff(&ours, &declared.schema, &[]).map_err(|e| Error::Internal(e.to_string()))?;
    verdict.differences = upgrade_lines(&d);
    Ok(verdict)
}

/// `--verify` after the files are written: every dialect in turn; `Ok(true)`
/// when gen's model and Alembic's script agree over every compared range.
pub fn run(
    python: &str,
    versions: &Utf8Path,
    output: &Utf8Path,
    dialects: &[String],
    paths: &[String],
    hand_work: &BTreeSet<String>,
) -> Result<bool, Error> {
    let graph = RevisionGraph::build(load_dir(output)?).map_err(Error::Graph)?;
    let mut same = true;
    for name in dialects {
        let dialect = by_name(name)
            .ok_or_else(|| Error::Usage(format!("`{name}` is not a dialect gen knows")))?;
        let offline = match offline_script(python, versions, name, "heads", paths) {
            Ok(offline) => offline,
            Err(why) => {
                eprintln!("verify {name}: not compared: {why}");
                continue;
            }
        };
        let v = compare(&graph, &offline, &dialect, hand_work)?;
        eprint!("{}", verdict_text(name, &v));
        same &= v.differences.is_empty();
    }
    Ok(same)
}

/// The verdict's lines for the report.
pub fn verdict_text(dialect: &str, v: &Verdict) -> String {
    let mut s = String::new();
    match (v.compared.first(), v.compared.last()) {
        (Some(first), Some(last)) => {
            let range = format!(
                "base:{last} ({} revision(s) from {first})",
                v.compared.len()
            );
            if v.differences.is_empty() {
                s.push_str(&format!(
                    "verify {dialect}: {range}: same schema as Alembic's offline script\n"
                ));
            } else {
                s.push_str(&format!(
                    "verify {dialect}: {range}: DIFFERS from Alembic's offline script; \
                     to reach Alembic's schema gen's would need:\n"
                ));
                for line in &v.differences {
                    s.push_str(&format!("    {line}\n"));
                }
            }
        }
        _ => s.push_str(&format!(
            "verify {dialect}: no revision could be compared\n"
        )),
    }
    if let Some(why) = &v.stopped {
        s.push_str(&format!("verify {dialect}: stopped: {why}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::by_name;

    #[test]
    fn split_runs_cuts_at_each_running_line() {
        let script = "CREATE TABLE alembic_version (x int);\n\n\
            -- Running upgrade  -> a1\n\nCREATE TABLE t (id int);\n\n\
            -- Running upgrade a1, b1 -> m1\n\nCREATE TABLE u (id int);\n";
        let (pre, pieces) = split_runs(script);
        assert!(pre.contains("alembic_version"));
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].revision, "a1");
        assert!(pieces[0].text.contains("CREATE TABLE t"));
        assert!(!pieces[0].text.contains("CREATE TABLE u"));
        assert_eq!(pieces[1].revision, "m1");
    }

    /// A graph of two imported revisions: `a1` creates `t`, `b2` adds `u`.
    fn graph() -> (tempfile::TempDir, RevisionGraph) {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("a1.yaml", "revision: a1\ndown_revision: null\nmessage: t\nupgrade:\n  - create_table:\n      name: t\n      columns:\n        - {name: id, type: integer, primary_key: true, autoincrement: false}\n        - {name: n, type: varchar(20)}\n"),
            ("b2.yaml", "revision: b2\ndown_revision: a1\nmessage: u\nupgrade:\n  - create_table:\n      name: u\n      columns:\n        - {name: id, type: bigint, primary_key: true, autoincrement: false}\n"),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let path = Utf8Path::from_path(dir.path()).unwrap();
        let graph = RevisionGraph::build(load_dir(path).unwrap()).unwrap();
        (dir, graph)
    }

    const PREAMBLE: &str =
        "BEGIN;\n\nCREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, \
        CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));\n\n";

    fn offline(pieces: &[(&str, &str)], failed: Option<&str>) -> Offline {
        let mut script = PREAMBLE.to_owned();
        let mut prev = String::new();
        for (rev, sql) in pieces {
            script.push_str(&format!("-- Running upgrade {prev} -> {rev}\n\n{sql}\n\n"));
            script.push_str(&format!(
                "INSERT INTO alembic_version (version_num) VALUES ('{rev}');\n\n"
            ));
            prev = (*rev).to_owned();
        }
        script.push_str("COMMIT;\n");
        Offline {
            script,
            failed: failed.map(str::to_owned),
        }
    }

    #[test]
    fn the_same_schema_verifies_and_a_different_type_is_reported() {
        let (_dir, graph) = graph();
        let pg = by_name("postgresql").unwrap();
        let t = "CREATE TABLE t (id INTEGER NOT NULL, n VARCHAR(20), PRIMARY KEY (id));";
        let u = "CREATE TABLE u (id BIGINT NOT NULL, PRIMARY KEY (id));";
        let v = compare(
            &graph,
            &offline(&[("a1", t), ("b2", u)], None),
            &pg,
            &BTreeSet::new(),
        )
        .unwrap();
        assert_eq!(v.compared, ["a1", "b2"]);
        assert!(v.differences.is_empty(), "{:?}", v.differences);
        assert_eq!(v.stopped, None);
        // The translation gave `n` another type than Alembic's.
        let t2 = "CREATE TABLE t (id INTEGER NOT NULL, n TEXT, PRIMARY KEY (id));";
        let v = compare(
            &graph,
            &offline(&[("a1", t2), ("b2", u)], None),
            &pg,
            &BTreeSet::new(),
        )
        .unwrap();
        assert_eq!(v.differences.len(), 1, "{:?}", v.differences);
        assert!(
            v.differences[0].contains("column: n") && v.differences[0].contains("text"),
            "{:?}",
            v.differences
        );
        assert!(verdict_text("postgresql", &v).contains("DIFFERS"));
    }

    #[test]
    fn the_range_stops_at_hand_work_an_unread_statement_or_alembics_failure() {
        let (_dir, graph) = graph();
        let pg = by_name("postgresql").unwrap();
        let t = "CREATE TABLE t (id INTEGER NOT NULL, n VARCHAR(20), PRIMARY KEY (id));";
        let u = "CREATE TABLE u (id BIGINT NOT NULL, PRIMARY KEY (id));";
        let hand: BTreeSet<String> = ["b2".to_owned()].into();
        let v = compare(&graph, &offline(&[("a1", t), ("b2", u)], None), &pg, &hand).unwrap();
        assert_eq!(v.compared, ["a1"]);
        assert!(v.differences.is_empty(), "{:?}", v.differences);
        assert!(v
            .stopped
            .as_deref()
            .unwrap_or_default()
            .contains("b2 needs hand work"));
        let alter = "ALTER TABLE t DROP COLUMN n;";
        let v = compare(
            &graph,
            &offline(&[("a1", t), ("b2", alter)], None),
            &pg,
            &BTreeSet::new(),
        )
        .unwrap();
        assert_eq!(v.compared, ["a1"]);
        assert!(
            v.stopped
                .as_deref()
                .unwrap_or_default()
                .contains("does not read"),
            "{:?}",
            v.stopped
        );
        // Alembic failed in b2: its piece is incomplete and not compared.
        let v = compare(
            &graph,
            &offline(&[("a1", t), ("b2", "")], Some("Boom")),
            &pg,
            &BTreeSet::new(),
        )
        .unwrap();
        assert_eq!(v.compared, ["a1"]);
        assert!(
            v.stopped
                .as_deref()
                .unwrap_or_default()
                .contains("failed offline at b2 (Boom)"),
            "{:?}",
            v.stopped
        );
    }

    #[test]
    fn verdict_text_lists_differences() {
        let v = Verdict {
            compared: vec!["a1".into(), "b2".into()],
            differences: vec!["  - drop_table: t".into()],
            stopped: Some("why".into()),
        };
        let t = verdict_text("postgresql", &v);
        assert!(t.contains("base:b2 (2 revision(s) from a1): DIFFERS"));
        assert!(t.contains("drop_table: t"));
        assert!(t.contains("stopped: why"));
    }
}
