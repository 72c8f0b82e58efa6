//! Measuring what to underline: from a node's marker, the length of its
//! token in the source line (a quoted scalar to its closing quote, a plain
//! one to the end of its text on the line, a key, an alias).

use super::tree::Node;
use super::Located;
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// The source split into lines, to measure the token at a marker.
pub(super) struct Text<'s> {
    lines: Vec<&'s str>,
}

impl<'s> Text<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        Text {
            lines: source.lines().collect(),
        }
    }

    /// The rest of the line from a marker (yaml-rust2: 1-based line, 0-based
    /// column counted in characters).
    pub(super) fn rest(&self, mark: &Marker) -> impl Iterator<Item = char> + 's {
        let line = mark
            .line()
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("");
        line.chars().skip(mark.col())
    }

    pub(super) fn at(mark: &Marker, len: usize) -> Located {
        Located {
            line: mark.line(),
            column: mark.col() + 1,
            len: len.max(1),
        }
    }

    pub(super) fn node(&self, node: &Node) -> Located {
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

    pub(super) fn scalar_len(&self, mark: &Marker, value: &str, style: TScalarStyle) -> usize {
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
