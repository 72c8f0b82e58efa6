//! Rendering diagnostics: spans by path, position and file, colour, tabs,
//! long text. The snapshots live in `src/diag/snapshots` under the names
//! they had when these tests were inside `diagnostic.rs`.

use super::color::{color_choice, ColorEnv};
use super::shorten::shorten_line;
use super::*;
use crate::diag::span::DocPath;
use camino::{Utf8Path, Utf8PathBuf};
use std::collections::BTreeMap;

/// `insta::assert_snapshot!` with the snapshots kept where they were when
/// these tests were inside `diagnostic.rs`: `src/diag/snapshots`, named
/// after this module (`diagnostic::tests`) and the test.
macro_rules! assert_snapshot {
    ($($arg:tt)*) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        let _scope = settings.bind_to_scope();
        insta::assert_snapshot!($($arg)*);
    }};
}

const FILE: &str = "migrations/0003_add_email.yaml";

const SOURCE: &str = "\
revision: 3f2a9c1e7b10
down_revision: 1a2b3c4d5e6f
message: add email
upgrade:
  - create_table:
      name: accounts
      columns:
        - {name: id, type: integer}
  - add_column:
      table: users
      column:
        name: email
        type: varchar(255)
";

fn sources() -> BTreeMap<Utf8PathBuf, String> {
    let mut map = BTreeMap::new();
    map.insert(Utf8PathBuf::from(FILE), SOURCE.to_string());
    map.insert(
        Utf8PathBuf::from("tabs.yaml"),
        "a:\t{x: 1,\ty: bad}\n".to_string(),
    );
    map.insert(
        Utf8PathBuf::from("migrations/0100_big.yaml"),
        format!("{}key: value\n", "# filler\n".repeat(99)),
    );
    map
}

fn file() -> &'static Utf8Path {
    Utf8Path::new(FILE)
}

fn missing_table() -> Diagnostic {
    Diagnostic::error("table `users` does not exist")
        .with_span(Span::path(
            file(),
            DocPath::root()
                .key("upgrade")
                .index(1)
                .key("add_column")
                .key("table"),
        ))
        .with_label("no such table")
        .with_note("in revision 3f2a9c1e7b10 (add email), upgrade operation #2 `add_column`")
        .with_help("did you mean `user`?")
}

#[test]
fn path_span() {
    assert_snapshot!(render(&missing_table(), &sources(), false));
}

#[test]
fn path_span_to_a_missing_key_points_at_its_parent() {
    let diag =
        Diagnostic::error("`add_column` needs `column.nullable` here").with_span(Span::path(
            file(),
            DocPath::root()
                .key("upgrade")
                .index(1)
                .key("add_column")
                .key("column")
                .key("nullable"),
        ));
    assert_snapshot!(render(&diag, &sources(), false));
}

#[test]
fn pos_span() {
    let diag = Diagnostic::error("unknown key `colums`")
        .with_span(Span::pos(file(), 7, 7))
        .with_label("not valid here")
        .with_help("valid keys here: name, columns, primary_key, unique, foreign_keys, checks, comment, if_not_exists");
    assert_snapshot!(render(&diag, &sources(), false));
}

#[test]
fn pos_span_past_end_of_line_and_wide_gutter() {
    let diag = Diagnostic::warning("trailing content").with_span(Span::pos(
        Utf8Path::new("migrations/0100_big.yaml"),
        100,
        40,
    ));
    assert_snapshot!(render(&diag, &sources(), false));
}

#[test]
fn tabs_keep_carets_aligned() {
    let diag = Diagnostic::error("bad value").with_span(Span::path(
        Utf8Path::new("tabs.yaml"),
        DocPath::root().key("a").key("y"),
    ));
    let out = render(&diag, &sources(), false);
    assert_snapshot!(out);
    assert!(out.contains("1 | a:\t{x: 1,\ty: bad}\n  |   \t      \t   ^^^\n"));
}

#[test]
fn file_span() {
    let diag = Diagnostic::error("revision id `3f2a9c1e7b10` is used twice")
        .with_span(Span::file(file()))
        .with_note("also defined in migrations/0004_other.yaml");
    assert_snapshot!(render(&diag, &sources(), false));
}

#[test]
fn no_span() {
    let diag = Diagnostic::error("several heads: 3f2a9c1e7b10, 9e8d7c6b5a4f")
        .with_note("heads:\n3f2a9c1e7b10 (add email)\n9e8d7c6b5a4f (billing)")
        .with_help("use `heads`, or `label@head`");
    assert_snapshot!(render(&diag, &sources(), false));
}

