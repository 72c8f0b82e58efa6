//! Operations written by `op_yaml` and read back are the same operations
//! (every fixture's are checked in tests/dvocab_op_yaml.rs).

use super::*;

/// Operations written and read back are the same operations.
#[test]
fn written_operations_read_back() {
    let yaml = r##"
- create_table:
    name: users
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: email, type: "varchar(255)", nullable: false, unique: true, comment: "it's: here"}
      - {name: state, type: "enum(a,b)", default: "a"}
      - {name: n, type: "numeric(10,2)", default: 0}
      - {name: flag, type: boolean, default: false}
      - {name: at, type: timestamp, default: {sql: now()}}
      - {name: boss, type: integer, references: {table: users, column: id, on_delete: set null}}
    checks: [{name: ck, expr: "n >= 0"}]
    comment: "#1 table"
- add_column: {table: users, column: {name: x, type: {postgresql: jsonb, default: text}, default: "true"}}
- alter_column: {table: users, column: x, new_name: y, nullable: false, default: null, comment: null}
- create_index: {name: ix, table: users, columns: [email, {expr: lower(email)}], unique: true, where: "email IS NOT NULL"}
- drop_index: {name: ix, table: users}
- create_foreign_key: {table: users, columns: [boss], references: {table: users, columns: [id]}, deferrable: true, initially: deferred}
- drop_constraint: {name: ck, table: users, type: check}
- create_table_comment: {table: users, comment: "yes"}
- drop_table_comment: {table: users}
- rename_table: {name: users, new_name: people}
- drop_table: {name: people}
- execute: {sql: "SELECT 1", validate: false}
- bulk_insert: {table: t, rows: [{a: 1, b: "1", c: null}]}
"##;
    let ops = crate::source::parse_ops(yaml).unwrap();
    let mut text = String::new();
    for op in &ops {
        for line in op_lines(op) {
            text.push_str(&line[2..]);
            text.push('\n');
        }
    }
    let back = crate::source::parse_ops(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, ops, "{text}");
    assert!(
        text.contains("    columns:\n      - {name: id, type: integer"),
        "{text}"
    );
}
