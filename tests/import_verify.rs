//! The round trip of `gen import alembic` on a real PostgreSQL (and
//! MariaDB, at the end of the file): for a
//! versions folder that imports cleanly, gen's `upgrade heads` script
//! (from the imported files) and Alembic's own offline script (`alembic
//! upgrade heads --sql`, from a minimal offline env written here) are
//! applied to two fresh databases, and the catalogs (tables, columns,
//! types, nullability, defaults, constraints, indexes) must be the same.
//! Accepted differences: the name of a PostgreSQL enum type (gen names it
//! `<table>_<column>_enum`; the import writes a note about it), and an
//! autoincrement key, which SQLAlchemy makes `SERIAL` (a sequence default)
//! and gen an identity column: both generate the values.

use crate::import_alembic::{import, python};
use crate::support::catalog::describe_catalog;
use crate::support::gen::Gen;
use crate::support::live;
use gen::cli::commands::import::verify::offline_script;
use std::path::Path;

/// Alembic's offline upgrade script for `versions` on `dialect_url`, from
/// the temporary env `gen import alembic --verify` writes.
pub fn alembic_offline(py: &Path, versions: &Path, url: &str, target: &str) -> String {
    let versions = camino::Utf8Path::from_path(versions).unwrap();
    let sa = url.trim_end_matches("://");
    let out = offline_script(py.to_str().unwrap(), versions, sa, target, &[]).unwrap();
    assert_eq!(out.failed, None, "alembic --sql failed");
    out.script
}

/// The basic history imported for `dialect`, then gen's script and
/// Alembic's offline one (for `url`) applied to two fresh databases of
/// `engine`: (gen's, Alembic's).
fn both_applied(
    py: &Path,
    engine: &live::Engine,
    dialect: &str,
    url: &str,
) -> (live::Db, live::Db) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/basic");
    let (dir, code, stderr) = import(py, &folder, &["--dialect", dialect]);
    assert_eq!(code, 0, "{stderr}");
    let ours = Gen::new()
        .dir(dir.path())
        .args(["upgrade", "heads", "--sql", "--dialect", dialect])
        .ok()
        .stdout;
    let theirs = alembic_offline(py, &folder.join("versions"), url, "heads");
    let db_gen = engine.fresh_db("imp_gen");
    let db_alembic = engine.fresh_db("imp_alembic");
    db_gen
        .apply_sql(&ours)
        .unwrap_or_else(|e| panic!("gen's script: {e}\n{ours}"));
    db_alembic
        .apply_sql(&theirs)
        .unwrap_or_else(|e| panic!("Alembic's script: {e}\n{theirs}"));
    (db_gen, db_alembic)
}

#[test]
fn imported_basic_history_gives_alembics_catalog_on_postgresql() {
    let Some(py) = python() else { return };
    let Some(pg) = live::pg() else { return };
    let (db_gen, db_alembic) = both_applied(&py, &pg, "postgresql", "postgresql://");
    let (only_gen, only_alembic) = catalog_difference(&db_gen, &db_alembic);
    assert!(
        only_gen.is_empty() && only_alembic.is_empty(),
        "catalogs differ\nonly after gen's script:\n{only_gen:#?}\nonly after Alembic's:\n{only_alembic:#?}"
    );
    assert!(describe_catalog(&db_gen).len() > 10);
}

/// The catalog lines only after gen's script, and only after Alembic's,
/// with the accepted differences (above) folded.
pub fn catalog_difference(db_gen: &live::Db, db_alembic: &live::Db) -> (Vec<String>, Vec<String>) {
    let gen_catalog = describe_catalog(db_gen);
    let raw = describe_catalog(db_alembic);
    // A SERIAL's heads, as the catalog names them (`users.id`...): their
    // sequences (`sequence users_id_seq ... owned_by users.id`) are the
    // same accepted difference as the `nextval` default.
    let serial: Vec<&str> = raw
        .iter()
        .filter_map(|l| l.split_once(" default=nextval(").map(|(head, _)| head))
        .collect();
    let alembic_catalog: Vec<String> = raw
        .iter()
        .filter(|l| {
            let owner = l
                .strip_prefix("sequence ")
                .and_then(|r| r.split(" owned_by ").nth(1));
            !owner.is_some_and(|o| serial.iter().any(|h| h.contains(o)))
        })
        .map(|l| match l.split_once(" default=nextval(") {
            Some((head, _)) => format!("{head} identity"),
            None => l.replace("user_kind", "users_kind_enum"),
        })
        .collect();
    let only_gen = gen_catalog
        .iter()
        .filter(|l| !alembic_catalog.contains(l))
        .cloned()
        .collect();
    let only_alembic = alembic_catalog
        .iter()
        .filter(|l| !gen_catalog.contains(l))
        .cloned()
        .collect();
    (only_gen, only_alembic)
}

