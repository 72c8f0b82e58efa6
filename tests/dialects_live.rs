//! Issue 22.1 and 22.10 on real engines: an operation limited by
//! `dialects:` is really there on its engines and really absent on the
//! others (after the upgrade, and after a downgrade that undoes part of
//! it), and the per-dialect lock and statement timeouts are accepted by
//! the servers (the script runs). Skips loudly without an engine; fails
//! under `CI=true`.

use crate::support::gen::Gen;
use crate::support::live;

const FIXTURE: &str = "tests/fixtures/ok/dialects_only_index";

/// The indexes of `docs` that do not back its primary key, sorted.
fn index_names(db: &live::Db) -> Vec<String> {
    let mut names: Vec<String> = db
        .indexes("docs")
        .into_iter()
        .filter(|i| !i.primary)
        .map(|i| i.name)
        .collect();
    names.sort();
    names
}

fn script(dialect: &str, args: &[&str], out: &std::path::Path) {
    Gen::new()
        .args(["--migrations", FIXTURE, "--dialect", dialect])
        .args(args)
        .script(out);
}

#[test]
fn operations_exist_only_on_their_dialects() {
    let tmp = tempfile::tempdir().unwrap();
    for engine in live::engines() {
        let dialect = engine.dialect();
        // (at heads, after `downgrade d2`): what each engine holds.
        let (heads, at_d2): (&[&str], &[&str]) = match dialect {
            "postgresql" => (&["ix_docs_lang"], &["ix_docs_lang", "ix_docs_title"]),
            "mysql" => (
                &["ix_docs_title_lang", "ix_docs_title_m"],
                &["ix_docs_title_m"],
            ),
            "sqlite" => (&["ix_docs_title_lang"], &["ix_docs_title"]),
            other => panic!("no expectation for {other}"),
        };
        let up = tmp.path().join(format!("{dialect}.up.sql"));
        let down = tmp.path().join(format!("{dialect}.down.sql"));
        script(dialect, &["upgrade", "heads"], &up);
        script(dialect, &["downgrade", "heads:d2"], &down);
        let db = engine.fresh_db("dialects_only");
        db.apply_file(&up)
            .unwrap_or_else(|e| panic!("{dialect}: upgrade failed:\n{e}"));
        assert_eq!(index_names(&db), heads, "{dialect}: indexes at heads");
        db.apply_file(&down)
            .unwrap_or_else(|e| panic!("{dialect}: downgrade failed:\n{e}"));
        assert_eq!(index_names(&db), at_d2, "{dialect}: indexes at d2");
    }
}
