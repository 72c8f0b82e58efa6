//! Stand-in for the DDL reader (issue 24, built on wip/autoread): the
//! contract's entry point and shapes, so the diff and the commands build
//! before the reader is merged. It reads nothing and says so.

use crate::dialect::Dialect;
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};
use crate::ops::Op;
use camino::Utf8Path;
use std::fmt;
use std::sync::Arc;

/// What a schema file declares.
#[derive(Debug, Clone)]
pub struct Declared {
    pub ops: Vec<Op>,
    pub schema: Schema,
    pub renames: Vec<RenameHint>,
    pub skipped: usize,
}

/// A `-- @renamed from=old` comment: `table` (and `column`) as declared,
/// `from` the name it had.
#[derive(Debug, Clone, PartialEq)]
pub struct RenameHint {
    pub table: QualName,
    pub column: Option<Ident>,
    pub from: Ident,
    pub line: usize,
}

/// Why a schema file cannot be read.
#[derive(Debug, Clone)]
pub struct ReadError {
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads `text` (DDL for `dialect`) from `path`.
pub fn read_schema(
    text: &str,
    path: &Utf8Path,
    dialect: &Arc<dyn Dialect>,
) -> Result<Declared, ReadError> {
    let _ = (text, dialect);
    Err(ReadError {
        message: format!("{path}: the DDL reader is not built in yet"),
    })
}
