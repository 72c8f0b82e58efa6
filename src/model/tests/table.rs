//! Tables and the replay as a whole: what must exist (or not yet), a
//! definition that must agree with itself, `if_exists` / `if_not_exists`,
//! and an owned operation giving the same model as a borrowed one.

use super::*;

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
fn definitions_must_be_consistent() {
    let mut s = Schema::new();
    for (yaml, expected) in [
        ("- create_table: {name: t, columns: []}", "needs at least one column"),
        ("- create_table: {name: t, columns: [{name: a, type: text}, {name: a, type: text}]}", "lists column `a` twice"),
        ("- create_table: {name: t, columns: [{name: a, type: text, autoincrement: true, primary_key: true}]}", "needs an integer column"),
        ("- create_table: {name: t, columns: [{name: a, type: integer, autoincrement: true}]}", "must be part of the primary key"),
        ("- create_table: {name: t, columns: [{name: a, type: integer, primary_key: true}, {name: b, type: integer}], primary_key: {columns: [b]}}", "declares two different primary keys: inline `primary_key: true` on (a) and a table-level `primary_key` on (b)"),
        ("- create_table: {name: t, columns: [{name: a, type: integer, primary_key: true}, {name: b, type: integer}], primary_key: {columns: [a, b]}}", "two different primary keys"),
        ("- create_table: {name: t, columns: [{name: a, type: integer}], unique: [{columns: [b]}]}", "has no column `b`"),
    ] {
        let e = err(&mut s, yaml);
        assert!(e.to_string().contains(expected), "{yaml}: {e}");
    }
}

/// `primary_key: true` on `id` and `primary_key: {name: pk_archive,
/// columns: [id]}`: SQLAlchemy accepts both when they name the same
/// columns, and the table-level entry names the key.
#[test]
fn a_primary_key_declared_inline_and_at_table_level_is_one_key() {
    for dialect in ["postgresql", "mysql", "sqlite", "mssql"] {
        let mut s = Schema::for_dialect(crate::dialect::by_name(dialect).unwrap());
        apply_all(
            &mut s,
            "
- create_table:
    name: archive
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: part, type: integer, primary_key: true}
      - {name: body, type: text}
    primary_key: {name: pk_archive, columns: [part, id]}
",
        )
        .unwrap();
        let t = s.table(&qn("archive")).unwrap();
        let pk = t.def.primary_key.as_ref().unwrap();
        assert_eq!(pk.name, Some(id("pk_archive")), "{dialect}");
        assert_eq!(pk.columns, [id("part"), id("id")], "{dialect}");
        assert_eq!(t.constraints().len(), 1, "{dialect}");
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
