//! `gen verify`: an unchanged script passes; an edited script, a changed,
//! removed or added source each fail with the reason.

use crate::support::gen::{Gen, Out};
use std::path::Path;

/// `gen ARGS` in `dir`.
fn gen(dir: &Path, args: &[&str]) -> Out {
    Gen::new().dir(dir).args(args).run()
}

/// A temporary project with a copy of the sample and a generated script.
fn project(args: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    std::fs::create_dir(tmp.path().join("migrations")).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        std::fs::copy(e.path(), tmp.path().join("migrations").join(e.file_name())).unwrap();
    }
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let out = gen(tmp.path(), args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    tmp
}

#[test]
fn an_unchanged_script_verifies() {
    for args in [
        &["upgrade", "heads", "-o", "out/deploy.sql"][..],
        &[
            "downgrade",
            "heads:3e6853f44860",
            "--dialect",
            "sqlite",
            "-o",
            "out/deploy.sql",
        ],
        &[
            "stamp",
            "heads",
            "--version-table",
            "my versions",
            "-o",
            "out/deploy.sql",
        ],
        &[
            "upgrade",
            "heads",
            "--transaction-per-migration",
            "--dialect",
            "mssql",
            "-o",
            "out/deploy.sql",
        ],
    ] {
        let p = project(args);
        let out = gen(p.path(), &["verify", "out/deploy.sql"]);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(
            out.stdout.starts_with("ok: `out/deploy.sql` matches"),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn gen_yaml_does_not_change_what_verify_regenerates() {
    let p = project(&[
        "upgrade",
        "heads",
        "--dialect",
        "mysql",
        "-o",
        "out/deploy.sql",
    ]);
    std::fs::write(p.path().join("gen.yaml"), "dialect: sqlite\n").unwrap();
    let out = gen(p.path(), &["verify", "out/deploy.sql"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn an_edited_script_fails_with_the_line() {
    let p = project(&["upgrade", "heads", "-o", "out/deploy.sql"]);
    let file = p.path().join("out/deploy.sql");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "DROP TABLE project_notes;",
            "DROP TABLE project_notes CASCADE;",
        ),
    )
    .unwrap();
    let out = gen(p.path(), &["verify", "out/deploy.sql"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    snapshot!("verify_edited_script", out.stderr);
}

#[test]
fn a_changed_removed_or_new_source_is_named() {
    let p = project(&["upgrade", "heads", "-o", "out/deploy.sql"]);
    let m = p.path().join("migrations");
    let plans = m.join("895dea1c80ee_create_plans_subscriptions.yaml");
    let text = std::fs::read_to_string(&plans).unwrap();
    std::fs::write(&plans, text.replace("default: EUR", "default: USD")).unwrap();
    let out = gen(p.path(), &["verify", "out/deploy.sql"]);
    assert_eq!(out.code, 1);
    snapshot!("verify_changed_source", out.stderr);

    std::fs::write(&plans, text).unwrap();
    std::fs::write(
        m.join("ffffffffffff_more.yaml"),
        "revision: ffffffffffff
down_revision: 21ac334226b6
upgrade:
  - drop_index: {name: ix_projects_organization_archived_at}
",
    )
    .unwrap();
    let out = gen(p.path(), &["verify", "out/deploy.sql"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("source `migrations/ffffffffffff_more.yaml` is new"),
        "{}",
        out.stderr
    );

    std::fs::remove_file(m.join("21ac334226b6_archive_projects_by_timestamp.yaml")).unwrap();
    std::fs::remove_file(m.join("ffffffffffff_more.yaml")).unwrap();
    let out = gen(p.path(), &["verify", "out/deploy.sql"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "source `migrations/21ac334226b6_archive_projects_by_timestamp.yaml` is gone"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_file_without_a_header_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("x.sql"), "SELECT 1;\n").unwrap();
    let out = gen(tmp.path(), &["verify", "x.sql"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("has no `gen` header"), "{}", out.stderr);
    let out = gen(tmp.path(), &["verify", "missing.sql"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("cannot read `missing.sql`"),
        "{}",
        out.stderr
    );
}

/// Runs `gen` in `dir` and gives up (failing the test) after 60 s: a
/// verify that hangs on a FIFO must fail, not hang the suite.
fn gen_bounded(dir: &Path, args: &[&str]) -> Out {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = Gen::new()
        .dir(dir)
        .args(args)
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("gen {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Replaces the first source line of the header with `line`.
fn with_source_line(p: &Path, line: &str) {
    let file = p.join("out/deploy.sql");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut done = false;
    let edited: Vec<String> = text
        .split('\n')
        .map(|l| {
            if !done && l.starts_with("--   ") {
                done = true;
                line.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect();
    std::fs::write(&file, edited.join("\n")).unwrap();
}

fn refused(p: &Path, why: &str) {
    let out = gen_bounded(p, &["verify", "out/deploy.sql"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("does not match"), "{}", out.stderr);
    assert!(out.stderr.contains(why), "want {why:?}:\n{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

/// Issue 19.16: a hash field that is not hex, cut inside a character,
/// used to panic.
#[test]
fn a_hash_field_of_any_text_does_not_panic() {
    let p = project(&["upgrade", "heads", "-o", "out/deploy.sql"]);
    for sha in ["a€€€€", "€", "", "é", "𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞"]
    {
        with_source_line(
            p.path(),
            &format!("--   {sha}  migrations/5d91218841c1_create_organizations.yaml"),
        );
        refused(
            p.path(),
            "source `migrations/5d91218841c1_create_organizations.yaml` changed",
        );
    }
}

/// Issue 19.16: the header names what verify reads; it reads only
/// regular files under the working directory, by relative paths.
#[cfg(unix)]
#[test]
fn the_header_cannot_make_verify_read_outside_the_project_or_a_special_file() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), "x").unwrap();
    let p = project(&["upgrade", "heads", "-o", "out/deploy.sql"]);
    let m = p.path().join("migrations");
    let fifo = m.join("fifo.yaml");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink(outside.path().join("secret.yaml"), m.join("link.yaml")).unwrap();
    let secret = outside.path().join("secret.yaml");
    let cases = [
        ("migrations/fifo.yaml".to_owned(), "is not a regular file"),
        ("/dev/zero".to_owned(), "is not a relative path"),
        (secret.display().to_string(), "is not a relative path"),
        (
            "migrations/link.yaml".to_owned(),
            "leads outside the working directory",
        ),
        (
            format!(
                "../{}/secret.yaml",
                outside.path().file_name().unwrap().to_str().unwrap()
            ),
            "leads outside the working directory",
        ),
        ("migrations".to_owned(), "is not a regular file"),
    ];
    for (path, why) in cases {
        // Written as gen writes header lines (the path escaped).
        let line = format!(
            "--   {}  {}",
            "0".repeat(64),
            gen::emit::comment::escaped(&path)
        );
        let original = std::fs::read_to_string(p.path().join("out/deploy.sql")).unwrap();
        with_source_line(p.path(), &line);
        refused(p.path(), why);
        std::fs::write(p.path().join("out/deploy.sql"), original).unwrap();
    }
}

/// The recorded command's directories must lie under the working
/// directory too: verify runs that command.
#[test]
fn the_recorded_command_cannot_read_outside_the_project() {
    let p = project(&["upgrade", "heads", "-o", "out/deploy.sql"]);
    let file = p.path().join("out/deploy.sql");
    let text = std::fs::read_to_string(&file).unwrap();
    let tmp = std::env::temp_dir();
    for (flags, why) in [
        (
            format!("--migrations {}", tmp.display()),
            "the recorded command's --migrations",
        ),
        (
            "--migrations ../".to_owned(),
            "leads outside the working directory",
        ),
        (
            format!("--templates {}", tmp.display()),
            "the recorded command's --templates",
        ),
    ] {
        let edited = text.replacen(
            "-- command: gen upgrade heads --sql --dialect postgresql",
            &format!("-- command: gen upgrade heads --sql --dialect postgresql {flags}"),
            1,
        );
        assert_ne!(edited, text);
        std::fs::write(&file, edited).unwrap();
        refused(p.path(), why);
    }
}

/// Issue 19.16: an edit to the header or to a comment is an edit.
#[test]
fn an_edited_header_or_comment_does_not_verify() {
    let p = project(&["upgrade", "heads", "-o", "out/deploy.sql"]);
    let file = p.path().join("out/deploy.sql");
    let text = std::fs::read_to_string(&file).unwrap();
    // A comment line inside the body (the sample has no warnings).
    let warning = text
        .lines()
        .filter(|l| l.starts_with("-- Running"))
        .nth(1)
        .expect("the sample has several steps")
        .to_owned();
    let edits: Vec<(String, &str)> = vec![
        (
            text.replacen("-- range: base -> ", "-- range: base ->  ", 1),
            "line 4",
        ),
        (text.replacen(&warning, "-- all fine", 1), "`-- all fine`"),
        (text.replacen(&warning, "", 1), "line "),
        (
            format!("{text}-- an extra comment\n"),
            "`-- an extra comment`",
        ),
        (
            text.replacen("-- Running upgrade", "-- Running  upgrade", 1),
            "-- Running  upgrade",
        ),
        (
            text.replacen(&warning, "-- \u{1b}[2Jhidden\r", 1),
            "`-- \\u{1b}[2Jhidden\\r`",
        ),
        (text.trim_end().to_owned(), "it ends at line"),
    ];
    for (edited, why) in edits {
        assert_ne!(edited, text);
        std::fs::write(&file, &edited).unwrap();
        let out = gen_bounded(p.path(), &["verify", "out/deploy.sql"]);
        assert_eq!(out.code, 1, "{why}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("the script was edited after it was generated")
                && out.stderr.contains(why),
            "{why}: {}",
            out.stderr
        );
        // What it quotes reaches the terminal without control characters.
        assert!(
            !out.stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{:?}",
            out.stderr
        );
    }
}

/// The script named on the command line must be a regular file too.
#[cfg(unix)]
#[test]
fn a_special_file_as_the_script_is_refused_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(std::process::Command::new("mkfifo")
        .arg(tmp.path().join("pipe.sql"))
        .status()
        .unwrap()
        .success());
    std::fs::create_dir(tmp.path().join("dir.sql")).unwrap();
    for file in ["pipe.sql", "dir.sql", "/dev/zero"] {
        let out = gen_bounded(tmp.path(), &["verify", file]);
        assert_eq!(out.code, 1, "{file}: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("cannot read `{file}`: it is not a regular file")),
            "{file}: {}",
            out.stderr
        );
    }
}
