//! The fuzz harness of issue 19 ("Done means"): arbitrary strings in every
//! free-text field, and arbitrary bytes as whole revision files, through
//! every dialect, with the built binary. For each case:
//!
//! (a) gen never panics: it exits 0, or 1 with an error on stderr;
//! (b) every line of the script that starts a comment is one whole comment
//!     line without a control character (or a line or paragraph separator);
//! (c) the script splits, by the rules of the client an operator runs it
//!     with (psql, mariadb, sqlite3, sqlcmd: `support/clients.rs`), into
//!     exactly the statements gen rendered (the library's
//!     `gen::driver::generate`, laid out as `Script` writes them), and no
//!     client command or variable appears anywhere: no user text starts a
//!     statement or a command.
//!
//! Free-text fields: the revision message, table and column comments, a
//! string default, enum values, a type-map entry for another dialect, a
//! column name, `bulk_insert` values, the second revision's file name and
//! the migrations directory's name. `execute`'s `sql` is left out: it is
//! raw SQL by contract. Fields that are SQL fragments (`{sql:}` defaults,
//! check `expr`, index `where` and `{expr:}`, type strings) are fuzzed only
//! when [`FRAGMENTS_ARE_ONE_EXPRESSION`] is on; SQL Server scripts are
//! read as T-SQL lexes them, and also as the ODBC sqlcmd (which reads `GO`
//! lines and `$(` even inside literals) and go-sqlcmd (whose scanner takes
//! a backslash in `'...'` as an escape and knows no `[...]`) when
//! [`SQLCMD_SAFE_LITERALS`] and [`GO_SQLCMD_SAFE`] are on. All three
//! switches are on since issue 19.2 and 19.5; each says what made it pass,
//! and switching one off shows what it covers.
//!
//! Bounded: 192 + 96 cases, 10-20 s in a debug build (one run of the
//! binary each). `PROPTEST_CASES=5000` runs a longer fuzz; a failure prints
//! proptest's smallest failing case.

use crate::support::clients;

use crate::support::gen::Gen;
use camino::Utf8PathBuf;
use gen::cli::config::Config;
use gen::driver::{generate, RunInfo};
use gen::emit::script::Script;
use gen::history::plan::{Direction, Plan};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, FileFailurePersistence, TestRunner};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// When on, SQL-fragment fields get arbitrary text after a valid fragment.
/// On since fragments are exactly one expression (issue 19.2) and refuse
/// client variables (`:x`, which psql replaced with a variable of the
/// operator's session, was the last thing the harness found).
const FRAGMENTS_ARE_ONE_EXPRESSION: bool = true;

/// On since SQL Server literals hold no line break and no `$(` (issue
/// 19.5: `(N'a' + NCHAR(10) + N'GO')`), so the ODBC sqlcmd's reading,
/// which ignores quotes, is checked too.
const SQLCMD_SAFE_LITERALS: bool = true;

/// On since SQL Server literals hold no backslash before a quote (a
/// backslash in `'...'` escapes the next character for go-sqlcmd) and
/// names holding `'`, `"`, `/*`, `\` or `$(` are refused (go-sqlcmd knows
/// no `[...]`, so `[k"]` opened a string to it): go-sqlcmd's reading is
/// checked too.
const GO_SQLCMD_SAFE: bool = true;

const DIALECTS: &[&str] = &["postgresql", "mysql", "sqlite", "mssql"];

/// What breaks out of comments, literals and identifiers, or makes a
/// client do something, in one client or another.
const PIECES: &[&str] = &[
    "\r",
    "\n",
    "\r\n",
    "\0",
    "\t",
    "\u{b}",
    "\u{c}",
    "\u{1b}[2J",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{202e}",
    "\u{feff}",
    "\\",
    "\\\\",
    "'",
    "''",
    "\"",
    "`",
    "]",
    "[",
    "--",
    "-- ",
    "/*",
    "*/",
    ";",
    "\\!",
    "\\! touch /tmp/gen-fuzz-pwned",
    ".system",
    ".shell touch /tmp/gen-fuzz-pwned",
    "\n.system touch /tmp/gen-fuzz-pwned",
    "GO",
    "\nGO\n",
    "go",
    "$(x)",
    "$",
    "(",
    ")",
    "$$",
    "$a$",
    ":x",
    ":'x'",
    "::",
    "#",
    "delimiter ;",
    "\ndelimiter //\n",
    "\nsystem ls\n",
    "\n:r x\n",
    "\n!!ls\n",
    "E'",
    "%",
    "?",
    ",",
    "é",
    "𝄞",
    "DROP TABLE payments",
    " ",
    "x",
];

