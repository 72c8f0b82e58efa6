//! gen's version-table handling against Alembic's own offline (`--sql`) output,
//! for the same revision graphs, on a real PostgreSQL.
//!
//! For the sample `migrations/`, 20 random branched histories (deterministic,
//! see [`random_dag`]) and two fixed graphs (issue 20's fork, [`fork_case`],
//! and the graph of Alembic's own stamp tests, [`alembic_stamp_tests_case`]),
//! `scripts/alembic_project.py` writes an Alembic project with the same
//! revisions (`revision`, `down_revision`, `branch_labels`, `depends_on`) whose
//! `upgrade()`/`downgrade()` are `pass`. Then for each of `upgrade heads`,
//! `upgrade MID`, `upgrade MID:heads`, `upgrade LABEL@head`,
//! `upgrade LABEL@head:heads` (a labelled start), `downgrade heads:base`,
//! `downgrade heads:MID`, `downgrade MID:LOW` (a downgrade from a partial
//! state), and the stamps `stamp heads`, `stamp heads:base`, `stamp MID:heads`,
//! `stamp heads:MID`, `stamp heads:LABEL@base`, `stamp heads:LABEL@head` and
//! `stamp MID:LABEL@head` both tools write their script, and:
//!
//! 1. each script is applied with `psql -v ON_ERROR_STOP=1` to a database of its
//!    own (one per tool and worker, emptied before each use: the scripts create
//!    nothing but the version table, the sample's tables aside), after the start
//!    state of the range (if it does not start at base) was made by the same
//!    tool's `upgrade START` script, in the same session; the start rows and the
//!    final `SELECT version_num FROM alembic_version ORDER BY 1` must be the same
//!    for both tools;
//! 2. the version-table statements (INSERT/UPDATE/DELETE on `alembic_version`,
//!    normalized: no RETURNING, whitespace and quoting folded) are compared.
//!    Both tools must run the same revisions with the same
//!    `-- Running upgrade X -> Y` markers, and replaying each tool's statements
//!    must give the rows found in the database. When both run the revisions in
//!    the same order the statements must be identical in sequence. Topological
//!    order may break ties differently (Alembic's follows its revision map's
//!    insertion order), and a step's statements depend on the rows it finds; so
//!    each revision's statements are compared wherever both tools reach it with
//!    the same rows. An upgrade step gen reaches with other rows is put to
//!    Alembic alone, from exactly those rows ([`check_probes`]); a downgrade
//!    step reached with other rows is covered by the final state only. A
//!    stamp's steps are compared in order ([`compare_stamp`]).
//!
//! Both keep the version table, empty, after a downgrade to base (Alembic 1.20,
//! upstream issue #1822): the final rows must be the same, table included. For
//! the sample, [`check_up_again`] then applies gen's upgrade from base to the
//! database each tool's downgrade left: it must apply and leave the heads,
//! while Alembic's own (a plain `CREATE TABLE`) must still fail there, as the
//! README says.
//!
//! Accepted differences, counted in the summary printed on stderr:
//!
//! - Where Alembic picks rows by iterating a Python set, whose order follows
//!   string hashes (`PYTHONHASHSEED`), not the graph, a step is compared on its
//!   effect (rows before -> rows after) instead of its statements:
//!   `merge_branch_idents` when rows other than the merged ones exist (which
//!   merged row is UPDATEd, which are DELETEd) and `_unmerge_to_revisions`
//!   (which restored parent is the UPDATE target, which are INSERTed). gen
//!   takes the declared order there.
//! - Alembic raising an exception (not refusing with a CommandError): there is
//!   no output to compare (see `compare`).
//!
//! Offline, Alembic takes the start of `START:END` as one revision and refuses
//! `heads:...` with several heads; online it reads the rows from the table. The
//! generated `env.py` therefore hands it every head for `heads`, and any other
//! rows through `GEN_ALEMBIC_START_ROWS`, as online mode would read them.
//!
//! Alembic is run with `PYTHONHASHSEED=0`, so that the test is reproducible.
//! To keep the run short, the commands of one graph run in one Python process
//! through `alembic.config.main`, the entry point of the `alembic` executable;
//! for the sample, every command also goes through the executable itself and
//! the outputs must be byte-identical.
//!
//! `GEN_TEST_ALEMBIC` names the `alembic` executable of a virtualenv (`.ci/run`
//! makes `.venv-alembic`). Without it the test skips loudly; under `CI=true` it
//! fails.

use crate::support::gen::Gen;
use crate::support::live;

use live::{Db, Engine};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const RANDOM_DAGS: u64 = 20;
const WORKERS: usize = 2;

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The `alembic` executable from `GEN_TEST_ALEMBIC`, or a loud skip.
fn alembic() -> Option<PathBuf> {
    let problem = match std::env::var_os("GEN_TEST_ALEMBIC").filter(|p| !p.is_empty()) {
        None => "GEN_TEST_ALEMBIC is not set".to_owned(),
        Some(p) => {
            let p = PathBuf::from(p);
            if p.is_file() {
                crate::support::outcomes::ran("Alembic");
                return Some(p);
            }
            format!("GEN_TEST_ALEMBIC={} is not a file", p.display())
        }
    };
    let msg = format!(
        "SKIPPED: no Alembic to compare with: {problem}; run .ci/run, or \
         `python3 -m venv .venv-alembic && .venv-alembic/bin/pip install alembic` and set \
         GEN_TEST_ALEMBIC=$PWD/.venv-alembic/bin/alembic (under CI=true this fails)"
    );
    crate::support::outcomes::skipped("Alembic", &format!("{problem}; see the README"));
    if ci() {
        panic!("{msg}");
    }
    let _ = writeln!(std::io::stderr().lock(), "\n*** {msg}\n");
    None
}

/// The Python interpreter of the virtualenv that holds `alembic`.
fn python_of(alembic: &Path) -> PathBuf {
    let dir = alembic.parent().unwrap_or(Path::new("."));
    for name in ["python3", "python"] {
        if dir.join(name).is_file() {
            return dir.join(name);
        }
    }
    // Not a virtualenv layout: the interpreter on the executable's `#!` line.
    let text = std::fs::read_to_string(alembic).unwrap_or_default();
    let shebang = text.lines().next().and_then(|l| l.strip_prefix("#!"));
    PathBuf::from(shebang.map_or("python3", str::trim))
}

