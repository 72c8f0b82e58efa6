//! The command line as a user meets it: flags, exit codes, files written,
//! `gen.yaml`, template overrides, and the listings and scripts for the
//! sample `migrations/`, snapshotted with insta.
//!
//! Every run uses the built binary with `NO_COLOR=1`, from the crate root
//! unless a test needs its own working directory (a temporary one holding a
//! copy of `migrations/` and a `gen.yaml`).

use crate::support::gen::{Gen, Out};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn gen_in(dir: &Path, args: &[&str]) -> Out {
    Gen::new().dir(dir).args(args).run()
}

fn gen(args: &[&str]) -> Out {
    gen_in(Path::new(ROOT), args)
}

/// Runs and expects success with nothing on stderr but warnings.
fn ok(args: &[&str]) -> String {
    let r = gen(args);
    assert_eq!(r.code, 0, "gen {args:?} failed:\n{}", r.stderr);
    assert!(
        r.stderr.is_empty() || r.stderr.starts_with("warning"),
        "gen {args:?}: unexpected stderr:\n{}",
        r.stderr
    );
    r.stdout
}

/// A temporary directory holding a copy of the sample `migrations/` as `dir`.
fn project_with_migrations(dir: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let to = tmp.path().join(dir);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(Path::new(ROOT).join("migrations")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    tmp
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

// --- flags and exit codes ---------------------------------------------------

#[test]
fn help_and_version_exit_0() {
    let help = gen(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stderr.is_empty());
    snapshot!("help", help.stdout);

    let upgrade_help = gen(&["upgrade", "--help"]);
    assert_eq!(upgrade_help.code, 0);
    snapshot!("upgrade_help", upgrade_help.stdout);

    let version = gen(&["--version"]);
    assert_eq!(version.code, 0);
    assert_eq!(
        version.stdout,
        format!("gen {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let r = gen(&["upgrade", "heads", "--no-such-flag"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    snapshot!("unknown_flag", r.stderr);
}

#[test]
fn unknown_dialect_is_a_usage_error_with_a_suggestion() {
    let r = gen(&["upgrade", "heads", "--dialect", "nosuch"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    snapshot!("dialect_nosuch", r.stderr);

    let r = gen(&["upgrade", "heads", "--dialect", "postgresq"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `postgresql`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn upgrade_needs_a_target() {
    let r = gen(&["upgrade"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    snapshot!("upgrade_without_target", r.stderr);
}

#[test]
fn negative_relative_targets_are_not_flags() {
    let script = ok(&["downgrade", "-1", "--sql"]);
    assert!(
        script.contains("-- Running downgrade 8f1e2d3c4b5a -> 5a3c9e1d7f20"),
        "{script}"
    );
}

// --- output files -----------------------------------------------------------

#[test]
fn dash_o_writes_the_file_and_nothing_to_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("sub/deploy.sql");
    // gen does not create directories (tests/output_file.rs).
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    let r = gen(&["upgrade", "heads", "--sql", "-o", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "stdout: {}", r.stdout);
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written, ok(&["upgrade", "heads", "--sql"]));
    // Only the script: no temporary file left next to it.
    assert_eq!(files_in(&tmp.path().join("sub")), vec![file]);
}

#[test]
fn a_failed_run_creates_no_file_and_keeps_an_existing_one() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = "tests/fixtures/err/missing_table";

    let new_file = tmp.path().join("new.sql");
    let r = gen(&[
        "--migrations",
        bad,
        "upgrade",
        "heads",
        "-o",
        new_file.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(!new_file.exists(), "a failed run created {new_file:?}");

    let existing = tmp.path().join("deploy.sql");
    std::fs::write(&existing, "-- the reviewed script\n").unwrap();
    let r = gen(&[
        "--migrations",
        bad,
        "upgrade",
        "heads",
        "-o",
        existing.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "-- the reviewed script\n"
    );
    assert_eq!(files_in(tmp.path()), vec![existing]);
}

/// `revisions` revisions of `per` `execute` operations each (one warning
/// apiece), and optionally one more that fails. The walk hands warnings on
/// in batches of at least 2,048, after the revision that fills one, and
/// the rest at the end.
fn many_warnings(revisions: usize, per: usize, failing: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    std::fs::create_dir_all(&dir).unwrap();
    let executes = "  - execute: {sql: SELECT 1}\n".repeat(per);
    let mut parent = "null".to_owned();
    for i in 1..=revisions {
        let id = format!("r{i}");
        let text =
            format!("revision: {id}\ndown_revision: {parent}\nupgrade:\n{executes}downgrade: []\n");
        std::fs::write(dir.join(format!("{id}.yaml")), text).unwrap();
        parent = id;
    }
    if failing {
        let id = format!("r{}", revisions + 1);
        let text = format!(
            "revision: {id}\ndown_revision: {parent}\nupgrade:\n  - drop_table: {{name: missing}}\n"
        );
        std::fs::write(dir.join(format!("{id}.yaml")), text).unwrap();
    }
    tmp
}

/// Checks that the warnings' notes name revisions r1..=`last`, each with
/// its operations #1 to #`per`, in that order, and nothing else.
fn assert_warned_in_order(stderr: &str, last: usize, per: usize) {
    let notes: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("= note: in revision "))
        .collect();
    assert_eq!(notes.len(), last * per, "warnings printed");
    for (n, note) in notes.iter().enumerate() {
        let expected = format!(
            "r{}, upgrade operation #{} `execute`",
            n / per + 1,
            n % per + 1
        );
        assert_eq!(*note, expected, "warning {n}");
    }
}

#[test]
fn a_long_run_prints_every_warning_once_in_order() {
    // Five steps are walked and rendered on one thread; sixty are rendered
    // on the other cores, the warnings with them.
    for (revisions, per) in [(5, 1000), (60, 40)] {
        let tmp = many_warnings(revisions, per, false);
        let r = gen_in(tmp.path(), &["upgrade", "heads", "--sql"]);
        assert_eq!(r.code, 0, "{}", &r.stderr[..r.stderr.len().min(2000)]);
        assert_warned_in_order(&r.stderr, revisions, per);
    }
}

#[test]
fn a_run_that_fails_late_prints_the_warnings_handed_on_before_the_error() {
    // The batch handed on after r3 (3,000 warnings), or after r52 (2,080);
    // the revisions after it waited for a walk that failed.
    for (revisions, per, printed) in [(5, 1000, 3), (60, 40, 52)] {
        let tmp = many_warnings(revisions, per, true);
        let file = tmp.path().join("deploy.sql");
        let r = gen_in(
            tmp.path(),
            &["upgrade", "heads", "--sql", "-o", file.to_str().unwrap()],
        );
        assert_eq!(r.code, 1);
        assert!(!file.exists(), "a failed run wrote {file:?}");
        let at = r
            .stderr
            .find("\nerror")
            .expect("an error after the warnings");
        let (warnings, error) = r.stderr.split_at(at);
        assert_warned_in_order(warnings, printed, per);
        assert!(!error.contains("warning["), "{error}");
        let failing = format!("in revision r{}", revisions + 1);
        assert!(error.contains(&failing), "{error}");
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    for args in [
        &["upgrade", "heads", "--sql"][..],
        &["downgrade", "base", "--sql"][..],
        &["upgrade", "heads", "--sql", "--transaction-per-migration"][..],
    ] {
        let first = gen(args);
        let second = gen(args);
        assert_eq!(first.code, 0, "{}", first.stderr);
        assert_eq!(first.stdout, second.stdout, "gen {args:?} differs");
        assert_eq!(first.stderr, second.stderr, "gen {args:?} differs");
    }
}

// --- script options ---------------------------------------------------------

#[test]
fn transaction_per_migration_wraps_each_revision() {
    let script = ok(&["upgrade", "heads", "--sql", "--transaction-per-migration"]);
    let lines: Vec<&str> = script.lines().collect();
    let steps: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("-- Running upgrade"))
        .collect();
    assert_eq!(steps.len(), 14);
    // Not transactional: the CONCURRENTLY index revisions and the one that
    // validates a constraint.
    let outside = ["d8ded20c3f73", "7d2f41c8b3e9", "8f1e2d3c4b5a"];
    assert_eq!(
        lines.iter().filter(|l| **l == "BEGIN;").count(),
        11,
        "one block per transactional revision ({outside:?} are not)"
    );
    assert_eq!(lines.iter().filter(|l| **l == "COMMIT;").count(), 11);
    // Each transactional step sits in its own BEGIN/COMMIT block; the
    // non-transactional one sits between blocks.
    fn fence<'a>(mut it: impl Iterator<Item = &'a &'a str>) -> &'a str {
        it.find(|l| **l == "BEGIN;" || **l == "COMMIT;")
            .copied()
            .unwrap_or("(none)")
    }
    for &i in &steps {
        let before = fence(lines[..i].iter().rev());
        let after = fence(lines[i + 1..].iter());
        let expected = if outside
            .iter()
            .any(|r| lines[i].ends_with(&format!("-> {r}")))
        {
            // The last revision has no block after it.
            let next = if Some(&i) == steps.last() {
                "(none)"
            } else {
                "BEGIN;"
            };
            ("COMMIT;", next)
        } else {
            ("BEGIN;", "COMMIT;")
        };
        assert_eq!((before, after), expected, "{}", lines[i]);
    }
    // ...and the default is one block for the whole run, split only around
    // the non-transactional revisions.
    let default = ok(&["upgrade", "heads", "--sql"]);
    assert_eq!(default.lines().filter(|l| *l == "BEGIN;").count(), 3);
}

#[test]
fn version_table_name_and_schema() {
    let script = ok(&[
        "upgrade",
        "heads",
        "--sql",
        "--version-table",
        "my_versions",
        "--version-table-schema",
        "ops",
    ]);
    assert!(
        script.contains("-- version table: ops.my_versions"),
        "{script}"
    );
    assert!(
        script.contains("CREATE TABLE IF NOT EXISTS ops.my_versions ("),
        "{script}"
    );
    assert!(script.contains("CONSTRAINT my_versions_pkc PRIMARY KEY (version_num)"));
    assert!(script.contains("INSERT INTO ops.my_versions (version_num) VALUES ('5d91218841c1');"));
    assert!(script.contains(
        "UPDATE ops.my_versions SET version_num = '3e790e4a29bd' \
         WHERE ops.my_versions.version_num = '5d91218841c1';"
    ));
    assert!(!script.contains("alembic_version"), "{script}");
}

// --- gen.yaml -----------------------------------------------------------------

#[test]
fn gen_yaml_sets_the_defaults() {
    let tmp = project_with_migrations("db");
    std::fs::write(
        tmp.path().join("gen.yaml"),
        "migrations: db\n\
         dialect: postgresql\n\
         version_table: schema_versions\n\
         transaction_per_migration: true\n\
         output_dir: build/sql\n",
    )
    .unwrap();
    std::fs::create_dir_all(tmp.path().join("build/sql")).unwrap();
    let r = gen_in(
        tmp.path(),
        &["upgrade", "heads", "--sql", "-o", "deploy.sql"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let script = std::fs::read_to_string(tmp.path().join("build/sql/deploy.sql")).unwrap();
    assert!(script.contains(
        "-- command: gen upgrade heads --sql --dialect postgresql --migrations db \
         --version-table schema_versions --transaction-per-migration\n"
    ));
    assert!(script.contains("--   582034d80f7af8d165cf6775bc838725aa66a51e5b09f238fc4b6a6883fcf7a2  db/5d91218841c1_create_organizations.yaml"));
    assert!(script.contains("CREATE TABLE IF NOT EXISTS schema_versions ("));
    assert_eq!(script.lines().filter(|l| *l == "BEGIN;").count(), 11);

    // Flags win over the file.
    let r = gen_in(tmp.path(), &["heads", "--migrations", "nowhere"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`nowhere` does not exist"),
        "{}",
        r.stderr
    );
}

#[test]
fn gen_yaml_unknown_key_is_located() {
    let tmp = project_with_migrations("migrations");
    std::fs::write(
        tmp.path().join("gen.yaml"),
        "migrations: migrations\ndialct: postgresql\n",
    )
    .unwrap();
    let r = gen_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    snapshot!("gen_yaml_unknown_key", r.stderr);
}

// --- templates ------------------------------------------------------------------

#[test]
fn a_template_override_changes_only_its_statement() {
    let base = ok(&["upgrade", "heads", "--sql"]);
    let over = ok(&[
        "upgrade",
        "heads",
        "--sql",
        "--templates",
        "tests/fixtures/templates/override",
    ]);
    let changed: Vec<(&str, &str)> = base
        .lines()
        .zip(over.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(base.lines().count(), over.lines().count());
    assert_eq!(
        changed,
        vec![
            (
                "-- command: gen upgrade heads --sql --dialect postgresql",
                "-- command: gen upgrade heads --sql --dialect postgresql --templates tests/fixtures/templates/override"
            ),
            ("DROP TABLE project_notes;", "DROP TABLE IF EXISTS project_notes;"),
        ]
    );
}

#[test]
fn broken_templates_are_clean_errors() {
    for case in ["syntax_error", "undefined_variable"] {
        let dir = format!("tests/fixtures/templates/{case}");
        let r = gen(&["upgrade", "heads", "--sql", "--templates", &dir]);
        assert_eq!(r.code, 1, "{case}: {}", r.stderr);
        assert!(r.stdout.is_empty());
        // The warnings before the error are not what this test is about.
        let error = &r.stderr[r.stderr.find("error: ").expect("an error")..];
        snapshot!(format!("template_{case}"), error);
    }
}

// --- listings on the sample ---------------------------------------------------

#[test]
fn listings_of_the_sample() {
    for (name, args) in [
        ("history", &["history"][..]),
        ("history_verbose", &["history", "--verbose"][..]),
        (
            "history_range",
            &["history", "-r", "3e790e4a29bd:3e6853f44860"][..],
        ),
        ("heads", &["heads"][..]),
        ("heads_verbose", &["heads", "--verbose"][..]),
        ("branches", &["branches"][..]),
        ("show_prefix", &["show", "3e79"][..]),
        ("show_billing", &["show", "billing"][..]),
    ] {
        let r = gen(args);
        assert_eq!(r.code, 0, "gen {args:?}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "gen {args:?}: {}", r.stderr);
        insta::with_settings!({ description => format!("gen {}", args.join(" ")) }, {
            snapshot!(name, r.stdout);
        });
    }
}

// --- scripts for the sample -----------------------------------------------------

#[test]
fn upgrade_heads_script() {
    let r = gen(&["upgrade", "heads", "--sql"]);
    assert_eq!(r.code, 0);
    snapshot!("upgrade_heads", r.stdout);
    snapshot!("upgrade_heads_warnings", r.stderr);
}

#[test]
fn downgrade_base_says_it_starts_from_heads() {
    let r = gen(&["downgrade", "base", "--sql"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let header: String = r
        .stdout
        .lines()
        .take_while(|l| l.starts_with("--"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        header.contains("-- starts from heads (8f1e2d3c4b5a)"),
        "{header}"
    );
    snapshot!("downgrade_base", r.stdout);
}

#[test]
fn stamp_writes_only_version_table_statements() {
    let r = gen(&["stamp", "heads", "--sql"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    snapshot!("stamp_heads", r.stdout);
    let moved = gen(&["stamp", "3e6853f44860:heads"]);
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    snapshot!("stamp_range", moved.stdout);
    let unknown = gen(&["stamp", "nope"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown
            .stderr
            .contains("no revision or branch label `nope`"),
        "{}",
        unknown.stderr
    );
}

/// No control character of a file name, a message or a source line reaches
/// the terminal: a carriage return or an escape sequence in user text is
/// shown as `\r` / `\u{1b}`, in diagnostics, listings and the line formats.
#[test]
fn user_text_never_reaches_the_terminal_as_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    std::fs::create_dir_all(&dir).unwrap();
    let hostile = "x\r\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}";
    std::fs::write(
        dir.join(format!("0001_{hostile}.yaml")),
        format!(
            r#"revision: a1
down_revision: null
message: "m{}"
upgrade:
  - create_table:
      name: t
      columns:
        - {{name: id, type: integer, primary_key: true}}
        - {{name: v, type: nosuchtype{}}}
"#,
            "\\r\\e[31m\\u202e", "\t\u{1b}[1m"
        ),
    )
    .unwrap();
    let clean = |what: &str, text: &str| {
        assert!(
            !text
                .chars()
                .any(|c| !matches!(c, '\n' | '\t') && c.is_control()
                    || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}')),
            "{what} holds a control character:\n{text:?}"
        );
    };
    for args in [
        &["check"][..],
        &["check", "--format", "gcc"],
        &["check", "--format", "github"],
        &["upgrade", "heads", "--sql"],
    ] {
        let r = gen_in(tmp.path(), args);
        assert_ne!(r.code, 0, "gen {args:?} should refuse the unknown type");
        assert!(
            r.stderr.contains("\\r") || r.stdout.contains("\\r"),
            "gen {args:?}: {r:?}",
            r = r.stderr
        );
        clean("stderr", &r.stderr);
        clean("stdout", &r.stdout);
    }
    // Without the bad column the listings print the message and the path.
    let file = dir.join(format!("0001_{hostile}.yaml"));
    let text = std::fs::read_to_string(&file).unwrap();
    let fixed: String = text
        .lines()
        .filter(|l| !l.contains("nosuchtype"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&file, fixed).unwrap();
    for args in [&["history"][..], &["history", "--verbose"], &["show", "a1"]] {
        let r = gen_in(tmp.path(), args);
        assert_eq!(r.code, 0, "gen {args:?}: {}", r.stderr);
        assert!(r.stdout.contains("\\u{1b}"), "gen {args:?}: {}", r.stdout);
        clean("stdout", &r.stdout);
        clean("stderr", &r.stderr);
    }
}

/// Issue 20's graph items on `a <- b` (label `x`), `a <- c` (label `y`),
/// each checked against Alembic 1.20's offline output: a stamp moves only
/// the rows on its destination's line, and a `label@...` start is just its
/// revision.
#[test]
fn stamps_and_labelled_starts_as_alembic() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    std::fs::create_dir_all(&m).unwrap();
    for (id, parent, label) in [
        ("a", "null", None),
        ("b", "a", Some("x")),
        ("c", "a", Some("y")),
    ] {
        let labels = label.map_or(String::new(), |l| format!("branch_labels: [{l}]\n"));
        std::fs::write(
            m.join(format!("{id}.yaml")),
            format!(
                "revision: {id}\ndown_revision: {parent}\n{labels}message: {id}\nupgrade: []\n"
            ),
        )
        .unwrap();
    }
    let mut all = String::new();
    for args in [
        "stamp b:c",
        "stamp heads:b",
        "stamp heads:x@base",
        "upgrade x@head:heads",
        "upgrade x@head:y@head",
    ] {
        let mut words = vec!["--migrations", "m"];
        words.extend(args.split(' '));
        let r = gen_in(tmp.path(), &words);
        assert_eq!(r.code, 0, "gen {args}: {}", r.stderr);
        all.push_str(&format!("$ gen {args}\n{}\n", r.stdout));
    }
    snapshot!("stamps_and_labelled_starts", all);
}
