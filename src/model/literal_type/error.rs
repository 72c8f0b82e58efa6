//! What a rejected literal is: [`LiteralError`], naming the column, the
//! type, the value, why it does not fit and an example that would, and
//! where it goes ([`Role`]: a default or an inserted row).

use crate::diag::span::DocPath;
use crate::ops::sqltype::SqlType;
use std::fmt;

/// Where a literal goes: a column's default or an inserted row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Default,
    Value,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Default => "default",
            Role::Value => "value",
        })
    }
}

/// A literal that is not a value of its column's type.
#[derive(Debug, Clone, PartialEq)]
pub enum LiteralError {
    /// Not a valid value of the type (`why` says what is wrong, `example`
    /// what a valid one looks like).
    NotOfType {
        at: DocPath,
        role: Role,
        column: String,
        ty: SqlType,
        value: String,
        why: String,
        example: String,
    },
    /// Text that reads as SQL: it would be stored as the text itself.
    LooksLikeSql {
        at: DocPath,
        role: Role,
        column: String,
        ty: SqlType,
        value: String,
    },
}

impl LiteralError {
    /// Where, inside the operation's arguments.
    pub fn at(&self) -> &DocPath {
        match self {
            LiteralError::NotOfType { at, .. } | LiteralError::LooksLikeSql { at, .. } => at,
        }
    }

    /// What would be valid.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            LiteralError::NotOfType { example, .. } => example.clone(),
            LiteralError::LooksLikeSql {
                role: Role::Default,
                value,
                ..
            } => format!(
                "to have the database compute it, write it as SQL: `default: {{sql: {}}}`",
                value.trim()
            ),
            LiteralError::LooksLikeSql { .. } => {
                "`bulk_insert` takes literal values only; compute the value with an `execute` instead"
                    .to_owned()
            }
        })
    }
}

impl fmt::Display for LiteralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LiteralError::NotOfType {
                role,
                column,
                ty,
                value,
                why,
                ..
            } => write!(
                f,
                "the {role} {value} of `{column}` is not a valid `{ty}`: {why}"
            ),
            LiteralError::LooksLikeSql {
                role,
                column,
                ty,
                value,
                ..
            } => write!(
                f,
                "the {role} {value:?} of `{column}` ({ty}) is the text {value:?}, not SQL: a YAML string is always written as a string literal"
            ),
        }
    }
}