// --- random histories ------------------------------------------------------------

/// A deterministic linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next() % den < num
    }
}

struct Rev {
    id: String,
    parents: Vec<usize>,
    /// Revisions depended on, and whether the YAML names them by their label.
    deps: Vec<(usize, bool)>,
    labels: Vec<String>,
}

struct Dag {
    revs: Vec<Rev>,
}

impl Dag {
    /// Ancestors through parents and dependencies, the revision excluded.
    fn ancestors(&self, of: &[usize]) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<usize> = of.to_vec();
        while let Some(n) = stack.pop() {
            let r = &self.revs[n];
            for &p in r.parents.iter().chain(r.deps.iter().map(|(d, _)| d)) {
                if seen.insert(p) {
                    stack.push(p);
                }
            }
        }
        seen
    }

    /// Revisions that are nobody's `down_revision`.
    fn real_heads(&self) -> Vec<usize> {
        let parents: BTreeSet<usize> = self
            .revs
            .iter()
            .flat_map(|r| r.parents.iter().copied())
            .collect();
        (0..self.revs.len())
            .filter(|i| !parents.contains(i))
            .collect()
    }

    /// One line per revision, `id <- parents ~deps @labels`, for failure messages.
    fn describe(&self) -> String {
        let mut d = String::new();
        for r in &self.revs {
            let ids: Vec<&str> = r
                .parents
                .iter()
                .map(|&p| self.revs[p].id.as_str())
                .collect();
            write!(d, "\n      {} <- [{}]", r.id, ids.join(", ")).unwrap();
            for &(dep, by_label) in &r.deps {
                let name = match (by_label, self.revs[dep].labels.first()) {
                    (true, Some(l)) => l.as_str(),
                    _ => self.revs[dep].id.as_str(),
                };
                write!(d, " ~{name}").unwrap();
            }
            for l in &r.labels {
                write!(d, " @{l}").unwrap();
            }
        }
        d
    }

    fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        for r in &self.revs {
            let ids = |v: &[usize]| -> Vec<String> {
                v.iter().map(|&i| self.revs[i].id.clone()).collect()
            };
            let mut y = format!("revision: {}\n", r.id);
            match r.parents.len() {
                0 => y.push_str("down_revision: null\n"),
                1 => writeln!(y, "down_revision: {}", self.revs[r.parents[0]].id).unwrap(),
                _ => writeln!(y, "down_revision: [{}]", ids(&r.parents).join(", ")).unwrap(),
            }
            if !r.labels.is_empty() {
                writeln!(y, "branch_labels: [{}]", r.labels.join(", ")).unwrap();
            }
            if !r.deps.is_empty() {
                let deps: Vec<String> = r
                    .deps
                    .iter()
                    .map(
                        |&(d, by_label)| match (by_label, self.revs[d].labels.first()) {
                            (true, Some(label)) => label.clone(),
                            _ => self.revs[d].id.clone(),
                        },
                    )
                    .collect();
                writeln!(y, "depends_on: [{}]", deps.join(", ")).unwrap();
            }
            y.push_str("message: random revision\nupgrade: []\n");
            std::fs::write(dir.join(format!("{}_rev.yaml", r.id)), y).unwrap();
        }
    }
}

/// A random branched history of 6 to 14 revisions without operations: up to
/// three roots, branches (a second child of a revision), merges of two or
/// three heads, branch labels, and `depends_on` across branches (by id or by
/// label, now and then on an ancestor, which both tools must ignore).
fn random_dag(seed: u64) -> Dag {
    let mut rng = Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5eed);
    let n = 6 + rng.below(9);
    let mut dag = Dag { revs: Vec::new() };
    let mut ids = BTreeSet::new();
    for i in 0..n {
        let id = loop {
            let id = format!(
                "{:012x}",
                (rng.next() << 17 ^ rng.next()) & 0xffff_ffff_ffff
            );
            // gen reads an all-digit id as a number (an error): keep a letter in.
            if id.bytes().any(|b| b.is_ascii_alphabetic()) && ids.insert(id.clone()) {
                break id;
            }
        };
        let roots = dag.revs.iter().filter(|r| r.parents.is_empty()).count();
        let heads = dag.real_heads();
        let mut parents = Vec::new();
        if i > 0 && !(roots < 3 && rng.chance(1, 7)) {
            if heads.len() >= 2 && rng.chance(1, 3) {
                // A merge of heads none of which is an ancestor of another.
                let want = if heads.len() >= 3 && rng.chance(1, 4) {
                    3
                } else {
                    2
                };
                let mut pool = heads.clone();
                while parents.len() < want && !pool.is_empty() {
                    let h = pool.swap_remove(rng.below(pool.len()));
                    let clash = parents.iter().any(|&p| {
                        dag.ancestors(&[p]).contains(&h) || dag.ancestors(&[h]).contains(&p)
                    });
                    if !clash {
                        parents.push(h);
                    }
                }
            } else if rng.chance(2, 3) {
                parents.push(heads[rng.below(heads.len())]);
            } else {
                parents.push(rng.below(i));
            }
        }
        let mut deps = Vec::new();
        if i >= 2 && rng.chance(1, 3) {
            let above = dag.ancestors(&parents);
            let redundant = rng.chance(1, 6);
            let pool: Vec<usize> = (0..i)
                .filter(|&j| !parents.contains(&j) && above.contains(&j) == redundant)
                .collect();
            if !pool.is_empty() {
                let d = pool[rng.below(pool.len())];
                deps.push((d, rng.chance(1, 2)));
            }
        }
        let labels = if rng.chance(1, 4) {
            vec![format!("br{i}")]
        } else {
            Vec::new()
        };
        dag.revs.push(Rev {
            id,
            parents,
            deps,
            labels,
        });
    }
    dag
}

// --- cases -----------------------------------------------------------------------

