//! Hostile text in every free-text field that reaches the script: the
//! name in a `-- skipped for <dialect> (dialects: ...)` comment, the
//! revision id and message in comments (the timeout comments among them),
//! a `lock_timeout` value, an index element's `opclass`, a column's
//! `collation`, a computed column's `sql`, `alter_column`'s `using`, a
//! sequence name, and an enum value that `ADD VALUE` writes. Each value
//! holds a line feed, a carriage return, a Unicode line separator, `*/`,
//! a psql `\!`, a sqlite3 `.shell`, a sqlcmd `GO` line and `$(`, a psql
//! `:name` and a quote, each followed by `DROP TABLE evil`. For every
//! dialect gen either refuses it with a located error, or writes a script
//! that is inert: each client (as modelled in tests/support/clients.rs)
//! meets no command of its own, sends no statement that begins with
//! `DROP TABLE evil`, and each statement it sends parses with sqlparser
//! (SQL Server batches are checked for commands and `DROP TABLE evil`
//! only).

use crate::support::clients;
use crate::support::gen::Gen;
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

const DIALECTS: [&str; 4] = ["postgresql", "mysql", "sqlite", "mssql"];

const HOSTILE: &[&str] = &[
    "a\nDROP TABLE evil; --",
    "a\rDROP TABLE evil; --",
    "a\u{2028}DROP TABLE evil; --",
    "a\u{85}DROP TABLE evil; --",
    "a */ DROP TABLE evil; /*",
    "a\n\\! DROP TABLE evil",
    "a\n.shell DROP TABLE evil",
    "a\nGO\nDROP TABLE evil\nGO",
    "a$(DROP TABLE evil)",
    "a :evil DROP TABLE evil",
    "a'); DROP TABLE evil; --",
    "a\\",
];

/// `text` as a YAML double-quoted scalar, every character outside
/// printable ASCII (and `"`, `\`) escaped, so the loader reads exactly it.
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("\\u{:04x}", c as u32)),
        }
    }
    out.push('"');
    out
}

const TABLE: &str = "  - create_table:\n      name: t\n      columns:\n        - {name: id, type: integer, primary_key: true}\n        - {name: body, type: varchar(50)}\n";

/// The revision files of each case, `{H}` standing for the hostile value
/// as a YAML scalar.
fn cases() -> Vec<(&'static str, Vec<String>)> {
    let head = "revision: a1\ndown_revision: null\n";
    vec![
        (
            "skipped table name",
            vec![format!(
                "{head}upgrade:\n{TABLE}  - create_table: {{name: {{H}}, columns: [{{name: id, type: integer}}]}}\n    dialects: [mysql]\n"
            )],
        ),
        (
            "skipped index name",
            vec![format!(
                "{head}upgrade:\n{TABLE}  - create_index: {{name: {{H}}, table: t, columns: [id]}}\n    dialects: [sqlite]\n"
            )],
        ),
        (
            "revision id",
            vec![format!(
                "revision: {{H}}\ndown_revision: null\nlock_timeout: 5s\nupgrade:\n{TABLE}"
            )],
        ),
        (
            "message (beside the timeout comments)",
            vec![format!(
                "{head}message: {{H}}\nlock_timeout: 5s\nstatement_timeout: 1min\nupgrade:\n{TABLE}"
            )],
        ),
        (
            "lock_timeout value",
            vec![format!("{head}lock_timeout: {{H}}\nupgrade:\n{TABLE}")],
        ),
        (
            "index opclass",
            vec![format!(
                "{head}upgrade:\n{TABLE}  - create_index: {{name: ix, table: t, columns: [{{name: body, opclass: {{H}}}}]}}\n"
            )],
        ),
        (
            "collation",
            vec![format!(
                "{head}upgrade:\n  - create_table:\n      name: t\n      columns:\n        - {{name: id, type: integer, primary_key: true}}\n        - {{name: body, type: varchar(50), collation: {{H}}}}\n"
            )],
        ),
        (
            "computed sql",
            vec![format!(
                "{head}upgrade:\n  - create_table:\n      name: t\n      columns:\n        - {{name: id, type: integer, primary_key: true}}\n        - {{name: c, type: integer, computed: {{sql: {{H}}}}}}\n"
            )],
        ),
        (
            "alter_column using",
            vec![
                format!("{head}upgrade:\n{TABLE}"),
                "revision: a2\ndown_revision: a1\nupgrade:\n  - alter_column: {table: t, column: body, type: integer, using: {H}}\ndowngrade:\n  - alter_column: {table: t, column: body, type: varchar(50)}\n".to_owned(),
            ],
        ),
        (
            "sequence name",
            vec![format!("{head}upgrade:\n  - create_sequence: {{name: {{H}}}}\n")],
        ),
        (
            "enum value added",
            vec![
                format!("{head}upgrade:\n  - create_table:\n      name: t\n      columns:\n        - {{name: id, type: integer, primary_key: true}}\n        - {{name: mood, type: \"enum(sad, ok)\"}}\n"),
                "revision: a2\ndown_revision: a1\nupgrade:\n  - alter_column: {table: t, column: mood, type: {ENUM}}\n".to_owned(),
            ],
        ),
    ]
}

