//! Turning a [`DocPath`] back into a line and column of YAML source text.
//!
//! Later stages only carry a path such as `upgrade[2].create_table.columns[0]`;
//! when an error is shown, the renderer asks this module where that node is.
//! It re-parses the text with `yaml-rust2`'s event parser, builds a small tree
//! of nodes with their positions ([`Document`], parsed once per file however
//! many diagnostics point into it), and walks the path through it. It runs
//! only for diagnostics, so it favours clarity over speed. A path that does not exist
//! resolves to its closest existing ancestor, so an error about a missing key
//! still points at the mapping that lacks it.

use crate::diag::span::{DocPath, Seg};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A resolved position: 1-based line and column (in characters), and how many
/// characters to underline (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// A source text parsed once, to locate any number of paths in it (a long
/// history's warnings point into the same file several times).
#[derive(Debug)]
pub struct Document {
    text: String,
    root: Option<Node>,
}

impl Document {
    /// Parses a file's text. A UTF-8 BOM at its start is dropped, as the
    /// loader drops it: positions are counted as an editor shows them, and
    /// the snippet shows the line without it.
    pub fn parse(text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let root = parse(&text);
        Document { text, root }
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// See [`locate`].
    pub fn locate(&self, path: &DocPath) -> Option<Located> {
        self.locate_with(path, false)
    }

    /// See [`locate_key`].
    pub fn locate_key(&self, path: &DocPath) -> Option<Located> {
        self.locate_with(path, true)
    }

    /// See [`locate_value`].
    pub fn locate_value(&self, path: &DocPath, value: &str) -> Option<Located> {
        let mut node = self.root.as_ref()?;
        for seg in &path.0 {
            let next = match (seg, node) {
                (Seg::Key(k), Node::Map { entries, .. }) => entries
                    .iter()
                    .find(|(key, _)| matches!(key, Node::Scalar { value, .. } if value == k))
                    .map(|(_, v)| v),
                (Seg::Index(i), Node::Seq { items, .. }) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return self.locate(path),
            }
        }
        match find_scalar(node, value) {
            Some(found) => Some(Text::new(&self.text).node(found)),
            None => self.locate(path),
        }
    }

    /// See [`scalar_len_at`].
    pub fn scalar_len_at(&self, line: usize, column: usize) -> Option<usize> {
        fn walk(node: &Node, text: &Text, line: usize, column: usize) -> Option<usize> {
            match node {
                Node::Scalar { .. } => {
                    let at = text.node(node);
                    (at.line == line && at.column == column).then_some(at.len)
                }
                Node::Alias { .. } => None,
                Node::Seq { items, .. } => items.iter().find_map(|n| walk(n, text, line, column)),
                Node::Map { entries, .. } => entries.iter().find_map(|(k, v)| {
                    walk(k, text, line, column).or_else(|| walk(v, text, line, column))
                }),
            }
        }
        walk(self.root.as_ref()?, &Text::new(&self.text), line, column)
    }

    fn locate_with(&self, path: &DocPath, want_key: bool) -> Option<Located> {
        let root = self.root.as_ref()?;
        let text = Text::new(&self.text);
        let mut best = text.node(root);
        let mut node = root;
        for (i, seg) in path.0.iter().enumerate() {
            let last = i + 1 == path.0.len();
            match (seg, node) {
                (Seg::Key(k), Node::Map { entries, .. }) => {
                    let Some((key, value)) = entries
                        .iter()
                        .find(|(key, _)| matches!(key, Node::Scalar { value, .. } if value == k))
                    else {
                        return Some(best);
                    };
                    let at_key =
                        (last && want_key) || value.is_collection() || value.is_empty_null();
                    best = if at_key {
                        text.node(key)
                    } else {
                        text.node(value)
                    };
                    node = value;
                }
                (Seg::Index(idx), Node::Seq { items, .. }) => {
                    let Some(item) = items.get(*idx) else {
                        return Some(best);
                    };
                    best = match item {
                        Node::Map { entries, .. } if entries.len() == 1 => entries
                            .first()
                            .map_or_else(|| text.node(item), |(k, _)| text.node(k)),
                        _ => text.node(item),
                    };
                    node = item;
                }
                _ => return Some(best),
            }
        }
        Some(best)
    }
}

/// Where the node at `path` is in `source`.
///
/// - A path ending in a mapping key points at the key's value when that value
///   is a scalar, and at the key itself when the value is a mapping, a
///   sequence, or empty (`down_revision:` with nothing after it).
/// - A path ending in a sequence index points at the item; an item that is a
///   one-key mapping (an operation such as `- create_table: ...`) points at
///   that key.
/// - If part of the path does not exist (a missing key, an index past the end,
///   a key into a scalar), the result is the position of the closest existing
///   ancestor, resolved by the same rules.
///
/// Only the first document is considered. Returns `None` when the source has no
/// node at all (empty, or a syntax error before the first node). A syntax error
/// later in the text still lets the part before it be located.
pub fn locate(source: &str, path: &DocPath) -> Option<Located> {
    Document::parse(source).locate(path)
}

/// Like [`locate`], but a path ending in a mapping key always points at the key,
/// whatever its value. Meant for "unknown key" errors.
pub fn locate_key(source: &str, path: &DocPath) -> Option<Located> {
    Document::parse(source).locate_key(path)
}

/// The first scalar (depth first, in source order) whose text is `value`
/// inside the node at `path`; [`locate`] of the path when there is none.
pub fn locate_value(source: &str, path: &DocPath, value: &str) -> Option<Located> {
    Document::parse(source).locate_value(path, value)
}

/// How many characters the scalar starting at `line`:`column` spans (a
/// position a YAML parser reported), or `None` when no scalar starts there.
pub fn scalar_len_at(source: &str, line: usize, column: usize) -> Option<usize> {
    Document::parse(source).scalar_len_at(line, column)
}

fn find_scalar<'n>(node: &'n Node, text: &str) -> Option<&'n Node> {
    match node {
        Node::Scalar { value, .. } if value == text => Some(node),
        Node::Scalar { .. } | Node::Alias { .. } => None,
        Node::Seq { items, .. } => items.iter().find_map(|n| find_scalar(n, text)),
        Node::Map { entries, .. } => entries.iter().find_map(|(_, v)| find_scalar(v, text)),
    }
}

