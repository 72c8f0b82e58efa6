//! Table operations: `create_table` (checked, then normalized: constraints
//! at table level, each named, nullability explicit), `rename_table` (its
//! expressions and the foreign keys pointing at it follow) and
//! `drop_table` (refused while another table's foreign key uses it).

use super::check::{check_fk_target, check_table_def};
use super::constraint::inline_fk;
use super::{at, expr, join, Constraint, Schema, SchemaError, Table};
use crate::diag::span::DocPath;
use crate::dialect::NameKind;
use crate::model::Indexes;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{CreateTable, DropTable, PrimaryKeyDef, RenameTable, UniqueDef};

impl Schema {
    pub(super) fn create_table(&mut self, o: &CreateTable) -> Result<(), SchemaError> {
        let name = o.qual_name();
        if self.tables.contains_key(&name) {
            if o.if_not_exists {
                return Ok(());
            }
            return Err(SchemaError::TableExists {
                table: name,
                at: at(&["name"]),
            });
        }
        self.check_name(
            NameKind::Table,
            &name,
            None,
            &name.name,
            None,
            at(&["name"]),
        )?;
        check_table_def(self, o)?;
        self.check_new_columns(&name, &o.columns)?;
        let table = self.normalize(o.clone())?;
        self.tables.insert(name, Box::new(table));
        Ok(())
    }

    /// A `create_table` as the model keeps it: constraints at table level,
    /// each named, nullability explicit; foreign keys checked against the
    /// keys they reference.
    fn normalize(&self, mut def: CreateTable) -> Result<Table, SchemaError> {
        let qual = def.qual_name();
        def.if_not_exists = false;
        let mut pending: Vec<(Constraint, DocPath)> = Vec::new();
        let inline_pk: Vec<Ident> = def
            .columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.name.clone())
            .collect();
        // A table-level key naming the same columns wins (checked above).
        if !inline_pk.is_empty() && def.primary_key.is_none() {
            pending.push((
                Constraint::PrimaryKey(PrimaryKeyDef {
                    name: None,
                    columns: inline_pk,
                    deferrable: None,
                    initially: None,
                }),
                at(&["columns"]),
            ));
        }
        if let Some(pk) = def.primary_key.take() {
            pending.push((Constraint::PrimaryKey(pk), at(&["primary_key", "name"])));
        }
        for (i, c) in def.columns.iter().enumerate() {
            if c.unique {
                pending.push((
                    Constraint::Unique(UniqueDef {
                        name: None,
                        columns: vec![c.name.clone()],
                        deferrable: None,
                        initially: None,
                    }),
                    at(&["columns"]).index(i),
                ));
            }
        }
        for (i, u) in std::mem::take(&mut def.unique).into_iter().enumerate() {
            pending.push((Constraint::Unique(u), at(&["unique"]).index(i).key("name")));
        }
        for (i, c) in def.columns.iter_mut().enumerate() {
            if let Some(r) = c.references.take() {
                pending.push((
                    Constraint::ForeignKey(inline_fk(&c.name, *r)),
                    at(&["columns"]).index(i).key("references"),
                ));
            }
        }
        for (i, fk) in std::mem::take(&mut def.foreign_keys)
            .into_iter()
            .enumerate()
        {
            pending.push((
                Constraint::ForeignKey(fk),
                at(&["foreign_keys"]).index(i).key("references"),
            ));
        }
        for (i, ck) in std::mem::take(&mut def.checks).into_iter().enumerate() {
            pending.push((Constraint::Check(ck), at(&["checks"]).index(i)));
        }
        let pk_columns: Vec<Ident> = pending
            .iter()
            .filter(|(c, _)| matches!(c, Constraint::PrimaryKey(_)))
            .flat_map(|(c, _)| c.columns().to_vec())
            .collect();
        for c in &mut def.columns {
            c.nullable = Some(c.is_nullable() && !pk_columns.contains(&c.name));
            c.primary_key = false;
            c.unique = false;
        }
        let mut table = Table {
            def,
            indexes: Indexes::default(),
        };
        for (c, path) in pending {
            let named = self.name_constraint(&qual, &table, c, path.clone())?;
            let named = table.with_foreign_key_index(self.dialect(), named);
            if let Constraint::ForeignKey(fk) = &named {
                let target = fk.references.qual_table();
                let t = if target == qual {
                    &table
                } else {
                    self.require_table(&target, path.clone().key("table"))?
                };
                check_fk_target(fk, t, &target, path)?;
            }
            table.push_constraint(named);
        }
        Ok(table)
    }

    pub(super) fn rename_table(&mut self, o: &RenameTable) -> Result<(), SchemaError> {
        let old = o.qual_name();
        let new = o.new_qual_name();
        let table = self.require_table(&old, at(&["name"]))?;
        if self.tables.contains_key(&new) {
            return Err(SchemaError::TableExists {
                table: new,
                at: at(&["new_name"]),
            });
        }
        let skip = Some((NameKind::Table, old.name.as_str()));
        self.check_name(
            NameKind::Table,
            &new,
            Some(table),
            &new.name,
            skip,
            at(&["new_name"]),
        )?;
        let Some(mut t) = self.tables.remove(&old) else {
            return Ok(());
        };
        t.def.name = o.new_name.clone();
        for idx in t.indexes.values_mut() {
            idx.table = o.new_name.clone();
        }
        // `old.column` inside its expressions follows the table.
        let (from, to) = (old.name.as_str(), o.new_name.as_str());
        expr::rewrite(&mut t, |e| expr::rename_table(self.dialect(), e, from, to));
        self.tables.insert(new.clone(), t);
        // The tables whose keys may point at it (itself, under its new name).
        let referrers: Vec<QualName> = self
            .lookup
            .referrers(&old)
            .map(|q| if *q == old { new.clone() } else { q.clone() })
            .collect();
        for q in referrers {
            let Some(t) = self.tables.get_mut(&q) else {
                continue;
            };
            for fk in &mut t.def.foreign_keys {
                if fk.references.qual_table() == old {
                    fk.references.table = o.new_name.clone();
                }
            }
        }
        Ok(())
    }

    pub(super) fn drop_table(&mut self, o: &DropTable) -> Result<(), SchemaError> {
        let name = o.qual_name();
        if !self.tables.contains_key(&name) && o.if_exists {
            return Ok(());
        }
        self.require_table(&name, at(&["name"]))?;
        let by: Vec<String> = self
            .lookup
            .referrers(&name)
            .filter(|q| **q != name)
            .filter_map(|q| self.tables.get_key_value(q))
            .flat_map(|(q, t)| {
                references_of(t)
                    .into_iter()
                    .filter(|(target, _)| *target == name)
                    .map(move |(_, cols)| format!("a foreign key on `{q}` ({cols})"))
            })
            .collect();
        if !by.is_empty() {
            return Err(SchemaError::TableReferenced {
                table: name,
                by,
                at: at(&["name"]),
            });
        }
        self.tables.remove(&name);
        Ok(())
    }
}

/// The tables a table's foreign keys point at, with the local columns.
fn references_of(t: &Table) -> Vec<(QualName, String)> {
    t.def
        .foreign_keys
        .iter()
        .map(|fk| (fk.references.qual_table(), join(&fk.columns)))
        .collect()
}
