//! Each lint rule has a fixture that triggers it and one that does not
//! (`tests/fixtures/lint/<rule-id>/{triggers,clean}/`, checked with the
//! dialect in `<rule-id>/dialect`, PostgreSQL by default). The findings of
//! the rule are snapshotted; the clean fixture must have none. Also: every
//! rule is documented in docs/lint.md, and `allow:` in gen.yaml silences.

use crate::support::gen::{Gen, Out};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `gen ARGS` in `dir`.
fn gen(dir: &Path, args: &[&str]) -> Out {
    Gen::new().dir(dir).args(args).run()
}

/// The findings of `rule` when checking `dir`, one per line.
fn findings(dir: &Path, dialect: &str, rule: &str) -> Vec<String> {
    let out = gen(
        root(),
        &[
            "--migrations",
            dir.to_str().unwrap(),
            "--dialect",
            dialect,
            "check",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}{}", dir.display(), out.stdout, out.stderr));
    let mut found = Vec::new();
    for w in doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(doc["errors"].as_array().unwrap())
    {
        let msg = w["message"].as_str().unwrap_or_default();
        let code = w["code"].as_str().unwrap_or_default();
        if code == rule {
            found.push(format!(
                "{}:{}:{} {msg}",
                w["file"]
                    .as_str()
                    .unwrap_or_default()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default(),
                w["line"],
                w["column"]
            ));
        }
    }
    found
}

#[test]
fn every_rule_has_a_triggering_and_a_clean_fixture() {
    let mut rules: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/lint"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    rules.sort();
    let expected: Vec<&str> = {
        let mut ids: Vec<&str> = gen::lint::RULES
            .iter()
            .filter(|r| r.id != "concurrently-in-transaction")
            .map(|r| r.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(rules, expected, "a fixture folder per warning rule");
    for rule in &rules {
        let dir = root().join("tests/fixtures/lint").join(rule);
        let dialect =
            std::fs::read_to_string(dir.join("dialect")).unwrap_or_else(|_| "postgresql".into());
        let dialect = dialect.trim();
        let hits = findings(&dir.join("triggers"), dialect, rule);
        assert!(
            !hits.is_empty(),
            "{rule}: the triggering fixture found nothing"
        );
        snapshot!(format!("lint_{rule}"), hits.join("\n"));
        let clean = findings(&dir.join("clean"), dialect, rule);
        assert!(
            clean.is_empty(),
            "{rule}: the clean fixture found {clean:?}"
        );
    }
}

#[test]
fn concurrently_in_a_transaction_is_an_error_with_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "revision: a
down_revision: null
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer}]}
  - create_index: {name: ix, table: t, columns: [id], concurrently: true}
",
    )
    .unwrap();
    let out = gen(
        root(),
        &["--migrations", dir.path().to_str().unwrap(), "check"],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("[concurrently-in-transaction]"),
        "{}",
        out.stderr
    );
}

#[test]
fn every_rule_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/lint.md")).unwrap();
    for r in gen::lint::RULES {
        assert!(
            doc.contains(&format!("### `{}`", r.id)),
            "docs/lint.md lacks {}",
            r.id
        );
        assert!(
            doc.contains(r.why),
            "docs/lint.md lacks the why of {}",
            r.id
        );
    }
}

#[test]
fn allow_in_gen_yaml_silences_and_unknown_ids_are_usage_errors() {
    let fixture = root().join("tests/fixtures/lint/data-loss/triggers");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("migrations")).unwrap();
    for f in ["t1.yaml", "t2.yaml"] {
        std::fs::copy(fixture.join(f), tmp.path().join("migrations").join(f)).unwrap();
    }
    let loud = gen(tmp.path(), &["check", "--deny", "warnings"]);
    assert_eq!(loud.code, 3, "{}", loud.stderr);
    assert!(loud.stderr.contains("warning[data-loss]"));
    let script = gen(tmp.path(), &["upgrade", "heads"]);
    assert!(
        script
            .stdout
            .contains("-- WARNING [data-loss]: drops column `items.name`"),
        "{}",
        script.stdout
    );

    std::fs::write(
        tmp.path().join("gen.yaml"),
        "allow: [data-loss, missing-lock-timeout]\n",
    )
    .unwrap();
    let quiet = gen(tmp.path(), &["check", "--deny", "warnings"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    let script = gen(tmp.path(), &["upgrade", "heads"]);
    assert!(!script.stdout.contains("WARNING"), "{}", script.stdout);

    std::fs::write(tmp.path().join("gen.yaml"), "allow: [data-los]\n").unwrap();
    let bad = gen(tmp.path(), &["check"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("did you mean `data-loss`?"),
        "{}",
        bad.stderr
    );
}

#[test]
fn check_reports_every_error_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path();
    std::fs::write(
        m.join("a.yaml"),
        "revision: a
down_revision: null
upgrade:
  - add_column: {table: nope, column: {name: x, type: text}}
  - create_table: {name: t, columns: [{name: id, type: integer}]}
  - drop_column: {table: t, column: missing}
",
    )
    .unwrap();
    let out = gen(
        root(),
        &[
            "--migrations",
            m.to_str().unwrap(),
            "check",
            "--dialect",
            "all",
        ],
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.matches("error:").count(), 2, "{}", out.stderr);
    assert!(out.stdout.contains("2 errors"), "{}", out.stdout);
}

#[test]
fn allow_on_an_operation_silences_it_there_only() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path();
    std::fs::write(
        m.join("a.yaml"),
        "revision: a
down_revision: null
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer}, {name: x, type: text}, {name: y, type: text}]}
",
    )
    .unwrap();
    std::fs::write(
        m.join("b.yaml"),
        r#"revision: b
down_revision: a
upgrade:
  - execute: {sql: "SET lock_timeout = '5s'", reverse_sql: "SET lock_timeout = 0"}
    allow: [execute-opaque]
  - drop_column: {table: t, column: x}
    allow: [data-loss]
  - drop_column: {table: t, column: y}
"#,
    )
    .unwrap();
    let dir = m.to_str().unwrap();
    let out = gen(root(), &["--migrations", dir, "upgrade", "heads"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("column `t.x`"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("-- WARNING [data-loss]: drops column `t.y`"),
        "{}",
        out.stdout
    );
    assert!(!out.stderr.contains("execute-opaque"), "{}", out.stderr);
    // The derived downgrade inherits the upgrade operation's allow list.
    let down = gen(root(), &["--migrations", dir, "downgrade", "base"]);
    assert!(
        !down.stdout.contains("recreates column `t.x`"),
        "{}",
        down.stdout
    );
    assert!(
        down.stdout.contains("recreates column `t.y`"),
        "{}",
        down.stdout
    );

    std::fs::write(
        m.join("b.yaml"),
        "revision: b
down_revision: a
upgrade:
  - drop_column: {table: t, column: x}
    allow: [data-los]
",
    )
    .unwrap();
    let bad = gen(root(), &["--migrations", dir, "upgrade", "heads"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("unknown lint rule `data-los`"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("b.yaml:5:13"), "{}", bad.stderr);
    assert!(
        bad.stderr.contains("did you mean `data-loss`?"),
        "{}",
        bad.stderr
    );
}