/// A parsed YAML node with the position the parser reported for it.
#[derive(Debug)]
enum Node {
    Scalar {
        value: String,
        style: TScalarStyle,
        mark: Marker,
    },
    Alias {
        mark: Marker,
    },
    Seq {
        mark: Marker,
        items: Vec<Node>,
    },
    Map {
        mark: Marker,
        entries: Vec<(Node, Node)>,
    },
}

impl Node {
    fn is_collection(&self) -> bool {
        matches!(self, Node::Seq { .. } | Node::Map { .. })
    }

    /// `key:` with nothing after it: the parser reports an empty plain scalar
    /// positioned wherever the next token is, which is not a useful place.
    fn is_empty_null(&self) -> bool {
        matches!(self, Node::Scalar { value, style: TScalarStyle::Plain, .. } if value.is_empty())
    }
}

/// A collection being built while its events arrive.
enum Frame {
    Seq {
        mark: Marker,
        items: Vec<Node>,
    },
    Map {
        mark: Marker,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// How deep the tree is built: the walks over it (and dropping it)
/// recurse once per level, so a file nested 100,000 levels deep (`- - - ...`
/// on one line) must not become a tree that deep. Nodes below this depth
/// are left out; no error points there (the loader stops at 128).
const MAX_DEPTH: usize = 256;

/// Receives parser events and assembles the first document's tree.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Inside a collection below [`MAX_DEPTH`]: how many are open.
    skipped: usize,
}

impl Builder {
    fn push_node(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }

    fn close(&mut self) {
        if let Some(frame) = self.stack.pop() {
            let node = match frame {
                Frame::Seq { mark, items } => Node::Seq { mark, items },
                // A key still waiting for its value (cut short by a syntax
                // error) is dropped.
                Frame::Map { mark, entries, .. } => Node::Map { mark, entries },
            };
            self.push_node(node);
        }
    }