/// A string made of pieces of [`PIECES`], plain letters and arbitrary
/// characters.
fn evil(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        5 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        3 => proptest::sample::select(&["a", "b", "note", "x1", "Value"][..]).prop_map(str::to_owned),
        2 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

/// Mostly `evil(max)` less what the loader refuses in the field
/// (`refused`), so that most cases give a script; now and then all of it.
fn mostly(max: usize, refused: fn(char) -> bool) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => evil(max).prop_map(move |s| s.chars().filter(|c| !refused(*c)).collect()),
        1 => evil(max),
    ]
}

fn nul(c: char) -> bool {
    c == '\0'
}

/// What a name cannot hold.
fn control(c: char) -> bool {
    c.is_control()
}

/// What splits or closes an enum's list of values.
fn enum_syntax(c: char) -> bool {
    matches!(c, ',' | '(' | ')' | '\'' | '"' | '\0')
}

/// `enum(...)` values: mostly distinct and non-empty.
fn enum_values() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(mostly(4, enum_syntax), 1..4).prop_map(|vs| {
        vs.into_iter()
            .enumerate()
            .map(|(i, v)| format!("v{i}{v}"))
            .collect()
    })
}

/// A name a file or directory can have (no `/`, no NUL, not `.`/`..`,
/// not too long, not a dot-file).
fn file_part(s: &str) -> String {
    let mut name: String = s
        .chars()
        .map(|c| if c == '/' || c == '\0' { '_' } else { c })
        .collect();
    while name.len() > 120 {
        name.pop();
    }
    format!("f{name}")
}

/// A YAML double-quoted scalar holding exactly `s`: everything outside
/// printable ASCII escaped (YAML folds raw line breaks, NEL and the
/// separators, and refuses other control characters).
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[derive(Debug, Clone)]
struct Case {
    dialect: &'static str,
    /// Downgrade (from heads to base) instead of upgrade.
    down: bool,
    dir_name: String,
    file_name: String,
    message: String,
    table_comment: String,
    column_comment: String,
    default: String,
    enum_values: Vec<String>,
    other_type: String,
    column_name: String,
    bulk: Vec<String>,
    /// SQL fragments: a `{sql:}` default, a check, an index `where`, an
    /// index expression, a type string for this dialect (only with
    /// [`FRAGMENTS_ARE_ONE_EXPRESSION`]).
    fragments: [String; 5],
}

fn case() -> impl Strategy<Value = Case> {
    (
        (
            proptest::sample::select(DIALECTS),
            any::<bool>(),
            evil(6),
            evil(6),
            evil(8),
        ),
        (mostly(8, nul), mostly(8, nul), mostly(8, nul), enum_values()),
        (
            prop_oneof![4 => enum_values().prop_map(|v| format!("enum({})", v.join(","))), 1 => evil(6)],
            mostly(4, control).prop_map(|n| format!("k{n}")),
            proptest::collection::vec(mostly(6, nul), 0..3),
        ),
        // Each fragment a valid one, and in half of the cases one of them
        // with arbitrary text after it: what a fragment must not do is end
        // early or swallow what follows. (Most such tails are refused, and
        // the other half keeps the remaining fields' checks busy.)
        (0..5usize, evil(6), any::<bool>()).prop_map(|(which, tail, on)| {
            let mut all = ["0", "n > 0", "n IS NOT NULL", "lower(c)", "integer"].map(str::to_owned);
            if on {
                all[which].push_str(&tail);
            }
            all
        }),
    )
        .prop_map(
            |(
                (dialect, down, dir_name, file_name, message),
                (table_comment, column_comment, default, enum_values),
                (other_type, column_name, bulk),
                fragments,
            )| Case {
                dialect,
                down,
                dir_name: file_part(&dir_name),
                file_name: format!("{}.yaml", file_part(&file_name)),
                message,
                table_comment,
                column_comment,
                default,
                enum_values,
                other_type,
                column_name,
                bulk,
                fragments,
            },
        )
}