/// One command to compare; `start` is the `upgrade START` that makes its start state.
struct Cmd {
    args: String,
    start: Option<String>,
}

struct Case {
    name: String,
    migrations: PathBuf,
    cmds: Vec<Cmd>,
    /// Also run every command through the `alembic` executable and check that
    /// the in-process runs print the same.
    check_executable: bool,
    /// The graph, for failure messages (empty for the sample).
    graph: String,
}

fn cmd(args: &str, start: Option<&str>) -> Cmd {
    Cmd {
        args: args.to_owned(),
        start: start.map(|s| format!("upgrade {s}")),
    }
}

/// The commands of the brief for a graph, given a revision `mid` in the middle,
/// one of its ancestors `low` (or `base`), and a branch `label`.
fn commands(mid: Option<(&str, &str)>, label: Option<&str>) -> Vec<Cmd> {
    let mut cmds = vec![
        cmd("upgrade heads", None),
        cmd("downgrade heads:base", Some("heads")),
    ];
    if let Some(label) = label {
        cmds.push(cmd(&format!("upgrade {label}@head"), None));
    }
    if let Some((mid, low)) = mid {
        cmds.push(cmd(&format!("upgrade {mid}"), None));
        cmds.push(cmd(&format!("upgrade {mid}:heads"), Some(mid)));
        cmds.push(cmd(&format!("downgrade heads:{mid}"), Some("heads")));
        cmds.push(cmd(&format!("downgrade {mid}:{low}"), Some(mid)));
    }
    cmds.extend(stamp_commands(mid.map(|(m, _)| m), label));
    cmds
}

/// Stamps (from base, from heads, from `mid`, to `mid`, to the label's base
/// and head) and an upgrade that starts at `label@head`.
fn stamp_commands(mid: Option<&str>, label: Option<&str>) -> Vec<Cmd> {
    let mut cmds = vec![
        cmd("stamp heads", None),
        cmd("stamp heads:base", Some("heads")),
    ];
    if let Some(mid) = mid {
        cmds.push(cmd(&format!("stamp {mid}:heads"), Some(mid)));
        cmds.push(cmd(&format!("stamp heads:{mid}"), Some("heads")));
    }
    if let Some(label) = label {
        cmds.push(cmd(&format!("stamp heads:{label}@base"), Some("heads")));
        cmds.push(cmd(&format!("stamp heads:{label}@head"), Some("heads")));
        let at = format!("{label}@head");
        cmds.push(cmd(&format!("upgrade {at}:heads"), Some(&at)));
        if let Some(mid) = mid {
            cmds.push(cmd(&format!("stamp {mid}:{at}"), Some(mid)));
        }
    }
    cmds
}

/// A fixed graph: `(id, parents, labels)` per revision.
fn fixed_dag(revs: &[(&str, &[usize], &[&str])]) -> Dag {
    Dag {
        revs: revs
            .iter()
            .map(|(id, parents, labels)| Rev {
                id: (*id).to_owned(),
                parents: parents.to_vec(),
                deps: Vec::new(),
                labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            })
            .collect(),
    }
}

