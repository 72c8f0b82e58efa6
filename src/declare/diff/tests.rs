//! The diff between two schemas replayed from YAML: what it writes, in
//! what order, and that its operations turn the one into the other.

use super::*;
use crate::dialect::by_name;

fn schema(dialect: &str, yaml: &str) -> Schema {
    let mut s = Schema::for_dialect(by_name(dialect).unwrap());
    for op in crate::source::parse_ops(yaml).unwrap() {
        s.apply(&op).unwrap();
    }
    s
}

/// The diff's operations, by name and subject; and it converges: applied
/// to `current` they give a schema with nothing left to change.
fn run(dialect: &str, current: &str, desired: &str, renames: &[&str]) -> (Vec<String>, Diff) {
    let now = schema(dialect, current);
    let want = schema(dialect, desired);
    let renames: Vec<Rename> = renames
        .iter()
        .map(|r| Rename::parse(r, &now).unwrap())
        .collect();
    let d = diff(&now, &want, &renames).unwrap();
    let mut after = now.clone();
    for op in &d.ops {
        after
            .apply(op)
            .unwrap_or_else(|e| panic!("{}: {e}\n{:#?}", op.subject(), d.ops));
    }
    let left = diff(&after, &want, &[]).unwrap();
    assert!(left.is_empty(), "left over: {:#?}", left.ops);
    let names = d
        .ops
        .iter()
        .map(|o| format!("{} {}", o.name(), o.subject()))
        .collect();
    (names, d)
}

const USERS: &str = "
- create_table:
    name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: name, type: varchar(50), nullable: false}
      - {name: age, type: integer, default: 0}
- create_index: {name: ix_users_name, table: users, columns: [name]}
";

#[test]
fn the_same_schema_is_no_difference() {
    for dialect in ["postgresql", "mysql", "sqlite", "mssql"] {
        let (ops, _) = run(dialect, USERS, USERS, &[]);
        assert!(ops.is_empty(), "{dialect}: {ops:?}");
    }
}

#[test]
fn tables_are_created_before_the_keys_into_them_and_dropped_after() {
    let desired = "
- create_table:
    name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: best_order, type: integer}
- create_table:
    name: orders
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: user_id, type: integer, references: {table: users, column: id, on_delete: cascade}}
- create_foreign_key: {table: users, columns: [best_order], references: {table: orders, columns: [id]}}
";
    let (ops, _) = run("postgresql", "[]", desired, &[]);
    assert_eq!(
        ops,
        [
            "create_table table `orders`",
            "create_table table `users`",
            "create_foreign_key constraint `orders_user_id_fkey` on `orders`",
        ]
    );
    let (ops, _) = run("postgresql", desired, "[]", &[]);
    assert_eq!(
        ops,
        [
            "drop_constraint constraint `orders_user_id_fkey` on `orders`",
            "drop_table table `users`",
            "drop_table table `orders`",
        ]
    );
}

#[test]
fn columns_constraints_and_indexes_change_in_a_safe_order() {
    let desired = "
- create_table:
    name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: age, type: bigint, default: 1, nullable: false, comment: years}
      - {name: email, type: text, unique: true}
    checks: [{expr: age >= 0}]
    comment: people
- create_index: {name: ix_users_email, table: users, columns: [{expr: lower(email)}], where: email IS NOT NULL}
";
    let (ops, d) = run("postgresql", USERS, desired, &[]);
    assert_eq!(
        ops,
        [
            "drop_index index `ix_users_name`",
            "drop_column column `users.name`",
            "alter_column column `users.age`",
            "add_column column `users.email`",
            "create_unique_constraint constraint `users_email_key` on `users`",
            "create_check_constraint constraint `users_age_check` on `users`",
            "create_index index `ix_users_email` on `users`",
            "create_table_comment the comment on `users`",
        ]
    );
    assert!(d.possible_renames.is_empty(), "{:?}", d.possible_renames);
}

#[test]
fn spellings_the_engine_reads_alike_are_no_difference() {
    let a = "
- create_table:
    name: t
    columns:
      - {name: id, type: int, primary_key: true}
      - {name: at, type: timestamp, default: {sql: now()}}
    checks: [{expr: id > 0}]
";
    let b = "
- create_table:
    name: t
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: at, type: timestamp, default: {sql: CURRENT_TIMESTAMP}}
    checks: [{name: t_id_check, expr: ((id > 0))}]
