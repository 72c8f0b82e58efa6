//! Applying one operation to the schema, with every existence check.
//!
//! `Schema::apply` is the single place that knows what each operation does to
//! the model: it refuses to create what exists, to touch what does not, to
//! drop a column another table's foreign key still uses (what the column
//! takes with it is `column_drop`'s answer), and to point a foreign key at a
//! missing table or column. `if_exists` / `if_not_exists` turn the
//! matching refusal into "nothing to do". `execute` is opaque to the model.

use super::{expr, Constraint, Indexes, Schema, SchemaError, Table};
use crate::diag::span::{DocPath, Seg};
use crate::diag::suggest::did_you_mean;
use crate::dialect::NameKind;
use crate::ops::compact;
use crate::ops::ident::{Ident, QualName};
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::{
    AddColumn, AlterColumn, BulkInsert, CheckDef, ColumnDef, CreateIndex, CreateTable, DropColumn,
    DropConstraint, DropIndex, DropTable, DropTableComment, ForeignKeyDef, IndexColumn, Op,
    PrimaryKeyDef, ReferencesDef, RenameTable, UniqueDef, ValidateConstraint,
};
use std::collections::BTreeSet;

fn at(keys: &[&str]) -> DocPath {
    keys.iter().fold(DocPath::root(), |p, k| p.key(*k))
}

/// Where a table-level constraint's `name` is, from the path its other
/// errors point at (`foreign_keys[i].references`, `checks[i]`, or the name
/// itself).
fn name_path(mut path: DocPath) -> DocPath {
    if path.0.last() == Some(&Seg::Key("references".to_owned())) {
        path.0.pop();
    }
    match path.0.last() {
        Some(Seg::Index(_)) => path.key("name"),
        _ => path,
    }
}

fn invalid(message: String, path: DocPath) -> SchemaError {
    SchemaError::Invalid { message, at: path }
}