/// The two revision files of a case.
fn revisions(c: &Case) -> (String, String) {
    let other = DIALECTS
        .iter()
        .find(|d| **d != c.dialect)
        .copied()
        .unwrap_or("mssql");
    let enum_type = format!("enum({})", c.enum_values.join(", "));
    let [sql_default, check, where_, index_expr, native] = &c.fragments;
    let fragments = FRAGMENTS_ARE_ONE_EXPRESSION;
    let mut a = format!(
        "revision: aaa
down_revision: null
message: {message}
upgrade:
  - create_table:
      name: payments
      columns:
        - {{name: id, type: integer, primary_key: true}}
  - create_table:
      name: t
      comment: {table_comment}
      columns:
        - {{name: id, type: integer, primary_key: true}}
        - {{name: c, type: text, comment: {column_comment}, default: {default}}}
        - {{name: e, type: {enum_type}}}
        - {{name: m, type: {{default: text, {other}: {other_type}}}}}
        - {{name: {column_name}, type: varchar(40)}}
        - {{name: n, type: {n_type}, default: {n_default}}}
",
        message = q(&c.message),
        table_comment = q(&c.table_comment),
        column_comment = q(&c.column_comment),
        default = q(&c.default),
        enum_type = q(&enum_type),
        other_type = q(&c.other_type),
        column_name = q(&c.column_name),
        n_type = if fragments {
            format!("{{{}: {}, default: integer}}", c.dialect, q(native))
        } else {
            "integer".to_owned()
        },
        n_default = if fragments {
            format!("{{sql: {}}}", q(sql_default))
        } else {
            "{sql: '0'}".to_owned()
        },
    );
    if fragments {
        a.push_str(&format!(
            "      checks: [{{name: ck_t_n, expr: {}}}]\n  - create_index: {{name: ix_t_c, table: t, columns: [c, {{expr: {}}}], where: {}}}\n",
            q(check),
            q(index_expr),
            q(where_)
        ));
    }
    if !c.down && !c.bulk.is_empty() {
        a.push_str("  - bulk_insert:\n      table: t\n      rows:\n");
        for (i, v) in c.bulk.iter().enumerate() {
            a.push_str(&format!("        - {{id: {i}, c: {}}}\n", q(v)));
        }
    }
    let b = format!(
        "revision: bbb
down_revision: aaa
message: {message}
upgrade:
  - alter_column: {{table: t, column: m, type: {{default: varchar(100), {other}: {changed}}}}}
  - alter_column: {{table: t, column: e, type: {first}}}
  - alter_column: {{table: t, column: c, comment: {comment}}}
  - create_table_comment: {{table: t, comment: {table_comment}}}
  - drop_column: {{table: t, column: {column_name}}}
",
        message = q(&c.message),
        changed = q(&c.other_type.replacen("enum(", "enum(w,", 1)),
        first = q(&format!("enum({})", c.enum_values[0])),
        comment = q(&format!("{} 2", c.column_comment)),
        table_comment = q(&format!("{} 2", c.table_comment)),
        column_name = q(&c.column_name),
    );
    (a, b)
}

/// The statements of `script` in the order it writes them (as
/// `script::StepWriter` and `Script::write_to` lay them out).
fn expected(script: &Script) -> Vec<String> {
    let l = &script.layout;
    let commit = l.commit.clone().unwrap_or_default();
    let mut out = script.prologue.clone();
    let mut open = false;
    for step in script.steps() {
        match (&l.begin, step.transactional) {
            (Some(begin), true) if !open => {
                out.push(begin.clone());
                open = true;
            }
            (Some(_), false) if open => {
                out.push(commit.clone());
                open = false;
            }
            _ => {}
        }
        if step.create_version_table {
            out.push(l.version_table_create.clone());
        }
        out.extend(step.statements.iter().map(|s| s.sql.clone()));
        out.extend(step.version.iter().cloned());
        if l.transaction_per_migration && open {
            out.push(commit.clone());
            open = false;
        }
    }
    if open {
        out.push(commit);
    }
    out.extend(script.epilogue.iter().cloned());
    out.into_iter().map(|s| s.trim().to_owned()).collect()
}

/// Runs the built binary: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let o = Gen::new().dir(dir).args(args).run();
    (o.code, o.stdout, o.stderr)
}

/// (a): exit 0, or 1 with an error on stderr; never a panic.
fn check_exit(code: i32, stderr: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "gen panicked:\n{stderr}"
    );
    prop_assert!(code == 0 || code == 1, "exit code {code}:\n{stderr}");
    if code == 1 {
        prop_assert!(
            stderr.contains("error"),
            "exit 1 without an error:\n{stderr}"
        );
    }
    Ok(())
}

/// (b): the script's comment lines, as the client reads them, are whole
/// lines without a control character, and every line starting with `--`
/// outside a statement is one of them.
fn check_comments(text: &str, split: &clients::Split, client: &str) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = text.split('\n').collect();
    for &n in &split.comment_lines {
        let line = lines[n - 1];
        prop_assert!(
            !line
                .chars()
                .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')),
            "{client}: comment line {n} holds a control character: {line:?}"
        );
    }
    Ok(())
}

