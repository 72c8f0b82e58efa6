//! Columns: a failed `add_column` undone, autoincrement changes, and what
//! dropping a column takes with it or is refused for.

use super::*;

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
