//! Issue 19.9: an `enum(...)` type keeps exactly the values written. A
//! quoted value holding a comma stays one value; quotes (doubled inside a
//! quoted value), backslashes and control characters reach the engine as
//! written; an `enum(...)` inside a per-dialect type map (in `create_table`
//! and in `alter_column`) gets its values too, where PostgreSQL was given
//! `CREATE TYPE ... AS ENUM ()`. The script is applied to PostgreSQL and
//! MariaDB and the values are read back from the catalog (`pg_enum`,
//! `information_schema.COLUMNS.COLUMN_TYPE`), hex-encoded so that no
//! client reformats them. Skips loudly without an engine; fails under
//! `CI=true`.

use crate::support::gen::Gen;
use crate::support::live;

use live::Kind;
use std::path::Path;

/// The values, each as it must be stored.
const VALUES: &[&str] = &[
    "a,b",
    "c",
    "it's",
    "q\"d",
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "cr\rhere",
    "x, y",
    "ünï",
];

/// `enum(...)` spelling every value a different way: single-quoted with
/// `'` doubled, double-quoted with `"` doubled, or plain where it can be.
fn enum_type() -> String {
    let spelled: Vec<String> = VALUES
        .iter()
        .enumerate()
        .map(|(i, v)| match (i % 3, v.contains([',', '\'', '"'])) {
            (0, false) => (*v).to_owned(),
            (1, _) => format!("\"{}\"", v.replace('"', "\"\"")),
            _ => format!("'{}'", v.replace('\'', "''")),
        })
        .collect();
    format!("enum({})", spelled.join(", "))
}

/// A YAML double-quoted scalar holding `s` (JSON's escapes are YAML's).
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn write_project(dir: &Path) {
    let ty = yaml_str(&enum_type());
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("a.yaml"),
        format!(
            "revision: aaa
down_revision: null
upgrade:
  - create_table:
      name: t
      columns:
        - {{name: id, type: integer, primary_key: true}}
        - {{name: plain, type: {ty}}}
        - {{name: mapped, type: {{postgresql: {ty}, mysql: {ty}, default: text}}}}
        - {{name: later, type: text}}
"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.yaml"),
        format!(
            "revision: bbb
down_revision: aaa
upgrade:
  - alter_column:
      table: t
      column: later
      type: {{postgresql: {ty}, mysql: {ty}, default: text}}
"
        ),
    )
    .unwrap();
}

fn generate(dir: &Path, dialect: &str, out: &Path) -> String {
    let dir = dir.to_str().expect("a UTF-8 path");
    let args = [
        "--migrations",
        dir,
        "--dialect",
        dialect,
        "upgrade",
        "heads",
    ];
    Gen::new().args(args).script(out)
}

fn unhex(h: &str) -> String {
    let bytes: Vec<u8> = (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect();
    String::from_utf8(bytes).unwrap()
}

/// MariaDB's `COLUMN_TYPE`, `enum('v1','v2',...)`, as its values: each
/// between single quotes, `''` for a quote, and the backslash escapes
/// MariaDB writes there (`\\`, `\n`, `\r`, `\t`, `\0`, `\Z`).
fn mariadb_enum_values(column_type: &str) -> Vec<String> {
    let inner = column_type
        .strip_prefix("enum(")
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not an enum: {column_type:?}"));
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        assert_eq!(c, '\'', "in {column_type:?}");
        let mut v = String::new();
        loop {
            match chars.next() {
                Some('\'') if chars.peek() == Some(&'\'') => {
                    chars.next();
                    v.push('\'');
                }
                Some('\'') => break,
                Some('\\') => v.push(match chars.next() {
                    Some('n') => '\n',
                    Some('r') => '\r',
                    Some('t') => '\t',
                    Some('0') => '\0',
                    Some('Z') => '\u{1a}',
                    Some(c) => c,
                    None => panic!("a lone backslash in {column_type:?}"),
                }),
                Some(c) => v.push(c),
                None => panic!("unterminated value in {column_type:?}"),
            }
        }
        values.push(v);
        if chars.peek() == Some(&',') {
            chars.next();
        }
    }
    values
}

/// The stored values of each enum column, in column order.
fn stored(db: &live::Db) -> Vec<(String, Vec<String>)> {
    let columns = ["plain", "mapped", "later"];
    columns
        .iter()
        .map(|c| {
            let values = match db.kind() {
                Kind::Postgres => db
                    .query(&format!(
                        "SELECT encode(convert_to(e.enumlabel, 'UTF8'), 'hex') FROM pg_enum e \
                         JOIN pg_type t ON t.oid = e.enumtypid \
                         WHERE t.typname = 't_{c}_enum' ORDER BY e.enumsortorder"
                    ))
                    .into_iter()
                    .map(|row| unhex(&row[0]))
                    .collect(),
                Kind::MariaDb => {
                    let rows = db.query(&format!(
                        "SELECT HEX(COLUMN_TYPE) FROM information_schema.COLUMNS \
                         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' \
                         AND COLUMN_NAME = '{c}'"
                    ));
                    mariadb_enum_values(&unhex(&rows[0][0]))
                }
                Kind::Sqlite => Vec::new(),
            };
            ((*c).to_owned(), values)
        })
        .collect()
}

#[test]
fn enum_values_reach_the_engines_as_written() {
    let want: Vec<String> = VALUES.iter().map(|v| (*v).to_owned()).collect();
    for engine in [live::pg(), live::mariadb()].into_iter().flatten() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("migrations");
        write_project(&dir);
        let out = tmp.path().join("deploy.sql");
        let text = generate(&dir, engine.dialect(), &out);
        let db = engine.fresh_db("enums");
        let applied = db.apply_file(&out);
        assert!(applied.is_ok(), "{}: {applied:?}\n{text}", engine.kind());
        for (column, values) in stored(&db) {
            assert_eq!(
                values,
                want,
                "{}: the values of `{column}`\n{text}",
                engine.kind()
            );
        }
    }
}

/// Without an engine: the type reads back as the values written, and its
/// canonical spelling (used in messages and `gen schema`) reads back the same.
#[test]
fn enum_spelling_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    write_project(&dir);
    let out = tmp.path().join("deploy.sql");
    let text = generate(&dir, "postgresql", &out);
    let literals: Vec<String> = VALUES
        .iter()
        // As PostgreSQL literals are written: `E'...'` with the backslash
        // doubled when the text holds one, so either setting reads it.
        .map(|v| {
            let quoted = v.replace('\'', "''");
            if v.contains('\\') {
                format!("E'{}'", quoted.replace('\\', "\\\\"))
            } else {
                format!("'{quoted}'")
            }
        })
        .collect();
    let create = format!("AS ENUM ({});", literals.join(", "));
    assert_eq!(
        text.matches(&create).count(),
        3,
        "three CREATE TYPEs with every value:\n{text}"
    );
}