/// The accepted differences on MariaDB: gen's portable `float` and
/// `binary` are MySQL's `DOUBLE` and `LONGBLOB` (SQLAlchemy: `FLOAT`, `BLOB`;
/// a per-dialect map cannot say `FLOAT`, which is read as the portable
/// name), an unnamed foreign key gets the engine's name under Alembic and
/// gen's `<table>_<column>_fkey`, and the index MySQL keeps under a foreign
/// key is gen's `ix_fk_<table>_<columns>` where InnoDB names it itself.
fn fold_mariadb(lines: Vec<String>) -> Vec<String> {
    let fk_names: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            l.strip_prefix("fk ")
                .and_then(|r| r.split(' ').next())
                .map(str::to_owned)
        })
        .collect();
    let mut out: Vec<String> = lines
        .into_iter()
        .filter(|l| {
            let index = l.strip_prefix("index ").and_then(|r| r.split(' ').next());
            !index.is_some_and(|q| {
                let name = q.split_once('.').map_or(q, |(_, n)| n);
                name.starts_with("ix_fk_") || fk_names.iter().any(|f| f == name)
            })
        })
        .map(|l| {
            let l = l
                .replace(" double ", " float ")
                .replace(" longblob ", " blob ");
            match l.strip_prefix("fk ").and_then(|r| r.split_once(' ')) {
                Some((name, rest)) if name.ends_with("_fkey") || name.contains("_ibfk_") => {
                    format!("fk <unnamed> {rest}")
                }
                _ => l,
            }
        })
        .collect();
    out.sort();
    out
}

/// A MariaDB schema as lines: columns (type, nullability, default, extra,
/// comment), indexes and foreign keys.
fn describe_mariadb(db: &live::Db) -> Vec<String> {
    let schema = db.name().to_owned();
    let mut out = Vec::new();
    for r in db.query(&format!(
        "SELECT table_name, column_name, column_type, is_nullable, coalesce(column_default, '-'), extra, column_comment \
         FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name <> 'alembic_version'"
    )) {
        out.push(format!("column {}.{} {} null={} default={} {} {}", r[0], r[1], r[2], r[3], r[4], r[5], r[6]));
    }
    for r in db.query(&format!(
        "SELECT table_name, index_name, non_unique, group_concat(column_name ORDER BY seq_in_index) \
         FROM information_schema.statistics WHERE table_schema = '{schema}' AND table_name <> 'alembic_version' \
         GROUP BY table_name, index_name, non_unique"
    )) {
        out.push(format!("index {}.{} non_unique={} ({})", r[0], r[1], r[2], r[3]));
    }
    for r in db.query(&format!(
        "SELECT constraint_name, table_name, referenced_table_name, delete_rule, update_rule \
         FROM information_schema.referential_constraints WHERE constraint_schema = '{schema}'"
    )) {
        out.push(format!(
            "fk {} on {} -> {} delete={} update={}",
            r[0], r[1], r[2], r[3], r[4]
        ));
    }
    out.sort();
    out
}

#[test]
fn imported_basic_history_on_mariadb() {
    let Some(py) = python() else { return };
    let Some(maria) = live::mariadb() else { return };
    let (db_gen, db_alembic) = both_applied(&py, &maria, "mysql", "mysql://");
    let g = fold_mariadb(describe_mariadb(&db_gen));
    let a = fold_mariadb(describe_mariadb(&db_alembic));
    assert!(g.len() > 15, "{g:#?}");
    let only_gen: Vec<_> = g.iter().filter(|l| !a.contains(l)).collect();
    let only_alembic: Vec<_> = a.iter().filter(|l| !g.contains(l)).collect();
    assert!(
        only_gen.is_empty() && only_alembic.is_empty(),
        "catalogs differ\nonly after gen's script:\n{only_gen:#?}\nonly after Alembic's:\n{only_alembic:#?}"
    );
}
