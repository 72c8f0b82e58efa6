//! Issue 22.2: the index options reach the engines. The fixtures
//! `ok/index_options_pg`, `ok/index_options_mysql` and
//! `ok/index_options_portable` are applied (upgrade to heads, then the
//! derived downgrade to the first revision, which recreates dropped
//! indexes from the model) and the catalogs are read back: PostgreSQL's
//! `pg_indexes.indexdef` (method, operator class, DESC, NULLS, INCLUDE),
//! MariaDB's `information_schema.STATISTICS` (FULLTEXT, prefix length,
//! descending order), SQLite's `pragma_index_xinfo` (descending columns,
//! also after a table rebuild). Skips loudly without an engine; fails
//! under `CI=true`.

use crate::support::gen::Gen;
use crate::support::live::{self, Db, Engine};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/ok/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Renders `cmd target` for the fixture and applies it to `db`.
fn apply(db: &Db, engine: &Engine, name: &str, cmd: &str, target: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("script.sql");
    let dir = fixture(name);
    let text = Gen::new()
        .args([
            "--migrations",
            &dir,
            "--dialect",
            engine.dialect(),
            cmd,
            target,
        ])
        .script(&out);
    let applied = db.apply_file(&out);
    assert!(
        applied.is_ok(),
        "{} {name} {cmd}: {applied:?}\n{text}",
        engine.kind()
    );
    text
}

/// `indexdef` of each index of `table`, by name.
fn pg_indexdefs(db: &Db, table: &str) -> Vec<(String, String)> {
    db.query(&format!(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '{table}' ORDER BY 1"
    ))
    .into_iter()
    .map(|r| (r[0].clone(), r[1].clone()))
    .collect()
}

fn def_of<'a>(defs: &'a [(String, String)], name: &str) -> &'a str {
    defs.iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| d.as_str())
        .unwrap_or_else(|| panic!("no index {name} in {defs:#?}"))
}

#[test]
fn postgresql_has_the_methods_operator_classes_orders_and_included_columns() {
    let Some(pg) = live::pg() else { return };
    let db = pg.fresh_db("ixopts");
    let text = apply(&db, &pg, "index_options_pg", "upgrade", "heads");
    let defs = pg_indexdefs(&db, "docs");
    let want = [
        ("ix_docs_created", "USING brin (created_at)"),
        ("ix_docs_id_hash", "USING hash (id)"),
        (
            "ix_docs_id_nulls",
            "USING btree (id NULLS FIRST) INCLUDE (created_at, title)",
        ),
        (
            "ix_docs_title_lower",
            "USING btree (lower((title)::text) text_pattern_ops DESC) WHERE (score > 0)",
        ),
    ];
    for (name, tail) in want {
        let def = def_of(&defs, name);
        assert!(def.ends_with(tail), "{name}: {def}\n{text}");
    }
    // The derived downgrade recreates the dropped indexes with every option,
    // and the rename reaches the included column.
    let text = apply(&db, &pg, "index_options_pg", "downgrade", "b2:a1");
    let defs = pg_indexdefs(&db, "docs");
    let want = [
        ("ix_docs_body", "USING gin (body jsonb_path_ops)"),
        (
            "ix_docs_score",
            "USING btree (score DESC NULLS LAST, title) INCLUDE (created)",
        ),
        ("ix_docs_created", "USING brin (created)"),
    ];
    for (name, tail) in want {
        let def = def_of(&defs, name);
        assert!(def.ends_with(tail), "{name}: {def}\n{text}");
    }
    assert!(
        defs.iter().all(|(n, _)| n != "ix_docs_id_nulls"),
        "{defs:#?}"
    );
}

/// `(index, seq, column, sub_part, collation, index_type, non_unique)`.
fn mariadb_statistics(db: &Db, table: &str) -> Vec<String> {
    db.query(&format!(
        "SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, IFNULL(SUB_PART, '-'), \
         IFNULL(COLLATION, '-'), INDEX_TYPE, NON_UNIQUE FROM information_schema.STATISTICS \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' \
         AND INDEX_NAME <> 'PRIMARY' ORDER BY 1, 2"
    ))
    .into_iter()
    .map(|r| r.join(" "))
    .collect()
}

#[test]
fn mariadb_has_fulltext_prefix_and_descending_indexes() {
    let Some(my) = live::mariadb() else { return };
    let db = my.fresh_db("ixopts");
    let text = apply(&db, &my, "index_options_mysql", "upgrade", "heads");
    // InnoDB builds `using: hash` as a B-tree (docs/dialects.md says so).
    assert_eq!(
        mariadb_statistics(&db, "articles"),
        [
            "ix_articles_handle 1 handle 8 D BTREE 1",
            "ix_articles_score 1 score - A BTREE 1",
        ],
        "{text}"
    );
    let text = apply(&db, &my, "index_options_mysql", "downgrade", "b2:a1");
    assert_eq!(
        mariadb_statistics(&db, "articles"),
        [
            "ix_articles_body 1 body - - FULLTEXT 1",
            "ix_articles_body 2 title - - FULLTEXT 1",
            "ix_articles_score 1 score - A BTREE 1",
            "ix_articles_slug 1 slug 20 A BTREE 0",
            "ix_articles_slug 2 score - D BTREE 0",
        ],
        "{text}"
    );
}

/// The descending key columns of `index`, as the engine reports them.
fn descending(db: &Db, index: &str) -> Vec<String> {
    let sql = match db.kind() {
        live::Kind::Postgres => format!(
            "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN LATERAL unnest(i.indkey, i.indoption) WITH ORDINALITY AS k(attnum, opt, n) ON true \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
             WHERE c.relname = '{index}' AND (k.opt & 1) = 1 ORDER BY k.n"
        ),
        live::Kind::MariaDb => format!(
            "SELECT COLUMN_NAME FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = '{index}' AND COLLATION = 'D' \
             ORDER BY SEQ_IN_INDEX"
        ),
        live::Kind::Sqlite => format!(
            "SELECT name FROM pragma_index_xinfo('{index}') WHERE key = 1 AND \"desc\" = 1 ORDER BY seqno"
        ),
    };
    db.query(&sql).into_iter().map(|r| r.join(" ")).collect()
}

#[test]
fn every_engine_keeps_descending_columns_also_through_a_rebuild() {
    for engine in live::engines() {
        let db = engine.fresh_db("ixdesc");
        let text = apply(&db, &engine, "index_options_portable", "upgrade", "a1");
        assert_eq!(descending(&db, "ix_events_at"), ["at"], "{text}");
        assert_eq!(descending(&db, "ix_events_kind_score"), ["score"], "{text}");
        // b2 rebuilds the table on SQLite: the index is recreated from the model.
        let text = apply(
            &db,
            &engine,
            "index_options_portable",
            "upgrade",
            "a1:heads",
        );
        assert_eq!(descending(&db, "ix_events_kind_score"), ["score"], "{text}");
        let text = apply(&db, &engine, "index_options_portable", "downgrade", "b2:a1");
        assert_eq!(descending(&db, "ix_events_at"), ["at"], "{text}");
        assert_eq!(descending(&db, "ix_events_kind_score"), ["score"], "{text}");
    }
}