fn fixed_case(name: &str, dag: &Dag, cmds: Vec<Cmd>, dir: &Path) -> Case {
    let migrations = dir.join(name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
    dag.write(&migrations);
    Case {
        name: name.to_owned(),
        migrations,
        cmds,
        check_executable: false,
        graph: dag.describe(),
    }
}

/// Issue 20's graph, `a <- b` (label `x`), `a <- c` (label `y`): a stamp
/// moves only the rows on its destination's line, and an upgrade's
/// `label@...` start is just its revision.
fn fork_case(dir: &Path) -> Case {
    let dag = fixed_dag(&[("a", &[], &[]), ("b", &[0], &["x"]), ("c", &[0], &["y"])]);
    let mut cmds = vec![
        cmd("stamp b:c", Some("b")),
        cmd("stamp heads:b", Some("heads")),
        cmd("stamp heads:x@base", Some("heads")),
        cmd("upgrade x@head:heads", Some("x@head")),
        cmd("upgrade x@head:y@head", Some("x@head")),
        cmd("stamp a:heads", Some("a")),
        cmd("stamp heads:a", Some("heads")),
        cmd("stamp base", None),
    ];
    cmds.extend(commands(Some(("a", "base")), Some("x")));
    fixed_case("issue 20 fork", &dag, cmds, dir)
}

/// The graph of Alembic's `test_stamp_to_labeled_base_multiple_heads` and
/// its neighbours (tests/test_version_traversal.py): a <- b <- c1
/// (c1branch) <- d1, b <- c2 (c2branch) <- d2. Alembic's tests start from
/// the rows d1 and c2, which no gen target names; from the heads d1 and d2,
/// `c1branch@base` still deletes only d1, `c2branch@head` changes nothing,
/// and `b` merges both rows into b.
fn alembic_stamp_tests_case(dir: &Path) -> Case {
    let dag = fixed_dag(&[
        ("a", &[], &[]),
        ("b", &[0], &[]),
        ("c1", &[1], &["c1branch"]),
        ("d1", &[2], &[]),
        ("c2", &[1], &["c2branch"]),
        ("d2", &[4], &[]),
    ]);
    let cmds = vec![
        cmd("stamp heads:c1branch@base", Some("heads")),
        cmd("stamp heads:c2branch@head", Some("heads")),
        cmd("stamp heads:b", Some("heads")),
        cmd("stamp d1:c2branch@head", Some("d1")),
        cmd("stamp c2:c1branch@base", Some("c2")),
        cmd("stamp b:heads", Some("b")),
    ];
    fixed_case("Alembic's stamp tests", &dag, cmds, dir)
}

fn sample_case() -> Case {
    let mut cmds = commands(Some(("3e790e4a29bd", "5d91218841c1")), Some("billing"));
    // The merge, downgraded from a partial state to a revision on the billing branch.
    cmds.push(cmd("upgrade 3e6853f44860", None));
    cmds.push(cmd(
        "downgrade 3e6853f44860:895dea1c80ee",
        Some("3e6853f44860"),
    ));
    Case {
        name: "sample migrations/".into(),
        migrations: Path::new(ROOT).join("migrations"),
        cmds,
        check_executable: true,
        graph: String::new(),
    }
}

fn random_case(seed: u64, dir: &Path) -> Case {
    let dag = random_dag(seed);
    let migrations = dir.join(format!("dag{seed}"));
    dag.write(&migrations);
    let mut rng = Lcg(seed ^ 0xabcd);
    let heads = dag.real_heads();
    let inner: Vec<usize> = (0..dag.revs.len()).filter(|i| !heads.contains(i)).collect();
    let mid = (!inner.is_empty()).then(|| inner[rng.below(inner.len())]);
    let low = mid.map(|m| {
        // A proper ancestor through down revisions only, or base.
        let mut line = BTreeSet::new();
        let mut stack = dag.revs[m].parents.clone();
        while let Some(p) = stack.pop() {
            if line.insert(p) {
                stack.extend(dag.revs[p].parents.iter().copied());
            }
        }
        let line: Vec<usize> = line.into_iter().collect();
        if line.is_empty() {
            "base".to_owned()
        } else {
            dag.revs[line[rng.below(line.len())]].id.clone()
        }
    });
    let labels: Vec<&String> = dag.revs.iter().flat_map(|r| &r.labels).collect();
    let label = (!labels.is_empty()).then(|| labels[rng.below(labels.len())].as_str());
    let mid_low = mid.zip(low.as_deref());
    let cmds = commands(mid_low.map(|(m, l)| (dag.revs[m].id.as_str(), l)), label);
    Case {
        name: format!("random DAG #{seed} ({} revisions)", dag.revs.len()),
        migrations,
        cmds,
        check_executable: false,
        graph: dag.describe(),
    }
}

// --- running the tools -------------------------------------------------------------

#[derive(Clone, Debug)]
struct Run {
    ok: bool,
    out: String,
    err: String,
}

fn gen_run(migrations: &Path, cwd: &Path, args: &str) -> Run {
    let o = Gen::new()
        .dir(cwd)
        .arg("--migrations")
        .arg(migrations)
        .args(args.split_whitespace())
        .arg("--sql")
        .run();
    Run {
        ok: o.success(),
        out: o.stdout,
        err: o.stderr,
    }
}

/// Every command through `alembic.config.main` in one Python process.
fn alembic_runs(python: &Path, project: &Path, results: &Path, cmds: &[String]) -> Vec<Run> {
    let status = Command::new(python)
        .env("PYTHONHASHSEED", "0")
        .arg(Path::new(ROOT).join("scripts/alembic_project.py"))
        .arg("--run")
        .arg(project)
        .arg(results)
        .args(cmds)
        .status()
        .expect("run the Alembic batch");
    assert!(status.success(), "alembic_project.py --run failed");
    (0..cmds.len())
        .map(|n| {
            let read = |ext: &str| {
                std::fs::read_to_string(results.join(format!("{n}.{ext}"))).unwrap_or_default()
            };
            let out = read("out");
            // Alembic prints `FAILED: ...` on stdout.
            Run {
                ok: read("rc").trim() == "0",
                err: format!("{out}{}", read("err")),
                out,
            }
        })
        .collect()
}

fn alembic_exe_run(alembic: &Path, project: &Path, args: &str) -> Run {
    let out = Command::new(alembic)
        .env("PYTHONHASHSEED", "0")
        .arg("-c")
        .arg(project.join("alembic.ini"))
        .args(args.split_whitespace())
        .arg("--sql")
        .output()
        .expect("run alembic");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    Run {
        ok: out.status.success(),
        err: format!("{stdout}{}", String::from_utf8_lossy(&out.stderr)),
        out: stdout,
    }
}

// --- reading the scripts ---------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
enum Change {
    Insert(String),
    Update { from: String, to: String },
    Delete(String),
}

#[derive(Clone, Debug)]
struct Block {
    marker: String,
    rev: String,
    up: bool,
    stmts: Vec<String>,
    changes: Vec<Change>,
}

#[derive(Debug, Default)]
struct Parsed {
    blocks: Vec<Block>,
    creates: usize,
    drops: usize,
}

/// Whitespace folded, double quotes and `RETURNING ...` dropped, no spaces around `=`.
fn normalize(line: &str) -> String {
    let s = line.trim().trim_end_matches(';').replace('"', "");
    let s = match s.to_ascii_uppercase().find(" RETURNING ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    };
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" =", "=")
        .replace("= ", "=")
}

fn literals(s: &str) -> Vec<String> {
    s.split('\'')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, l)| l.to_owned())
        .collect()
}

fn parse(script: &str) -> Result<Parsed, String> {
    let mut p = Parsed::default();
    for line in script.lines() {
        if let Some(rest) = line.strip_prefix("-- Running ") {
            let (dir, body) = rest
                .split_once(' ')
                .ok_or_else(|| format!("odd marker {line:?}"))?;
            // gen trims the trailing space Alembic leaves after `->` when
            // a downgrade reaches base.
            let (from, to) = body
                .split_once(" -> ")
                .or_else(|| body.strip_suffix(" ->").map(|f| (f, "")))
                .ok_or_else(|| format!("odd marker {line:?}"))?;
            let up = dir == "upgrade";
            p.blocks.push(Block {
                marker: rest.trim_end().to_owned(),
                rev: if up { to } else { from }.trim().to_owned(),
                up,
                stmts: Vec::new(),
                changes: Vec::new(),
            });
            continue;
        }
        let n = normalize(line);
        let upper = n.to_ascii_uppercase();
        let change = if upper.starts_with("CREATE TABLE ALEMBIC_VERSION")
            || upper.starts_with("CREATE TABLE IF NOT EXISTS ALEMBIC_VERSION")
        {
            p.creates += 1;
            continue;
        } else if upper.starts_with("DROP TABLE ALEMBIC_VERSION") {
            p.drops += 1;
            continue;
        } else if upper.starts_with("INSERT INTO ALEMBIC_VERSION") {
            match &literals(&n)[..] {
                [id] => Change::Insert(id.clone()),
                _ => return Err(format!("odd INSERT {line:?}")),
            }
        } else if upper.starts_with("UPDATE ALEMBIC_VERSION") {
            match &literals(&n)[..] {
                [to, from] => Change::Update {
                    from: from.clone(),
                    to: to.clone(),
                },
                _ => return Err(format!("odd UPDATE {line:?}")),
            }
        } else if upper.starts_with("DELETE FROM ALEMBIC_VERSION") {
            match &literals(&n)[..] {
                [id] => Change::Delete(id.clone()),
                _ => return Err(format!("odd DELETE {line:?}")),
            }
        } else {
            continue;
        };
        let block = p
            .blocks
            .last_mut()
            .ok_or_else(|| format!("version statement before any step: {line:?}"))?;
        block.stmts.push(n);
        block.changes.push(change);
    }
    Ok(p)
}

