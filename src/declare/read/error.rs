//! What can go wrong reading a declared schema: the file cannot be split
//! into statements, a statement does not parse, a statement describes
//! schema in a form gen cannot represent, or the statements do not build a
//! schema (a foreign key to a missing table). Each names the file, the
//! line and column, and what would be accepted.

use camino::{Utf8Path, Utf8PathBuf};
use std::fmt;

/// Where in the schema file a problem is (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: Utf8PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Place {
    pub fn new(file: &Utf8Path, line: u64, column: u64) -> Place {
        Place {
            file: file.to_owned(),
            line: usize::try_from(line).unwrap_or(usize::MAX).max(1),
            column: usize::try_from(column).unwrap_or(usize::MAX).max(1),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// What gen reads in a schema file, for the messages below.
pub const SUPPORTED: &str = "CREATE TABLE, CREATE [UNIQUE] INDEX, ALTER TABLE ... ADD CONSTRAINT / ALTER COLUMN ... SET DEFAULT / ADD GENERATED ... AS IDENTITY, COMMENT ON TABLE/COLUMN, CREATE TYPE ... AS ENUM, CREATE SEQUENCE / ALTER SEQUENCE ... OWNED BY (folded into autoincrement)";

#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The text could not be split into SQL tokens (an unclosed quote or
    /// comment).
    Tokens { at: Place, message: String },
    /// A statement that describes schema did not parse.
    Syntax {
        at: Place,
        statement: String,
        message: String,
    },
    /// A statement (or a part of one) describes schema gen cannot represent.
    Unsupported {
        at: Place,
        what: String,
        help: String,
    },
    /// The statements read, replayed in order, do not make a schema.
    Model { at: Place, message: String },
}

impl ReadError {
    pub fn place(&self) -> &Place {
        match self {
            ReadError::Tokens { at, .. }
            | ReadError::Syntax { at, .. }
            | ReadError::Unsupported { at, .. }
            | ReadError::Model { at, .. } => at,
        }
    }
    /// A line of advice for the user, when there is one.
    pub fn help(&self) -> Option<String> {
        match self {
            ReadError::Tokens { .. } => None,
            ReadError::Syntax { .. } => Some(format!("gen reads {SUPPORTED}")),
            ReadError::Unsupported { help, .. } => Some(help.clone()),
            ReadError::Model { .. } => None,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Tokens { at, message } => {
                write!(
                    f,
                    "{at}: cannot split the schema file into SQL tokens: {message}"
                )
            }
            ReadError::Syntax {
                at,
                statement,
                message,
            } => write!(
                f,
                "{at}: cannot read this `{statement}` statement: {message}"
            ),
            ReadError::Unsupported { at, what, .. } => write!(f, "{at}: {what}"),
            ReadError::Model { at, message } => write!(f, "{at}: {message}"),
        }
    }
}

impl std::error::Error for ReadError {}
