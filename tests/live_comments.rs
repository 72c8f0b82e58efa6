//! Issue 19.1: user text never leaves its comment line. Line breaks and
//! client commands in a type map entry for another dialect, an enum value a
//! warning quotes, a migration file name, a directory name and a message
//! (labels refuse such text at load) are put in front of psql, mariadb and
//! sqlite3, as an operator would run the script; `payments` must still be
//! there and no shell command may have run. Skips loudly without an engine;
//! fails under `CI=true`.

use crate::support::gen::Gen;
use crate::support::live;

use std::path::Path;

/// A line break followed by what each client would run if the break ended
/// the comment: SQL, psql's and mariadb's shell escape, sqlite3's.
fn payload(marker: &Path) -> String {
    let m = marker.display();
    format!(
        "\rDROP TABLE payments; --\n\\! touch {m}\r\\! touch {m}\n.system touch {m}\u{2028}\u{85}$(x)"
    )
}

/// A YAML double-quoted scalar holding `s` (JSON's escapes are YAML's).
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn write_project(root: &Path, dir_name: &str, marker: &Path) {
    let evil = yaml_str(&payload(marker));
    let dir = root.join(dir_name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.yaml"),
        format!(
            "revision: aaa
down_revision: null
message: {evil}
upgrade:
  - create_table:
      name: payments
      columns:
        - {{name: id, type: integer, primary_key: true}}
  - create_table:
      name: t
      columns:
        - {{name: id, type: integer, primary_key: true}}
        - {{name: c, type: varchar(10)}}
        - {{name: s, type: {enum_type}}}
",
            enum_type = yaml_str(&format!(
                "enum(ok, x\r\\! touch {m}, y\n.system touch {m}, z\n\\! touch {m})",
                m = marker.display()
            ))
        ),
    )
    .unwrap();
    // The file name itself starts a new line with SQL on every engine.
    let name = format!("b{}.yaml", payload(marker).replace('/', "_"));
    std::fs::write(
        dir.join(name),
        format!(
            "revision: bbb
down_revision: aaa
message: {evil}
upgrade:
  - alter_column:
      table: t
      column: c
      type: {{default: varchar(5), mssql: {mssql_type}}}
  - alter_column:
      table: t
      column: s
      type: enum(ok)
",
            mssql_type = yaml_str(&format!("enum(a,{})", payload(marker)))
        ),
    )
    .unwrap();
}

fn generate(root: &Path, dir_name: &str, dialect: &str, out: &Path) -> String {
    let args = [
        "--migrations",
        dir_name,
        "--dialect",
        dialect,
        "upgrade",
        "heads",
    ];
    Gen::new().dir(root).args(args).script(out)
}

/// Every line that starts a comment is a whole comment line without a
/// control character, and the user's text did reach the script (escaped).
fn check_text(dialect: &str, text: &str) {
    for line in text.split('\n') {
        if line.starts_with("--") {
            assert!(
                !line
                    .chars()
                    .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')),
                "{dialect}: {line:?}"
            );
        }
    }
    assert!(
        text.contains("\\rDROP TABLE payments; --\\n\\\\! touch"),
        "{dialect}: the escaped text is not in the script:\n{text}"
    );
}

#[test]
fn user_text_in_comments_runs_nothing_on_any_engine() {
    let engines = live::engines();
    for engine in &engines {
        let tmp = tempfile::tempdir().unwrap();
        let marker = tmp.path().join("pwned");
        // The directory's name breaks the header's command and sources lines.
        let dir_name = format!("mig{}", payload(&marker).replace('/', "_"));
        write_project(tmp.path(), &dir_name, &marker);
        let out = tmp.path().join("deploy.sql");
        let text = generate(tmp.path(), &dir_name, engine.dialect(), &out);

        let db = engine.fresh_db("comments");
        let applied = db.apply_file(&out);
        let tables = db.tables();
        assert!(
            tables.iter().any(|t| t == "payments"),
            "{}: payments was dropped: {tables:?}\n{text}",
            engine.kind()
        );
        assert!(
            !marker.exists(),
            "{}: a shell command ran from a comment\n{text}",
            engine.kind()
        );
        assert!(applied.is_ok(), "{}: {applied:?}\n{text}", engine.kind());
        check_text(engine.dialect(), &text);
    }
}

/// The same text, through `gen verify`: the escaped header reads back, so
/// the script still verifies.
#[test]
fn a_script_with_escaped_header_lines_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let marker = tmp.path().join("pwned");
    let dir_name = format!("mig{}", payload(&marker).replace('/', "_"));
    write_project(tmp.path(), &dir_name, &marker);
    for dialect in ["postgresql", "mysql", "sqlite", "mssql"] {
        let out = tmp.path().join(format!("{dialect}.sql"));
        let text = generate(tmp.path(), &dir_name, dialect, &out);
        check_text(dialect, &text);
        let o = Gen::new().dir(tmp.path()).arg("verify").arg(&out).run();
        assert!(o.success(), "{dialect}: {}", o.stderr);
    }
}
