//! Names the engine would read as one it has already.
//!
//! Every name the replay adds (a table, a column, an index, a named
//! constraint, the new name of a rename) is compared with the names of
//! each namespace the dialect puts it in ([`Dialect::namespaces`]), the way
//! the dialect compares names ([`Dialect::name_folding`]): `Email` beside
//! `email` on MariaDB, SQLite or SQL Server, an index named like a table on
//! PostgreSQL or SQLite. The names of a table are read from the table; those
//! of a schema through the lookups, whose keys are folded the same way, so
//! a check costs the tables that may hold the name, not the whole schema.
//! Sequences are compared too (a relation like a table on PostgreSQL, a
//! table on MariaDB, a schema object on SQL Server).
//! An exact repeat of the same kind is the replay's own error ("already
//! exists"), reported before this one.
//!
//! [`Dialect::namespaces`]: crate::dialect::Dialect::namespaces
//! [`Dialect::name_folding`]: crate::dialect::Dialect::name_folding

use super::error::NameClash;
use super::{Schema, SchemaError, Table};
use crate::diag::span::DocPath;
use crate::dialect::{Folding, NameKind, Namespace};
use crate::ops::ident::{Ident, QualName};
use crate::ops::{ColumnDef, ConstraintKind};

/// An object already there whose name the engine reads as the new one.
#[derive(Debug, Clone, PartialEq)]
pub struct Clash {
    pub kind: NameKind,
    pub name: String,
    /// The table it is (a table) or belongs to.
    pub table: QualName,
    /// The namespace both are in.
    pub namespace: Namespace,
}

/// The named objects of table `t`: itself, its columns, indexes (those
/// MySQL keeps under foreign keys too) and named constraints.
fn objects(t: &Table) -> impl Iterator<Item = (NameKind, &str)> {
    let d = &t.def;
    fn constraint(kind: ConstraintKind, name: &Option<Ident>) -> Option<(NameKind, &str)> {
        name.as_ref()
            .map(|n| (NameKind::Constraint(kind), n.as_str()))
    }
    std::iter::once((NameKind::Table, d.name.as_str()))
        .chain(
            d.columns
                .iter()
                .map(|c| (NameKind::Column, c.name.as_str())),
        )
        .chain(t.indexes.keys().map(|n| (NameKind::Index, n.as_str())))
        .chain(
            d.foreign_keys
                .iter()
                .filter_map(|fk| fk.index_name.as_ref())
                .map(|n| (NameKind::Index, n.as_str())),
        )
        .chain(
            d.primary_key
                .iter()
                .filter_map(|c| constraint(ConstraintKind::PrimaryKey, &c.name)),
        )
        .chain(
            d.unique
                .iter()
                .filter_map(|c| constraint(ConstraintKind::Unique, &c.name)),
        )
        .chain(
            d.foreign_keys
                .iter()
                .filter_map(|c| constraint(ConstraintKind::ForeignKey, &c.name)),
        )
        .chain(
            d.checks
                .iter()
                .filter_map(|c| constraint(ConstraintKind::Check, &c.name)),
        )
}

impl Schema {
    /// The first object that an object of `kind` called `name`, of table
    /// `qual` (a table: itself), would clash with. `own` is the table the
    /// object joins as it is now (being built, or in the model, under the
    /// name it has before a rename); `skip` an object not to compare with
    /// (what a rename renames).
    pub(super) fn name_clash(
        &self,
        kind: NameKind,
        qual: &QualName,
        own: Option<&Table>,
        name: &Ident,
        skip: Option<(NameKind, &str)>,
    ) -> Option<Clash> {
        let d = self.dialect();
        let folding = d.name_folding();
        let spaces = d.namespaces(kind);
        let own = own.or_else(|| self.table(qual));
        let found = |t: &Table, per_schema: bool| {
            objects(t).find_map(|(k, n)| {
                if Some((k, n)) == skip || !folding.same(n, name.as_str()) {
                    return None;
                }
                let namespace = *d
                    .namespaces(k)
                    .iter()
                    .find(|s| spaces.contains(s) && s.per_schema() == per_schema)?;
                Some(Clash {
                    kind: k,
                    name: n.to_owned(),
                    table: QualName::new(qual.schema.clone(), t.def.name.clone()),
                    namespace,
                })
            })
        };
        if spaces.iter().any(|s| !s.per_schema()) {
            if let Some(c) = own.and_then(|t| found(t, false)) {
                return Some(c);
            }
        }
        if !spaces.iter().any(|s| s.per_schema()) {
            return None;
        }
        if let Some(c) = own.and_then(|t| found(t, true)) {
            return Some(c);
        }
        let schema = &qual.schema;
        if let Some(c) = self.sequence_clash(qual, name, spaces, skip) {
            return Some(c);
        }
        let candidates = self
            .lookup
            .tables_called(schema, name)
            .chain(self.lookup.index_tables(schema, name))
            .chain(self.lookup.constraint_tables(schema, name));
        candidates
            .filter_map(|q| self.tables.get(q))
            .filter(|t| !own.is_some_and(|o| std::ptr::eq(o, &***t)))
            .find_map(|t| found(t, true))
    }

