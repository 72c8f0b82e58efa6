//! Why an operation cannot be lowered for a dialect: an `IF [NOT] EXISTS`
//! it lacks, an index it cannot build, SQL it has no text for. Each error
//! points into the operation's arguments.

use crate::diag::span::DocPath;
use crate::dialect::{Dialect, Guard};
use crate::lower::facts::CONCURRENTLY_IN_TRANSACTION;
use std::fmt;

/// Why an operation cannot be lowered for this dialect.
#[derive(Debug, Clone, PartialEq)]
pub struct LowerError {
    pub message: String,
    /// Path inside the operation's arguments.
    pub at: DocPath,
    pub help: Option<String>,
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

pub(super) fn error(message: String, at: DocPath, help: &str) -> LowerError {
    LowerError {
        message,
        at,
        help: Some(help.to_owned()),
    }
}

/// `wanted`, unless the dialect has no such guard (then an error).
pub(super) fn guard(
    d: &dyn Dialect,
    wanted: bool,
    g: Guard,
    form: &str,
) -> Result<bool, LowerError> {
    if wanted && !d.has_guard(g) {
        let key = if form.contains("NOT") {
            "if_not_exists"
        } else {
            "if_exists"
        };
        return Err(error(
            format!("{} has no `{form}`", d.name()),
            DocPath::root().key(key),
            "remove it: the schema model already knows whether the object exists",
        ));
    }
    Ok(wanted)
}

/// `concurrently: true` inside a transaction block (PostgreSQL refuses it).
pub(super) fn concurrently_error() -> LowerError {
    error(
        format!(
            "`concurrently: true` cannot run inside a transaction block [{}]",
            CONCURRENTLY_IN_TRANSACTION
        ),
        DocPath::root().key("concurrently"),
        "set `transactional: false` on this revision (PostgreSQL refuses CONCURRENTLY in a transaction)",
    )
}
