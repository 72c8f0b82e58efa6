//! Column operations: `add_column` (its inline keys named and added, undone
//! together if one fails), `alter_column` (a rename follows the column
//! everywhere the model mentions it) and `drop_column` (refused while a
//! foreign key uses it; what it takes with it is `column_drop`'s answer).

use super::check::{check_column, check_enum_default, check_fk_target};
use super::constraint::inline_fk;
use super::{at, expr, invalid, Constraint, Schema, SchemaError};
use crate::dialect::NameKind;
use crate::ops::compact;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{AddColumn, AlterColumn, DropColumn, PrimaryKeyDef, UniqueDef};

impl Schema {
    pub(super) fn add_column(&mut self, o: &AddColumn) -> Result<(), SchemaError> {
        let name = o.qual_table();
        let table = self.require_table(&name, at(&["table"]))?;
        if table.column(&o.column.name).is_some() {
            return Err(SchemaError::ColumnExists {
                table: name,
                column: o.column.name.to_string(),
                at: at(&["column", "name"]),
            });
        }
        self.check_name(
            NameKind::Column,
            &name,
            Some(table),
            &o.column.name,
            None,
            at(&["column", "name"]),
        )?;
        if o.column.primary_key && !table.primary_key_columns().is_empty() {
            return Err(invalid(
                format!("table `{name}` already has a primary key"),
                at(&["column", "primary_key"]),
            ));
        }
        check_column(self, &name, &o.column, at(&["column"]), Some(&table.def))?;
        let mut column = o.column.clone();
        let mut pending = Vec::new();
        if column.primary_key {
            pending.push(Constraint::PrimaryKey(PrimaryKeyDef {
                name: None,
                columns: vec![column.name.clone()],
                deferrable: None,
                initially: None,
            }));
        }
        if column.unique {
            pending.push(Constraint::Unique(UniqueDef {
                name: None,
                columns: vec![column.name.clone()],
                deferrable: None,
                initially: None,
            }));
        }
        if let Some(r) = column.references.take() {
            pending.push(Constraint::ForeignKey(inline_fk(&column.name, *r)));
        }
        column.nullable = Some(column.is_nullable());
        column.primary_key = false;
        column.unique = false;
        // In place, not on a copy of the table: a table that has grown
        // through many `add_column`s would cost its size each time.
        let table = self.table_mut(&name, at(&["table"]))?;
        let mark = table.mark();
        compact::room_for_one(&mut table.def.columns);
        table.def.columns.push(column);
        let added = self.add_column_keys(&name, pending);
        if added.is_err() {
            if let Some(t) = self.tables.get_mut(&name) {
                t.undo_to(mark);
            }
        }
        added
    }

    /// Names and adds the keys an added column declares inline, checking a
    /// foreign key's target (the table itself included, new column and all),
    /// and notes them in the lookups (a key noted before a later one fails
    /// is a stale entry, which the lookups allow).
    fn add_column_keys(
        &mut self,
        name: &QualName,
        pending: Vec<Constraint>,
    ) -> Result<(), SchemaError> {
        let path = at(&["column"]);
        for c in pending {
            let t = self.require_table(name, at(&["table"]))?;
            let named = self.name_constraint(name, t, c, path.clone())?;
            let named = t.with_foreign_key_index(self.dialect(), named);
            if let Constraint::ForeignKey(fk) = &named {
                let target = fk.references.qual_table();
                let rpath = path.clone().key("references");
                let tt = self.require_table(&target, rpath.clone().key("table"))?;
                check_fk_target(fk, tt, &target, rpath)?;
                self.lookup.note_reference(name, target);
            }
            if let Some(key) = named.name() {
                self.lookup.note_constraint(name, key);
            }
            self.table_mut(name, at(&["table"]))?.push_constraint(named);
        }
        Ok(())
    }