/// (c): the client's statements are gen's, and it meets no command.
fn check_split(script_text: &str, want: &[String], dialect: &str) -> Result<(), TestCaseError> {
    let splits = match dialect {
        "postgresql" => vec![("psql", clients::psql(script_text))],
        "mysql" => vec![("mariadb", clients::mariadb(script_text))],
        "sqlite" => vec![("sqlite3", clients::sqlite3(script_text))],
        _ => {
            let mut all = vec![("sqlcmd", clients::sqlcmd(script_text))];
            if SQLCMD_SAFE_LITERALS {
                all.push(("sqlcmd (ODBC)", clients::sqlcmd_odbc(script_text)));
            }
            if GO_SQLCMD_SAFE {
                all.push(("go-sqlcmd", clients::sqlcmd_go(script_text)));
            }
            all
        }
    };
    for (client, split) in splits {
        check_client(script_text, want, client, &split)?;
    }
    Ok(())
}

fn check_client(
    script_text: &str,
    want: &[String],
    client: &str,
    split: &clients::Split,
) -> Result<(), TestCaseError> {
    check_comments(script_text, split, client)?;
    prop_assert!(
        split.commands.is_empty(),
        "{client} would run client commands {:?}\n{script_text}",
        split.commands
    );
    prop_assert!(
        split.rest.is_empty(),
        "{client}: text after the last statement: {:?}",
        split.rest
    );
    // sqlcmd's batches hold the statement and its `;`.
    let got: Vec<String> = match client {
        "sqlcmd" | "sqlcmd (ODBC)" | "go-sqlcmd" => split
            .statements
            .iter()
            .map(|b| b.strip_suffix(';').unwrap_or(b).trim().to_owned())
            .collect(),
        _ => split.statements.clone(),
    };
    if got != want {
        let at = got
            .iter()
            .zip(want)
            .position(|(g, w)| g != w)
            .unwrap_or(got.len().min(want.len()));
        prop_assert!(
            false,
            "{client} splits the script into other statements than gen's, from #{at}:\n  client: {:?}\n  gen:    {:?}\n{script_text}",
            got.get(at),
            want.get(at)
        );
    }
    Ok(())
}

/// Checks one case; `Ok(true)` when it gave a script.
fn check_case(c: &Case) -> Result<bool, TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(&c.dir_name);
    std::fs::create_dir(&dir).unwrap();
    let (a, b) = revisions(c);
    std::fs::write(dir.join("a.yaml"), a).unwrap();
    std::fs::write(dir.join(&c.file_name), b).unwrap();
    let (verb, target, direction) = if c.down {
        ("downgrade", "heads:base", Direction::Down)
    } else {
        ("upgrade", "heads", Direction::Up)
    };
    let (code, stdout, stderr) = run(
        tmp.path(),
        &[
            "--migrations",
            &c.dir_name,
            "--dialect",
            c.dialect,
            verb,
            target,
        ],
    );
    check_exit(code, &stderr)?;

    // The library's own statements for the same input.
    let mut config = Config::with_defaults(Utf8PathBuf::from_path_buf(dir.clone()).unwrap());
    config.dialect = gen::dialect::by_name(c.dialect).unwrap();
    let library = gen::cli::config::load_graph(&config).and_then(|graph| {
        let plan =
            Plan::for_command(&graph, direction, target).map_err(gen::diag::error::Error::Plan)?;
        generate(&graph, &plan, &config, RunInfo::default())
    });
    match (code, library) {
        (0, Ok(generated)) => {
            check_split(&stdout, &expected(&generated.script), c.dialect).map(|()| true)
        }
        (0, Err(e)) => Err(TestCaseError::fail(format!(
            "the binary wrote a script, the library failed: {e}"
        ))),
        (_, Ok(_)) => Err(TestCaseError::fail(format!(
            "the library wrote a script, the binary failed:\n{stderr}"
        ))),
        (_, Err(_)) => Ok(false),
    }
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..RunnerConfig::default()
    })
}

/// Runs `test` on `cases` cases of `strategy`, failing with proptest's
/// smallest failing case.
fn run_cases<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    if let Err(e) = runner(cases).run(&strategy, test) {
        panic!("{e}");
    }
}

