//! Reading documents into events: positions, BOM, anchors and aliases,
//! tags, and the errors with their help.

use super::*;

fn pos(line: usize, column: usize) -> Pos {
    Pos { line, column }
}

fn syntax(text: &str) -> (Pos, String, Option<String>) {
    match read(text) {
        Err(ReadError::Syntax { at, message, help }) => (at, message, help),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn events_carry_where_the_user_wrote_them() {
    let doc = read("a: 1\nb:\nc:\n  d: x\n").unwrap();
    let at: Vec<(String, Pos)> = doc
        .events
        .iter()
        .zip(&doc.positions)
        .map(|(e, p)| {
            let what = match e {
                Ev::Scalar { text, .. } => text.clone(),
                other => format!("{other:?}"),
            };
            (what, *p)
        })
        .collect();
    assert_eq!(at[0], ("MapStart".to_owned(), pos(1, 1)));
    // The empty value of `b:` is placed at `b`.
    assert_eq!(at[4], (String::new(), pos(2, 1)));
    // The block mapping under `c` is placed at its first key.
    assert_eq!(at[6], ("MapStart".to_owned(), pos(4, 3)));
}

#[test]
fn a_bom_is_skipped_and_not_counted() {
    let doc = read("\u{feff}a: 1\n").unwrap();
    assert!(matches!(&doc.events[1], Ev::Scalar { text, .. } if text == "a"));
    assert_eq!(doc.positions[2], pos(1, 4));
}

#[test]
fn empty_texts_and_second_documents() {
    assert!(read("").unwrap().is_empty());
    assert!(read("# only a comment\n").unwrap().is_empty());
    assert!(read("---\n").unwrap().is_empty());
    assert!(!read("~\n").unwrap().is_empty());
    assert!(matches!(
        read("a: 1\n---\nb: 2\n"),
        Err(ReadError::SeveralDocuments { line: 2 })
    ));
}

#[test]
fn aliases_point_at_their_node_and_may_not_contain_it() {
    let doc = read("a: &x [1, 2]\nb: *x\n").unwrap();
    assert!(matches!(doc.events[7], Ev::Alias(2)));
    let (at, message, _) = syntax("a: &x [1, *x]\n");
    assert_eq!(at, pos(1, 11));
    assert!(message.contains("contains it"), "{message}");
}

#[test]
fn tags_are_checked_and_folded() {
    let doc = read("a: !!str 123\nb: !!int '5'\n").unwrap();
    assert!(matches!(
        &doc.events[2],
        Ev::Scalar {
            style: Style::Quoted,
            ..
        }
    ));
    assert!(matches!(
        &doc.events[4],
        Ev::Scalar {
            style: Style::Plain,
            ..
        }
    ));
    let (at, message, help) = syntax("a: 1\nb: !custom x\n");
    assert_eq!(at, pos(2, 12));
    assert!(message.contains("`!custom`"), "{message}");
    assert!(help.is_some());
    let (_, message, _) = syntax("a: !!int x\n");
    assert!(message.contains("not a valid `!!int`"), "{message}");
}

#[test]
fn syntax_errors_say_the_problem_then_where_its_construct_started() {
    let (at, message, _) = syntax("a:\n  b: [{c: 1, d: 2\n");
    assert_eq!(at.line, 3);
    assert_eq!(
        message,
        "did not find expected ',' or '}', while parsing a flow mapping that starts at line 2 column 7"
    );
}

#[test]
fn a_misindented_key_names_the_columns_to_align_with() {
    let (at, message, help) =
        syntax("upgrade:\n  - create_table:\n      name: t\n     columns: []\n");
    assert_eq!(at, pos(4, 6));
    assert!(
        message.starts_with("did not find expected key"),
        "{message}"
    );
    assert_eq!(
        help.as_deref(),
        Some("`columns` on line 4 starts in column 6, which lines up with no key above it; keys of one mapping start in the same column: move it to column 7 (as on line 3) or column 5 (as on line 2)")
    );
}