    pub(super) fn alter_column(&mut self, o: &AlterColumn) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let col = self.require_column(&qual, &o.column, at(&["column"]))?;
        if !o.changes_anything() {
            return Err(invalid(
                "`alter_column` changes nothing: give `new_name`, `type`, `nullable`, `default`, `comment`, `autoincrement` or `identity`".to_owned(),
                at(&["column"]),
            ));
        }
        let table = self.require_table(&qual, at(&["table"]))?;
        crate::model::autoincrement::check_alter(table, col, o)?;
        if let Some(n) = &o.new_name {
            if n == &o.column {
                return Err(invalid(
                    format!("`new_name` is the column's own name `{n}`"),
                    at(&["new_name"]),
                ));
            }
            if table.column(n).is_some() {
                return Err(SchemaError::ColumnExists {
                    table: qual,
                    column: n.to_string(),
                    at: at(&["new_name"]),
                });
            }
            let skip = Some((NameKind::Column, o.column.as_str()));
            self.check_name(
                NameKind::Column,
                &qual,
                Some(table),
                n,
                skip,
                at(&["new_name"]),
            )?;
        }
        if o.nullable == Some(true) && table.primary_key_columns().contains(&&o.column) {
            return Err(invalid(
                format!("primary-key column `{}` cannot be nullable", o.column),
                at(&["nullable"]),
            ));
        }
        let mut changed = col.clone();
        if let Some(ty) = &o.ty {
            changed.ty = ty.clone();
        }
        if let Some(d) = &o.default {
            changed.default = d.clone().map(Box::new);
        }
        let blame = if o.default.is_some() {
            "default"
        } else {
            "type"
        };
        check_enum_default(&changed, at(&[blame]))?;
        if o.ty.is_some() {
            super::enum_name::check_named_enum(self, &qual, &changed, &[], at(&["type"]))?;
        }
        if let Some(i) = &o.identity {
            changed.identity = i.clone().map(Box::new);
        }
        if let Some(a) = o.autoincrement {
            changed.autoincrement = a;
        }
        crate::model::column_options::check_alter(self.dialect(), table, col, &changed, o)?;
        let t = self.table_mut(&qual, at(&["table"]))?;
        if let Some(c) = t.def.columns.iter_mut().find(|c| c.name == o.column) {
            if let Some(ty) = &o.ty {
                c.ty = ty.clone();
            }
            if let Some(n) = o.nullable {
                c.nullable = Some(n);
            }
            if let Some(d) = &o.default {
                c.default = d.clone().map(Box::new);
            }
            if let Some(cm) = &o.comment {
                c.comment = cm.as_deref().map(Box::from);
            }
            if let Some(a) = o.autoincrement {
                c.autoincrement = a;
            }
            if let Some(i) = &o.identity {
                c.identity = i.clone().map(Box::new);
            }
        }
        if let Some(n) = &o.new_name {
            self.rename_column(&qual, &o.column, n);
        }
        Ok(())
    }

    /// Renames a column everywhere the model mentions it: its definition,
    /// its table's constraints and indexes (expressions included), and the
    /// foreign keys of every table that reference it (found through the
    /// lookups, not by a scan).
    fn rename_column(&mut self, qual: &QualName, old: &Ident, new: &Ident) {
        let naming = std::sync::Arc::clone(&self.naming.0);
        let swap = |cols: &mut Vec<Ident>| {
            for c in cols.iter_mut() {
                if c == old {
                    *c = new.clone();
                }
            }
        };
        if let Some(t) = self.tables.get_mut(qual) {
            for c in &mut t.def.columns {
                if &c.name == old {
                    c.name = new.clone();
                }
            }
            if let Some(pk) = &mut t.def.primary_key {
                swap(&mut pk.columns);
            }
            for u in &mut t.def.unique {
                swap(&mut u.columns);
            }
            for fk in &mut t.def.foreign_keys {
                swap(&mut fk.columns);
            }
            for idx in t.indexes.values_mut() {
                for c in &mut idx.columns {
                    if let Some(n) = c.column_mut().filter(|n| *n == old) {
                        *n = new.clone();
                    }
                }
                for n in idx.include.iter_mut().flat_map(|v| v.iter_mut()) {
                    if n == old {
                        *n = new.clone();
                    }
                }
            }
            expr::rewrite(t, |e| expr::rename(&*naming, e, old.as_str(), new.as_str()));
        }
        let referrers: Vec<QualName> = self.lookup.referrers(qual).cloned().collect();
        for q in referrers {
            let Some(t) = self.tables.get_mut(&q) else {
                continue;
            };
            for fk in &mut t.def.foreign_keys {
                if fk.references.qual_table() == *qual {
                    swap(&mut fk.references.columns);
                }
            }
        }
    }

    pub(super) fn drop_column(&mut self, o: &DropColumn) -> Result<(), SchemaError> {
        let name = o.qual_table();
        self.require_column(&name, &o.column, at(&["column"]))?;
        let table = self.require_table(&name, at(&["table"]))?;
        let taken = table.column_drop(&o.column, self.dialect());
        let mut users = taken.blockers.clone();
        // Foreign keys that reference the column (this table's own among
        // them, unless the drop takes them too): the engines refuse.
        let referrers = self.lookup.referrers(&name);
        for (q, t) in referrers.filter_map(|q| self.tables.get_key_value(q)) {
            for fk in &t.def.foreign_keys {
                let own = q == &name
                    && taken
                        .constraints
                        .iter()
                        .any(|(c, _)| c == &Constraint::ForeignKey(fk.clone()));
                if !own
                    && fk.references.qual_table() == name
                    && fk.references.columns.contains(&o.column)
                {
                    users.push(match &fk.name {
                        Some(n) => format!("foreign key `{n}` on `{q}`"),
                        None => format!("a foreign key on `{q}`"),
                    });
                }
            }
        }
        if !users.is_empty() {
            return Err(SchemaError::ColumnInUse {
                table: name,
                column: o.column.to_string(),
                users,
                at: at(&["column"]),
            });
        }
        self.keep_foreign_key_indexes(&name, at(&["column"]), |t| {
            t.drop_column_with(&o.column, &taken)
        })?;
        self.table_mut(&name, at(&["table"]))?
            .drop_column_with(&o.column, &taken);
        Ok(())
    }
}
