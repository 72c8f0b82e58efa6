//! `gen import alembic --verify`: Alembic's own offline script read back
//! and compared with the imported revisions' model, with no database.
//! The basic fixture verifies clean on PostgreSQL over the range the
//! schema reader reads; a fixture whose type is deliberately not what
//! Alembic runs (`iverify_mismatch`) is reported, with exit code 1.

use crate::import_alembic::{import, python};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

#[test]
fn basic_history_verifies_clean_on_postgresql() {
    let Some(py) = python() else { return };
    let (_dir, code, stderr) = import(
        &py,
        &fixture("basic"),
        &["--dialect", "postgresql", "--verify"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "verify postgresql: base:a1b2c3d4e5f6 (1 revision(s) from a1b2c3d4e5f6): \
             same schema as Alembic's offline script"
        ),
        "{stderr}"
    );
    // The second revision alters tables, which the reader does not read:
    // the report says where the range stopped, and why.
    assert!(
        stderr.contains("verify postgresql: stopped: Alembic's script for b2c3d4e5f6a7"),
        "{stderr}"
    );
}

#[test]
fn a_translation_that_differs_from_alembic_is_reported() {
    let Some(py) = python() else { return };
    let (dir, code, stderr) = import(
        &py,
        &fixture("iverify_mismatch"),
        &["--dialect", "postgresql", "--verify"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("verify postgresql: base:c1 (1 revision(s) from c1): DIFFERS"),
        "{stderr}"
    );
    assert!(
        stderr.contains("- alter_column: {table: notes, column: body, type: text}"),
        "{stderr}"
    );
    // The files are written all the same: verification reads them back.
    assert!(
        dir.path()
            .join("migrations/c1_notes_with_a_type_that_is_deliberately_not_what_alembic_runs.yaml")
            .is_file()
            || std::fs::read_dir(dir.path().join("migrations"))
                .unwrap()
                .count()
                == 1
    );
    // Without --verify the import is clean: only Alembic shows the difference.
    let (_dir, code, stderr) = import(
        &py,
        &fixture("iverify_mismatch"),
        &["--dialect", "postgresql"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("verify"), "{stderr}");
}

#[test]
fn a_dialect_alembic_cannot_run_offline_is_said_not_fatal() {
    let Some(py) = python() else { return };
    // SQLite's batch mode needs a live table to reflect: Alembic fails
    // offline in the second revision, and the report says so.
    let (_dir, _code, stderr) =
        import(&py, &fixture("basic"), &["--dialect", "sqlite", "--verify"]);
    assert!(
        stderr.contains("verify sqlite: stopped: Alembic failed offline at b2c3d4e5f6a7"),
        "{stderr}"
    );
}

#[test]
fn identity_and_computed_columns_import_as_keys() {
    let Some(py) = python() else { return };
    let (dir, code, stderr) = import(
        &py,
        &fixture("iverify_identity"),
        &["--dialect", "postgresql"],
    );
    assert_eq!(code, 0, "{stderr}");
    let mig = dir.path().join("migrations");
    let file = std::fs::read_dir(&mig)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(file).unwrap();
    for want in [
        "identity: {always: true, start: 5}",
        "computed: {sql: price * qty}",
        "NOTE(import): column `id`: Identity() options gen does not have are dropped (cycle)",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // The Identity/Computed is the column's server default too: no note for it.
    assert!(!text.contains("FetchedValue"), "{text}");
    assert!(!text.contains("autoincrement"), "{text}");
}
