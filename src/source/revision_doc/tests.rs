//! Reading revision files: ids as written, parents, labels, `allow:`
//! lists, and where each mistake is reported.

use super::*;
use crate::ops::literal::{DefaultValue, Literal};

fn parse(text: &str) -> Result<Revision, LoadError> {
    parse_revision(Utf8Path::new("m/r.yaml"), text, Checksum::default())
}

/// Line, column, message and help of an error with a position.
fn invalid(text: &str) -> (usize, usize, String, Option<String>) {
    match parse(text) {
        Err(LoadError::Invalid {
            span,
            message,
            help,
        }) => match span.at {
            crate::diag::span::At::Pos(lc) => (lc.line, lc.column, message, help),
            other => panic!("no position: {other:?} {message}"),
        },
        other => panic!("expected invalid, got {other:?}"),
    }
}

const HEAD: &str = "revision: a1\ndown_revision: null\n";

#[test]
fn reads_a_revision() {
    let r = parse(
        "revision: a1\ndown_revision: [b2, c3]\nbranch_labels: billing\nupgrade:\n  - create_table:\n      name: t\n      columns:\n        - {name: id, type: integer, primary_key: true}\n",
    )
    .unwrap();
    assert_eq!(r.id.as_str(), "a1");
    assert_eq!(r.down_revisions.len(), 2);
    assert_eq!(*r.branch_labels, ["billing"]);
    assert!(r.transactional);
    assert!(matches!(r.upgrade[0], Op::CreateTable(_)));
}

#[test]
fn allow_lists_end_at_the_last_operation_that_has_one() {
    let ops = "  - execute: {sql: SELECT 1}\n  - drop_table: {name: t}\n    allow: [data-loss]\n  - execute: {sql: SELECT 2}\n";
    let r = parse(&format!("{HEAD}upgrade:\n{ops}downgrade:\n{ops}")).unwrap();
    let expected = vec![Vec::new(), vec!["data-loss".to_owned()]];
    assert_eq!(r.upgrade.len(), 3);
    assert_eq!(*r.upgrade_allow, expected);
    assert_eq!(*r.downgrade_allow, expected);
    let r = parse(&format!("{HEAD}upgrade:\n  - execute: {{sql: SELECT 1}}\n")).unwrap();
    assert!(r.upgrade_allow.is_empty());
}

#[test]
fn down_revision_key_is_required() {
    let (line, col, msg, help) = invalid("revision: a1\nupgrade: []\n");
    assert_eq!((line, col), (1, 1));
    assert_eq!(msg, "missing key `down_revision`");
    assert!(help.unwrap().contains("`down_revision: null`"));
}

#[test]
fn unknown_key_names_the_allowed_ones() {
    let (line, col, msg, help) = invalid(&format!(
        "{HEAD}upgrade:\n  - create_table:\n      name: t\n      colums: []\n"
    ));
    assert_eq!((line, col), (6, 7), "{msg}");
    assert!(
        msg.starts_with("upgrade[0].create_table: unknown key `colums`, expected one of `name`"),
        "{msg}"
    );
    assert_eq!(help.as_deref(), Some("did you mean `columns`?"));
}

#[test]
fn unknown_operation_suggests_one() {
    let (line, col, msg, help) =
        invalid(&format!("{HEAD}upgrade:\n  - create_tabel: {{name: t}}\n"));
    assert_eq!((line, col), (4, 5));
    assert!(msg.contains("unknown operation `create_tabel`"), "{msg}");
    assert_eq!(help.as_deref(), Some("did you mean `create_table`?"));
}

