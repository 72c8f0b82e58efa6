//! The in-memory schema that every revision is replayed into.
//!
//! A [`Schema`] holds tables by qualified name; a [`Table`] keeps its
//! definition in the same shape `create_table` takes (so a dropped table can
//! be recreated exactly) plus its indexes. The definition is kept
//! *normalized*: inline `primary_key` / `unique` / `references` become
//! table-level constraints, every constraint carries the name the engine
//! gave it (the dialect says which, for unnamed ones), and every column says
//! whether it is nullable. `replay` applies operations and checks that what
//! they name exists (or does not yet); `inverse` derives a downgrade from the
//! state before an operation; `constraint` looks constraints up by name;
//! `column_drop` says what a dropped column takes with it; `fk_index` which
//! index MySQL keeps under each foreign key; `expr` follows column names
//! inside SQL expressions; `names` refuses a name the engine would read as
//! one it has already. Beside the tables, the schema keeps its sequences
//! (`sequence`): each as its `create_sequence`, following the column that
//! owns it.

pub mod fragment;
pub mod literal_type;
pub mod narrowing;

mod autoincrement;
mod column_drop;
mod column_options;
pub mod constraint;
mod constraint_match;
pub mod error;
pub mod expr;
mod fk_index;
mod indexes;
pub mod inverse;
mod lookup;
mod names;
mod preview;
pub mod replay;
mod sequence;

pub use column_drop::ColumnDrop;
pub use constraint::Constraint;
pub use error::SchemaError;
pub use preview::Preview;

use crate::dialect::{Dialect, PostgreSql};
use crate::ops::ident::{Ident, QualName};
pub use indexes::Indexes;

use crate::ops::{ColumnDef, CreateSequence, CreateTable};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

/// A table: its (normalized) definition and its indexes (by name).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub def: CreateTable,
    pub indexes: Indexes,
}

impl Table {
    pub fn column(&self, name: &Ident) -> Option<&ColumnDef> {
        self.def.columns.iter().find(|c| &c.name == name)
    }
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.def.columns.iter().map(|c| c.name.as_str())
    }
    /// The primary-key columns, whether declared inline or at table level.
    pub fn primary_key_columns(&self) -> Vec<&Ident> {
        match &self.def.primary_key {
            Some(pk) => pk.columns.iter().collect(),
            None => self
                .def
                .columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| &c.name)
                .collect(),
        }
    }
}

/// The dialect whose naming rules the model follows for unnamed
/// constraints (and whose quoting it uses when it rewrites an expression).
#[derive(Clone)]
pub struct Naming(pub Arc<dyn Dialect>);

impl fmt::Debug for Naming {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Naming({})", self.0.name())
    }
}

impl PartialEq for Naming {
    fn eq(&self, other: &Self) -> bool {
        self.0.name() == other.0.name()
    }
}

impl Default for Naming {
    fn default() -> Self {
        Naming(Arc::new(PostgreSql))
    }
}

/// Every table of the database as the model knows it.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Hashed, not ordered: a long history looks tables up by name several
    /// times per operation, and an ordered map's lookups slow down as it
    /// grows (each step compares names on another cache line). Whatever
    /// lists tables sorts them first ([`Schema::tables`], `table_names`).
    /// Boxed: a table is 224 bytes, and a hash map keeps an eighth or more
    /// of its slots empty and, while it grows, its old and new slots at once.
    tables: HashMap<QualName, Box<Table>>,
    /// Sequences by name, each as the `create_sequence` that would make it
    /// again (few in any history: ordered, so listing needs no sort).
    sequences: BTreeMap<QualName, CreateSequence>,
    naming: Naming,
    /// Reverse lookups (foreign keys, index owners): a cache, not state.
    lookup: lookup::Lookup,
}

/// Two schemas are equal when their tables, sequences and naming are: the
/// lookups are a cache.
impl PartialEq for Schema {
    fn eq(&self, other: &Schema) -> bool {
        self.tables == other.tables
            && self.sequences == other.sequences
            && self.naming == other.naming
    }
}

impl Schema {
    /// An empty schema that names constraints as PostgreSQL does.
    pub fn new() -> Self {
        Schema::default()
    }
    /// An empty schema that names constraints as `dialect` does.
    pub fn for_dialect(dialect: Arc<dyn Dialect>) -> Self {
        Schema {
            tables: HashMap::new(),
            sequences: BTreeMap::new(),
            lookup: lookup::Lookup::folding(dialect.name_folding()),
            naming: Naming(dialect),
        }
    }
    pub fn dialect(&self) -> &dyn Dialect {
        &*self.naming.0
    }
    pub fn table(&self, name: &QualName) -> Option<&Table> {
        self.tables.get(name).map(Box::as_ref)
    }
    /// Every table, in name order.
    pub fn tables(&self) -> impl Iterator<Item = (&QualName, &Table)> {
        let mut all: Vec<(&QualName, &Table)> =
            self.tables.iter().map(|(q, t)| (q, t.as_ref())).collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all.into_iter()
    }
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.sequences.is_empty()
    }
    /// A schema holding only table `name` (if this one has it), named like
    /// this one: the state before an operation whose undoing reads nothing
    /// else.
    pub(crate) fn only_table(&self, name: &QualName) -> Schema {
        Schema {
            tables: self
                .tables
                .get_key_value(name)
                .map(|(q, t)| (q.clone(), t.clone()))
                .into_iter()
                .collect(),
            sequences: BTreeMap::new(),
            naming: self.naming.clone(),
            lookup: lookup::Lookup::folding(self.dialect().name_folding()),
        }
    }
    /// The table holding index `name` in `schema`, if any.
    pub fn index_owner(&self, schema: &Option<Ident>, name: &Ident) -> Option<&QualName> {
        self.lookup.index_tables(schema, name).find(|q| {
            self.tables
                .get(*q)
                .is_some_and(|t| t.indexes.contains_key(name))
        })
    }
    /// Table names in one schema, in name order, for "did you mean".
    fn table_names<'a>(&'a self, schema: &'a Option<Ident>) -> impl Iterator<Item = &'a str> {
        let mut names: Vec<&str> = self
            .tables
            .keys()
            .filter(move |q| &q.schema == schema)
            .map(|q| q.name.as_str())
            .collect();
        names.sort_unstable();
        names.into_iter()
    }
}

#[cfg(test)]
mod tests;
