//! `gen verify`: an unchanged script passes; an edited script, a changed,
//! removed or added source each fail with the reason.

#[path = "support/run.rs"]
mod run;

use run::gen;
use std::path::Path;

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
    insta::assert_snapshot!("verify_edited_script", out.stderr);
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
    insta::assert_snapshot!("verify_changed_source", out.stderr);

    std::fs::write(&plans, text).unwrap();
    std::fs::write(
        m.join("ffffffffffff_more.yaml"),
        "revision: ffffffffffff\ndown_revision: 21ac334226b6\nupgrade:\n  - drop_index: {name: ix_projects_organization_archived_at}\n",
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