#[test]
fn free_text_never_leaves_its_place() {
    let cases = AtomicUsize::new(0);
    let scripts = AtomicUsize::new(0);
    run_cases(192, case(), |c| {
        cases.fetch_add(1, Ordering::Relaxed);
        if check_case(&c)? {
            scripts.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    // Many cases must give a script, or (b) and (c) check little: about a
    // third do (55 to 77 of 192 in twelve runs); a fifth is far enough
    // below that a run does not fail by chance.
    let (cases, scripts) = (cases.into_inner(), scripts.into_inner());
    eprintln!("{scripts} of {cases} cases gave a script");
    assert!(
        scripts * 5 >= cases,
        "only {scripts} of {cases} cases gave a script"
    );
}

/// Arbitrary bytes as a whole revision file, next to a valid one.
#[test]
fn arbitrary_bytes_as_a_revision_file() {
    let strategy = (
        proptest::collection::vec(any::<u8>(), 0..300),
        proptest::sample::select(DIALECTS),
    );
    run_cases(96, strategy, |(bytes, dialect)| {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("migrations");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(
            dir.join("a.yaml"),
            "revision: aaa
down_revision: null
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}
",
        )
        .unwrap();
        std::fs::write(dir.join("b.yaml"), &bytes).unwrap();
        let (code, stdout, stderr) = run(tmp.path(), &["--dialect", dialect, "upgrade", "heads"]);
        check_exit(code, &stderr)?;
        if code == 0 {
            let mut config = Config::with_defaults(Utf8PathBuf::from_path_buf(dir).unwrap());
            config.dialect = gen::dialect::by_name(dialect).unwrap();
            let fail = |e: gen::diag::error::Error| TestCaseError::fail(e.to_string());
            let graph = gen::cli::config::load_graph(&config).map_err(fail)?;
            let plan = Plan::for_command(&graph, Direction::Up, "heads")
                .map_err(|e| fail(gen::diag::error::Error::Plan(e)))?;
            let generated = generate(&graph, &plan, &config, RunInfo::default()).map_err(fail)?;
            check_split(&stdout, &expected(&generated.script), dialect)?;
        }
        Ok(())
    });
}

/// The harness itself: a script whose comment breaks its line, or whose
/// statement text hides a second statement, is caught for every client.
#[test]
fn the_harness_catches_what_it_is_for() {
    let want = vec!["CREATE TABLE t (id INT)".to_owned()];
    for dialect in DIALECTS {
        let sep = if *dialect == "mssql" { "\nGO\n" } else { "\n" };
        let good = format!("-- a comment\n\nCREATE TABLE t (id INT);{sep}");
        assert!(check_split(&good, &want, dialect).is_ok(), "{dialect}");
        for bad in [
            format!("-- a\nDROP TABLE payments;{sep}\nCREATE TABLE t (id INT);{sep}"),
            format!("-- a\r\\! touch x\n\nCREATE TABLE t (id INT);{sep}"),
            format!("-- a\n.system touch x\n\\! touch x\n:r x\nCREATE TABLE t (id INT);{sep}"),
            format!("CREATE TABLE t (id INT);{sep}CREATE TABLE u (id INT);{sep}"),
        ] {
            assert!(
                check_split(&bad, &want, dialect).is_err(),
                "{dialect}: {bad:?}"
            );
        }
    }
    // Each client's own reading.
    let psql =
        clients::psql("-- c\rDROP TABLE x;\nSELECT 'a;b', $$ ; $$, $q$;$q$, E'\\';', \"a;\" ;");
    assert_eq!(psql.statements.len(), 2, "{psql:?}");
    let maria = clients::mariadb("SELECT 'a\\';b' ;\ndelimiter //\n");
    assert_eq!(maria.statements, ["SELECT 'a\\';b'"]);
    assert_eq!(maria.commands.len(), 1);
    let lite = clients::sqlite3("SELECT [a;b], 'c;' -- x;\n;\n.shell x\n");
    assert_eq!(lite.statements.len(), 1, "{lite:?}");
    assert_eq!(lite.commands.len(), 1);
    let text = "SELECT 'a\nGO\n$(x)', [b'];\nGO\n-- $(y)\n";
    let cmd = clients::sqlcmd(text);
    assert_eq!(cmd.statements.len(), 1, "{cmd:?}");
    assert_eq!(cmd.commands.len(), 1, "{cmd:?}");
    let odbc = clients::sqlcmd_odbc(text);
    assert_eq!(odbc.statements.len(), 2, "{odbc:?}");
    assert_eq!(odbc.commands.len(), 2, "{odbc:?}");
    let go = clients::sqlcmd_go("SELECT N'a\\', 1;\nGO\nSELECT [b\"];\nGO\n");
    assert!(go.statements.len() < 2, "{go:?}");
}
