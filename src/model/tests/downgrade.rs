//! Derived downgrades: each brings back exactly the former schema, or says
//! why the operation cannot be undone.

use super::*;

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
                let name = o.name.as_ref().unwrap();
                assert!(table.constraint(name).is_some(), "{dialect}: {name}");
            }
            schema.apply(&d.op).unwrap();
        }
        assert_eq!(schema, before, "{dialect}: back to the former schema");
    }
}