    /// Closes whatever a syntax error left open and returns the root.
    fn finish(mut self) -> Option<Node> {
        while !self.stack.is_empty() {
            self.close();
        }
        self.root
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.skipped > 0 {
            match ev {
                Event::SequenceStart(..) | Event::MappingStart(..) => self.skipped += 1,
                Event::SequenceEnd | Event::MappingEnd => self.skipped -= 1,
                _ => {}
            }
            return;
        }
        if matches!(ev, Event::SequenceStart(..) | Event::MappingStart(..))
            && self.stack.len() >= MAX_DEPTH
        {
            self.skipped = 1;
            return;
        }
        match ev {
            Event::Scalar(value, style, _, _) => {
                self.push_node(Node::Scalar { value, style, mark })
            }
            Event::Alias(_) => self.push_node(Node::Alias { mark }),
            Event::SequenceStart(_, _) => self.stack.push(Frame::Seq {
                mark,
                items: Vec::new(),
            }),
            Event::MappingStart(_, _) => self.stack.push(Frame::Map {
                mark,
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

fn parse(source: &str) -> Option<Node> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(source);
    // Event by event (the parser's own `load` recurses once per level of
    // nesting, which a deep enough file turns into a stack overflow). A
    // syntax error stops the parse; what was read before it is still
    // useful. Only the first document counts.
    let mut documents = 0;
    while let Ok((ev, mark)) = parser.next_token() {
        match ev {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    break;
                }
            }
            ev => builder.on_event(ev, mark),
        }
    }
    builder.finish()
}

/// The source split into lines, to measure the token at a marker.
struct Text<'s> {
    lines: Vec<&'s str>,
}

impl<'s> Text<'s> {
    fn new(source: &'s str) -> Self {
        Text {
            lines: source.lines().collect(),
        }
    }

    /// The rest of the line from a marker (yaml-rust2: 1-based line, 0-based
    /// column counted in characters).
    fn rest(&self, mark: &Marker) -> impl Iterator<Item = char> + 's {
        let line = mark
            .line()
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("");
        line.chars().skip(mark.col())
    }

    fn at(mark: &Marker, len: usize) -> Located {
        Located {
            line: mark.line(),
            column: mark.col() + 1,
            len: len.max(1),
        }
    }

    fn node(&self, node: &Node) -> Located {
        match node {
            Node::Scalar { value, style, mark } => {
                Self::at(mark, self.scalar_len(mark, value, *style))
            }
            Node::Alias { mark } => {
                let len = self
                    .rest(mark)
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
                    .count();
                Self::at(mark, len)
            }
            Node::Seq { mark, .. } => Self::at(mark, 1),
            Node::Map { mark, entries } => {
                // A flow mapping starts at its `{`. For a block mapping the
                // parser's mark is not at the start, so use its first key.
                let flow = self.rest(mark).next() == Some('{');
                match entries.first() {
                    Some((key, _)) if !flow => self.node(key),
                    _ => Self::at(mark, 1),
                }
            }
        }
    }

    fn scalar_len(&self, mark: &Marker, value: &str, style: TScalarStyle) -> usize {
        let rest: Vec<char> = self.rest(mark).collect();
        match style {
            TScalarStyle::SingleQuoted => quoted_len(&rest, '\''),
            TScalarStyle::DoubleQuoted => quoted_len(&rest, '"'),
            TScalarStyle::Plain => {
                let value: Vec<char> = value.chars().collect();
                if !value.is_empty() && rest.starts_with(&value) {
                    value.len()
                } else {
                    // A plain scalar folded over several lines: underline
                    // what is on the first one, without a trailing comment.
                    plain_line_len(&rest)
                }
            }
            // Block scalars: the mark is at the first content line.
            TScalarStyle::Literal | TScalarStyle::Folded => {
                let s: String = rest.iter().collect();
                s.trim_end().chars().count()
            }
        }
    }
}

/// Length of a quoted scalar starting at its opening quote, closing quote
/// included; if it does not close on this line, up to the end of the line.
fn quoted_len(rest: &[char], quote: char) -> usize {
    let mut i = 1;
    while i < rest.len() {
        let c = rest[i];
        if quote == '"' && c == '\\' {
            i += 2;
            continue;
        }
        if c == quote {
            if quote == '\'' && rest.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    rest.len()
}

/// Length of a plain scalar's text on its first line: up to a ` #` comment,
/// trailing blanks trimmed.
fn plain_line_len(rest: &[char]) -> usize {
    let mut end = rest.len();
    for i in 1..rest.len() {
        if rest[i] == '#' && rest[i - 1].is_whitespace() {
            end = i;
            break;
        }
    }
    let mut len = end;
    while len > 0 && rest[len - 1].is_whitespace() {
        len -= 1;
    }
    len
}

#[cfg(test)]
mod tests {
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
}
