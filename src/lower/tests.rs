//! In-process tests of lowering: a small schema built from a YAML literal
//! through the crate's own loader, one operation, one dialect; the
//! statements' kinds in order, and the facts and names that matter.

use super::facts::Facts;
use super::statement::Statement;
use super::{lower, preview, LowerCtx, LowerError, Lowered};
use crate::dialect::ColumnType;
use crate::dialect::{by_name, InPlace};
use crate::model::Schema;
use crate::ops::Op;

const ITEMS_TABLE: &str = "
- create_table: {name: items, columns: [
    {name: id, type: integer, primary_key: true},
    {name: status, type: 'enum(new,done)'},
    {name: note, type: text, default: x},
    {name: code, type: text}]}
";

/// `items` and an index on it.
fn items() -> String {
    format!("{ITEMS_TABLE}- create_index: {{name: ix_items_code, table: items, columns: [code]}}\n")
}

const USERS_POSTS: &str = "
- create_table: {name: users, columns: [{name: id, type: integer, primary_key: true}]}
- create_table: {name: posts, columns: [{name: id, type: integer, primary_key: true}, {name: user_id, type: integer}]}
";

fn one(yaml: &str) -> Op {
    let mut ops = crate::source::parse_ops(yaml).expect("the operation parses");
    assert_eq!(ops.len(), 1, "{yaml}");
    ops.remove(0)
}

/// Lowers `op` for `dialect` after `setup`, the way the driver does (with
/// a preview of the table the operation leaves), and checks it gives what
/// lowering without the preview gives.
fn lowered(dialect: &str, setup: &str, op: &str) -> Result<Lowered, LowerError> {
    let d = by_name(dialect).expect("a dialect");
    let mut schema = Schema::for_dialect(d.clone());
    for o in crate::source::parse_ops(setup).expect("the setup parses") {
        schema.apply(&o).expect("the setup applies");
    }
    let op = one(op);
    let plain = LowerCtx {
        dialect: &*d,
        transactional: true,
        preview: None,
    };
    let without = lower(&op, &schema, &plain);
    let seen = preview(&op, &mut schema, &*d);
    let with = lower(
        &op,
        &schema,
        &LowerCtx {
            preview: seen.as_ref(),
            ..plain
        },
    );
    match (&with, &without) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.statements, b.statements, "{dialect}: {op:?}");
            assert_eq!(a.facts, b.facts, "{dialect}: {op:?}");
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("{dialect}: {op:?}: {with:?} / {without:?}"),
    }
    with
}

fn kinds(l: &Lowered) -> Vec<&'static str> {
    l.statements.iter().map(Statement::kind).collect()
}

fn ok(dialect: &str, setup: &str, op: &str) -> Lowered {
    match lowered(dialect, setup, op) {
        Ok(l) => l,
        Err(e) => panic!("{dialect}: {op}: {e}"),
    }
}

fn err(dialect: &str, setup: &str, op: &str) -> LowerError {
    match lowered(dialect, setup, op) {
        Ok(l) => panic!("{dialect}: {op}: lowered to {:?}", kinds(&l)),
        Err(e) => e,
    }
}

// Tables.

#[test]
fn a_postgresql_enum_type_comes_before_its_table_and_goes_after_it() {
    let l = ok("postgresql", "", ITEMS_TABLE);
    assert_eq!(kinds(&l), ["create_enum_type", "create_table"]);
    let Statement::CreateEnumType { name, values } = &l.statements[0] else {
        unreachable!()
    };
    assert_eq!(name.name.as_str(), "items_status_enum");
    assert_eq!(values, &["new", "done"]);
    let Statement::CreateTable { columns, .. } = &l.statements[1] else {
        unreachable!()
    };
    assert!(
        matches!(&columns[1].ty, ColumnType::Named { name, .. } if name == "items_status_enum")
    );

    let drop = ok("postgresql", &items(), "- drop_table: {name: items}");
    assert_eq!(kinds(&drop), ["drop_table", "drop_enum_type"]);
    let rename = ok(
        "postgresql",
        &items(),
        "- rename_table: {name: items, new_name: goods}",
    );
    assert_eq!(kinds(&rename), ["rename_table", "rename_enum_type"]);
    let Statement::RenameEnumType { new_name, .. } = &rename.statements[1] else {
        unreachable!()
    };
    assert_eq!(new_name.as_str(), "goods_status_enum");
}

#[test]
fn enums_without_named_types_are_one_statement() {
    for dialect in ["mysql", "sqlite", "mssql"] {
        let drop = ok(dialect, &items(), "- drop_table: {name: items}");
        assert_eq!(kinds(&drop), ["drop_table"], "{dialect}");
    }
}

