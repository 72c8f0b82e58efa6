//! Constraints: references that must exist and be free to drop, the names
//! the engines give unnamed ones, their errors, renames that follow into
//! them, and MySQL's index under every foreign key.

use super::*;

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

    let e = err(&mut s, "- drop_column: {table: users, column: id}");
    assert_eq!(
        e.to_string(),
        "column `users.id` is used by foreign key `posts_user_id_fkey` on `posts`"
    );
}

#[test]
fn unnamed_constraints_get_the_engine_names_and_can_be_dropped() {
    let mut s = base();
    let users = s.table(&qn("users")).unwrap();
    assert!(users.constraint(&id("users_pkey")).is_some());
    let posts = s.table(&qn("posts")).unwrap();
    assert!(posts.constraint(&id("posts_user_id_fkey")).is_some());
    apply_all(
        &mut s,
        "
- create_unique_constraint: {table: users, columns: [email]}
- create_check_constraint: {table: users, expr: \"email <> ''\"}
- create_check_constraint: {table: users, expr: \"email <> 'x'\"}
- drop_constraint: {name: users_email_key, table: users, type: unique}
- drop_constraint: {name: users_email_check1, table: users}
- drop_constraint: {name: posts_user_id_fkey, table: posts}
",
    )
    .unwrap();
    let users = s.table(&qn("users")).unwrap();
    let names: Vec<String> = users
        .constraints()
        .iter()
        .filter_map(|c| c.name().map(|n| n.to_string()))
        .collect();
    assert_eq!(names, ["users_pkey", "users_email_check"]);
}

#[test]
fn constraint_errors_name_the_objects() {
    let mut s = base();
    let e = err(
        &mut s,
        "- drop_constraint: {name: users_pkee, table: users}",
    );
    assert_eq!(
        e.to_string(),
        "table `users` has no constraint `users_pkee`"
    );
    assert_eq!(e.help().as_deref(), Some("did you mean `users_pkey`?"));
    let e = err(
        &mut s,
        "- drop_constraint: {name: users_pkey, table: users, type: unique}",
    );
    assert_eq!(
        e.to_string(),
        "constraint `users_pkey` on `users` is a primary key, not a unique constraint"
    );
    assert_eq!(e.at().to_string(), "type");
    let e = err(
        &mut s,
        "- drop_constraint: {name: users_pkey, table: users}",
    );
    assert_eq!(
        e.to_string(),
        "constraint `users_pkey` on `users` is used by foreign key `posts_user_id_fkey` on `posts`"
    );
    let e = err(
        &mut s,
        "- create_primary_key: {name: pk2, table: users, columns: [email]}",
    );
    assert!(
        e.to_string()
            .contains("already has a primary key (`users_pkey`)"),
        "{e}"
    );
    let e = err(
        &mut s,
        "- create_foreign_key: {table: posts, columns: [title], references: {table: users, columns: [email]}}",
    );
    assert!(
        e.to_string().contains("neither its primary key nor unique"),
        "{e}"
    );
    let e = err(
        &mut s,
        "- create_foreign_key: {table: posts, columns: [user_id], references: {table: user, columns: [id]}}",
    );
    assert_eq!(e.to_string(), "table `user` does not exist");
    assert_eq!(e.at().to_string(), "references.table");
    let e = err(
        &mut s,
        "- create_foreign_key: {table: posts, columns: [user_id], references: {table: users, columns: [idd]}}",
    );
    assert_eq!(e.at().to_string(), "references.columns[0]");
    let e = err(
        &mut s,
        "- create_unique_constraint: {name: users_pkey, table: users, columns: [email]}",
    );
    assert_eq!(
        e.to_string(),
        "constraint `users_pkey` already exists (on table `users`)"
    );
}

#[test]
fn renames_follow_into_keys_indexes_checks_and_references() {
    let mut s = base();
    apply_all(
        &mut s,
        "
- create_check_constraint: {name: ck_title, table: posts, expr: \"title <> '' AND length(title) < 200\"}
- create_index: {name: ix_lower_title, table: posts, columns: [{expr: lower(title)}], where: title IS NOT NULL}
- alter_column: {table: posts, column: title, new_name: Heading}
- alter_column: {table: users, column: id, new_name: user_id}
- rename_table: {name: users, new_name: people}
",
    )
    .unwrap();
    let posts = s.table(&qn("posts")).unwrap();
    let Some(super::Constraint::Check(ck)) = posts.constraint(&id("ck_title")) else {
        panic!("check kept")
    };
    assert_eq!(ck.expr, "\"Heading\" <> '' AND length(\"Heading\") < 200");
    let ix = &posts.indexes[&id("ix_lower_title")];
    assert_eq!(ix.where_clause.as_deref(), Some("\"Heading\" IS NOT NULL"));
    assert_eq!(
        posts.indexes[&id("ix_posts_title")].columns,
        [crate::ops::IndexColumn::Column(id("Heading"))]
    );
    let fk = &posts.def.foreign_keys[0];
    assert_eq!(fk.references.table.as_str(), "people");
    assert_eq!(fk.references.columns, [id("user_id")]);
    assert!(s
        .table(&qn("people"))
        .unwrap()
        .constraint(&id("users_pkey"))
        .is_some());

    let e = err(&mut s, "- rename_table: {name: people, new_name: posts}");
    assert_eq!(e.to_string(), "table `posts` already exists");
    assert_eq!(e.at().to_string(), "new_name");
    let e = err(&mut s, "- rename_table: {name: users, new_name: x}");
    assert_eq!(e.to_string(), "table `users` does not exist");
    let e = err(
        &mut s,
        "- alter_column: {table: people, column: email, new_name: user_id}",
    );
    assert_eq!(
        e.to_string(),
        "table `people` already has a column `user_id`"
    );
    let e = err(&mut s, "- alter_column: {table: people, column: email}");
    assert!(e.to_string().contains("changes nothing"), "{e}");
    let e = err(
        &mut s,
        "- alter_column: {table: people, column: user_id, nullable: true}",
    );
    assert!(e.to_string().contains("cannot be nullable"), "{e}");
}

/// MySQL: a foreign key with no index of its own leans on the key that
/// starts with its columns; what would take that key away is refused.
#[test]
fn mysql_keeps_an_index_under_every_foreign_key() {
    let mut s = Schema::for_dialect(crate::dialect::by_name("mysql").unwrap());
    apply_all(
        &mut s,
        "
- create_table: {name: courses, columns: [{name: id, type: integer, primary_key: true}]}
- create_table:
    name: seats
    columns:
      - {name: course_id, type: integer, references: {table: courses, column: id}}
      - {name: n, type: integer}
      - {name: note, type: text}
    primary_key: {columns: [course_id, n]}
- create_index: {name: ix_seats_course_note, table: seats, columns: [course_id, note]}
",
    )
    .unwrap();
    let fk = &s.table(&qn("seats")).unwrap().def.foreign_keys[0];
    assert_eq!(
        fk.index_name, None,
        "the primary key starts with its column"
    );
    // The plain index still starts with course_id once n goes: fine.
    let mut ok = s.clone();
    apply_all(&mut ok, "- drop_column: {table: seats, column: n}").unwrap();
    // Without that index, dropping n takes the last one away.
    apply_all(
        &mut s,
        "- drop_index: {name: ix_seats_course_note, table: seats}",
    )
    .unwrap();
    let e = err(&mut s, "- drop_column: {table: seats, column: n}");
    assert_eq!(
        e.to_string(),
        "foreign key `seats_course_id_fkey` on `seats` has no index of its own and leans on the one this removes, which mysql refuses; create an index on (course_id) first, or drop the foreign key first"
    );
    // PostgreSQL needs no such index.
    let mut pg = Schema::new();
    apply_all(
        &mut pg,
        "
- create_table: {name: courses, columns: [{name: id, type: integer, primary_key: true}]}
- create_table:
    name: seats
    columns:
      - {name: course_id, type: integer, references: {table: courses, column: id}}
      - {name: n, type: integer}
    primary_key: {columns: [course_id, n]}
- drop_column: {table: seats, column: n}
",
    )
    .unwrap();
}

/// A key that foreign keys depend on cannot be dropped; the message names
/// every one, in table order, including one added after the key and one on
/// a table renamed since.
#[test]
fn a_key_in_use_names_every_foreign_key_on_it() {
    let mut s = Schema::new();
    apply_all(
        &mut s,
        "
- create_table: {name: a, columns: [{name: id, type: integer, primary_key: true}, {name: code, type: text}]}
- create_unique_constraint: {name: uq_code, table: a, columns: [code]}
- create_table: {name: c, columns: [{name: id, type: integer, primary_key: true}, {name: a_code, type: text}]}
- create_foreign_key: {name: fk_c, table: c, columns: [a_code], references: {table: a, columns: [code]}}
- create_table: {name: b, columns: [{name: id, type: integer, primary_key: true}, {name: a_code, type: text, references: {table: a, column: code}}]}
- create_table: {name: z, columns: [{name: id, type: integer, primary_key: true}, {name: a_id, type: integer, references: {table: a, column: id}}]}
- rename_table: {name: c, new_name: d}
- alter_column: {table: a, column: code, new_name: a_code}
",
    )
    .unwrap();
    let e = err(&mut s, "- drop_constraint: {name: uq_code, table: a}");
    assert_eq!(
        e.to_string(),
        "constraint `uq_code` on `a` is used by foreign key `b_a_code_fkey` on `b`, foreign key `fk_c` on `d`"
    );
}
