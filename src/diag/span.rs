//! Where a value came from: a file and a path inside its YAML document.
//!
//! Stages after `load` never see YAML, yet their errors must point at the
//! offending key. They carry a [`Span`]: the file plus either a resolved
//! line/column (what the YAML parser reported) or a [`DocPath`] such as
//! `upgrade[2].create_table.columns[0]`, which the diagnostic renderer resolves
//! to a line and column only when an error is actually shown. Resolving lazily
//! keeps the hot path free of a second parse.

use camino::{Utf8Path, Utf8PathBuf};
use std::fmt;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path from the document root to a node, e.g. `upgrade[2].create_table`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocPath(pub Vec<Seg>);

impl DocPath {
    pub fn root() -> Self {
        DocPath(Vec::new())
    }
    pub fn key(mut self, k: impl Into<String>) -> Self {
        self.0.push(Seg::Key(k.into()));
        self
    }
    pub fn index(mut self, i: usize) -> Self {
        self.0.push(Seg::Index(i));
        self
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Seg::Key(k) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// A position in a file, already known (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Where in the file: a known position, a node path to resolve, or the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum At {
    Pos(LineCol),
    Path(DocPath),
    /// The first scalar equal to the text inside the node at the path (the
    /// node itself when none is): e.g. a name somewhere in an operation.
    Value(DocPath, String),
    /// An operation's key at `path`, whose place the loader recorded (see
    /// [`KeyAt`]); found like [`At::Path`] when it is not recorded.
    Key(DocPath, KeyAt),
    File,
}

/// A file and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: Utf8PathBuf,
    pub at: At,
}

impl Span {
    pub fn file(file: &Utf8Path) -> Self {
        Span {
            file: file.to_owned(),
            at: At::File,
        }
    }
    pub fn path(file: &Utf8Path, path: DocPath) -> Self {
        Span {
            file: file.to_owned(),
            at: At::Path(path),
        }
    }
    pub fn value(file: &Utf8Path, path: DocPath, value: impl Into<String>) -> Self {
        Span {
            file: file.to_owned(),
            at: At::Value(path, value.into()),
        }
    }
    /// An operation's key: its recorded place, or its path to resolve.
    pub fn key(file: &Utf8Path, path: DocPath, at: KeyAt) -> Self {
        Span {
            file: file.to_owned(),
            at: At::Key(path, at),
        }
    }
    pub fn pos(file: &Utf8Path, line: usize, column: usize) -> Self {
        Span {
            file: file.to_owned(),
            at: At::Pos(LineCol { line, column }),
        }
    }
}

/// An operation key's 1-based line and column (in characters) and its
/// length; line 0 when not recorded. Twelve bytes: one per operation of a
/// long history is kept until its revision's warnings are printed
/// (recorded by `load::op_keys`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyAt {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl KeyAt {
    pub const UNKNOWN: KeyAt = KeyAt {
        line: 0,
        column: 0,
        len: 0,
    };

    /// `(line, column, len)` when recorded.
    pub fn known(self) -> Option<(usize, usize, usize)> {
        (self.line > 0).then_some((self.line as usize, self.column as usize, self.len as usize))
    }
}
