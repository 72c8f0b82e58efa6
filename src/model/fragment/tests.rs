//! The fragment checker on operations read from YAML, in memory.

use super::*;
use crate::dialect::{MsSql, MySql, PostgreSql, Sqlite};

fn op(yaml: &str) -> Op {
    crate::source::parse_ops(yaml)
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
}

/// A schema with `orders (id, qty, max_qty, "Note")` on `d`'s naming.
fn schema(d: std::sync::Arc<dyn Dialect>) -> Schema {
    let mut s = Schema::for_dialect(d);
    s.apply(&op("
- create_table:
    name: orders
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: qty, type: integer}
      - {name: max_qty, type: integer}
      - {name: Note, type: text}
"))
        .unwrap();
    s
}

fn check_on(d: &dyn Dialect, yaml: &str, transactional: bool) -> Result<(), Box<FragmentError>> {
    let s = schema(crate::dialect::by_name(d.name()).unwrap());
    check_op(
        &op(yaml),
        &s,
        &CheckCtx {
            dialect: d,
            transactional,
        },
    )
}

fn check(yaml: &str) -> Result<(), Box<FragmentError>> {
    check_on(&PostgreSql, yaml, true)
}

fn error(yaml: &str) -> Box<FragmentError> {
    check(yaml).unwrap_err()
}

#[test]
fn the_examples_that_ran_on_real_engines_are_refused() {
    let e = error(
        "- add_column: {table: orders, column: {name: body, type: {postgresql: \"text, DROP COLUMN email\", default: text}}}",
    );
    assert_eq!(
        e.to_string(),
        "the `postgresql` type `text, DROP COLUMN email` is not one postgresql type: `,` (character 5) follows the end of it"
    );
    assert_eq!(e.at().to_string(), "column.type.postgresql");

    let e = error(
        "- add_column: {table: orders, column: {name: n, type: integer, nullable: false, default: {sql: \"0 -- note\"}}}",
    );
    assert!(
        e.to_string()
            .contains("holds a comment (`--` at character 3)"),
        "{e}"
    );
    assert_eq!(e.at().to_string(), "column.default.sql");
    assert!(e.help().unwrap().contains("no comment"));

    let e = error(
        "- create_index: {name: ix, table: orders, columns: [qty], where: \"qty IS NOT NULL; DROP TABLE payments\"}",
    );
    assert!(e.to_string().starts_with("the index's `where` `qty IS NOT NULL; DROP TABLE payments` is not one postgresql expression: it holds a `;`"), "{e}");
    assert_eq!(e.at().to_string(), "where");
}

#[test]
fn every_fragment_field_is_checked() {
    for (yaml, at) in [
        (
            "- create_table: {name: t, columns: [{name: a, type: integer, default: {sql: \"1; DROP TABLE x\"}}]}",
            "columns[0].default.sql",
        ),
        (
            "- create_table: {name: t, columns: [{name: a, type: integer}], checks: [{expr: \"a > 0 /* x */\"}]}",
            "checks[0].expr",
        ),
        (
            "- create_check_constraint: {table: orders, expr: \"qty > 0) OR (1 = 1\"}",
            "expr",
        ),
        (
            "- create_index: {name: ix, table: orders, columns: [qty, {expr: \"lower(Note), qty\"}]}",
            "columns[1].expr",
        ),
        (
            "- alter_column: {table: orders, column: qty, default: {sql: \"0 -- x\"}}",
            "default.sql",
        ),
        (
            "- alter_column: {table: orders, column: qty, type: {mysql: \"int, ADD COLUMN x int\", default: integer}}",
            "type.mysql",
        ),
    ] {
        let e = error(yaml);
        assert_eq!(e.at().to_string(), at, "{yaml}: {e}");
    }
}

#[test]
fn valid_fragments_pass() {
    for yaml in [
        "- create_table: {name: t, columns: [{name: a, type: integer, default: {sql: \"1 + 1\"}}, {name: b, type: timestamptz, default: {sql: CURRENT_TIMESTAMP}}], checks: [{expr: \"a > 0 AND t.b IS NOT NULL\"}]}",
        "- create_index: {name: ix, table: orders, columns: [{expr: \"lower(\\\"Note\\\")\"}], where: \"qty > 0 AND orders.max_qty IS NOT NULL\"}",
        "- create_check_constraint: {table: orders, expr: \"qty BETWEEN 0 AND max_qty\"}",
        "- add_column: {table: orders, column: {name: v, type: {postgresql: tsvector, mysql: \"longtext character set utf8mb4\", default: text}}}",
        "- alter_column: {table: orders, column: qty, type: {postgresql: \"numeric(10, 2)\", mssql: \"decimal(10,2)\", default: \"double precision\"}}",
    ] {
        check(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
    }
}

#[test]
fn type_maps_are_read_for_every_dialect() {
    // The `mysql` entry is wrong: PostgreSQL runs still refuse it.
    let e = error(
        "- add_column: {table: orders, column: {name: v, type: {postgresql: text, mysql: \"text, b text\"}}}",
    );
    assert!(e.to_string().contains("not one mysql type"), "{e}");
    // `default` is read for each dialect the map does not name: SQL
    // Server reads `text[]` as no type.
    let e = error(
        "- add_column: {table: orders, column: {name: v, type: {postgresql: \"text[]\", mysql: text, sqlite: text, default: \"text[]\"}}}",
    );
    assert!(e.to_string().contains("not one mssql type"), "{e}");
    assert_eq!(e.at().to_string(), "column.type.default");
}

#[test]
fn columns_named_in_checks_and_indexes_must_exist() {
    let e = error("- create_check_constraint: {table: orders, expr: \"qtty > 0\"}");
    assert_eq!(
        e.to_string(),
        "the check's `expr` names column `qtty`, which table `orders` does not have"
    );
    assert_eq!(e.help().as_deref(), Some("did you mean `qty`?"));
    let e =
        error("- create_index: {name: ix, table: orders, columns: [qty], where: \"nope IS NULL\"}");
    assert!(e.to_string().contains("column `nope`"), "{e}");
    let e = error("- create_index: {name: ix, table: orders, columns: [{expr: \"lower(note)\"}]}");
    // PostgreSQL folds `note` to lower case: the column is `"Note"`.
    assert_eq!(e.help().as_deref(), Some("did you mean `\"Note\"`?"));
    // Elsewhere names compare without case.
    check_on(
        &MySql,
        "- create_check_constraint: {table: orders, expr: \"note <> '' AND QTY > 0\"}",
        true,
    )
    .unwrap();
    let e = error("- create_table: {name: t, columns: [{name: a, type: integer}], checks: [{expr: \"b > 0\"}]}");
    assert!(e.to_string().contains("table `t` does not have"), "{e}");
    let e = error("- create_check_constraint: {table: orders, expr: \"users.qty > 0\"}");
    assert_eq!(
        e.to_string(),
        "the check's `expr` names `users.qty`, but it belongs to table `orders` and can name only its columns"
    );
    // Niladic functions some parsers read as names are not columns.
    check_on(
        &MySql,
        "- create_check_constraint: {table: orders, expr: \"note <> current_user\"}",
        true,
    )
    .unwrap();
    // An unknown table is the replay's to report; the form is still checked.
    check("- create_check_constraint: {table: nope, expr: \"x > 0\"}").unwrap();
    assert!(check("- create_check_constraint: {table: nope, expr: \"x > 0;\"}").is_err());
}

#[test]
fn an_index_expression_that_orders_is_its_own_error() {
    let e = error("- create_index: {name: ix, table: orders, columns: [id, {expr: \"qty DESC\"}]}");
    assert_eq!(
        e.to_string(),
        "the index expression `qty DESC` gives an order (`DESC`) inside `expr`, which holds one expression"
    );
    assert_eq!(e.at().to_string(), "columns[1].expr");
    let help = e.help().unwrap();
    assert!(help.contains("`{expr: \"qty\", desc: true}`"), "{help}");
    let e = error(
        "- create_index: {name: ix, table: orders, columns: [{expr: \"lower(note) nulls first\"}]}",
    );
    assert!(e.to_string().contains("(`nulls first`)"), "{e}");
    assert!(e
        .help()
        .unwrap()
        .contains("`{expr: \"lower(note)\", nulls: first}`"));
    // On every dialect, also those without expression indexes.
    for d in [&MySql as &dyn Dialect, &Sqlite, &MsSql] {
        let e = check_on(
            d,
            "- create_index: {name: ix, table: orders, columns: [{expr: \"qty ASC\"}]}",
            true,
        )
        .unwrap_err();
        assert!(
            matches!(*e, FragmentError::Ordering { .. }),
            "{}: {e}",
            d.name()
        );
    }
}

#[test]
fn transaction_control_in_execute_needs_a_non_transactional_revision() {
    let yaml = "- execute: {sql: \"UPDATE orders SET qty = 0; COMMIT\"}";
    let e = check_on(&PostgreSql, yaml, true).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`COMMIT` inside a transactional revision would end or split the script's transaction"
    );
    assert_eq!(e.at().to_string(), "sql");
    check_on(&PostgreSql, yaml, false).unwrap();
    // MySQL's script has no transaction block to break.
    check_on(&MySql, yaml, true).unwrap();
    let e = check_on(
        &Sqlite,
        "- execute: {sql: \"SELECT 1\", reverse_sql: {sqlite: \"BEGIN\", default: \"SELECT 2\"}}",
        true,
    )
    .unwrap_err();
    assert_eq!(e.at().to_string(), "reverse_sql.sqlite");
    // Unparsed SQL is read token by token.
    let e = check_on(
        &PostgreSql,
        "- execute: {sql: \"VACUUM weird; ROLLBACK\", validate: false}",
        true,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("`ROLLBACK`"), "{e}");
}

#[test]
fn defaults_are_parenthesized_unless_one_term() {
    let pg = &PostgreSql;
    for one in [
        "CURRENT_TIMESTAMP",
        "now()",
        "'x'",
        "-1",
        "'a'::text",
        "(1 + 2)",
        "nextval('s'::regclass)",
    ] {
        assert_eq!(default_sql(pg, one), one);
    }
    assert_eq!(default_sql(pg, "0 NOT NULL"), "(0 NOT NULL)");
    assert_eq!(default_sql(pg, "1 + 2"), "(1 + 2)");
    assert_eq!(default_sql(pg, "'a' COLLATE \"C\""), "('a' COLLATE \"C\")");
    assert_eq!(default_sql(pg, " now() "), "now()");
}