#[test]
fn bad_values_are_located_at_the_value() {
    let (line, col, msg, _) = invalid(&format!(
        "{HEAD}upgrade:\n  - add_column:\n      table: t\n      column: {{name: c, type: varchar(x)}}\n"
    ));
    assert_eq!((line, col), (6, 31), "{msg}");
    assert!(msg.contains("whole number"), "{msg}");
    let (line, col, msg, _) = invalid("revision: a-1\ndown_revision: null\nupgrade: []\n");
    assert_eq!((line, col), (1, 11));
    assert!(msg.contains("only letters, digits"), "{msg}");
    let (line, col, msg, _) = invalid(&format!(
        "{HEAD}upgrade:\n  - create_table:\n      name: t\n      columns:\n        - name: c\n          type: integer\n          nullable: yes\n"
    ));
    assert_eq!((line, col), (9, 21), "{msg}");
    assert!(
        msg.ends_with("invalid type: string \"yes\", expected a boolean"),
        "{msg}"
    );
}

#[test]
fn an_empty_value_is_reported_at_its_key() {
    let (line, col, msg, _) = invalid("revision:\ndown_revision: null\nupgrade: []\n");
    assert_eq!((line, col), (1, 1));
    assert!(msg.contains("needs an id"), "{msg}");
}

#[test]
fn syntax_errors_are_located() {
    let (line, col, msg, help) = invalid("revision: a1\ndown_revision: [x\nupgrade: []\n");
    assert_eq!((line, col), (3, 8), "{msg}");
    assert_eq!(
        msg,
        "illegal placement of ':' indicator, inside the flow sequence that starts at line 2 column 16"
    );
    assert_eq!(help.as_deref(), Some("is the closing `]` missing?"));
    // At the end of the text: the end of the last line.
    let (line, col, _, _) = invalid("revision: a1\ndown_revision: [x\n");
    assert_eq!((line, col), (2, 18));
}

#[test]
fn empty_files_and_second_documents() {
    for text in ["", "# only a comment\n\n", "---\n", "\u{feff}"] {
        let (line, col, msg, _) = invalid(text);
        assert_eq!((line, col), (1, 1));
        assert!(msg.contains("the file is empty"), "{msg}");
    }
    match parse(&format!("{HEAD}upgrade: []\n---\nrevision: b2\n")) {
        Err(LoadError::SeveralDocuments { line, .. }) => assert_eq!(line, 4),
        other => panic!("{other:?}"),
    }
}

/// 20.8: ids are text, whatever YAML would read them as.
#[test]
fn ids_are_taken_as_written() {
    let r = parse(
        "revision: 479024506e05\ndown_revision: 1e10\ndepends_on: [1234, 0x1F, 007]\nbranch_labels: 2024\ncreate_date: 20261121\nupgrade: []\n",
    )
    .unwrap();
    assert_eq!(r.id.as_str(), "479024506e05");
    assert_eq!(r.down_revisions[0].as_str(), "1e10");
    assert_eq!(*r.depends_on, ["1234", "0x1F", "007"]);
    assert_eq!(*r.branch_labels, ["2024"]);
    assert_eq!(r.create_date.as_deref(), Some("20261121"));
    let r = parse("revision: '1234'\ndown_revision: [\"1e10\", 99]\nupgrade: []\n").unwrap();
    assert_eq!(r.id.as_str(), "1234");
    assert_eq!(r.down_revisions[1].as_str(), "99");
    // `null` still means no parent, or is refused where an id is needed.
    let r = parse("revision: a\ndown_revision: ~\nbranch_labels: null\nupgrade: []\n").unwrap();
    assert!(r.down_revisions.is_empty() && r.branch_labels.is_empty());
    let (line, col, msg, _) = invalid("revision: null\ndown_revision: null\nupgrade: []\n");
    assert_eq!((line, col), (1, 11));
    assert!(msg.contains("needs an id"), "{msg}");
    let (line, col, msg, _) = invalid("revision: a\ndown_revision: [b, null]\nupgrade: []\n");
    assert_eq!((line, col), (2, 20));
    assert!(msg.contains("cannot hold `null`"), "{msg}");
    let (_, _, msg, _) = invalid("revision: 1.5\ndown_revision: null\nupgrade: []\n");
    assert!(msg.contains("contains `.`"), "{msg}");
}