type Rows = BTreeSet<String>;

/// The rows after `changes`, or why they do not apply.
fn replay(rows: &Rows, changes: &[Change]) -> Result<Rows, String> {
    let mut rows = rows.clone();
    for c in changes {
        let ok = match c {
            Change::Insert(i) => rows.insert(i.clone()),
            Change::Delete(i) => rows.remove(i),
            Change::Update { from, to } => {
                !rows.contains(to) && rows.remove(from) && rows.insert(to.clone())
            }
        };
        if !ok {
            return Err(format!("{c:?} does not apply to {rows:?}"));
        }
    }
    Ok(rows)
}

/// Where Alembic's choice follows a Python set's order (see the module doc):
/// an upgrade merge (DELETE..., UPDATE to the revision) that leaves other rows
/// alone, or a downgrade unmerge (INSERT..., UPDATE from the revision).
fn set_ordered(b: &Block, before: &Rows) -> bool {
    let Some((last, rest)) = b.changes.split_last() else {
        return false;
    };
    if b.up {
        let merge = !rest.is_empty()
            && rest.iter().all(|c| matches!(c, Change::Delete(_)))
            && matches!(last, Change::Update { to, .. } if *to == b.rev);
        let touched: BTreeSet<&String> = b
            .changes
            .iter()
            .map(|c| match c {
                Change::Delete(i) | Change::Insert(i) => i,
                Change::Update { from, .. } => from,
            })
            .collect();
        merge && before.iter().any(|r| !touched.contains(r))
    } else {
        !rest.is_empty()
            && rest.iter().all(|c| matches!(c, Change::Insert(_)))
            && matches!(last, Change::Update { from, .. } if *from == b.rev)
    }
}

// --- comparing ---------------------------------------------------------------------

#[derive(Default)]
struct Stats {
    commands: usize,
    both_refused: usize,
    identical: usize,
    steps_equal: usize,
    steps_set_ordered: usize,
    steps_other_order: usize,
    /// Upgrade steps reached in another state, checked by `check_probes`.
    steps_probed: usize,
    /// Stamp commands compared (their steps are compared in order).
    stamps: usize,
    /// Commands where Alembic raised an exception (not a CommandError).
    alembic_crashed: Vec<String>,
    failures: Vec<String>,
}

/// psql lines that print `@@LABEL:` and the version rows, comma-separated
/// and sorted, or `@@LABEL:<none>` when there is no version table.
fn probe(label: &str) -> String {
    format!(
        "SELECT to_regclass('alembic_version') IS NOT NULL AS has_version_table \\gset\n\
         \\if :has_version_table\n\
         SELECT '@@{label}:' || coalesce(string_agg(version_num, ',' ORDER BY version_num), '') \
         FROM alembic_version;\n\
         \\else\n\
         SELECT '@@{label}:<none>';\n\
         \\endif\n"
    )
}

fn probed(out: &str, label: &str) -> Option<Vec<String>> {
    let tag = format!("@@{label}:");
    let line = out.lines().find_map(|l| l.strip_prefix(tag.as_str()));
    match line.map(str::trim) {
        None | Some("<none>") => None,
        Some("") => Some(Vec::new()),
        Some(rows) => Some(rows.split(',').map(str::to_owned).collect()),
    }
}

struct Applied {
    /// The rows after the start script (`None`: no start, or no version table).
    start: Option<Vec<String>>,
    /// The rows at the end (`None`: no version table).
    end: Option<Vec<String>>,
}

/// Empties `db` (its `public` schema: the scripts create nothing elsewhere),
/// makes the start state with `start` (if any), applies `script`, reading the
/// version rows after each: one `psql -v ON_ERROR_STOP=1 -f` session.
fn apply(db: &Db, start: Option<&Run>, script: &str) -> Result<Applied, String> {
    let mut sql = String::from(
        "\\pset format unaligned\n\\pset tuples_only on\n\
         DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n",
    );
    if let Some(s) = start {
        sql.push_str(&s.out);
        sql.push_str("\n-- (end of the start script)\n");
        sql.push_str(&probe("start"));
    }
    sql.push_str(script);
    sql.push_str("\n-- (end of the script)\n");
    sql.push_str(&probe("end"));
    let out = db
        .apply_sql(&sql)
        .map_err(|e| format!("script failed: {}", short(&e)))?;
    if !out.contains("@@end:") {
        return Err(format!("script stopped early: {}", short(&out)));
    }
    Ok(Applied {
        start: probed(&out, "start"),
        end: probed(&out, "end"),
    })
}

/// The gist of an error: its last lines (a traceback ends with the exception).
fn short(s: &str) -> String {
    let lines: Vec<&str> = s.trim().lines().filter(|l| !l.trim().is_empty()).collect();
    let from = if s.contains("Traceback") {
        lines.len().saturating_sub(3)
    } else {
        0
    };
    let mut t = lines[from..]
        .iter()
        .take(6)
        .copied()
        .collect::<Vec<_>>()
        .join(" | ");
    if t.len() > 400 {
        t.truncate(400);
        t.push_str("...");
    }
    t
}

/// Steps with the rows each one finds, per revision.
fn steps_with_rows(p: &Parsed, start: &Rows) -> Result<(Vec<Rows>, Rows), String> {
    let mut rows = start.clone();
    let mut before = Vec::with_capacity(p.blocks.len());
    for b in &p.blocks {
        before.push(rows.clone());
        rows = replay(&rows, &b.changes).map_err(|e| format!("step {}: {e}", b.marker))?;
    }
    Ok((before, rows))
}

