//! Replay and inverse tests on literal operations, in memory.

use super::inverse::{inverse, replay_revision};
use super::{Schema, SchemaError};
use crate::ops::Op;

/// Operations from YAML text (a list), through the same serde shapes `load` uses.
fn ops(yaml: &str) -> Vec<Op> {
    serde_yaml::from_str(yaml).unwrap()
}

fn apply_all(schema: &mut Schema, yaml: &str) -> Result<(), SchemaError> {
    ops(yaml).iter().try_for_each(|op| schema.apply(op))
}

const BASE: &str = "
- create_table:
    name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: email, type: text}
- create_table:
    name: posts
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: user_id, type: integer, references: {table: users, column: id}}
      - {name: title, type: text}
- create_index: {name: ix_posts_title, table: posts, columns: [title]}
";

fn base() -> Schema {
    let mut s = Schema::new();
    apply_all(&mut s, BASE).unwrap();
    s
}

fn err(schema: &mut Schema, yaml: &str) -> SchemaError {
    apply_all(schema, yaml).unwrap_err()
}

#[test]
fn missing_and_duplicate_objects_are_errors() {
    let mut s = base();
    let e = err(
        &mut s,
        "- add_column: {table: user, column: {name: x, type: text}}",
    );
    assert_eq!(e.to_string(), "table `user` does not exist");
    assert_eq!(e.help().as_deref(), Some("did you mean `users`?"));
    assert_eq!(e.at().to_string(), "table");

    let e = err(
        &mut s,
        "- create_table: {name: users, columns: [{name: id, type: integer}]}",
    );
    assert_eq!(e.to_string(), "table `users` already exists");

    let e = err(&mut s, "- drop_column: {table: users, column: emial}");
    assert_eq!(e.to_string(), "table `users` has no column `emial`");
    assert_eq!(e.help().as_deref(), Some("did you mean `email`?"));

    let e = err(
        &mut s,
        "- add_column: {table: users, column: {name: email, type: text}}",
    );
    assert_eq!(e.to_string(), "table `users` already has a column `email`");

    let e = err(
        &mut s,
        "- create_index: {name: ix_posts_title, table: users, columns: [email]}",
    );
    assert_eq!(
        e.to_string(),
        "index `ix_posts_title` already exists (on table `posts`)"
    );

    let e = err(
        &mut s,
        "- create_index: {name: ix_new, table: users, columns: [emali]}",
    );
    assert_eq!(e.at().to_string(), "columns[0]");

    let e = err(&mut s, "- drop_index: {name: ix_nope}");
    assert_eq!(e.to_string(), "index `ix_nope` does not exist");
}

#[test]
fn references_must_exist_and_be_free_to_drop() {
    let mut s = base();
    let e = err(
        &mut s,
        "- add_column: {table: users, column: {name: org_id, type: integer, references: {table: orgs, column: id}}}",
    );
    assert_eq!(e.to_string(), "table `orgs` does not exist");
    assert_eq!(e.at().to_string(), "column.references.table");

    let e = err(
        &mut s,
        "- create_table: {name: c, columns: [{name: u, type: integer}], foreign_keys: [{columns: [u], references: {table: users, columns: [uid]}}]}",
    );
    assert_eq!(e.to_string(), "table `users` has no column `uid`");

    let e = err(&mut s, "- drop_table: {name: users}");
    assert!(
        e.to_string()
            .contains("referenced by a foreign key on `posts` (user_id)"),
        "{e}"
    );

    let e = err(&mut s, "- drop_column: {table: posts, column: title}");
    assert_eq!(
        e.to_string(),
        "column `posts.title` is used by index `ix_posts_title`"
    );

    let e = err(&mut s, "- drop_column: {table: users, column: id}");
    assert!(e.to_string().contains("the primary key"), "{e}");
}

