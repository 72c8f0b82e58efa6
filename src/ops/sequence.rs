//! Sequence operations: `create_sequence` (start, increment, bounds,
//! cycle, the column that owns it), `drop_sequence` and `alter_sequence`
//! (restart, increment, owner).

use super::{present, qual};
use crate::ops::ident::{Ident, QualName};
use schemars::JsonSchema;
use serde::Deserialize;

/// The column a sequence belongs to (`owned_by: {table, column}`): the
/// engine drops the sequence with it. The table is in the sequence's schema.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct OwnedBy {
    pub table: Ident,
    pub column: Ident,
}

/// `create_sequence`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSequence {
    pub name: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    /// The first value; by default the lowest (`min_value`, 1) counting
    /// up, the highest (`max_value`, -1) counting down.
    #[serde(default)]
    pub start: Option<i64>,
    /// The step; 1 by default, never 0.
    #[serde(default)]
    pub increment: Option<i64>,
    #[serde(default)]
    pub min_value: Option<i64>,
    #[serde(default)]
    pub max_value: Option<i64>,
    /// Start again at the other bound after the last value.
    #[serde(default)]
    pub cycle: bool,
    #[serde(default)]
    pub owned_by: Option<OwnedBy>,
}

impl CreateSequence {
    pub fn qual_name(&self) -> QualName {
        qual(&self.schema, &self.name)
    }
    /// The step, 1 when not given.
    pub fn step(&self) -> i64 {
        self.increment.unwrap_or(1)
    }
    /// The first value, as PostgreSQL chooses it when `start` is not given
    /// (written out for every engine: SQL Server would start at the lowest
    /// value of the type).
    pub fn first_value(&self) -> i64 {
        match self.start {
            Some(s) => s,
            None if self.step() < 0 => self.max_value.unwrap_or(-1),
            None => self.min_value.unwrap_or(1),
        }
    }
    /// The owning table, in the sequence's schema.
    pub fn owner_table(&self) -> Option<QualName> {
        self.owned_by.as_ref().map(|o| qual(&self.schema, &o.table))
    }
}

/// `drop_sequence`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropSequence {
    pub name: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
}

impl DropSequence {
    pub fn qual_name(&self) -> QualName {
        qual(&self.schema, &self.name)
    }
}

/// `alter_sequence`: each key given changes that attribute only.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlterSequence {
    pub name: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    /// The next value the sequence gives (the value it had is not kept:
    /// a derived downgrade cannot restore it).
    #[serde(default)]
    pub restart: Option<i64>,
    #[serde(default)]
    pub increment: Option<i64>,
    /// `null` detaches the sequence from its column.
    #[serde(default, deserialize_with = "present")]
    pub owned_by: Option<Option<OwnedBy>>,
}

impl AlterSequence {
    pub fn qual_name(&self) -> QualName {
        qual(&self.schema, &self.name)
    }
}
