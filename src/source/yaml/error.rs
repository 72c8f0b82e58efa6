//! The deserializer's error: a message with the position and path of the
//! node it is about, an optional help line and, for a node an alias
//! repeats, where that alias is; and serde's error constructors worded
//! for a migration file's reader.

use crate::source::events::Pos;
use serde::de::{self, Unexpected};
use std::fmt;

/// An error with the position and path of the node it is about.
#[derive(Debug)]
pub(crate) struct Error(pub(super) Box<ErrorInner>);

#[derive(Debug)]
pub(crate) struct ErrorInner {
    pub message: String,
    pub at: Option<Pos>,
    /// Path of the node, e.g. `upgrade[0].create_table` (empty: the root).
    pub path: Vec<PathSeg>,
    pub help: Option<String>,
    /// The error is inside a node an alias repeats: where that alias is.
    pub via_alias: Option<Pos>,
}

/// One step of an error's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSeg {
    Key(String),
    Index(usize),
    /// A key that is not a scalar.
    Unknown,
}

impl Error {
    pub(super) fn new(message: String) -> Self {
        Error(Box::new(ErrorInner {
            message,
            at: None,
            path: Vec::new(),
            help: None,
            via_alias: None,
        }))
    }

    pub(crate) fn into_inner(self) -> ErrorInner {
        *self.0
    }

    pub(super) fn broken() -> Self {
        Error::new("the YAML ended in the middle of a node".to_owned())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        let path = path_text(&e.path);
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        f.write_str(&e.message)?;
        if let Some(at) = e.at {
            write!(f, " at line {} column {}", at.line, at.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// `upgrade[0].create_table`.
pub(crate) fn path_text(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSeg::Index(i) => out.push_str(&format!("[{i}]")),
            PathSeg::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

fn one_of(names: &[&str]) -> String {
    match names {
        [] => "there are none".to_owned(),
        [one] => format!("expected `{one}`"),
        many => format!(
            "expected one of {}",
            many.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(msg.to_string())
    }
    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        // In the words of the format: a list, not a sequence.
        let unexp = match unexp {
            Unexpected::Seq => Unexpected::Other("list"),
            other => other,
        };
        let message = format!("invalid type: {unexp}, expected {exp}");
        Error::custom(message.replace(", expected a sequence", ", expected a list"))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::custom(format!("unknown key `{field}`, {}", one_of(expected)))
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::custom(format!("unknown variant `{variant}`, {}", one_of(expected)))
    }
    fn missing_field(field: &'static str) -> Self {
        Error::custom(format!("missing key `{field}`"))
    }
    fn duplicate_field(field: &'static str) -> Self {
        Error::new(format!("duplicate key `{field}`"))
    }
}
