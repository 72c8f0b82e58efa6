//! Locating paths, keys and values in YAML text: flow and block styles,
//! quoting, comments, aliases, and paths that do not exist.

use super::*;

/// Parses `a.b[2].c` into a DocPath (test helper; keys without dots or brackets).
fn p(s: &str) -> DocPath {
    let mut path = DocPath::root();
    for part in s.split('.').filter(|x| !x.is_empty()) {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            path = path.key(key);
        }
        for idx in rest.split('[') {
            let idx = idx.trim_end_matches(']');
            if !idx.is_empty() {
                path = path.index(idx.parse().unwrap());
            }
        }
    }
    path
}

fn at(line: usize, column: usize, len: usize) -> Option<Located> {
    Some(Located { line, column, len })
}

/// The underlined text, to make assertions readable.
fn text_at(source: &str, loc: Located) -> String {
    let line = source.lines().nth(loc.line - 1).unwrap();
    line.chars().skip(loc.column - 1).take(loc.len).collect()
}

const REV: &str = "\
---
# a revision
revision: 3f2a9c1e7b10   # the id
down_revision: 1a2b3c4d5e6f
message: \"add email\"
upgrade:
  - create_table:
      name: users
      columns:
        - name: id
          type: integer
          primary_key: true
        - {name: email, type: 'varchar(255)'}
        - name: created
          type: timestamp
  - add_column:
      table: users
      column: {name: age, type: int}
  - drop_table: {name: old}
";

#[test]
fn scalar_values() {
    assert_eq!(locate(REV, &p("revision")), at(3, 11, 12));
    assert_eq!(locate(REV, &p("down_revision")), at(4, 16, 12));
    assert_eq!(
        text_at(REV, locate(REV, &p("message")).unwrap()),
        "\"add email\""
    );
}

#[test]
fn collections_point_at_their_key() {
    assert_eq!(locate(REV, &p("upgrade")), at(6, 1, 7));
    assert_eq!(locate(REV, &p("upgrade[0].create_table")), at(7, 5, 12));
    assert_eq!(
        locate(REV, &p("upgrade[0].create_table.columns")),
        at(9, 7, 7)
    );
}

#[test]
fn one_key_items_point_at_the_key() {
    assert_eq!(locate(REV, &p("upgrade[1]")), at(16, 5, 10));
    assert_eq!(
        text_at(REV, locate(REV, &p("upgrade[2]")).unwrap()),
        "drop_table"
    );
}

#[test]
fn nested_block_paths() {
    let loc = locate(REV, &p("upgrade[0].create_table.columns[2].type")).unwrap();
    assert_eq!(
        loc,
        Located {
            line: 15,
            column: 17,
            len: 9
        }
    );
    assert_eq!(text_at(REV, loc), "timestamp");
    // A multi-key item points at its first key.
    let loc = locate(REV, &p("upgrade[0].create_table.columns[0]")).unwrap();
    assert_eq!((loc.line, text_at(REV, loc).as_str()), (10, "name"));
}

#[test]
fn flow_style() {
    let loc = locate(REV, &p("upgrade[0].create_table.columns[1].type")).unwrap();
    assert_eq!(
        (loc.line, text_at(REV, loc).as_str()),
        (13, "'varchar(255)'")
    );
    let loc = locate(REV, &p("upgrade[0].create_table.columns[1]")).unwrap();
    assert_eq!((loc.line, loc.column, loc.len), (13, 11, 1)); // the `{`
    let loc = locate(REV, &p("upgrade[1].add_column.column.name")).unwrap();
    assert_eq!(text_at(REV, loc), "age");
    let loc = locate(REV, &p("upgrade[1].add_column.column")).unwrap();
    assert_eq!(text_at(REV, loc), "column");

    let src = "a: [x, {b: [1, 22, 333]}, \"q\"]\n";
    assert_eq!(locate(src, &p("a[0]")), at(1, 5, 1));
    assert_eq!(text_at(src, locate(src, &p("a[1].b[2]")).unwrap()), "333");
    assert_eq!(text_at(src, locate(src, &p("a[2]")).unwrap()), "\"q\"");
    assert_eq!(text_at(src, locate(src, &p("a[1].b")).unwrap()), "b");
    let src = "{revision: abc, upgrade: []}";
    assert_eq!(text_at(src, locate(src, &p("revision")).unwrap()), "abc");
    assert_eq!(text_at(src, locate(src, &p("upgrade")).unwrap()), "upgrade");
}

#[test]
fn locate_key_always_points_at_the_key() {
    assert_eq!(locate_key(REV, &p("revision")), at(3, 1, 8));
    let loc = locate_key(REV, &p("upgrade[0].create_table.columns[2].type")).unwrap();
    assert_eq!((loc.line, loc.column, loc.len), (15, 11, 4));
    let loc = locate_key(REV, &p("upgrade[1].add_column.column.type")).unwrap();
    assert_eq!((loc.line, text_at(REV, loc).as_str()), (18, "type"));
}