fn join(names: &[Ident]) -> String {
    names
        .iter()
        .map(Ident::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Schema {
    /// Applies `op`, or says why it cannot be applied.
    pub fn apply(&mut self, op: &Op) -> Result<(), SchemaError> {
        let root = DocPath::root();
        let result = match op {
            Op::CreateTable(o) => self.create_table(o),
            Op::DropTable(o) => self.drop_table(o),
            Op::RenameTable(o) => self.rename_table(o),
            Op::AddColumn(o) => self.add_column(o),
            Op::DropColumn(o) => self.drop_column(o),
            Op::AlterColumn(o) => self.alter_column(o),
            Op::CreateIndex(o) => self.create_index(o),
            Op::DropIndex(o) => self.drop_index(o),
            Op::CreatePrimaryKey(o) => self.add_constraint(
                &o.qual_table(),
                Constraint::PrimaryKey(PrimaryKeyDef {
                    name: o.name.clone(),
                    columns: o.columns.clone(),
                }),
                root,
            ),
            Op::CreateUniqueConstraint(o) => self.add_constraint(
                &o.qual_table(),
                Constraint::Unique(UniqueDef {
                    name: o.name.clone(),
                    columns: o.columns.clone(),
                }),
                root,
            ),
            Op::CreateForeignKey(o) => {
                self.add_constraint(&o.qual_table(), Constraint::ForeignKey(o.def()), root)
            }
            Op::CreateCheckConstraint(o) => self.add_constraint(
                &o.qual_table(),
                Constraint::Check(CheckDef {
                    name: o.name.clone(),
                    expr: o.expr.clone(),
                }),
                root,
            ),
            Op::DropConstraint(o) => self.drop_constraint(o),
            Op::ValidateConstraint(o) => self.validate_constraint(o),
            Op::CreateTableComment(o) => {
                let t = self.table_mut(&o.qual_table(), at(&["table"]))?;
                t.def.comment = Some(o.comment.clone());
                Ok(())
            }
            Op::DropTableComment(o) => self.drop_table_comment(o),
            Op::Execute(_) => Ok(()),
            Op::BulkInsert(o) => self.check_rows(o),
        };
        self.note_lookups(op);
        result
    }

    /// Keeps the reverse lookups a superset of the model: an operation that
    /// adds a foreign key, an index or a constraint notes its table; renaming
    /// a table moves what pointed at its old name to the new one. Column
    /// names are in no lookup, so `alter_column` needs nothing, and neither
    /// do drops: stale entries are checked away on use. Each costs the size
    /// of one table, never of the schema.
    fn note_lookups(&mut self, op: &Op) {
        let (name, index) = match op {
            Op::CreateTable(o) => (o.qual_name(), None),
            Op::CreateForeignKey(o) => (o.qual_table(), None),
            Op::CreatePrimaryKey(o) => (o.qual_table(), None),
            Op::CreateUniqueConstraint(o) => (o.qual_table(), None),
            Op::CreateCheckConstraint(o) => (o.qual_table(), None),
            Op::CreateIndex(o) => (o.qual_table(), Some(&o.name)),
            Op::RenameTable(o) => {
                let (old, new) = (o.qual_name(), o.new_qual_name());
                if let Some(table) = self.tables.get(&new) {
                    self.lookup.rename_table(&old, &new, table);
                }
                return;
            }
            // `add_column` notes the keys it adds as it adds them: noting
            // the whole table would cost its size on every column added.
            Op::AddColumn(_)
            | Op::AlterColumn(_)
            | Op::DropTable(_)
            | Op::DropColumn(_)
            | Op::DropIndex(_)
            | Op::DropConstraint(_)
            | Op::ValidateConstraint(_)
            | Op::CreateTableComment(_)
            | Op::DropTableComment(_)
            | Op::BulkInsert(_)
            | Op::Execute(_) => return,
        };
        match index {
            Some(index) => self.lookup.note_index(&name, index),
            None => self.note_table(&name),
        }
    }

    /// Notes everything `name` holds in the lookups.
    fn note_table(&mut self, name: &QualName) {
        if let Some(table) = self.tables.get(name) {
            self.lookup.note_table(name, table);
        }
    }

    fn table_mut(&mut self, name: &QualName, path: DocPath) -> Result<&mut Table, SchemaError> {
        self.require_table(name, path)?;
        self.tables
            .get_mut(name)
            .map(Box::as_mut)
            .ok_or_else(|| invalid(format!("table `{name}` vanished"), DocPath::root()))
    }

    /// The table, or a "no such table" error pointing at `path`.
    pub fn require_table(&self, name: &QualName, path: DocPath) -> Result<&Table, SchemaError> {
        self.tables
            .get(name)
            .map(Box::as_ref)
            .ok_or_else(|| SchemaError::NoSuchTable {
                table: name.clone(),
                suggestion: did_you_mean(name.name.as_str(), self.table_names(&name.schema))
                    .map(str::to_owned),
                at: path,
            })
    }

    fn require_column(
        &self,
        table: &QualName,
        column: &Ident,
        path: DocPath,
    ) -> Result<&ColumnDef, SchemaError> {
        let t = self.require_table(table, at(&["table"]))?;
        t.column(column).ok_or_else(|| SchemaError::NoSuchColumn {
            table: table.clone(),
            column: column.to_string(),
            suggestion: did_you_mean(column.as_str(), t.column_names()).map(str::to_owned),
            at: path,
        })
    }

    fn create_table(&mut self, o: &CreateTable) -> Result<(), SchemaError> {
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

    /// `c` with a name: its own (checked to be free) or the engine's.
    fn name_constraint(
        &self,
        qual: &QualName,
        table: &Table,
        mut c: Constraint,
        path: DocPath,
    ) -> Result<Constraint, SchemaError> {
        if let Some(n) = c.name() {
            if table.constraint(n).is_some() {
                return Err(SchemaError::ConstraintExists {
                    constraint: n.to_string(),
                    table: qual.clone(),
                    at: path,
                });
            }
            let kind = NameKind::Constraint(c.kind());
            self.check_name(kind, qual, Some(table), n, None, name_path(path))?;
            return Ok(c);
        }
        let name = self.implicit_name(qual, table, &c, path)?;
        c.set_name(name);
        Ok(c)
    }

    /// The name the engine gives `c` on `table` (not yet added), avoiding
    /// every constraint, index and table name of the schema.
    pub fn implicit_name(
        &self,
        qual: &QualName,
        table: &Table,
        c: &Constraint,
        path: DocPath,
    ) -> Result<Ident, SchemaError> {
        let columns: Vec<&str> = match c {
            Constraint::Check(k) => table.check_columns(self.dialect(), &k.expr),
            _ => c.columns().iter().map(Ident::as_str).collect(),
        };
        let kind = NameKind::Constraint(c.kind());
        let taken = |n: &str| {
            table.constraint_names().any(|x| x.as_str() == n)
                || self.relation_name_taken(qual, n)
                || Ident::new(n)
                    .is_ok_and(|n| self.name_clash(kind, qual, Some(table), &n, None).is_some())
        };
        let name =
            self.dialect()
                .implicit_constraint_name(c.kind(), qual.name.as_str(), &columns, &taken);
        Ident::new(&name).map_err(|message| invalid(message, path))
    }

    /// Whether a table, index or constraint of `qual`'s schema is called
    /// `name` (through the lookups: linear replay over long histories).
    fn relation_name_taken(&self, qual: &QualName, name: &str) -> bool {
        let Ok(name) = Ident::new(name) else {
            return false;
        };
        let schema = &qual.schema;
        self.tables
            .contains_key(&QualName::new(schema.clone(), name.clone()))
            || self.lookup.index_tables(schema, &name).any(|q| {
                self.tables
                    .get(q)
                    .is_some_and(|t| t.indexes.contains_key(&name))
            })
            || self.lookup.constraint_tables(schema, &name).any(|q| {
                self.tables
                    .get(q)
                    .is_some_and(|t| t.constraint_names().any(|c| *c == name))
            })
    }

    /// Adds a constraint named by `create_*` (paths are relative to `base`).
    fn add_constraint(
        &mut self,
        qual: &QualName,
        c: Constraint,
        base: DocPath,
    ) -> Result<(), SchemaError> {
        let table = self.require_table(qual, base.clone().key("table"))?;
        for (i, col) in c.columns().iter().enumerate() {
            if table.column(col).is_none() {
                return Err(SchemaError::NoSuchColumn {
                    table: qual.clone(),
                    column: col.to_string(),
                    suggestion: did_you_mean(col.as_str(), table.column_names()).map(str::to_owned),
                    at: base.clone().key("columns").index(i),
                });
            }
        }
        match &c {
            Constraint::Check(k) if k.expr.trim().is_empty() => {
                return Err(invalid(
                    "a check needs an expression".to_owned(),
                    base.key("expr"),
                ));
            }
            Constraint::Check(_) => {}
            _ if c.columns().is_empty() => {
                return Err(invalid(
                    format!("a {} needs columns", c.kind()),
                    base.key("columns"),
                ));
            }
            Constraint::PrimaryKey(_) => {
                if let Some(pk) = &table.def.primary_key {
                    return Err(invalid(
                        format!(
                            "table `{qual}` already has a primary key{}",
                            pk.name
                                .as_ref()
                                .map(|n| format!(" (`{n}`)"))
                                .unwrap_or_default()
                        ),
                        base.key("table"),
                    ));
                }
            }
            Constraint::ForeignKey(fk) => {
                let rpath = base.clone().key("references");
                if fk.columns.len() != fk.references.columns.len() {
                    return Err(invalid(
                        format!(
                            "a foreign key needs as many referenced columns as local ones ({} vs {})",
                            fk.columns.len(),
                            fk.references.columns.len()
                        ),
                        rpath.key("columns"),
                    ));
                }
                let target = fk.references.qual_table();
                let t = self.require_table(&target, rpath.clone().key("table"))?;
                for (i, col) in fk.references.columns.iter().enumerate() {
                    if t.column(col).is_none() {
                        return Err(SchemaError::NoSuchColumn {
                            table: target,
                            column: col.to_string(),
                            suggestion: did_you_mean(col.as_str(), t.column_names())
                                .map(str::to_owned),
                            at: rpath.key("columns").index(i),
                        });
                    }
                }
                check_fk_target(fk, t, &target, rpath)?;
            }
            Constraint::Unique(_) => {}
        }
        let named = self.name_constraint(qual, table, c, base.key("name"))?;
        let t = self.table_mut(qual, DocPath::root())?;
        if let Constraint::PrimaryKey(pk) = &named {
            for c in &mut t.def.columns {
                if pk.columns.contains(&c.name) {
                    c.nullable = Some(false);
                }
            }
        }
        t.push_constraint(named);
        Ok(())
    }

    /// The constraint `name` on `qual`, or the error naming the ones it has.
    fn require_constraint(&self, qual: &QualName, name: &Ident) -> Result<Constraint, SchemaError> {
        let table = self.require_table(qual, at(&["table"]))?;
        table.constraint(name).ok_or_else(|| {
            let names: Vec<String> = table
                .constraints()
                .iter()
                .filter_map(|c| c.name().map(Ident::to_string))
                .collect();
            SchemaError::NoSuchConstraint {
                table: qual.clone(),
                constraint: name.to_string(),
                suggestion: did_you_mean(name.as_str(), names.iter().map(String::as_str))
                    .map(str::to_owned),
                at: at(&["name"]),
            }
        })
    }

    /// `validate_constraint`: only a foreign key or a check has rows to
    /// check later; the model has nothing to change.
    fn validate_constraint(&mut self, o: &ValidateConstraint) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let c = self.require_constraint(&qual, &o.name)?;
        match c {
            Constraint::ForeignKey(_) | Constraint::Check(_) => Ok(()),
            other => Err(invalid(
                format!(
                    "constraint `{}` on `{qual}` is a {}: only a foreign key or a check can be added `not_valid` and validated later",
                    o.name,
                    other.kind()
                ),
                at(&["name"]),
            )),
        }
    }

    fn drop_constraint(&mut self, o: &DropConstraint) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let c = self.require_constraint(&qual, &o.name)?;
        let table = self.require_table(&qual, at(&["table"]))?;
        if let Some(kind) = o.kind {
            if kind != c.kind() {
                return Err(invalid(
                    format!(
                        "constraint `{}` on `{qual}` is a {}, not a {kind}",
                        o.name,
                        c.kind()
                    ),
                    at(&["type"]),
                ));
            }
        }
        if let Constraint::PrimaryKey(pk) = &c {
            if let Some(auto) = table
                .def
                .columns
                .iter()
                .find(|col| col.autoincrement && pk.columns.contains(&col.name))
            {
                return Err(invalid(
                    format!(
                        "primary key `{}` holds `autoincrement` column `{}`, which needs it (an auto-increment column must be a key on every dialect)",
                        o.name, auto.name
                    ),
                    at(&["name"]),
                ));
            }
        }
        // A foreign key depends on the first key that matches its columns
        // (the primary key, then unique constraints in the order they were
        // made); only that one is in use.
        let key: BTreeSet<&Ident> = c.columns().iter().collect();
        let earlier = table
            .constraints()
            .into_iter()
            .take_while(|k| k.name() != Some(&o.name))
            .any(|k| {
                matches!(k, Constraint::PrimaryKey(_) | Constraint::Unique(_))
                    && k.columns().iter().collect::<BTreeSet<_>>() == key
            });
        if matches!(c, Constraint::PrimaryKey(_) | Constraint::Unique(_)) && !earlier {
            // The tables whose keys may point here (a superset, in name order).
            let users: Vec<String> = self
                .lookup
                .referrers(&qual)
                .filter_map(|q| self.tables.get_key_value(q))
                .flat_map(|(q, t)| {
                    t.def
                        .foreign_keys
                        .iter()
                        .filter(|fk| {
                            fk.references.qual_table() == qual
                                && fk.references.columns.iter().collect::<BTreeSet<_>>() == key
                        })
                        .map(move |fk| match &fk.name {
                            Some(n) => format!("foreign key `{n}` on `{q}`"),
                            None => format!("a foreign key on `{q}`"),
                        })
                })
                .collect();
            if !users.is_empty() {
                return Err(SchemaError::ConstraintInUse {
                    table: qual,
                    constraint: o.name.to_string(),
                    users,
                    at: at(&["name"]),
                });
            }
        }
        self.keep_foreign_key_indexes(&qual, at(&["name"]), |t| t.remove_constraint(&o.name))?;
        self.table_mut(&qual, at(&["table"]))?
            .remove_constraint(&o.name);
        Ok(())
    }

    fn drop_table_comment(&mut self, o: &DropTableComment) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let t = self.table_mut(&qual, at(&["table"]))?;
        if let Some(expected) = &o.comment {
            if t.def.comment.as_ref() != Some(expected) {
                return Err(invalid(
                    match &t.def.comment {
                        Some(c) => format!("the comment on `{qual}` is {c:?}, not {expected:?}"),
                        None => format!("table `{qual}` has no comment"),
                    },
                    at(&["comment"]),
                ));
            }
        }
        t.def.comment = None;
        Ok(())
    }

    fn check_rows(&self, o: &BulkInsert) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let t = self.require_table(&qual, at(&["table"]))?;
        if o.rows.is_empty() {
            return Err(invalid(
                "`bulk_insert` needs at least one row".to_owned(),
                at(&["rows"]),
            ));
        }
        for (i, row) in o.rows.iter().enumerate() {
            let path = at(&["rows"]).index(i);
            if row.is_empty() {
                return Err(invalid("a row needs at least one value".to_owned(), path));
            }
            for (col, value) in row {
                let Some(c) = t.column(col) else {
                    return Err(SchemaError::NoSuchColumn {
                        table: qual,
                        column: col.to_string(),
                        suggestion: did_you_mean(col.as_str(), t.column_names()).map(str::to_owned),
                        at: path.key(col.as_str()),
                    });
                };
                if *value == Literal::Null && !c.is_nullable() {
                    return Err(invalid(
                        format!("column `{qual}.{col}` is NOT NULL, but the row gives it null"),
                        path.key(col.as_str()),
                    ));
                }
            }
        }
        Ok(())
    }

    fn rename_table(&mut self, o: &RenameTable) -> Result<(), SchemaError> {
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

    fn alter_column(&mut self, o: &AlterColumn) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let col = self.require_column(&qual, &o.column, at(&["column"]))?;
        if !o.changes_anything() {
            return Err(invalid(
                "`alter_column` changes nothing: give `new_name`, `type`, `nullable`, `default`, `comment` or `autoincrement`".to_owned(),
                at(&["column"]),
            ));
        }
        let table = self.require_table(&qual, at(&["table"]))?;
        super::autoincrement::check_alter(table, col, o)?;
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
                    if matches!(c, IndexColumn::Column(n) if n == old) {
                        *c = IndexColumn::Column(new.clone());
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

    fn drop_table(&mut self, o: &DropTable) -> Result<(), SchemaError> {
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

    fn add_column(&mut self, o: &AddColumn) -> Result<(), SchemaError> {
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
            }));
        }
        if column.unique {
            pending.push(Constraint::Unique(UniqueDef {
                name: None,
                columns: vec![column.name.clone()],
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

    fn drop_column(&mut self, o: &DropColumn) -> Result<(), SchemaError> {
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

    /// Where foreign keys need an index (MySQL): refuses a change to table
    /// `name` that removes the last index a foreign key without one of its
    /// own leans on (InnoDB would refuse the statement).
    fn keep_foreign_key_indexes(
        &self,
        name: &QualName,
        path: DocPath,
        change: impl FnOnce(&mut Table),
    ) -> Result<(), SchemaError> {
        if !self.dialect().explicit_foreign_key_indexes() {
            return Ok(());
        }
        let Some(before) = self.tables.get(name) else {
            return Ok(());
        };
        let mut after = Table::clone(before);
        change(&mut after);
        let Some(fk) = before
            .foreign_keys_left_without_index(&after)
            .into_iter()
            .next()
        else {
            return Ok(());
        };
        Err(invalid(
            format!(
                "{} on `{name}` has no index of its own and leans on the one this removes, which {} refuses; create an index on ({}) first, or drop the foreign key first",
                Constraint::ForeignKey(fk.clone()).describe(),
                self.dialect().name(),
                join(&fk.columns)
            ),
            path,
        ))
    }

    fn create_index(&mut self, o: &CreateIndex) -> Result<(), SchemaError> {
        let name = o.qual_table();
        let table = self.require_table(&name, at(&["table"]))?;
        if let Some(owner) = self.index_owner(&o.schema, &o.name) {
            if o.if_not_exists {
                return Ok(());
            }
            return Err(SchemaError::IndexExists {
                index: o.name.to_string(),
                table: owner.clone(),
                at: at(&["name"]),
            });
        }
        self.check_name(
            NameKind::Index,
            &name,
            Some(table),
            &o.name,
            None,
            at(&["name"]),
        )?;
        if o.columns.is_empty() {
            return Err(invalid(
                format!("index `{}` needs at least one column", o.name),
                at(&["columns"]),
            ));
        }
        for (i, c) in o.columns.iter().enumerate() {
            if let IndexColumn::Column(col) = c {
                if table.column(col).is_none() {
                    return Err(SchemaError::NoSuchColumn {
                        table: name,
                        column: col.to_string(),
                        suggestion: did_you_mean(col.as_str(), table.column_names())
                            .map(str::to_owned),
                        at: DocPath::root().key("columns").index(i),
                    });
                }
            }
        }
        if let Some(t) = self.tables.get_mut(&name) {
            t.indexes.insert(o.clone());
        }
        Ok(())
    }

    fn drop_index(&mut self, o: &DropIndex) -> Result<(), SchemaError> {
        let owner = match &o.table {
            Some(t) => {
                let q = QualName::new(o.schema.clone(), t.clone());
                let table = self.require_table(&q, at(&["table"]))?;
                table.indexes.contains_key(&o.name).then_some(q)
            }
            None => self.index_owner(&o.schema, &o.name).cloned(),
        };
        match owner {
            Some(q) => {
                self.keep_foreign_key_indexes(&q, at(&["name"]), |t| {
                    t.indexes.remove(&o.name);
                })?;
                if let Some(t) = self.tables.get_mut(&q) {
                    t.indexes.remove(&o.name);
                }
                Ok(())
            }
            None if o.if_exists => Ok(()),
            None => {
                let names: Vec<&str> = self
                    .tables
                    .values()
                    .flat_map(|t| t.indexes.keys().map(Ident::as_str))
                    .collect();
                Err(SchemaError::NoSuchIndex {
                    index: o.name.to_string(),
                    suggestion: did_you_mean(o.name.as_str(), names).map(str::to_owned),
                    at: at(&["name"]),
                })
            }
        }
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

/// An inline `references:` as a table-level foreign key.
fn inline_fk(column: &Ident, r: crate::ops::InlineReference) -> ForeignKeyDef {
    ForeignKeyDef {
        name: None,
        columns: vec![column.clone()],
        references: ReferencesDef {
            table: r.table,
            schema: r.schema,
            columns: vec![r.column],
        },
        on_delete: r.on_delete,
        on_update: r.on_update,
        deferrable: None,
        initially: None,
        index_name: r.index_name,
    }
}

/// A foreign key must reference the primary key, a unique constraint or a
/// plain unique index of its target (the engine refuses anything else).
fn check_fk_target(
    fk: &ForeignKeyDef,
    target: &Table,
    target_name: &QualName,
    path: DocPath,
) -> Result<(), SchemaError> {
    let want: BTreeSet<&Ident> = fk.references.columns.iter().collect();
    let covered = target
        .unique_column_sets()
        .into_iter()
        .any(|set| set.len() == want.len() && set.into_iter().collect::<BTreeSet<_>>() == want);
    if covered {
        return Ok(());
    }
    Err(invalid(
        format!(
            "the foreign key references `{target_name}` ({}), which is neither its primary key nor unique",
            join(&fk.references.columns)
        ),
        path.key("columns"),
    ))
}

/// An enum column's literal default must be one of its values.
fn check_enum_default(c: &ColumnDef, path: DocPath) -> Result<(), SchemaError> {
    if let (Some(crate::ops::sqltype::SqlType::Enum { values }), Some(DefaultValue::Literal(l))) =
        (c.ty.portable(), c.default.as_deref())
    {
        let ok = match l {
            Literal::String(s) => values.contains(s),
            Literal::Null => true,
            _ => false,
        };
        if !ok {
            return Err(invalid(
                format!(
                    "the default {l} of `{}` is not one of its values ({})",
                    c.name,
                    values.join(", ")
                ),
                path,
            ));
        }
    }
    Ok(())
}

/// Checks a column's own definition and its inline reference. `table` is the
/// definition the column joins (for self-references), if it exists already.
fn check_column(
    schema: &Schema,
    table: &QualName,
    c: &ColumnDef,
    path: DocPath,
    own: Option<&CreateTable>,
) -> Result<(), SchemaError> {
    if c.autoincrement {
        if let Some(t) = c.ty.portable() {
            if !t.is_integer() {
                return Err(invalid(
                    format!(
                        "`autoincrement` needs an integer column, but `{}` is `{t}`",
                        c.name
                    ),
                    path.key("autoincrement"),
                ));
            }
        }
    }
    check_enum_default(c, path.clone().key("default"))?;
    if c.autoincrement && c.default.is_some() {
        return Err(invalid(
            format!(
                "`autoincrement` column `{}` takes its values from a sequence; it cannot have a default",
                c.name
            ),
            path.key("default"),
        ));
    }
    if c.primary_key && c.nullable == Some(true) {
        return Err(invalid(
            format!("primary-key column `{}` cannot be nullable", c.name),
            path.key("nullable"),
        ));
    }
    if let Some(r) = &c.references {
        let target = QualName::new(r.schema.clone(), r.table.clone());
        let rpath = path.key("references");
        let exists = if &target == table {
            own.map(|d| d.columns.iter().any(|x| x.name == r.column) || c.name == r.column)
        } else {
            None
        };
        match exists {
            Some(true) => {}
            Some(false) => {
                return Err(SchemaError::NoSuchColumn {
                    table: target,
                    column: r.column.to_string(),
                    suggestion: None,
                    at: rpath.key("column"),
                })
            }
            None => {
                let t = schema.require_table(&target, rpath.clone().key("table"))?;
                if t.column(&r.column).is_none() {
                    return Err(SchemaError::NoSuchColumn {
                        table: target,
                        column: r.column.to_string(),
                        suggestion: did_you_mean(r.column.as_str(), t.column_names())
                            .map(str::to_owned),
                        at: rpath.key("column"),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Checks a whole `create_table` definition against itself and the schema.
fn check_table_def(schema: &Schema, o: &CreateTable) -> Result<(), SchemaError> {
    let name = o.qual_name();
    if o.columns.is_empty() {
        return Err(invalid(
            format!("table `{name}` needs at least one column"),
            at(&["columns"]),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, c) in o.columns.iter().enumerate() {
        let path = DocPath::root().key("columns").index(i);
        if !seen.insert(&c.name) {
            return Err(invalid(
                format!("table `{name}` lists column `{}` twice", c.name),
                path.key("name"),
            ));
        }
        check_column(schema, &name, c, path.clone(), Some(o))?;
        if c.autoincrement
            && !c.primary_key
            && o.primary_key
                .as_ref()
                .is_none_or(|pk| !pk.columns.contains(&c.name))
        {
            return Err(invalid(
                format!(
                    "`autoincrement` column `{}` must be part of the primary key",
                    c.name
                ),
                path.key("autoincrement"),
            ));
        }
    }
    let has = |c: &Ident| o.columns.iter().any(|x| &x.name == c);
    let missing = |c: &Ident, path: DocPath| SchemaError::NoSuchColumn {
        table: name.clone(),
        column: c.to_string(),
        suggestion: did_you_mean(c.as_str(), o.columns.iter().map(|x| x.name.as_str()))
            .map(str::to_owned),
        at: path,
    };
    if let Some(pk) = &o.primary_key {
        // Both spellings may name the key, as SQLAlchemy allows, if they
        // agree on its columns; the table-level one gives its name and order.
        let inline: BTreeSet<&Ident> = o
            .columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| &c.name)
            .collect();
        if !inline.is_empty() && inline != pk.columns.iter().collect() {
            return Err(invalid(
                format!(
                    "table `{name}` declares two different primary keys: inline `primary_key: true` on ({}) and a table-level `primary_key` on ({})",
                    inline.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "),
                    join(&pk.columns)
                ),
                at(&["primary_key", "columns"]),
            ));
        }
        if pk.columns.is_empty() {
            return Err(invalid(
                "a primary key needs columns".to_owned(),
                at(&["primary_key", "columns"]),
            ));
        }
        for (i, c) in pk.columns.iter().enumerate() {
            if !has(c) {
                return Err(missing(c, at(&["primary_key", "columns"]).index(i)));
            }
        }
    }
    for (u, uq) in o.unique.iter().enumerate() {
        let base = DocPath::root().key("unique").index(u);
        if uq.columns.is_empty() {
            return Err(invalid(
                "a unique constraint needs columns".to_owned(),
                base.key("columns"),
            ));
        }
        for (i, c) in uq.columns.iter().enumerate() {
            if !has(c) {
                return Err(missing(c, base.clone().key("columns").index(i)));
            }
        }
    }
    for (f, fk) in o.foreign_keys.iter().enumerate() {
        let base = DocPath::root().key("foreign_keys").index(f);
        for (i, c) in fk.columns.iter().enumerate() {
            if !has(c) {
                return Err(missing(c, base.clone().key("columns").index(i)));
            }
        }
        if fk.columns.is_empty() || fk.columns.len() != fk.references.columns.len() {
            return Err(invalid(
                format!(
                    "a foreign key needs as many referenced columns as local ones ({} vs {})",
                    fk.columns.len(),
                    fk.references.columns.len()
                ),
                base.key("references").key("columns"),
            ));
        }
        let target = QualName::new(fk.references.schema.clone(), fk.references.table.clone());
        let rpath = base.key("references");
        let target_cols: Vec<&str> = if target == name {
            o.columns.iter().map(|c| c.name.as_str()).collect()
        } else {
            schema
                .require_table(&target, rpath.clone().key("table"))?
                .column_names()
                .collect()
        };
        for (i, c) in fk.references.columns.iter().enumerate() {
            if !target_cols.contains(&c.as_str()) {
                return Err(SchemaError::NoSuchColumn {
                    table: target,
                    column: c.to_string(),
                    suggestion: did_you_mean(c.as_str(), target_cols.iter().copied())
                        .map(str::to_owned),
                    at: rpath.key("columns").index(i),
                });
            }
        }
    }
    for (i, ck) in o.checks.iter().enumerate() {
        if ck.expr.trim().is_empty() {
            return Err(invalid(
                "a check needs an expression".to_owned(),
                DocPath::root().key("checks").index(i).key("expr"),
            ));
        }
    }
    Ok(())
}
