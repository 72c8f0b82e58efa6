//! The golden scripts applied to a real PostgreSQL, as a DBA would
//! (`psql -v ON_ERROR_STOP=1 -f`): upgrade to heads, compare the catalog
//! with the schema model (types, defaults, comments, constraints, indexes,
//! enum types: `support/catalog.rs`) and the version table with the heads, downgrade
//! `heads:base`, check that only the empty version table is left, and upgrade again.
//! Skips loudly without a server; fails under `CI=true`.

use crate::support::catalog;
use crate::support::live;

use crate::support::gen::Gen;
use gen::cli::config::Config;
use gen::driver::schema_at;
use std::path::{Path, PathBuf};

fn script(dir: &str, args: &[&str], out: &Path) {
    Gen::new()
        .args(["--migrations", dir])
        .args(args)
        .script(out);
}

fn folders() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec!["migrations".to_owned()];
    let mut cases: Vec<String> = std::fs::read_dir(root.join("tests/fixtures/ok"))
        .expect("fixtures")
        .flatten()
        .map(|e| format!("tests/fixtures/ok/{}", e.file_name().to_string_lossy()))
        // A folder whose `dialects` file leaves PostgreSQL out is not for it.
        .filter(|dir| {
            std::fs::read_to_string(root.join(dir).join("dialects"))
                .map_or(true, |list| list.lines().any(|l| l.trim() == "postgresql"))
        })
        .collect();
    cases.sort();
    dirs.extend(cases);
    dirs
}

/// Every user object: `kind schema.name`, sorted.
fn user_objects(db: &live::Db) -> Vec<String> {
    let rows = db.query(
        "SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c \
           JOIN pg_namespace n ON n.oid = c.relnamespace \
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') \
         UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_type t \
           JOIN pg_namespace n ON n.oid = t.typnamespace \
          WHERE t.typtype = 'e' \
         UNION ALL SELECT 'schema ' || nspname FROM pg_namespace \
          WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema', 'pg_toast') \
            AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%' \
         ORDER BY 1",
    );
    rows.into_iter().map(|r| r.join(" ")).collect()
}

/// The model's description at heads, and the heads.
fn model_at_heads(dir: &str) -> (Vec<String>, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let config = Config::with_defaults(camino::Utf8PathBuf::from_path_buf(path).unwrap());
    let graph = gen::cli::config::load_graph(&config).unwrap();
    let heads: Vec<usize> = graph.heads().to_vec();
    let schema = schema_at(&graph, &heads, config.dialect.clone()).unwrap();
    let mut head_ids: Vec<String> = heads.iter().map(|n| graph.id(*n).to_string()).collect();
    head_ids.sort();
    (catalog::describe_model(&schema), head_ids)
}

#[test]
fn upgrade_downgrade_upgrade_on_postgresql() {
    let Some(pg) = live::pg() else { return };
    let tmp = tempfile::tempdir().unwrap();
    for dir in folders() {
        let name = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
        let up: PathBuf = tmp.path().join(format!("{name}.up.sql"));
        let down: PathBuf = tmp.path().join(format!("{name}.down.sql"));
        script(&dir, &["upgrade", "heads", "--sql"], &up);
        script(&dir, &["downgrade", "heads:base", "--sql"], &down);

        let db = pg.fresh_db(&name);
        db.apply_file(&up)
            .unwrap_or_else(|e| panic!("{dir}: upgrade failed:\n{e}"));
        let (model, heads) = model_at_heads(&dir);
        assert_eq!(
            catalog::describe_catalog(&db).join("\n"),
            model.join("\n"),
            "{dir}: catalog (left) differs from the model (right)"
        );
        let rows: Vec<String> = db
            .query("SELECT version_num FROM alembic_version ORDER BY 1")
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(rows, heads, "{dir}: version table");

        db.apply_file(&down)
            .unwrap_or_else(|e| panic!("{dir}: downgrade failed:\n{e}"));
        // Only the version table is left, empty (as Alembic 1.20 leaves it).
        assert_eq!(
            user_objects(&db),
            [
                "relation public.alembic_version",
                "relation public.alembic_version_pkc"
            ],
            "{dir}: left after downgrade"
        );
        assert_eq!(
            db.query("SELECT count(*) FROM alembic_version"),
            [["0"]],
            "{dir}: version rows left after downgrade"
        );

        // The upgrade from base applies again: it creates the table only if
        // it is missing.
        db.apply_file(&up)
            .unwrap_or_else(|e| panic!("{dir}: second upgrade failed:\n{e}"));
        let again: Vec<String> = db
            .query("SELECT version_num FROM alembic_version ORDER BY 1")
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(
            again, heads,
            "{dir}: version table after the second upgrade"
        );

        // `gen schema` builds the same schema from nothing.
        let dump = tmp.path().join(format!("{name}.schema.sql"));
        script(&dir, &["schema"], &dump);
        let fresh = pg.fresh_db(&format!("{name}_schema"));
        // Database schemas are made by `execute`, outside the model.
        let text = std::fs::read_to_string(&dump).unwrap();
        if let Some(line) = text.lines().find(|l| l.contains("these must exist: ")) {
            for s in line.rsplit(": ").next().unwrap_or("").split(", ") {
                fresh.query(&format!("CREATE SCHEMA {s}"));
            }
        }
        fresh
            .apply_file(&dump)
            .unwrap_or_else(|e| panic!("{dir}: gen schema output failed:\n{e}"));
        assert_eq!(
            catalog::describe_catalog(&fresh).join("\n"),
            model.join("\n"),
            "{dir}: `gen schema` (left) differs from the model (right)"
        );
        assert_eq!(
            catalog::describe_catalog(&db).join("\n"),
            model.join("\n"),
            "{dir}: second upgrade"
        );
    }
}

