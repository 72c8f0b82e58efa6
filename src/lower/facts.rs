//! What lowering decided that a reviewer should hear about, as data.
//!
//! Lowering is the only code that knows a dialect made it build an index
//! over every row instead of a partial one, build it the ordinary way
//! instead of concurrently, or rebuild a table (SQLite). It records these
//! decisions here, beside the statements; the lint rules turn them into
//! findings (`lint::rules`), so `lower` names no lint rule.

use crate::dialect::InPlace;
use crate::ops::ident::{Ident, QualName};

/// The code of lowering's refusal to build or drop an index concurrently
/// inside a transaction block, shown in brackets after the message. The
/// lint registry documents it beside the rules (`gen docs`).
pub const CONCURRENTLY_IN_TRANSACTION: &str = "concurrently-in-transaction";

/// What lowering one operation decided beyond its statements.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Facts {
    /// The table was rebuilt: a new table, the rows copied, the old one
    /// dropped, the new one renamed, its indexes recreated. The script
    /// then needs foreign keys off (SQLite).
    pub rebuilt: Option<Rebuilt>,
    /// A partial index was built over every row: the dialect has none.
    pub widened_index: Option<WidenedIndex>,
    /// An index asked to be built concurrently is built the ordinary way:
    /// the dialect cannot build one concurrently. Its name.
    pub index_not_concurrent: Option<Ident>,
    /// `execute`'s SQL does not parse with sqlparser: its message.
    pub unparsed_sql: Option<Box<str>>,
    /// Values appended to a named enum type inside a transaction block:
    /// the engine refuses to use them before the block commits.
    pub enum_values_uncommitted: Option<Box<AddedEnumValues>>,
}

/// Values appended to a named enum type (`ALTER TYPE ... ADD VALUE`).
#[derive(Debug, Clone, PartialEq)]
pub struct AddedEnumValues {
    pub name: QualName,
    pub values: Vec<String>,
}

impl Facts {
    /// Nothing to report.
    pub const NONE: Facts = Facts {
        rebuilt: None,
        widened_index: None,
        index_not_concurrent: None,
        unparsed_sql: None,
        enum_values_uncommitted: None,
    };
}

/// A table rebuilt instead of altered in place.
#[derive(Debug, Clone, PartialEq)]
pub struct Rebuilt {
    pub table: QualName,
    /// The change the dialect cannot make in place.
    pub because: InPlace,
}

/// A partial index built over every row.
#[derive(Debug, Clone, PartialEq)]
pub struct WidenedIndex {
    pub name: Ident,
    /// The `where` it was written with.
    pub where_clause: String,
}