#[test]
fn missing_source() {
    let path = Span::path(
        Utf8Path::new("migrations/gone.yaml"),
        DocPath::root().key("upgrade").index(0),
    );
    let diag = Diagnostic::error("cannot drop table `users`").with_span(path);
    let by_path = render(&diag, &sources(), false);
    let diag = diag.with_span(Span::pos(Utf8Path::new("migrations/gone.yaml"), 3, 4));
    let by_pos = render(&diag, &sources(), false);
    // A line past the end of an existing file: no snippet either.
    let diag = diag.with_span(Span::pos(file(), 99, 1));
    let past_end = render(&diag, &sources(), false);
    assert_snapshot!(format!("{by_path}---\n{by_pos}---\n{past_end}"));
}

#[test]
fn colour_on() {
    let out = render(&missing_table(), &sources(), true);
    assert!(out.starts_with("\x1b[1;31merror\x1b[0m"));
    assert_snapshot!(out.replace('\x1b', "<ESC>"));
    let warn = render(
        &Diagnostic::warning("dropping column `email` loses data"),
        &sources(),
        true,
    );
    assert_snapshot!(warn.replace('\x1b', "<ESC>"));
}

#[test]
fn colour_off_has_no_escapes() {
    let out = render(&missing_table(), &sources(), false);
    assert!(!out.contains('\x1b'));
    let warn = render(
        &Diagnostic::warning("w").with_span(Span::file(file())),
        &sources(),
        false,
    );
    assert_eq!(warn, "warning: w\n --> migrations/0003_add_email.yaml\n");
}

#[test]
fn colour_choice_rules() {
    let tty = ColorEnv {
        is_terminal: true,
        ..ColorEnv::default()
    };
    assert!(color_choice(tty));
    assert!(!color_choice(ColorEnv::default()));
    // NO_COLOR wins over everything, even CLICOLOR_FORCE.
    assert!(!color_choice(ColorEnv {
        no_color: true,
        force: true,
        ..tty
    }));
    // CLICOLOR_FORCE colours a pipe, and a dumb terminal.
    assert!(color_choice(ColorEnv {
        force: true,
        ..ColorEnv::default()
    }));
    assert!(color_choice(ColorEnv {
        force: true,
        term_dumb: true,
        ..tty
    }));
    // A terminal that cannot show escapes, or CLICOLOR=0: no colour.
    assert!(!color_choice(ColorEnv {
        term_dumb: true,
        ..tty
    }));
    assert!(!color_choice(ColorEnv {
        clicolor_off: true,
        ..tty
    }));
}

/// 19.15: a 1 MB name gives a few lines of error, the caret still
/// under the token it points at.
#[test]
fn huge_user_text_is_shortened() {
    let name = "n".repeat(1_000_000);
    let mut map = sources();
    let path = Utf8PathBuf::from("huge.yaml");
    map.insert(
        path.clone(),
        format!("upgrade:\n  - create_table: {{name: {name}, colums: []}}\n"),
    );
    let diag = Diagnostic::error(format!("name `{name}` is 1000000 bytes long"))
        .with_span(Span::pos(&path, 2, 1_000_028))
        .with_label(format!("`{name}`"))
        .with_note(format!("in table `{name}`\nsecond line"))
        .with_help(format!("shorten {name}"));
    let out = render(&diag, &map, false);
    assert!(out.len() < 2_000, "{} bytes:\n{out}", out.len());
    assert_snapshot!(out);
    // The caret is under `colums`.
    let lines: Vec<&str> = out.lines().collect();
    let source = lines[3].split_once(" | ").unwrap().1;
    let carets = lines[4].split_once(" | ").unwrap().1;
    let at = carets.find('^').unwrap();
    let under: String = source.chars().skip(at).take(6).collect();
    assert_eq!(under, "colums");
    assert_eq!(carets.trim_start().split(' ').next(), Some("^^^^^^"));
}

#[test]
fn short_text_is_left_alone() {
    let line = "x".repeat(200);
    assert_eq!(shorten(&line), line);
    assert_eq!(shorten_line(&"y".repeat(201)).chars().count(), 181);
    let words = vec!["`a`"; 400].join(", ");
    assert_eq!(shorten(&words).chars().count(), 901);
    assert_eq!(source_window("short", 2, 3), (Cow::Borrowed("short"), 2, 3));
}

#[test]
fn fs_sources_reads_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = Utf8PathBuf::from_path_buf(dir.path().join("r.yaml")).unwrap();
    std::fs::write(&path, "revision: abc\n").unwrap();
    assert_eq!(FsSources.source(&path).as_deref(), Some("revision: abc\n"));
    assert_eq!(FsSources.source(&path.with_file_name("nope.yaml")), None);
}

#[test]
fn snippet_escapes_move_the_caret_with_them() {
    let (text, column, len) = inert_snippet("a\u{1b}[1m\tbad\rx", 7, 4);
    assert_eq!(text, "a\\u{1b}[1m\tbad\\rx");
    // `a`, `\u{1b}` (6), `[1m`, tab: the caret stands under `b`.
    assert_eq!(
        &text.chars().skip(column - 1).collect::<String>()[..len],
        "bad\\r"
    );
    assert_eq!((column, len), (12, 5));
}