#[test]
fn partial_ranges_apply_in_sequence() {
    let Some(pg) = live::pg() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // base -> the merge, then merge -> heads, then down to the branch point
    // and back up: each script starts where the previous one ended.
    let steps: [&[&str]; 4] = [
        &["upgrade", "3e6853f44860"],
        &["upgrade", "3e6853f44860:heads"],
        &["downgrade", "heads:5d91218841c1"],
        &["upgrade", "5d91218841c1:heads"],
    ];
    let db = pg.fresh_db("ranges");
    for (i, args) in steps.iter().enumerate() {
        let file = tmp.path().join(format!("{i}.sql"));
        script("migrations", args, &file);
        db.apply_file(&file)
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    }
    let rows = db.query("SELECT version_num FROM alembic_version");
    assert_eq!(rows, [["8f1e2d3c4b5a"]]);
    assert_eq!(db.tables().len(), 10);
}

/// `not_valid: true` really leaves the rows already there unchecked, and
/// `validate_constraint` checks them: PostgreSQL refuses to validate while
/// a bad row is left, and marks both constraints valid once it is fixed.
#[test]
fn not_valid_then_validate_constraint() {
    let Some(pg) = live::pg() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = "tests/fixtures/ok/not_valid";
    let step = |args: &[&str], name: &str| {
        let file = tmp.path().join(name);
        script(dir, args, &file);
        file
    };
    let db = pg.fresh_db("not_valid");
    db.apply_file(step(&["upgrade", "n1", "--sql"], "n1.sql"))
        .unwrap();
    // A row the check would refuse, there before the constraint.
    db.query("INSERT INTO orders (id, customer_id, qty) VALUES (2, 1, 0)");
    db.apply_file(step(&["upgrade", "n1:n2", "--sql"], "n2.sql"))
        .unwrap_or_else(|e| panic!("NOT VALID must not check old rows: {e}"));
    let validated = || {
        db.query(
            "SELECT conname, convalidated FROM pg_constraint \
              WHERE conname IN ('fk_orders_customer', 'ck_orders_qty') ORDER BY 1",
        )
    };
    assert_eq!(
        validated(),
        [["ck_orders_qty", "f"], ["fk_orders_customer", "f"]]
    );
    // New rows are checked at once.
    assert!(db
        .try_query("INSERT INTO orders (id, customer_id, qty) VALUES (3, 1, -1)")
        .is_err());
    let n3 = step(&["upgrade", "n2:n3", "--sql"], "n3.sql");
    let err = db
        .apply_file(&n3)
        .expect_err("the old row fails validation");
    assert!(err.contains("ck_orders_qty"), "{err}");
    db.query("UPDATE orders SET qty = 1 WHERE id = 2");
    db.apply_file(&n3).unwrap();
    assert_eq!(
        validated(),
        [["ck_orders_qty", "t"], ["fk_orders_customer", "t"]]
    );
}