#[test]
fn sqlite_drops_table_comments_and_postgresql_writes_them() {
    let op = "- create_table_comment: {table: items, comment: hi}";
    assert!(ok("sqlite", &items(), op).statements.is_empty());
    assert_eq!(kinds(&ok("postgresql", &items(), op)), ["comment_on_table"]);
}

// Columns.

#[test]
fn a_postgresql_enum_column_brings_and_takes_its_type() {
    let add = ok(
        "postgresql",
        &items(),
        "- add_column: {table: items, column: {name: size, type: 'enum(s,m,l)'}}",
    );
    assert_eq!(kinds(&add), ["create_enum_type", "add_column"]);
    let drop = ok(
        "postgresql",
        &items(),
        "- drop_column: {table: items, column: status}",
    );
    assert_eq!(kinds(&drop), ["drop_column", "drop_enum_type"]);
    let to_text = ok(
        "postgresql",
        &items(),
        "- alter_column: {table: items, column: status, type: text}",
    );
    assert_eq!(kinds(&to_text), ["alter_column_type", "drop_enum_type"]);
}

#[test]
fn sql_server_drops_a_named_default_before_its_column() {
    let l = ok(
        "mssql",
        &items(),
        "- drop_column: {table: items, column: note}",
    );
    assert_eq!(kinds(&l), ["drop_default_constraint", "drop_column"]);
    let Statement::DropDefaultConstraint { name, .. } = &l.statements[0] else {
        unreachable!()
    };
    assert_eq!(name.as_str(), "df_items_note");
    // A column without a default has no constraint to drop.
    let plain = ok(
        "mssql",
        &items(),
        "- drop_column: {table: items, column: code}",
    );
    assert_eq!(kinds(&plain), ["drop_index", "drop_column"]);
    // A new default replaces the named one: dropped, then added.
    let moved = ok(
        "mssql",
        &items(),
        "- alter_column: {table: items, column: note, default: y}",
    );
    assert_eq!(
        kinds(&moved),
        ["drop_default_constraint", "add_default_constraint"]
    );
}

#[test]
fn sqlite_rebuilds_the_table_to_alter_a_column() {
    let l = ok(
        "sqlite",
        &items(),
        "- alter_column: {table: items, column: code, nullable: false}",
    );
    assert_eq!(
        kinds(&l),
        [
            "create_table",
            "copy_rows",
            "drop_table",
            "rename_table",
            "create_index",
            "foreign_key_check"
        ]
    );
    let rebuilt = l.facts.rebuilt.expect("a rebuild");
    assert_eq!(rebuilt.table.name.as_str(), "items");
    assert_eq!(rebuilt.because, InPlace::AlterColumn);
    let Statement::CreateTable { table, .. } = &l.statements[0] else {
        unreachable!()
    };
    assert_eq!(table.name.as_str(), "_gen_rebuild_items");
}

#[test]
fn sqlite_adds_a_plain_column_in_place_and_rebuilds_for_a_not_null_one() {
    let plain = ok(
        "sqlite",
        &items(),
        "- add_column: {table: items, column: {name: size, type: integer}}",
    );
    assert_eq!(kinds(&plain), ["add_column"]);
    assert_eq!(plain.facts, Facts::NONE);
    let not_null = ok(
        "sqlite",
        &items(),
        "- add_column: {table: items, column: {name: size, type: integer, nullable: false}}",
    );
    assert_eq!(
        not_null.facts.rebuilt.map(|r| r.because),
        Some(InPlace::AddNotNullWithoutDefault)
    );
}

#[test]
fn mysql_restates_the_column_it_alters() {
    let l = ok(
        "mysql",
        &items(),
        "- alter_column: {table: items, column: code, type: varchar(20), new_name: sku}",
    );
    assert_eq!(kinds(&l), ["rename_column", "modify_column"]);
}

// Constraints and indexes.