#[test]
fn missing_paths_fall_back_to_the_closest_ancestor() {
    // Missing key inside an existing mapping: the mapping's key.
    let loc = locate(REV, &p("upgrade[0].create_table.comment")).unwrap();
    assert_eq!(text_at(REV, loc), "create_table");
    // Index past the end: the sequence's key.
    let loc = locate(REV, &p("upgrade[9].create_table")).unwrap();
    assert_eq!(text_at(REV, loc), "upgrade");
    // Key into a scalar: the scalar.
    let loc = locate(REV, &p("revision.nope")).unwrap();
    assert_eq!(text_at(REV, loc), "3f2a9c1e7b10");
    // Index into a mapping, or missing top-level key: the root (its first key).
    let loc = locate(REV, &p("nope[0]")).unwrap();
    assert_eq!(text_at(REV, loc), "revision");
    let loc = locate(REV, &p("upgrade[0].create_table.columns[0][1]")).unwrap();
    assert_eq!(text_at(REV, loc), "name");
}

#[test]
fn root_and_empty_documents() {
    assert_eq!(locate(REV, &DocPath::root()), at(3, 1, 8));
    assert_eq!(locate("", &p("a")), None);
    assert_eq!(locate("# only a comment\n", &p("a")), None);
    assert_eq!(locate("just text", &DocPath::root()), at(1, 1, 9));
}

#[test]
fn quoted_keys_and_values() {
    let src = "'odd key': 'it''s'\n\"dq\": \"a \\\"b\\\" c\"  # note\nplain: two words # c\n";
    assert_eq!(text_at(src, locate(src, &p("odd key")).unwrap()), "'it''s'");
    assert_eq!(
        text_at(src, locate_key(src, &p("odd key")).unwrap()),
        "'odd key'"
    );
    assert_eq!(
        text_at(src, locate(src, &p("dq")).unwrap()),
        "\"a \\\"b\\\" c\""
    );
    assert_eq!(text_at(src, locate_key(src, &p("dq")).unwrap()), "\"dq\"");
    assert_eq!(text_at(src, locate(src, &p("plain")).unwrap()), "two words");
}

#[test]
fn empty_values_point_at_the_key() {
    let src = "down_revision:\nupgrade:\nz: ~\n";
    assert_eq!(locate(src, &p("down_revision")), at(1, 1, 13));
    assert_eq!(locate(src, &p("z")), at(3, 4, 1));
}

#[test]
fn comments_multiline_and_block_scalars() {
    let src = "# head\n\na: 1 # one\n# between\nb: first\n  second  # c\nc: |\n  line one\n  line two\nd: 'x'\n";
    assert_eq!(locate(src, &p("a")), at(3, 4, 1));
    assert_eq!(text_at(src, locate(src, &p("b")).unwrap()), "first");
    assert_eq!(text_at(src, locate(src, &p("c")).unwrap()), "line one");
    assert_eq!(locate(src, &p("d")), at(10, 4, 3));
}

#[test]
fn columns_count_characters_not_bytes() {
    let src = "message: \"héllo wörld\"\nnext: ünïcode\n";
    assert_eq!(locate(src, &p("message")), at(1, 10, 13));
    assert_eq!(locate(src, &p("next")), at(2, 7, 7));
}

#[test]
fn syntax_errors_keep_what_was_parsed() {
    let src = "revision: abc\nupgrade:\n  - create_table: {name: [\n";
    assert_eq!(locate(src, &p("revision")), at(1, 11, 3));
    let loc = locate(src, &p("upgrade[0].create_table.name")).unwrap();
    assert_eq!(text_at(src, loc), "name");
}

/// 100,000 levels of nesting on one line: located without recursing
/// that deep (it overflowed the stack).
#[test]
fn very_deep_nesting_is_cut_not_overflowed() {
    let src = format!("a: 1\nb:\n  {}x\nc: 2\n", "- ".repeat(100_000));
    let doc = Document::parse(src.as_str());
    assert_eq!(doc.locate(&p("c")), at(4, 4, 1));
    assert_eq!(doc.locate(&p("b[0][0]")).map(|l| l.line), Some(3));
    assert_eq!(doc.scalar_len_at(1, 4), Some(1));
}

#[test]
fn a_bom_is_not_part_of_the_text() {
    let doc = Document::parse("\u{feff}revision: abc\n");
    assert_eq!(doc.text(), "revision: abc\n");
    assert_eq!(doc.locate(&p("revision")), at(1, 11, 3));
    assert_eq!(doc.scalar_len_at(1, 11), Some(3));
}

#[test]
fn aliases_and_crlf() {
    let src = "a: &x 1\nb: *x\r\nc: [*x, 2]\r\n";
    assert_eq!(locate(src, &p("b")), at(2, 4, 2));
    assert_eq!(locate(src, &p("c[0]")), at(3, 5, 2));
}
