//! Issue 22.8: a named enum type (`{enum: [...], name: mood}`) is ONE
//! PostgreSQL type however many columns use it. The fixture ok/enum_named
//! is applied revision by revision (and back down) to PostgreSQL, and the
//! catalog is asked after each step which enum types exist and which
//! columns use each: one `mood` used by every column naming it, kept while
//! a user is left, gone with its last user, back with the first one on the
//! way down. Skips loudly without PostgreSQL; fails under `CI=true`.

use crate::support::gen::Gen;
use crate::support::live;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/ok/enum_named";

/// Each enum type of the database with its values and the columns
/// (`table.column`) using it, sorted.
fn enum_types(db: &live::Db) -> Vec<Vec<String>> {
    db.query(
        "SELECT t.typname, \
                (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) \
                   FROM pg_enum e WHERE e.enumtypid = t.oid), \
                COALESCE((SELECT string_agg(c.relname || '.' || a.attname, ',' ORDER BY c.relname, a.attname) \
                   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
                  WHERE a.atttypid = t.oid AND NOT a.attisdropped AND c.relkind = 'r'), '') \
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
          WHERE t.typtype = 'e' AND n.nspname = current_schema() \
          ORDER BY t.typname",
    )
}

fn step(db: &live::Db, dir: &Path, args: &[&str]) {
    let out = dir.join(format!("{}.sql", args.join("_").replace(':', "-")));
    Gen::new()
        .args(["--migrations", FIXTURE])
        .args(args)
        .script(&out);
    db.apply_file(&out)
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
}

#[test]
fn one_named_type_shared_then_dropped_with_its_last_user() {
    let Some(pg) = live::pg() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = pg.fresh_db("enumnamed");
    let mood = |users: &str| {
        vec![vec![
            "mood".to_owned(),
            "sad,ok,happy".to_owned(),
            users.to_owned(),
        ]]
    };
    let none: Vec<Vec<String>> = Vec::new();
    let steps: [(&[&str], Vec<Vec<String>>); 8] = [
        (&["upgrade", "v1"], mood("people.mood,people.was,pets.mood")),
        (
            &["upgrade", "v1:v2"],
            mood("people.mood,people.was,pets.feels"),
        ),
        (&["upgrade", "v2:v3"], mood("pets.feels")),
        (&["upgrade", "v3:v4"], none.clone()),
        (&["downgrade", "v4:v3"], mood("pets.feels")),
        (
            &["downgrade", "v3:v2"],
            mood("people.mood,people.was,pets.feels"),
        ),
        (
            &["downgrade", "v2:v1"],
            mood("people.mood,people.was,pets.mood"),
        ),
        (&["downgrade", "v1:base"], none),
    ];
    for (args, want) in steps {
        step(&db, tmp.path(), args);
        assert_eq!(enum_types(&db), want, "after {args:?}");
    }
}
