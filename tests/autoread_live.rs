//! Every ok fixture and the sample, upgraded on a real engine, dumped with
//! the engine's own tool (`pg_dump --schema-only`, `mariadb-dump
//! --no-data`, `sqlite3 .schema`), read back by `read_schema`: the schema
//! read equals the model at heads (compared as `autoread_canon` says).
//! Skips loudly without an engine; fails under `CI=true`.

use crate::autoread_canon::{describe, describe_as, differences, not_read_yet, Source};
use crate::support::fixtures;
use crate::support::gen::Gen;
use crate::support::live;
use gen::cli::config::Config;
use gen::declare::read::read_schema;
use gen::driver::schema_at;
use std::path::Path;

fn model(dir: &str, dialect: &str) -> gen::model::Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let config = Config::with_defaults(camino::Utf8PathBuf::from_path_buf(path).unwrap());
    let graph = gen::cli::config::load_graph(&config).unwrap();
    let heads: Vec<usize> = graph.heads().to_vec();
    schema_at(&graph, &heads, gen::dialect::by_name(dialect).unwrap()).unwrap()
}

/// Upgrades each fixture on `engine`, dumps, reads back, compares.
fn dumps_read_back(engine: &live::Engine) {
    let dialect = engine.dialect();
    let d = gen::dialect::by_name(dialect).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (mut held, mut failures) = (Vec::new(), Vec::new());
    for f in fixtures::ok_folders()
        .into_iter()
        .filter(|f| f.supports(dialect))
    {
        let up = tmp.path().join(format!("{}.up.sql", f.name));
        Gen::new()
            .args([
                "--migrations",
                &f.dir,
                "--dialect",
                dialect,
                "upgrade",
                "heads",
            ])
            .script(&up);
        let db = engine.fresh_db(&format!("ar_{}", f.name));
        db.apply_file(&up)
            .unwrap_or_else(|e| panic!("{} on {dialect}: upgrade failed:\n{e}", f.name));
        let dump = db
            .dump_schema()
            .unwrap_or_else(|e| panic!("{} on {dialect}: dump failed:\n{e}", f.name));
        let file = camino::Utf8PathBuf::from(format!("{}-{dialect}.dump.sql", f.name));
        let expected = describe(&model(&f.dir, dialect), &*d);
        let outcome = match read_schema(&dump, &file, &d) {
            Err(e) => Err(format!("{} on {dialect}: {e}", f.name)),
            Ok(read) => {
                let diff = differences(&expected, &describe(&read.schema, &*d));
                if diff.is_empty() {
                    Ok(())
                } else {
                    Err(format!("{} on {dialect}:\n  {}", f.name, diff.join("\n  ")))
                }
            }
        };
        match (outcome, not_read_yet(Source::Dump, &f.name, dialect)) {
            (Ok(()), None) => held.push(f.name.clone()),
            (Err(e), None) => failures.push(e),
            (Err(_), Some(why)) => eprintln!(
                "autoread_live {dialect}: {} not read back yet: {why}",
                f.name
            ),
            (Ok(()), Some(why)) => failures.push(format!(
                "{} on {dialect} now reads back: remove it from NOT_READ_YET ({why})",
                f.name
            )),
        }
    }
    eprintln!("autoread_live {dialect}: held for {}", held.join(", "));
    assert!(
        failures.is_empty(),
        "{} held, {} did not:\n{}",
        held.len(),
        failures.len(),
        failures.join("\n\n")
    );
}

/// The hand-written realistic schema for the engine's dialect, applied as
/// it is, dumped, read back: the same schema as reading the file itself.
fn realistic_reads_back(engine: &live::Engine) {
    let dialect = engine.dialect();
    let d = gen::dialect::by_name(dialect).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/schema/realistic_{dialect}.sql"));
    let text = std::fs::read_to_string(&path).unwrap();
    let file = camino::Utf8PathBuf::from_path_buf(path.clone()).unwrap();
    let written = read_schema(&text, &file, &d).unwrap_or_else(|e| panic!("{e}"));
    let db = engine.fresh_db("ar_realistic");
    db.apply_file(&path)
        .unwrap_or_else(|e| panic!("realistic_{dialect}.sql does not apply:\n{e}"));
    let dump = db
        .dump_schema()
        .unwrap_or_else(|e| panic!("dump failed:\n{e}"));
    let dumped = read_schema(&dump, camino::Utf8Path::new("dump.sql"), &d)
        .unwrap_or_else(|e| panic!("{e}\n{dump}"));
    // Where the engine names unnamed constraints its own way (InnoDB's
    // `t_ibfk_1`, `CONSTRAINT_1`), constraint names are not compared.
    let names = !d.explicit_constraint_names();
    let diff = differences(
        &describe_as(&written.schema, &*d, names),
        &describe_as(&dumped.schema, &*d, names),
    );
    assert!(
        diff.is_empty(),
        "realistic_{dialect}.sql read directly (-) and from the engine's dump (+) differ:\n  {}",
        diff.join("\n  ")
    );
}

#[test]
fn pg_dump_reads_back_as_the_model() {
    if let Some(engine) = live::pg() {
        dumps_read_back(&engine);
        realistic_reads_back(&engine);
    }
}

#[test]
fn mariadb_dump_reads_back_as_the_model() {
    if let Some(engine) = live::mariadb() {
        dumps_read_back(&engine);
        realistic_reads_back(&engine);
    }
}

#[test]
fn sqlite_schema_reads_back_as_the_model() {
    if let Some(engine) = live::sqlite() {
        dumps_read_back(&engine);
        realistic_reads_back(&engine);
    }
}
