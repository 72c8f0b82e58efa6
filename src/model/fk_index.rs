//! The index MySQL/MariaDB keeps under a foreign key's columns.
//!
//! InnoDB needs an index that starts with a foreign key's columns. Left to
//! itself it makes a hidden one and later claims whatever user index covers
//! the columns, which can then no longer be dropped; so where the dialect
//! asks for it (`Dialect::explicit_foreign_key_indexes`), a foreign key that
//! `create_table` or `add_column` declares gets an index of its own, unless
//! the primary key or a unique key or index already starts with its columns
//! (InnoDB uses that one). The model records the index's name on the key
//! (`index_name`: the user's, or the one the dialect derives,
//! `Dialect::foreign_key_index_name`), so every later statement (dropping the key or
//! its column, putting it back in a derived downgrade) knows whether it
//! exists and what it is called. A key without one leans on the first index
//! that starts with its columns; dropping the last such index is refused.

use super::{Constraint, Table};
use crate::dialect::Dialect;
use crate::ops::ident::Ident;
use crate::ops::{ForeignKeyDef, IndexColumn};

/// Does `lead` start with `columns`, in order?
fn leads_with(lead: &[&Ident], columns: &[Ident]) -> bool {
    lead.len() >= columns.len() && lead.iter().zip(columns).all(|(a, b)| *a == b)
}

/// The plain columns an index starts with (up to its first expression or
/// prefix: InnoDB cannot back a foreign key with a prefix).
fn index_lead(columns: &[IndexColumn]) -> Vec<&Ident> {
    columns
        .iter()
        .map_while(IndexColumn::whole_column)
        .collect()
}

impl Table {
    /// Does the primary key or a unique key or unique index start with
    /// `columns`? Then InnoDB uses it, and a new foreign key needs no index
    /// of its own.
    pub fn key_leads_with(&self, columns: &[Ident]) -> bool {
        let pk = self.primary_key_columns();
        if !pk.is_empty() && leads_with(&pk, columns) {
            return true;
        }
        self.def
            .unique
            .iter()
            .any(|u| leads_with(&u.columns.iter().collect::<Vec<_>>(), columns))
            || self.indexes.values().any(|i| {
                i.unique && i.where_clause.is_none() && leads_with(&index_lead(&i.columns), columns)
            })
    }

    /// Does any key or (full) index start with `columns`?
    fn anything_leads_with(&self, columns: &[Ident]) -> bool {
        self.key_leads_with(columns)
            || self
                .indexes
                .values()
                .any(|i| i.where_clause.is_none() && leads_with(&index_lead(&i.columns), columns))
    }

    /// The index a foreign key about to be added to this table gets on
    /// dialect `d`: the one the user named, none where the dialect makes
    /// none or a key already leads with its columns, else a derived name.
    pub(super) fn foreign_key_index(&self, d: &dyn Dialect, fk: &ForeignKeyDef) -> Option<Ident> {
        if !d.explicit_foreign_key_indexes() {
            return fk.index_name.clone();
        }
        if fk.index_name.is_some() {
            return fk.index_name.clone();
        }
        if self.key_leads_with(&fk.columns) {
            return None;
        }
        // The derived name must not be an index the table has already (the
        // user's, or another key's): the next number is taken, as the
        // engine would refuse a second index of one name.
        let folding = d.name_folding();
        let taken = |name: &Ident| {
            self.indexes
                .keys()
                .chain(
                    self.def
                        .foreign_keys
                        .iter()
                        .filter_map(|k| k.index_name.as_ref()),
                )
                .any(|n| folding.same(n.as_str(), name.as_str()))
        };
        (1..=1000)
            .filter_map(|n| d.foreign_key_index_name(&self.def.name, &fk.columns, n))
            .find(|name| !taken(name))
    }

    /// `c`, a key `create_table` or `add_column` is about to add to this
    /// table, with the index it gets (see [`Table::foreign_key_index`]).
    pub(super) fn with_foreign_key_index(&self, d: &dyn Dialect, c: Constraint) -> Constraint {
        match c {
            Constraint::ForeignKey(mut fk) => {
                fk.index_name = self.foreign_key_index(d, &fk);
                Constraint::ForeignKey(fk)
            }
            other => other,
        }
    }

    /// Foreign keys of `after` (this table once an operation is done) that
    /// have no index of their own and lean on an index or key that the
    /// operation removes: InnoDB refuses to drop it.
    pub(super) fn foreign_keys_left_without_index<'a>(
        &self,
        after: &'a Table,
    ) -> Vec<&'a ForeignKeyDef> {
        after
            .def
            .foreign_keys
            .iter()
            .filter(|fk| {
                fk.index_name.is_none()
                    && self.anything_leads_with(&fk.columns)
                    && !after.anything_leads_with(&fk.columns)
            })
            .collect()
    }
}
