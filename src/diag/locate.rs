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
//!
//! The node tree is built in [`tree`]; [`text`] measures the token to
//! underline at a node.
mod text;
mod tree;

use crate::diag::span::{DocPath, Seg};
use text::Text;
use tree::{parse, Node};

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

#[cfg(test)]
mod tests;
