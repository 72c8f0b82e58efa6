//! Replay and inverse tests on literal operations, in memory.

use super::inverse::{inverse, replay_revision};
use super::{Schema, SchemaError};
use crate::ops::Op;

/// Operations from YAML text (a list), through the same serde shapes `load` uses.
fn ops(yaml: &str) -> Vec<Op> {
    crate::source::parse_ops(yaml).unwrap()
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

    let e = err(&mut s, "- drop_column: {table: users, column: id}");
    assert_eq!(
        e.to_string(),
        "column `users.id` is used by foreign key `posts_user_id_fkey` on `posts`"
    );
}

#[test]
fn a_failed_add_column_leaves_the_table_as_it_was() {
    let before = base();
    for bad in [
        // Fails before the column is added: no table `orgs`.
        "- add_column: {table: users, column: {name: org_id, type: integer, unique: true, references: {table: orgs, column: id}}}",
        // Fails after the column and its unique key are added: `title` is
        // not a key the foreign key can reference.
        "- add_column: {table: posts, column: {name: parent_title, type: text, unique: true, references: {table: posts, column: title}}}",
    ] {
        let mut s = before.clone();
        err(&mut s, bad);
        assert!(s == before, "{bad} changed the schema");
    }
    // The same column with a valid key is added, key and all.
    let mut s = before.clone();
    apply_all(
        &mut s,
        "- add_column: {table: posts, column: {name: parent_id, type: integer, unique: true, references: {table: posts, column: id}}}",
    )
    .unwrap();
    let posts = s.table(&qn("posts")).unwrap();
    assert!(posts.column(&id("parent_id")).is_some());
    assert_eq!(posts.def.unique.len(), 1);
    assert_eq!(posts.def.foreign_keys.len(), 2);
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

/// What `alter_column` may do to an autoincrement column: widen it, stop
/// it (after which any type will do), start it on an integer key column.
#[test]
fn autoincrement_columns_can_widen_stop_and_start() {
    let mut s = Schema::new();
    apply_all(
        &mut s,
        "
- create_table:
    name: t
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: n, type: integer, default: 0}
      - {name: k, type: integer, primary_key: true}
",
    )
    .unwrap();
    let auto = |s: &Schema, c: &str| {
        s.table(&qn("t"))
            .unwrap()
            .column(&id(c))
            .unwrap()
            .autoincrement
    };
    for (yaml, expected) in [
        (
            "- alter_column: {table: t, column: id, type: text}",
            "`autoincrement` column `id` must stay an integer; add `autoincrement: false`",
        ),
        (
            "- alter_column: {table: t, column: id, default: 1}",
            "cannot have a default",
        ),
        (
            "- alter_column: {table: t, column: n, autoincrement: true}",
            "has a default; drop it (`default: null`)",
        ),
        (
            "- alter_column: {table: t, column: n, autoincrement: true, default: null}",
            "must be part of the primary key",
        ),
        (
            "- alter_column: {table: t, column: k, autoincrement: true, type: text}",
            "needs an integer column, but `k` is `text`",
        ),
    ] {
        let e = err(&mut s.clone(), yaml);
        assert!(e.to_string().contains(expected), "{yaml}: {e}");
    }
    apply_all(
        &mut s,
        "- alter_column: {table: t, column: id, default: null, type: bigint}",
    )
    .unwrap();
    assert!(auto(&s, "id"));
    apply_all(
        &mut s,
        "- alter_column: {table: t, column: id, autoincrement: false, type: varchar(20)}",
    )
    .unwrap();
    assert!(!auto(&s, "id"));
    apply_all(
        &mut s,
        "- alter_column: {table: t, column: k, autoincrement: true}",
    )
    .unwrap();
    assert!(auto(&s, "k"));
    // Undone, each comes back as it was.
    let before = s.clone();
    let upgrade = ops("- alter_column: {table: t, column: k, autoincrement: false, type: text}");
    let derived = replay_revision(&upgrade, &mut s, true).unwrap().unwrap();
    for d in &derived {
        s.apply(&d.op).unwrap();
    }
    assert_eq!(s, before);
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
    let sources: Vec<usize> = derived.iter().map(|d| d.source()).collect();
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

#[test]
fn dropping_a_used_column_names_every_user() {
    let mut s = base();
    apply_all(
        &mut s,
        "
- add_column: {table: posts, column: {name: slug, type: text, unique: true}}
- create_unique_constraint: {name: uq_title_slug, table: posts, columns: [title, slug]}
- create_check_constraint: {name: ck_both, table: posts, expr: slug <> title}
",
    )
    .unwrap();
    // The two-column unique constraint would go with the column; the check
    // naming another column keeps it (following names through expressions
    // is the fragment checker's part).
    let e = err(&mut s, "- drop_column: {table: posts, column: slug}");
    assert_eq!(
        e.to_string(),
        "column `posts.slug` is used by check constraint `ck_both`"
    );
    let e = err(&mut s, "- drop_column: {table: users, column: id}");
    assert_eq!(
        e.to_string(),
        "column `users.id` is used by foreign key `posts_user_id_fkey` on `posts`"
    );
    apply_all(
        &mut s,
        "
- create_table:
    name: counters
    columns:
      - {name: id, type: integer, autoincrement: true}
      - {name: shard, type: integer}
    primary_key: {columns: [id, shard]}
",
    )
    .unwrap();
    let e = err(&mut s, "- drop_column: {table: counters, column: shard}");
    assert!(
        e.to_string()
            .contains("the primary key, which autoincrement column `id` needs"),
        "{e}"
    );
}

/// The history that stopped at its 8th revision: a column of a composite
/// primary key and of indexes, dropped. What goes with it, and what its
/// derived downgrade brings back, follow each engine.
const ENROLLMENTS: &str = "
- create_table:
    name: enrollments
    columns:
      - {name: course_id, type: integer}
      - {name: student_id, type: integer}
      - {name: c, type: integer}
      - {name: d, type: integer}
      - {name: e, type: integer}
    primary_key: {name: pk_enrollments, columns: [course_id, student_id]}
    unique: [{name: uq_c_d, columns: [c, d]}]
    foreign_keys: [{name: fk_self, columns: [d, e], references: {table: enrollments, columns: [c, d]}}]
    checks: [{name: ck_e, expr: e > 0}]
- create_index: {name: ix_c, table: enrollments, columns: [c]}
- create_index: {name: ix_course_c, table: enrollments, columns: [course_id, c]}
- create_index: {name: ix_course_student, table: enrollments, columns: [course_id, student_id]}
- create_index: {name: ux_e_course, table: enrollments, columns: [e, course_id], unique: true}
";

fn enrollments(dialect: &str) -> Schema {
    let mut s = Schema::for_dialect(crate::dialect::by_name(dialect).unwrap());
    apply_all(&mut s, ENROLLMENTS).unwrap();
    s
}

fn index_columns(s: &Schema, name: &str) -> Option<Vec<String>> {
    let t = s.table(&qn("enrollments"))?;
    let index = t.indexes.get(&id(name))?;
    Some(index.columns.iter().map(|c| c.to_string()).collect())
}

#[test]
fn a_dropped_column_takes_its_keys_and_indexes_as_the_engine_does() {
    for dialect in ["postgresql", "mysql", "sqlite", "mssql"] {
        let mut s = enrollments(dialect);
        // e first: fk_self references (c, d), which keeps c until it goes.
        apply_all(&mut s, "- drop_column: {table: enrollments, column: e}").unwrap();
        apply_all(
            &mut s,
            "- drop_column: {table: enrollments, column: student_id}",
        )
        .unwrap();
        let t = s.table(&qn("enrollments")).unwrap();
        assert_eq!(t.def.primary_key, None, "{dialect}: the key went with it");
        assert!(
            !t.column(&id("course_id")).unwrap().is_nullable(),
            "{dialect}: the other key column stays NOT NULL"
        );
        // MariaDB takes the column out of a plain index; the others drop it.
        let shrunk = index_columns(&s, "ix_course_student");
        match dialect {
            "mysql" => assert_eq!(shrunk, Some(vec!["course_id".to_owned()])),
            _ => assert_eq!(shrunk, None, "{dialect}"),
        }
        apply_all(&mut s, "- drop_column: {table: enrollments, column: c}").unwrap();
        let t = s.table(&qn("enrollments")).unwrap();
        assert!(t.constraint(&id("uq_c_d")).is_none(), "{dialect}");
        assert_eq!(index_columns(&s, "ix_c"), None, "{dialect}");
        match dialect {
            "mysql" => assert_eq!(
                index_columns(&s, "ix_course_c"),
                Some(vec!["course_id".to_owned()])
            ),
            _ => assert_eq!(index_columns(&s, "ix_course_c"), None, "{dialect}"),
        }
    }
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

#[test]
fn a_column_a_foreign_key_references_stays() {
    let mut s = enrollments("postgresql");
    // fk_self references (c, d): neither can go while it is there.
    let e = err(&mut s, "- drop_column: {table: enrollments, column: c}");
    assert_eq!(
        e.to_string(),
        "column `enrollments.c` is used by foreign key `fk_self` on `enrollments`"
    );
    // Dropping e takes fk_self (its own column), the check and the index.
    apply_all(&mut s, "- drop_column: {table: enrollments, column: e}").unwrap();
    let t = s.table(&qn("enrollments")).unwrap();
    assert!(t.constraint(&id("fk_self")).is_none());
    assert!(t.constraint(&id("ck_e")).is_none());
    assert_eq!(index_columns(&s, "ux_e_course"), None);
    apply_all(&mut s, "- drop_column: {table: enrollments, column: c}").unwrap();
}

#[test]
fn the_derived_downgrade_of_a_column_drop_restores_what_it_took() {
    for dialect in ["postgresql", "mysql", "sqlite", "mssql"] {
        let before = enrollments(dialect);
        let upgrade = ops("
- drop_column: {table: enrollments, column: e}
- drop_column: {table: enrollments, column: student_id}
- drop_column: {table: enrollments, column: c}
");
        let mut schema = before.clone();
        let derived = replay_revision(&upgrade, &mut schema, true)
            .unwrap()
            .unwrap();
        for d in &derived {
            schema
                .apply(&d.op)
                .unwrap_or_else(|e| panic!("{dialect}: {:?}: {e}", d.op));
        }
        let (got, want) = (
            schema.table(&qn("enrollments")).unwrap(),
            before.table(&qn("enrollments")).unwrap(),
        );
        assert_eq!(got.indexes, want.indexes, "{dialect}");
        let mut got_c = got.constraints();
        let mut want_c = want.constraints();
        got_c.sort_by_key(|c| c.name().cloned());
        want_c.sort_by_key(|c| c.name().cloned());
        assert_eq!(got_c, want_c, "{dialect}");
        let mut got_cols: Vec<_> = got.def.columns.clone();
        got_cols.sort_by(|a, b| a.name.cmp(&b.name));
        let mut want_cols: Vec<_> = want.def.columns.clone();
        want_cols.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(got_cols, want_cols, "{dialect}");
        // The shrunk index is dropped and made again with its columns.
        let names: Vec<&str> = derived.iter().map(|d| d.op.name()).collect();
        if dialect == "mysql" {
            assert!(names.contains(&"drop_index"), "{names:?}");
        } else {
            assert!(!names.contains(&"drop_index"), "{dialect}: {names:?}");
        }
    }
}

#[test]
fn bulk_insert_is_checked_and_irreversible() {
    let mut s = base();
    let e = err(
        &mut s,
        "- bulk_insert: {table: users, rows: [{id: 1, emial: a}]}",
    );
    assert_eq!(e.to_string(), "table `users` has no column `emial`");
    assert_eq!(e.at().to_string(), "rows[0].emial");
    let e = err(&mut s, "- bulk_insert: {table: users, rows: [{id: null}]}");
    assert!(e.to_string().contains("is NOT NULL"), "{e}");
    let e = err(&mut s, "- bulk_insert: {table: users, rows: []}");
    assert!(e.to_string().contains("at least one row"), "{e}");

    let upgrade = ops("- bulk_insert: {table: users, rows: [{id: 1, email: \"it's\"}]}");
    let irr = replay_revision(&upgrade, &mut s, true)
        .unwrap()
        .unwrap_err();
    assert_eq!((irr.op_index, irr.op_name), (0, "bulk_insert"));
    assert!(irr.reason.contains("cannot be undone"), "{}", irr.reason);
}

#[test]
fn derived_downgrades_of_the_new_operations_restore_the_schema() {
    let upgrade = ops("
- create_table: {name: tags, columns: [{name: id, type: integer}, {name: label, type: varchar(20), comment: x}]}
- create_primary_key: {table: tags, columns: [id]}
- create_unique_constraint: {table: tags, columns: [label]}
- add_column: {table: posts, column: {name: tag_id, type: integer}}
- create_foreign_key: {table: posts, columns: [tag_id], references: {table: tags, columns: [id]}, deferrable: true, initially: deferred}
- create_check_constraint: {table: posts, expr: tag_id > 0}
- alter_column: {table: tags, column: label, new_name: name, type: text, nullable: false, default: none, comment: null}
- create_table_comment: {table: users, comment: people}
- drop_table_comment: {table: users}
- drop_constraint: {name: posts_tag_id_check, table: posts}
- rename_table: {name: posts, new_name: articles}
- alter_column: {table: users, column: email, new_name: mail}
- drop_constraint: {name: posts_user_id_fkey, table: articles}
");
    let before = base();
    let mut schema = before.clone();
    let derived = replay_revision(&upgrade, &mut schema, true)
        .unwrap()
        .unwrap();
    for d in &derived {
        schema
            .apply(&d.op)
            .unwrap_or_else(|e| panic!("{:?}: {e}", d.op));
    }
    assert_eq!(
        schema, before,
        "downgrade brings back exactly the former schema"
    );
}

fn qn(name: &str) -> crate::ops::ident::QualName {
    crate::ops::ident::QualName::new(None, id(name))
}

fn id(name: &str) -> crate::ops::ident::Ident {
    crate::ops::ident::Ident::new(name).unwrap()
}

/// Undoing the operations that create unnamed constraints drops the names
/// the model gave them (seen on the one table they change) and brings the
/// schema back, on every dialect's naming.
#[test]
fn derived_downgrades_drop_the_constraints_the_upgrade_named() {
    let upgrade = ops("
- create_unique_constraint: {table: users, columns: [email]}
- create_check_constraint: {table: posts, expr: id > 0}
- create_foreign_key: {table: posts, columns: [id], references: {table: users, columns: [id]}}
- add_column: {table: users, column: {name: nick, type: text}}
- create_unique_constraint: {table: users, columns: [nick]}
");
    for dialect in ["postgresql", "sqlite", "mysql", "mssql"] {
        let mut before = Schema::for_dialect(crate::dialect::by_name(dialect).unwrap());
        apply_all(&mut before, BASE).unwrap();
        let mut schema = before.clone();
        let derived = replay_revision(&upgrade, &mut schema, true)
            .unwrap()
            .unwrap();
        let after = schema.clone();
        let names: Vec<&str> = derived.iter().map(|d| d.op.name()).collect();
        assert_eq!(
            names,
            [
                "drop_constraint",
                "drop_column",
                "drop_constraint",
                "drop_constraint",
                "drop_constraint"
            ],
            "{dialect}"
        );
        for d in &derived {
            if let Op::DropConstraint(o) = &d.op {
                let table = after.table(&o.qual_table()).unwrap();
                assert!(table.constraint(&o.name).is_some(), "{dialect}: {}", o.name);
            }
            schema.apply(&d.op).unwrap();
        }
        assert_eq!(schema, before, "{dialect}: back to the former schema");
    }
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