/// An upgrade step gen takes from rows Alembic's own order never passes through.
struct Probe {
    rows: Rows,
    step: Block,
}

fn compare(
    probes: &mut Vec<Probe>,
    a_run: &Run,
    g_run: &Run,
    a_start: Option<&Run>,
    g_start: Option<&Run>,
    dbs: &(Db, Db),
    stats: &mut Stats,
) -> Result<(), String> {
    stats.commands += 1;
    let a_ok = a_run.ok && a_start.is_none_or(|s| s.ok);
    let g_ok = g_run.ok && g_start.is_none_or(|s| s.ok);
    match (a_ok, g_ok) {
        (false, false) => {
            stats.both_refused += 1;
            return Ok(());
        }
        (false, true) => {
            let why = a_start.filter(|s| !s.ok).unwrap_or(a_run);
            // An uncaught exception is not a refusal: Alembic broke down, so
            // there is nothing to compare (seen: a merge whose revision also
            // depends on an ancestor of one of its parents; Alembic keeps that
            // dependency among the merged revisions, then UPDATEs a row that is
            // not there: KeyError in HeadMaintainer._update_version).
            if why.err.contains("Traceback (most recent call last)") {
                stats.alembic_crashed.push(short(&why.err));
                return Ok(());
            }
            return Err(format!("Alembic refused, gen did not: {}", short(&why.err)));
        }
        (true, false) => {
            let why = g_start.filter(|s| !s.ok).unwrap_or(g_run);
            return Err(format!("gen refused, Alembic did not: {}", short(&why.err)));
        }
        (true, true) => {}
    }

    // (a) the real database.
    let a_db = apply(&dbs.0, a_start, &a_run.out).map_err(|e| format!("Alembic's {e}"))?;
    let g_db = apply(&dbs.1, g_start, &g_run.out).map_err(|e| format!("gen's {e}"))?;
    if a_db.start != g_db.start {
        return Err(format!(
            "start states differ: Alembic {:?}, gen {:?}",
            a_db.start, g_db.start
        ));
    }
    if a_db.end != g_db.end {
        return Err(format!(
            "final version rows differ: Alembic {:?}, gen {:?} (None: no version table)",
            a_db.end, g_db.end
        ));
    }

    // (b) the statements.
    let a = parse(&a_run.out).map_err(|e| format!("Alembic's script: {e}"))?;
    let g = parse(&g_run.out).map_err(|e| format!("gen's script: {e}"))?;
    // Both keep the version table, empty, at base (Alembic 1.20, upstream
    // issue #1822), and create it before a step that finds no rows.
    if (a.creates, a.drops) != (g.creates, g.drops) {
        return Err(format!(
            "CREATE/DROP TABLE alembic_version: Alembic {}/{}, gen {}/{}",
            a.creates, a.drops, g.creates, g.drops
        ));
    }
    let start: Rows = a_db.start.clone().unwrap_or_default().into_iter().collect();
    let db_end: Rows = a_db.end.clone().unwrap_or_default().into_iter().collect();
    let is_stamp = |p: &Parsed| {
        p.blocks
            .iter()
            .any(|b| b.marker.starts_with("stamp_revision"))
    };
    if is_stamp(&a) || is_stamp(&g) {
        stats.stamps += 1;
        return compare_stamp(&a, &g, &start, &db_end);
    }
    let markers = |p: &Parsed| -> BTreeMap<String, String> {
        p.blocks
            .iter()
            .map(|b| (b.rev.clone(), b.marker.clone()))
            .collect()
    };
    let (a_markers, g_markers) = (markers(&a), markers(&g));
    if a_markers != g_markers || a.blocks.len() != g.blocks.len() {
        let a_only: Vec<_> = a_markers
            .values()
            .filter(|m| !g_markers.values().any(|x| x == *m))
            .collect();
        let g_only: Vec<_> = g_markers
            .values()
            .filter(|m| !a_markers.values().any(|x| x == *m))
            .collect();
        return Err(format!(
            "steps differ: only Alembic {a_only:?}, only gen {g_only:?}"
        ));
    }
    let (a_before, a_end) = steps_with_rows(&a, &start).map_err(|e| format!("Alembic: {e}"))?;
    let (g_before, g_end) = steps_with_rows(&g, &start).map_err(|e| format!("gen: {e}"))?;
    if a_end != db_end || g_end != db_end {
        return Err(format!(
            "replaying the statements gives Alembic {a_end:?}, gen {g_end:?}, the database {db_end:?}"
        ));
    }
    let a_all: Vec<&String> = a.blocks.iter().flat_map(|b| &b.stmts).collect();
    let g_all: Vec<&String> = g.blocks.iter().flat_map(|b| &b.stmts).collect();
    if a_all == g_all {
        stats.identical += 1;
    }
    let g_index: BTreeMap<&str, usize> = g
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (b.rev.as_str(), i))
        .collect();
    for (ai, ab) in a.blocks.iter().enumerate() {
        let gi = g_index[ab.rev.as_str()];
        let gb = &g.blocks[gi];
        if a_before[ai] != g_before[gi] {
            // Reached in another state, because the order differs: an upgrade
            // step is put to Alembic on its own, from gen's rows (see
            // `check_probes`); a downgrade step is covered by the final state.
            if gb.up && !g_before[gi].is_empty() {
                probes.push(Probe {
                    rows: g_before[gi].clone(),
                    step: gb.clone(),
                });
            } else {
                stats.steps_other_order += 1;
            }
            continue;
        }
        if ab.stmts == gb.stmts {
            stats.steps_equal += 1;
            continue;
        }
        let before = &a_before[ai];
        let effect_a = replay(before, &ab.changes);
        let effect_g = replay(before, &gb.changes);
        if set_ordered(ab, before) && set_ordered(gb, before) && effect_a == effect_g {
            stats.steps_set_ordered += 1;
            continue;
        }
        return Err(format!(
            "step `{}` from rows {before:?}:\n      Alembic: {:?}\n      gen:     {:?}",
            ab.marker, ab.stmts, gb.stmts
        ));
    }
    Ok(())
}