#[test]
fn definitions_must_be_consistent() {
    let mut s = Schema::new();
    for (yaml, expected) in [
        ("- create_table: {name: t, columns: []}", "needs at least one column"),
        ("- create_table: {name: t, columns: [{name: a, type: text}, {name: a, type: text}]}", "lists column `a` twice"),
        ("- create_table: {name: t, columns: [{name: a, type: text, autoincrement: true, primary_key: true}]}", "needs an integer column"),
        ("- create_table: {name: t, columns: [{name: a, type: integer, autoincrement: true}]}", "must be part of the primary key"),
        ("- create_table: {name: t, columns: [{name: a, type: integer, primary_key: true}], primary_key: {columns: [a]}}", "declares its primary key twice"),
        ("- create_table: {name: t, columns: [{name: a, type: integer}], unique: [{columns: [b]}]}", "has no column `b`"),
    ] {
        let e = err(&mut s, yaml);
        assert!(e.to_string().contains(expected), "{yaml}: {e}");
    }
}

#[test]
fn if_exists_and_if_not_exists_make_no_ops() {
    let mut s = base();
    apply_all(
        &mut s,
        "
- drop_table: {name: nope, if_exists: true}
- drop_index: {name: nope, if_exists: true}
- create_table: {name: users, if_not_exists: true, columns: [{name: other, type: text}]}
- create_index: {name: ix_posts_title, table: posts, columns: [id], if_not_exists: true}
",
    )
    .unwrap();
    assert_eq!(s, base(), "nothing changed");
}

#[test]
fn derived_downgrade_restores_the_former_schema() {
    let upgrade = ops("
- add_column: {table: users, column: {name: name, type: text, default: x}}
- drop_index: {name: ix_posts_title}
- drop_column: {table: users, column: email}
- drop_table: {name: posts}
- create_table: {name: tags, columns: [{name: id, type: integer, primary_key: true}]}
- create_index: {name: ix_tags, table: tags, columns: [id], unique: true}
");
    let mut before = base();
    // A second index on posts, dropped with the table: it must come back too.
    apply_all(
        &mut before,
        "- create_index: {name: ix_posts_user, table: posts, columns: [user_id]}",
    )
    .unwrap();
    let mut schema = before.clone();
    let derived = replay_revision(&upgrade, &mut schema, true)
        .unwrap()
        .unwrap();
    let names: Vec<&str> = derived.iter().map(|d| d.op.name()).collect();
    assert_eq!(
        names,
        // posts lost ix_posts_title (op 1) before it was dropped (op 3): it
        // comes back with ix_posts_user only, and ix_posts_title on its own.
        [
            "drop_index",
            "drop_table",
            "create_table",
            "create_index",
            "add_column",
            "create_index",
            "drop_column"
        ]
    );
    let sources: Vec<usize> = derived.iter().map(|d| d.source).collect();
    assert_eq!(sources, [5, 4, 3, 3, 2, 1, 0]);
    for d in &derived {
        schema.apply(&d.op).unwrap();
    }
    assert_eq!(
        schema, before,
        "downgrade brings back exactly the former schema"
    );
}

#[test]
fn execute_reverses_only_with_reverse_sql() {
    let s = Schema::new();
    let with = ops("- execute: {sql: INSERT INTO t VALUES (1), reverse_sql: DELETE FROM t}");
    let inv = inverse(&with[0], &s, &s).unwrap();
    assert!(matches!(&inv[0], Op::Execute(e) if e.sql.for_dialect(&[]) == Some("DELETE FROM t")));

    let without = ops("- create_table: {name: t, columns: [{name: a, type: integer}]}\n- execute: {sql: INSERT INTO t VALUES (1)}");
    let mut schema = Schema::new();
    let irr = replay_revision(&without, &mut schema, true)
        .unwrap()
        .unwrap_err();
    assert_eq!((irr.op_index, irr.op_name), (1, "execute"));
    assert!(irr.reason.contains("reverse_sql"));
    // The replay itself still went through: the schema has the table.
    assert_eq!(schema.tables().count(), 1);
}
