//! Every example of the README runs as written, and so does every `gen`
//! command of docs/ci.md's CI snippets and of the pre-commit hook.
//!
//! The README's ```sh blocks run in order, each as one bash script (so that
//! `cd shop` holds for the lines after it), in a temporary copy of the
//! sample project, with the `gen` cargo built first on `PATH`. Each line
//! must exit 0, or the code its comment announces as `(exits N`. Lines
//! that start with `cargo` are not run (this test runs under cargo, with
//! `gen` already built from the same sources); `psql` runs against a fresh
//! PostgreSQL database (`PG*` variables from `GEN_TEST_PG`), `sqlite3` and
//! `squawk` (`GEN_TEST_SQUAWK`) when they are there. A line whose tool is
//! missing is skipped loudly; under `CI=true` that fails.

use crate::support::live;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn skip(what: &str) {
    let msg = format!("SKIPPED: README example `{what}` (under CI=true this fails)");
    if ci() {
        panic!("{msg}");
    }
    let _ = writeln!(std::io::stderr().lock(), "\n*** {msg}\n");
}

/// The lines of each fenced block of `lang` in `text`.
fn blocks(text: &str, lang: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in text.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l == format!("```{lang}") => current = Some(Vec::new()),
            (Some(_), "```") => out.extend(current.take()),
            (Some(lines), _) => lines.push(line.to_owned()),
            (None, _) => {}
        }
    }
    out
}

/// A copy of the sample project: `migrations/` and an empty `out/`.
fn sample_project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let to = tmp.path().join("migrations");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(Path::new(ROOT).join("migrations")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir_all(tmp.path().join("out")).unwrap();
    tmp
}

/// What the examples run with.
struct Shell {
    dir: PathBuf,
    path: String,
    env: Vec<(String, String)>,
    squawk: bool,
    psql: bool,
    sqlite3: bool,
    /// Commands run, for the count at the end.
    ran: Vec<String>,
    /// Commands skipped (their tool missing outside CI), also counted.
    skipped: Vec<String>,
}

/// The exit code a line's comment announces, `(exits N`, or 0.
fn expected_exit(line: &str) -> i32 {
    line.split("(exits ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

impl Shell {
    /// Runs the lines as one bash script; every line must exit as expected.
    fn run_block(&mut self, what: &str, lines: &[String]) {
        let mut script = String::from("set -o pipefail\n");
        let mut any = false;
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let first = trimmed.split_whitespace().next().unwrap_or("");
            let missing = match first {
                "cargo" => {
                    // Built by cargo already; the README's cargo lines are
                    // checked by `the_install_line_is_the_one_cargo_runs`.
                    continue;
                }
                "psql" if !self.psql => Some("psql: no PostgreSQL reachable"),
                "sqlite3" if !self.sqlite3 => Some("sqlite3: no sqlite3 client"),
                _ if trimmed.contains("| squawk") && !self.squawk => {
                    Some("squawk: GEN_TEST_SQUAWK is not set")
                }
                _ => None,
            };
            if let Some(why) = missing {
                skip(&format!("{trimmed}` ({why})"));
                self.skipped.push(trimmed.to_owned());
                continue;
            }
            any = true;
            self.ran.push(trimmed.to_owned());
            let expected = expected_exit(trimmed);
            let quoted = trimmed.replace('\'', r"'\''");
            script.push_str(&format!(
                "{trimmed}\nrc=$?\nif [ \"$rc\" -ne {expected} ]; then \
                 echo '{what} line {}: `{quoted}` exited '\"$rc\"', not {expected}' >&2; exit 100; fi\n",
                i + 1
            ));
        }
        if !any {
            return;
        }
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .current_dir(&self.dir)
            .env("PATH", &self.path)
            .env("NO_COLOR", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "{what}:\n{}\n--- stdout ---\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn every_readme_and_ci_example_runs_as_written() {
    let project = sample_project();
    let gen_dir = Path::new(crate::support::gen::BIN)
        .parent()
        .unwrap()
        .to_owned();
    let mut path = format!("{}:", gen_dir.display());
    let squawk = std::env::var_os("GEN_TEST_SQUAWK")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_file());
    if let Some(squawk) = &squawk {
        path.push_str(&format!("{}:", squawk.parent().unwrap().display()));
    }
    path.push_str(&std::env::var("PATH").unwrap_or_default());

    // A fresh PostgreSQL database for `psql` (dropped at the end).
    let pg_db = live::pg().map(|pg| pg.fresh_db("readme"));
    let mut shell = Shell {
        dir: project.path().to_owned(),
        path,
        env: pg_db.as_ref().map(live::Db::libpq_env).unwrap_or_default(),
        squawk: squawk.is_some(),
        psql: pg_db.is_some(),
        sqlite3: live::sqlite().is_some(),
        ran: Vec::new(),
        skipped: Vec::new(),
    };

    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    for (n, block) in blocks(&readme, "sh").iter().enumerate() {
        shell.run_block(&format!("README.md sh block #{}", n + 1), block);
    }
    // What the README promised: the script applied.
    if let Some(db) = &pg_db {
        let heads = db.query("SELECT version_num FROM alembic_version");
        assert_eq!(heads, [["8f1e2d3c4b5a"]]);
    }

    // docs/ci.md: the `gen` commands of its CI snippets.
    let ci_doc = std::fs::read_to_string(Path::new(ROOT).join("docs/ci.md")).unwrap();
    let mut ci_lines = Vec::new();
    for block in blocks(&ci_doc, "yaml") {
        for line in block {
            let t = line.trim().trim_start_matches("- ").trim_start();
            let t = t.strip_prefix("run:").map(str::trim).unwrap_or(t);
            if t.starts_with("gen ") {
                ci_lines.push(t.to_owned());
            }
        }
    }
    assert!(ci_lines.len() >= 6, "{ci_lines:?}");
    shell.run_block("docs/ci.md", &ci_lines);

    // The pre-commit hook, with the arguments docs/ci.md gives it.
    let hooks: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap(),
    )
    .unwrap();
    let hook = &hooks[0];
    assert_eq!(hook["id"].as_str(), Some("gen-check"));
    assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
    let entry = hook["entry"].as_str().unwrap();
    assert!(ci_doc.contains("args: [--dialect, all]"));
    shell.run_block("the pre-commit hook", &[format!("{entry} --dialect all")]);

    // Every example found counts, run or skipped (a skip fails under CI):
    // the floor is about the README losing examples, not engines missing.
    let found = shell.ran.iter().chain(&shell.skipped);
    let gens = found.filter(|l| l.starts_with("gen ")).count();
    assert!(
        gens >= 40,
        "only {gens} gen commands found: {:#?}",
        shell.ran
    );
}

#[test]
fn the_install_line_is_the_one_cargo_runs() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let cargo: Vec<String> = blocks(&readme, "sh")
        .into_iter()
        .flatten()
        .filter(|l| l.trim_start().starts_with("cargo "))
        .map(|l| l.split('#').next().unwrap().trim().to_owned())
        .collect();
    assert_eq!(
        cargo,
        ["cargo install --locked --path .", "cargo test --locked"]
    );
    // `--path .` installs the binary named in the README.
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    assert!(manifest.contains("[[bin]]\nname = \"gen\""), "{manifest}");
}