/// 19.8: numbers keep the text they were written with.
#[test]
fn numbers_keep_their_text() {
    let r = parse(&format!(
        "{HEAD}upgrade:\n  - add_column:\n      table: t\n      column: {{name: c, type: 'numeric(20,2)', default: 99999999999999999.99}}\n  - bulk_insert:\n      table: t\n      rows:\n        - {{c: 99999999999999999.99, d: 0x1F, e: '12.50', f: 1e3}}\n"
    ))
    .unwrap();
    let Op::AddColumn(add) = &r.upgrade[0] else {
        panic!()
    };
    assert_eq!(
        add.column.default.as_deref(),
        Some(&DefaultValue::Literal(Literal::Number(
            "99999999999999999.99".into()
        )))
    );
    let Op::BulkInsert(bulk) = &r.upgrade[1] else {
        panic!()
    };
    let row: Vec<(String, Literal)> = bulk.rows[0]
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    assert_eq!(
        row,
        [
            ("c".into(), Literal::Number("99999999999999999.99".into())),
            ("d".into(), Literal::Number("31".into())),
            ("e".into(), Literal::String("12.50".into())),
            ("f".into(), Literal::Number("1e3".into())),
        ]
    );
    let (line, col, msg, _) = invalid(&format!(
        "{HEAD}upgrade:\n  - bulk_insert: {{table: t, rows: [{{c: 1}}, {{c: .nan}}]}}\n"
    ));
    assert_eq!((line, col), (4, 48), "{msg}");
    assert!(
        msg.contains("`.nan` is not a number a database can store"),
        "{msg}"
    );
}

/// 19.14: a key repeated in any mapping is an error at the second one.
#[test]
fn repeated_keys_are_refused_everywhere() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        ("revision: a1\ndown_revision: null\nrevision: b2\nupgrade: []\n", (3, 1), "`revision` appears twice in this mapping (first on line 1 column 1)"),
        (
            "revision: a1\ndown_revision: null\nupgrade:\n  - execute:\n      sql: {postgresql: A, postgresql: B}\n",
            (5, 28),
            "upgrade[0].execute.sql: the key `postgresql` appears twice in this mapping (first on line 5 column 13)",
        ),
        (
            "revision: a1\ndown_revision: null\nupgrade:\n  - bulk_insert:\n      table: t\n      rows:\n        - {a: 1, b: 2, a: 3}\n",
            (7, 24),
            "upgrade[0].bulk_insert.rows[0]: the key `a` appears twice",
        ),
        (
            "revision: a1\ndown_revision: null\nupgrade:\n  - add_column:\n      table: t\n      column:\n        name: c\n        type: {mysql: text, mysql: longtext, default: text}\n",
            (8, 29),
            "upgrade[0].add_column.column.type: the key `mysql` appears twice",
        ),
        (
            "revision: a1\ndown_revision: null\nupgrade:\n  - drop_table:\n      name: t\n      name: u\n",
            (6, 7),
            "upgrade[0].drop_table: the key `name` appears twice",
        ),
        (
            "revision: a1\ndown_revision: null\nupgrade:\n  - create_index: {name: ix, table: t, columns: [{expr: a, expr: b}]}\n",
            (4, 60),
            "the key `expr` appears twice",
        ),
    ];
    for (text, at, expected) in cases {
        let (line, col, msg, help) = invalid(text);
        assert_eq!((line, col), *at, "{msg}");
        assert!(msg.contains(expected), "{msg}\nexpected: {expected}");
        assert!(help.unwrap().contains("once"));
    }
}

