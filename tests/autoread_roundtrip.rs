//! `gen schema` output read back by `read_schema` gives the model it was
//! printed from, for every ok fixture and the sample, in every dialect each
//! supports (compared as `autoread_canon` describes: only the spellings
//! the issue calls equivalent are made equal).

use crate::autoread_canon::{describe, differences, not_read_yet, Source};
use crate::support::fixtures;
use gen::cli::commands::schema::schema_sql;
use gen::cli::config::Config;
use gen::declare::read::read_schema;
use gen::driver::schema_at;
use std::path::Path;

/// Dialects `read_schema` is asked to read (SQL Server's DDL is not read yet).
pub const READ_DIALECTS: &[&str] = &["postgresql", "mysql", "sqlite"];

#[test]
fn gen_schema_output_reads_back_as_the_model() {
    let mut failures = Vec::new();
    let mut held = 0;
    for f in fixtures::ok_folders() {
        for dialect in READ_DIALECTS.iter().filter(|d| f.supports(d)) {
            let d = gen::dialect::by_name(dialect).unwrap();
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(&f.dir);
            let mut config =
                Config::with_defaults(camino::Utf8PathBuf::from_path_buf(path).unwrap());
            config.dialect = d.clone();
            let graph = gen::cli::config::load_graph(&config).unwrap();
            let heads = graph.heads().to_vec();
            let model = schema_at(&graph, &heads, d.clone()).unwrap();
            let sql = schema_sql(&graph, &heads, &config, "heads").unwrap();
            let file = camino::Utf8PathBuf::from(format!("{}-{dialect}.sql", f.name));
            let outcome = match read_schema(&sql, &file, &d) {
                Err(e) => Err(format!("{} {dialect}: {e}\n{sql}", f.name)),
                Ok(read) => {
                    let diff = differences(&describe(&model, &*d), &describe(&read.schema, &*d));
                    if diff.is_empty() {
                        Ok(())
                    } else {
                        Err(format!("{} {dialect}:\n  {}", f.name, diff.join("\n  ")))
                    }
                }
            };
            match (outcome, not_read_yet(Source::GenSchema, &f.name, dialect)) {
                (Ok(()), None) => held += 1,
                (Err(e), None) => failures.push(e),
                (Err(_), Some(_)) => {}
                (Ok(()), Some(why)) => failures.push(format!(
                    "{} {dialect} now reads back: remove it from NOT_READ_YET ({why})",
                    f.name
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{held} held; {} did not:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