    /// A sequence of `qual`'s schema whose name the engine reads as `name`
    /// in one of `spaces` (sequences are few: a scan, and none while the
    /// schema has none).
    fn sequence_clash(
        &self,
        qual: &QualName,
        name: &Ident,
        spaces: &[Namespace],
        skip: Option<(NameKind, &str)>,
    ) -> Option<Clash> {
        if self.sequences.is_empty() {
            return None;
        }
        let d = self.dialect();
        let namespace = *d
            .namespaces(NameKind::Sequence)
            .iter()
            .find(|s| s.per_schema() && spaces.contains(s))?;
        let folding = d.name_folding();
        self.sequences
            .keys()
            .filter(|q| q.schema == qual.schema)
            .filter(|q| skip != Some((NameKind::Sequence, q.name.as_str())))
            .find(|q| folding.same(q.name.as_str(), name.as_str()))
            .map(|q| Clash {
                kind: NameKind::Sequence,
                name: q.name.to_string(),
                table: q.clone(),
                namespace,
            })
    }

    /// Two columns of one new table that the engine reads as one (the
    /// exact repeats are refused before).
    pub(super) fn check_new_columns(
        &self,
        qual: &QualName,
        columns: &[ColumnDef],
    ) -> Result<(), SchemaError> {
        let folding = self.dialect().name_folding();
        if folding == Folding::Exact {
            return Ok(());
        }
        for (i, c) in columns.iter().enumerate() {
            let Some(first) = columns[..i]
                .iter()
                .find(|p| folding.same(p.name.as_str(), c.name.as_str()))
            else {
                continue;
            };
            let other = Clash {
                kind: NameKind::Column,
                name: first.name.to_string(),
                table: qual.clone(),
                namespace: Namespace::Columns,
            };
            let at = DocPath::root().key("columns").index(i).key("name");
            return Err(self.clash_error(NameKind::Column, qual, &c.name, other, at));
        }
        Ok(())
    }

    /// [`Schema::name_clash`] as an error pointing at `at`.
    pub(super) fn check_name(
        &self,
        kind: NameKind,
        qual: &QualName,
        own: Option<&Table>,
        name: &Ident,
        skip: Option<(NameKind, &str)>,
        at: DocPath,
    ) -> Result<(), SchemaError> {
        match self.name_clash(kind, qual, own, name, skip) {
            None => Ok(()),
            Some(other) => Err(self.clash_error(kind, qual, name, other, at)),
        }
    }

    fn clash_error(
        &self,
        kind: NameKind,
        qual: &QualName,
        name: &Ident,
        other: Clash,
        at: DocPath,
    ) -> SchemaError {
        let d = self.dialect();
        let holds: Vec<&str> = NameKind::ALL
            .into_iter()
            .filter(|k| d.namespaces(*k).contains(&other.namespace))
            .map(NameKind::plural)
            .collect();
        SchemaError::NameClash(Box::new(NameClash {
            kind,
            name: name.to_string(),
            table: qual.clone(),
            by_case: other.name != name.as_str(),
            other,
            dialect: d.name(),
            namespace: and_list(&holds),
            at,
        }))
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