";
    let (ops, _) = run("postgresql", a, b, &[]);
    assert!(ops.is_empty(), "{ops:?}");
}

#[test]
fn a_rename_keeps_the_column_and_without_it_one_is_reported() {
    let desired = &USERS
        .replace("name: name,", "name: full_name,")
        .replace("columns: [name]", "columns: [full_name]");
    let (ops, d) = run("postgresql", USERS, desired, &[]);
    assert_eq!(
        ops,
        [
            "drop_index index `ix_users_name`",
            "drop_column column `users.name`",
            "add_column column `users.full_name`",
            "create_index index `ix_users_name` on `users`",
        ]
    );
    assert_eq!(d.possible_renames.len(), 1);
    assert_eq!(d.possible_renames[0].flag(), "users.name=full_name");
    let (ops, d) = run("postgresql", USERS, desired, &["users.name=full_name"]);
    assert_eq!(ops, ["alter_column column `users.name`"]);
    assert!(d.possible_renames.is_empty());
}

#[test]
fn a_table_rename_keeps_the_rows() {
    let desired = &USERS
        .replace("name: users", "name: people")
        .replace("table: users", "table: people");
    let (ops, d) = run("sqlite", USERS, desired, &[]);
    assert_eq!(
        ops[..2],
        ["drop_table table `users`", "create_table table `people`"]
    );
    assert_eq!(d.possible_renames[0].flag(), "users=people");
    let (ops, _) = run("sqlite", USERS, desired, &["users=people"]);
    assert_eq!(ops, ["rename_table table `users`"]);
}

#[test]
fn bad_renames_are_refused_with_what_was_there() {
    let now = schema("postgresql", USERS);
    let want = schema("postgresql", USERS);
    let err = |text: &str| {
        Rename::parse(text, &now)
            .and_then(|r| diff(&now, &want, &[r]))
            .unwrap_err()
    };
    assert!(matches!(err("users.name"), DiffError::RenameSyntax { .. }));
    assert!(matches!(err("=x"), DiffError::RenameSyntax { .. }));
    assert!(matches!(err("a.b.c.d=x"), DiffError::RenameSyntax { .. }));
    let unknown = err("usres=people");
    assert_eq!(unknown.known(), ["users"]);
    assert_eq!(
        unknown.to_string(),
        "--rename `usres=people`: the migrations have no table `usres`"
    );
    assert!(matches!(
        err("users.nmae=x"),
        DiffError::RenameUnknown { .. }
    ));
    assert_eq!(
        err("users.name=full_name").to_string(),
        "--rename `users.name=full_name`: the schema file declares no column `users.full_name`"
    );
}

#[test]
fn identity_and_computed_columns_are_compared() {
    let base = |id: &str, area: &str| {
        format!(
            "- create_table:\n    name: boxes\n    columns:\n      - {{name: id, type: bigint, primary_key: true, {id}}}\n      - {{name: edge, type: integer}}\n      - {{name: area, type: integer, computed: {{sql: \"{area}\"}}}}\n"
        )
    };
    // A plain identity on a key is the same column as autoincrement.
    let (ops, _) = run(
        "postgresql",
        &base("autoincrement: true", "edge * edge"),
        &base("identity: {}", "edge*edge"),
        &[],
    );
    assert!(ops.is_empty(), "{ops:?}");
    let (ops, d) = run(
        "postgresql",
        &base("autoincrement: true", "edge * edge"),
        &base("identity: {always: true, start: 10}", "edge * 2"),
        &[],
    );
    assert_eq!(
        ops,
        [
            "drop_column column `boxes.area`",
            "alter_column column `boxes.id`",
            "add_column column `boxes.area`"
        ],
        "{:#?}",
        d.ops
    );
    let Op::AlterColumn(a) = &d.ops[1] else {
        panic!()
    };
    assert_eq!(
        a.identity
            .as_ref()
            .and_then(|i| i.as_ref())
            .map(|i| i.start),
        Some(Some(10))
    );
    assert_eq!(d.recreated.len(), 1);
    assert_eq!(d.recreated[0].1.as_str(), "area");
}