fn parser(dialect: &str) -> Option<Box<dyn Dialect>> {
    match dialect {
        "postgresql" => Some(Box::new(PostgreSqlDialect {})),
        "mysql" => Some(Box::new(MySqlDialect {})),
        "sqlite" => Some(Box::new(SQLiteDialect {})),
        _ => None,
    }
}

/// What is wrong with `script` for `dialect`, if anything.
fn not_inert(dialect: &str, script: &str) -> Vec<String> {
    let split = match dialect {
        "postgresql" => clients::psql(script),
        "mysql" => clients::mariadb(script),
        "sqlite" => clients::sqlite3(script),
        _ => {
            // The ODBC sqlcmd reads `$(` and `GO` lines even in literals.
            let mut split = clients::sqlcmd(script);
            split.commands.extend(clients::sqlcmd_odbc(script).commands);
            split
        }
    };
    let mut problems: Vec<String> = split
        .commands
        .iter()
        .map(|(line, c)| format!("client command at line {line}: {c:?}"))
        .collect();
    for s in &split.statements {
        let lines_start_evil = s.lines().any(|l| {
            l.trim_start()
                .to_ascii_uppercase()
                .starts_with("DROP TABLE EVIL")
        });
        if s.to_ascii_uppercase().starts_with("DROP TABLE EVIL")
            || (lines_start_evil && parser(dialect).is_none())
        {
            problems.push(format!("statement sent: {s:?}"));
        }
        if let Some(p) = parser(dialect) {
            let text = gen::emit::validate::parse_text(dialect, s);
            if let Err(e) = Parser::parse_sql(&*p, &text) {
                problems.push(format!("does not parse ({e}): {s:?}"));
            }
        }
    }
    problems
}

#[test]
fn hostile_free_text_is_refused_or_inert() {
    let mut failures = Vec::new();
    let mut refused = 0;
    let mut written = 0;
    for (case, files) in cases() {
        let (refused_before, written_before) = (refused, written);
        for h in HOSTILE {
            let enum_type = format!("enum(sad, ok, '{}')", h.replace('\'', "''"));
            let dir = tempfile::tempdir().unwrap();
            for (i, f) in files.iter().enumerate() {
                let text = f
                    .replace("{H}", &yaml(h))
                    .replace("{ENUM}", &yaml(&enum_type));
                std::fs::write(dir.path().join(format!("r{i}.yaml")), text).unwrap();
            }
            for dialect in DIALECTS {
                let out = Gen::new()
                    .arg("--migrations")
                    .arg(dir.path())
                    .args(["--dialect", dialect, "upgrade", "heads", "--sql"])
                    .run();
                let at = format!("{case} / {dialect} / {h:?}");
                if out.stderr.contains("panicked") {
                    failures.push(format!("{at}: panic\n{}", out.stderr));
                } else if !out.success() {
                    refused += 1;
                    if std::env::var_os("HARDEN_SHOW").is_some() {
                        eprintln!("{at}: {}", out.stderr.lines().next().unwrap_or(""));
                    }
                    if !out.stderr.contains(" --> ") {
                        failures.push(format!("{at}: error without a location:\n{}", out.stderr));
                    }
                } else {
                    written += 1;
                    for p in not_inert(dialect, &out.stdout) {
                        failures.push(format!("{at}: {p}"));
                    }
                }
            }
        }
        eprintln!(
            "{case}: {} refused, {} written",
            refused - refused_before,
            written - written_before
        );
    }
    eprintln!("harden_free_text: {refused} refused with a location, {written} written inert");
    assert!(
        written > 0 && refused > 0,
        "{refused} refused, {written} written"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_inertness_check_sees_a_breakout() {
    // A comment a line feed broke out of, a psql command, a sqlcmd batch.
    assert!(!not_inert(
        "postgresql",
        "-- skipped a\nDROP TABLE evil; --\nSELECT 1;\n"
    )
    .is_empty());
    assert!(!not_inert("postgresql", "-- a\n\\! id\n").is_empty());
    assert!(!not_inert("mysql", "SELECT 1 /* a */ ; DROP TABLE evil;\n").is_empty());
    assert!(!not_inert("sqlite", "-- a\n.shell id\n").is_empty());
    assert!(!not_inert("mssql", "SELECT '$(x)'\nGO\n").is_empty());
    assert!(not_inert("postgresql", "-- a\\nDROP TABLE evil\nSELECT 1;\n").is_empty());
}