/// 19.18: a mistake beside `execute` is reported at the key that is out
/// of place, not at the operation before it.
#[test]
fn reverse_sql_mistakes_point_at_reverse_sql() {
    let (line, col, msg, _) = invalid(&format!(
        "{HEAD}upgrade:\n  - execute:\n      sql: CREATE VIEW v AS SELECT 1\n    reverse_sql: DROP VIEW v\n"
    ));
    assert_eq!((line, col), (6, 5), "{msg}");
    assert!(msg.contains("but `reverse_sql` follows `execute`"), "{msg}");
    let (line, col, msg, help) = invalid(&format!(
        "{HEAD}upgrade:\n  - execute:\n      sql: CREATE VIEW v AS SELECT 1\n      reverse_sql: {{postgres: DROP VIEW v}}\n"
    ));
    assert_eq!((line, col), (6, 21), "{msg}");
    assert!(msg.contains("unknown dialect `postgres`"), "{msg}");
    assert_eq!(help.as_deref(), Some("did you mean `postgresql`?"));
    let (line, col, msg, _) = invalid(&format!(
        "{HEAD}upgrade:\n  - execute:\n      sql: CREATE VIEW v AS SELECT 1\n      reverse_sql: [DROP VIEW v]\n"
    ));
    assert_eq!((line, col), (6, 20), "{msg}");
    assert!(msg.contains("invalid type: list, expected SQL"), "{msg}");
    let (line, col, msg, _) = invalid(&format!(
        "{HEAD}upgrade:\n  - execute:\n      sql: CREATE VIEW v AS SELECT 1\n      reverse_sq: DROP VIEW v\n"
    ));
    assert_eq!((line, col), (6, 7), "{msg}");
    assert!(msg.contains("unknown key `reverse_sq`"), "{msg}");
}

/// 19.18: a key out of line is reported at the key, with the columns it
/// could line up with.
#[test]
fn a_misindented_key_is_reported_at_the_key() {
    let (line, col, msg, help) = invalid(&format!(
        "{HEAD}upgrade:\n  - create_table:\n      name: t\n     columns: []\n"
    ));
    assert_eq!((line, col), (6, 6), "{msg}");
    assert!(msg.starts_with("did not find expected key"), "{msg}");
    assert!(help.unwrap().contains("column 7 (as on line 5)"));
}

/// 19.18: a BOM is accepted; positions are an editor's (without it).
#[test]
fn a_bom_is_accepted() {
    let r = parse(&format!("\u{feff}{HEAD}upgrade: []\n")).unwrap();
    assert_eq!(r.id.as_str(), "a1");
    let (line, col, msg, _) = invalid("\u{feff}revision: a-1\ndown_revision: null\nupgrade: []\n");
    assert_eq!((line, col), (1, 11), "{msg}");
}

/// 19.15: aliases work, within a budget that stops an alias bomb at
/// once and with little memory.
#[test]
fn aliases_are_replayed_within_a_budget() {
    let r = parse(&format!(
        "{HEAD}upgrade:\n  - create_table:\n      name: a\n      columns: [&id {{name: id, type: integer, primary_key: true}}]\n  - create_table:\n      name: b\n      columns: [*id]\n"
    ))
    .unwrap();
    assert_eq!(r.upgrade.len(), 2);
    // An error inside a repeated node says which alias repeated it.
    let (line, col, msg, _) = invalid(
        "revision: a1\ndown_revision: null\nmessage: &m hello\nupgrade:\n  - drop_table: *m\n",
    );
    assert_eq!((line, col), (3, 13), "{msg}");
    assert!(
        msg.ends_with("(in the node that the alias at line 5 column 17 repeats)"),
        "{msg}"
    );

    // The bomb of issue 19: 20,000 aliases of one 100 KB operation.
    let columns: String = (0..2_000)
        .map(|i| format!("        - {{name: column_number_{i:05}, type: text}}\n"))
        .collect();
    let mut text = format!(
        "{HEAD}upgrade:\n  - &op\n    create_table:\n      name: t\n      columns:\n{columns}"
    );
    assert!(text.len() > 100_000);
    for _ in 0..20_000 {
        text.push_str("  - *op\n");
    }
    let started = std::time::Instant::now();
    let (line, col, msg, help) = invalid(&text);
    // Refused once the budget is spent (a few hundred aliases in), not
    // after minutes: a generous bound, for a loaded debug build.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert!(
        msg.contains("aliases in this file repeat more than"),
        "{msg}"
    );
    assert!(line > 2_000, "{line}");
    assert_eq!(col, 5);
    assert!(help.unwrap().contains("ten times"));
}