#[test]
fn mysql_keeps_an_index_under_a_foreign_key_and_drops_it_with_the_key() {
    // A key `create_table` declares gets an index the model names.
    let table = "- create_table: {name: posts, columns: [{name: id, type: integer, primary_key: true}, {name: user_id, type: integer, references: {table: users, column: id}}]}";
    let users =
        "- create_table: {name: users, columns: [{name: id, type: integer, primary_key: true}]}";
    let created = ok("mysql", users, table);
    let [Statement::CreateTable { indexes, .. }] = &created.statements[..] else {
        panic!("{:?}", kinds(&created))
    };
    let names: Vec<String> = indexes
        .iter()
        .filter_map(|k| k.name.as_ref())
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, ["ix_fk_posts_user_id"]);
    let pg = ok("postgresql", users, table);
    let [Statement::CreateTable { indexes, .. }] = &pg.statements[..] else {
        panic!("{:?}", kinds(&pg))
    };
    assert!(indexes.is_empty());

    // `create_foreign_key` with an index: the index first, then the key,
    // named as the model names it.
    let add = ok(
        "mysql",
        USERS_POSTS,
        "- create_foreign_key: {table: posts, columns: [user_id], references: {table: users, columns: [id]}, index_name: ix_posts_user}",
    );
    assert_eq!(kinds(&add), ["create_index", "add_foreign_key"]);
    let Statement::AddForeignKey { fk, .. } = &add.statements[1] else {
        unreachable!()
    };
    assert_eq!(
        fk.name.as_ref().map(|n| n.as_str()),
        Some("posts_user_id_fkey")
    );

    // Dropping the key drops its index after it.
    let setup = format!(
        "{USERS_POSTS}- create_foreign_key: {{name: fk_user, table: posts, columns: [user_id], references: {{table: users, columns: [id]}}, index_name: ix_posts_user}}\n"
    );
    let drop = ok(
        "mysql",
        &setup,
        "- drop_constraint: {name: fk_user, table: posts}",
    );
    assert_eq!(kinds(&drop), ["drop_constraint", "drop_index"]);
    let pg = ok(
        "postgresql",
        &setup,
        "- drop_constraint: {name: fk_user, table: posts}",
    );
    assert_eq!(kinds(&pg), ["drop_constraint"]);
}

#[test]
fn unnamed_constraints_get_the_model_name_where_every_name_is_written() {
    let op = "- create_unique_constraint: {table: items, columns: [code]}";
    let name = |dialect| match &ok(dialect, &items(), op).statements[..] {
        [Statement::AddUniqueConstraint { key, .. }] => key.name.clone(),
        other => panic!("{dialect}: {other:?}"),
    };
    assert_eq!(
        name("mysql").map(|n| n.to_string()),
        Some("items_code_key".into())
    );
    assert_eq!(name("postgresql"), None);
    // SQLite cannot add one in place.
    let l = ok("sqlite", &items(), op);
    assert_eq!(
        l.facts.rebuilt.map(|r| r.because),
        Some(InPlace::ChangeConstraint)
    );
}

#[test]
fn what_a_dialect_cannot_do_with_an_index_is_a_fact_or_an_error() {
    let partial = ok(
        "mysql",
        &items(),
        "- create_index: {name: ix_open, table: items, columns: [code], where: \"status = 'new'\"}",
    );
    let Statement::CreateIndex { where_clause, .. } = &partial.statements[0] else {
        unreachable!()
    };
    assert_eq!(where_clause, &None);
    let widened = partial.facts.widened_index.expect("a widened index");
    assert_eq!(widened.where_clause, "status = 'new'");
    let unique = err(
        "mysql",
        &items(),
        "- create_index: {name: ix_open, table: items, columns: [code], unique: true, where: \"status = 'new'\"}",
    );
    assert!(unique.message.contains("no partial indexes"), "{unique}");

    let concurrent =
        "- create_index: {name: ix_c, table: items, columns: [code], concurrently: true}";
    let mysql = ok("mysql", &items(), concurrent);
    assert_eq!(
        mysql.facts.index_not_concurrent.map(|n| n.to_string()),
        Some("ix_c".into())
    );
    let pg = err("postgresql", &items(), concurrent);
    assert!(
        pg.message.ends_with("[concurrently-in-transaction]"),
        "{pg}"
    );
}

// Data.

#[test]
fn bulk_insert_is_one_insert_per_run_of_rows_with_the_same_columns() {
    let l = ok(
        "postgresql",
        &items(),
        "- bulk_insert: {table: items, rows: [{code: a, id: 1}, {id: 2, code: b}, {id: 3}]}",
    );
    assert_eq!(kinds(&l), ["insert", "insert"]);
    let Statement::Insert { columns, rows, .. } = &l.statements[0] else {
        unreachable!()
    };
    // The columns in table order, whatever the row's order.
    let names: Vec<&str> = columns.iter().map(|c| c.as_str()).collect();
    assert_eq!(names, ["id", "code"]);
    assert_eq!(rows.len(), 2);
}

#[test]
fn execute_takes_the_sql_for_the_dialect() {
    let op = "- execute: {sql: {postgresql: 'SELECT 1;', default: 'SELECT 2'}}";
    let sql = |dialect| match &ok(dialect, "", op).statements[..] {
        [Statement::Raw { sql, .. }] => sql.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(sql("postgresql"), "SELECT 1");
    assert_eq!(sql("sqlite"), "SELECT 2");
    let none = err("sqlite", "", "- execute: {sql: {postgresql: 'SELECT 1'}}");
    assert!(none.message.starts_with("no SQL for sqlite"), "{none}");
}