/// A stamp's steps (Alembic's `StampStep`s), in order: the same markers
/// (the rows a step moves compared as a set) and statements to the same
/// effect from the same rows (which of several merged rows is UPDATEd
/// follows the order Alembic is handed the rows; gen takes them by id).
/// Where the destinations come in another order (`stamp heads`), each
/// tool's steps must still replay to the rows found in the database.
fn compare_stamp(a: &Parsed, g: &Parsed, start: &Rows, db_end: &Rows) -> Result<(), String> {
    let key = |b: &Block| {
        let body = b.marker.trim_start_matches("stamp_revision").trim();
        let (from, to) = body.split_once("->").unwrap_or((body, ""));
        let mut from: Vec<&str> = from
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        from.sort_unstable();
        format!("{} -> {}", from.join(", "), to.trim())
    };
    let a_keys: Vec<String> = a.blocks.iter().map(key).collect();
    let g_keys: Vec<String> = g.blocks.iter().map(key).collect();
    let (_, a_end) = steps_with_rows(a, start).map_err(|e| format!("Alembic: {e}"))?;
    let (_, g_end) = steps_with_rows(g, start).map_err(|e| format!("gen: {e}"))?;
    if a_end != *db_end || g_end != *db_end {
        return Err(format!(
            "replaying the stamps gives Alembic {a_end:?}, gen {g_end:?}, the database {db_end:?}"
        ));
    }
    if a_keys != g_keys {
        let (mut a_sorted, mut g_sorted) = (a_keys.clone(), g_keys.clone());
        a_sorted.sort();
        g_sorted.sort();
        if a_sorted == g_sorted {
            return Ok(());
        }
        return Err(format!(
            "stamp steps differ: Alembic {a_keys:?}, gen {g_keys:?}"
        ));
    }
    let mut rows = start.clone();
    for (ab, gb) in a.blocks.iter().zip(&g.blocks) {
        let effect_a = replay(&rows, &ab.changes)?;
        let effect_g = replay(&rows, &gb.changes)?;
        if ab.stmts != gb.stmts && effect_a != effect_g {
            return Err(format!(
                "stamp step `{}` from rows {rows:?}:\n      Alembic: {:?}\n      gen:     {:?}",
                ab.marker, ab.stmts, gb.stmts
            ));
        }
        rows = effect_a;
    }
    Ok(())
}

/// Down to base, then up again, on the database each tool's downgrade left:
/// both keep the version table, empty; gen's upgrade from base then applies
/// (`CREATE TABLE IF NOT EXISTS`) and leaves the heads; Alembic's, a plain
/// `CREATE TABLE`, fails there (the README says so).
fn check_up_again(
    a_runs: &BTreeMap<String, Run>,
    g_runs: &BTreeMap<String, Run>,
    dbs: &(Db, Db),
) -> Result<(), String> {
    let (up, down) = ("upgrade heads", "downgrade heads:base");
    let start = |runs: &BTreeMap<String, Run>| Run {
        ok: true,
        out: format!("{}\n{}", runs[up].out, runs[down].out),
        err: String::new(),
    };
    let (a_start, g_start) = (start(a_runs), start(g_runs));
    let heads = apply(&dbs.1, None, &g_runs[up].out)?.end;
    for (db, start) in [(&dbs.0, &a_start), (&dbs.1, &g_start)] {
        let again = apply(db, Some(start), &g_runs[up].out)
            .map_err(|e| format!("gen's upgrade from base after a downgrade to base: {e}"))?;
        if again.start.as_deref() != Some(&[][..]) || again.end != heads {
            return Err(format!(
                "down to base, up again: rows {:?} at base (expected an empty table), \
                 {:?} after (expected {heads:?})",
                again.start, again.end
            ));
        }
    }
    if apply(&dbs.0, Some(&a_start), &a_runs[up].out).is_ok() {
        return Err(
            "Alembic's own upgrade from base now applies after a downgrade to base: \
             update the README's \"Where gen differs on purpose\""
                .to_owned(),
        );
    }
    Ok(())
}

fn run_case(case: &Case, alembic: &Path, python: &Path, dbs: &(Db, Db), stats: &mut Stats) {
    let work = tempfile::tempdir().expect("temp dir");
    let project = work.path().join("alembic");
    let status = Command::new(python)
        .arg(Path::new(ROOT).join("scripts/alembic_project.py"))
        .arg(&case.migrations)
        .arg(&project)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run alembic_project.py");
    assert!(status.success(), "{}: alembic_project.py failed", case.name);

    let mut all: Vec<String> = Vec::new();
    for c in &case.cmds {
        for a in std::iter::once(&c.args).chain(&c.start) {
            if !all.contains(a) {
                all.push(a.clone());
            }
        }
    }
    let a_runs: BTreeMap<String, Run> = all
        .iter()
        .cloned()
        .zip(alembic_runs(
            python,
            &project,
            &work.path().join("results"),
            &all,
        ))
        .collect();
    if case.check_executable {
        for (args, batch) in &a_runs {
            let exe = alembic_exe_run(alembic, &project, args);
            if (exe.ok, &exe.out) != (batch.ok, &batch.out) {
                stats.failures.push(format!(
                    "{}: `alembic {args} --sql` prints something else than the in-process run",
                    case.name
                ));
            }
        }
    }
    let g_runs: BTreeMap<String, Run> = all
        .iter()
        .map(|a| (a.clone(), gen_run(&case.migrations, work.path(), a)))
        .collect();
    let mut probes = Vec::new();
    for c in &case.cmds {
        let start = |runs: &BTreeMap<String, Run>| c.start.as_ref().map(|s| runs[s].clone());
        let (a_start, g_start) = (start(&a_runs), start(&g_runs));
        if let Err(e) = compare(
            &mut probes,
            &a_runs[&c.args],
            &g_runs[&c.args],
            a_start.as_ref(),
            g_start.as_ref(),
            dbs,
            stats,
        ) {
            stats.failures.push(format!(
                "{}: `{} --sql`: {e}{}",
                case.name, c.args, case.graph
            ));
        }
    }
    if case.check_executable {
        if let Err(e) = check_up_again(&a_runs, &g_runs, dbs) {
            stats.failures.push(format!("{}: {e}", case.name));
        }
    }
    check_probes(
        case,
        python,
        &project,
        &work.path().join("probes"),
        probes,
        stats,
    );
}

/// Each upgrade step gen takes from rows Alembic's order does not reach, put to
/// Alembic alone: `upgrade ROW:REV` starting from exactly those rows (env.py
/// takes them as the current heads, as online mode would read them from the
/// table). Every ancestor of REV is applied there, so Alembic runs that one
/// step, and its version statements must be gen's.
fn check_probes(
    case: &Case,
    python: &Path,
    project: &Path,
    results: &Path,
    probes: Vec<Probe>,
    stats: &mut Stats,
) {
    let unique: BTreeMap<(Vec<String>, String), Block> = probes
        .into_iter()
        .map(|p| ((p.rows.into_iter().collect(), p.step.rev.clone()), p.step))
        .collect();
    if unique.is_empty() {
        return;
    }
    let cmds: Vec<String> = unique
        .keys()
        .map(|(rows, rev)| format!("rows={} upgrade {}:{rev}", rows.join(","), rows[0]))
        .collect();
    let runs = alembic_runs(python, project, results, &cmds);
    for (((rows, _), g_step), run) in unique.iter().zip(runs) {
        let before: Rows = rows.iter().cloned().collect();
        let fail = |e: String| {
            format!(
                "{}: gen's step `{}` from rows {rows:?}, put to Alembic alone: {e}{}",
                case.name, g_step.marker, case.graph
            )
        };
        if !run.ok {
            if run.err.contains("Traceback (most recent call last)") {
                stats.alembic_crashed.push(short(&run.err));
            } else {
                stats
                    .failures
                    .push(fail(format!("Alembic refused: {}", short(&run.err))));
            }
            continue;
        }
        let a = match parse(&run.out) {
            Ok(a) => a,
            Err(e) => {
                stats.failures.push(fail(e));
                continue;
            }
        };
        let a_step = match &a.blocks[..] {
            [b] if b.marker == g_step.marker && a.creates == 0 => b,
            _ => {
                let markers: Vec<&str> = a.blocks.iter().map(|b| b.marker.as_str()).collect();
                stats
                    .failures
                    .push(fail(format!("Alembic ran {markers:?}")));
                continue;
            }
        };
        if a_step.stmts == g_step.stmts {
            stats.steps_probed += 1;
        } else if set_ordered(a_step, &before)
            && set_ordered(g_step, &before)
            && replay(&before, &a_step.changes) == replay(&before, &g_step.changes)
        {
            stats.steps_set_ordered += 1;
        } else {
            stats.failures.push(fail(format!(
                "\n      Alembic: {:?}\n      gen:     {:?}",
                a_step.stmts, g_step.stmts
            )));
        }
    }
}

#[test]
fn version_table_matches_alembic_offline_output() {
    let Some(alembic) = alembic() else { return };
    let Some(pg) = live::pg() else { return };
    let python = python_of(&alembic);
    let dags = tempfile::tempdir().expect("temp dir");
    let mut cases = vec![
        sample_case(),
        fork_case(dags.path()),
        alembic_stamp_tests_case(dags.path()),
    ];
    cases.extend((1..=RANDOM_DAGS).map(|seed| random_case(seed, dags.path())));

    let queue = Mutex::new(cases.iter());
    let total = Mutex::new(Stats::default());
    std::thread::scope(|s| {
        for w in 0..WORKERS {
            let (queue, total, pg, alembic, python) = (&queue, &total, &pg, &alembic, &python);
            s.spawn(move || {
                let dbs = worker_dbs(pg, w);
                let mut stats = Stats::default();
                loop {
                    let Some(case) = queue.lock().unwrap().next() else {
                        break;
                    };
                    run_case(case, alembic, python, &dbs, &mut stats);
                }
                let mut t = total.lock().unwrap();
                t.commands += stats.commands;
                t.both_refused += stats.both_refused;
                t.identical += stats.identical;
                t.steps_equal += stats.steps_equal;
                t.steps_set_ordered += stats.steps_set_ordered;
                t.steps_other_order += stats.steps_other_order;
                t.steps_probed += stats.steps_probed;
                t.stamps += stats.stamps;
                t.alembic_crashed.extend(stats.alembic_crashed);
                t.failures.extend(stats.failures);
            });
        }
    });
    let t = total.into_inner().unwrap();
    eprintln!(
        "alembic_compare: {} cases, {} commands ({} refused by both, {} with identical \
         version statements); steps: {} identical, {} equal in effect (Alembic's set \
         order), {} upgrade steps reached in another state (order differs) identical to \
         Alembic's from the same rows, {} downgrade steps reached in another state \
         (final state compared); \
         {} stamps; \
         {} commands where Alembic crashed (not compared){}",
        cases.len(),
        t.commands,
        t.both_refused,
        t.identical,
        t.steps_equal,
        t.steps_set_ordered,
        t.steps_probed,
        t.steps_other_order,
        t.stamps,
        t.alembic_crashed.len(),
        t.alembic_crashed
            .iter()
            .map(|c| format!("\n  Alembic crashed: {c}"))
            .collect::<String>()
    );
    assert!(
        t.failures.is_empty(),
        "{} mismatches with Alembic:\n  {}",
        t.failures.len(),
        t.failures.join("\n  ")
    );
    assert!(t.steps_equal > 0, "nothing was compared step by step");
}

/// Two scratch databases per worker, one per tool; each comparison empties them
/// first (the scripts hold nothing but the version table, the sample's DDL aside).
fn worker_dbs(pg: &Engine, w: usize) -> (Db, Db) {
    (
        pg.fresh_db(&format!("alembic_cmp_a{w}")),
        pg.fresh_db(&format!("alembic_cmp_g{w}")),
    )
}
