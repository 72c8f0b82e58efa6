//! Applying one operation to the schema, with every existence check.
//!
//! `Schema::apply` is the single place that knows what each operation does to
//! the model: it refuses to create what exists, to touch what does not, to
//! drop a column an index or constraint still uses, and to point a foreign
//! key at a missing table or column. `if_exists` / `if_not_exists` turn the
//! matching refusal into "nothing to do". `execute` is opaque to the model.

use super::{Schema, SchemaError, Table};
use crate::ident::{Ident, QualName};
use crate::ops::{
    AddColumn, ColumnDef, CreateIndex, CreateTable, DropColumn, DropIndex, DropTable, IndexColumn,
    Op,
};
use crate::span::DocPath;
use crate::suggest::did_you_mean;
use std::collections::{BTreeMap, BTreeSet};

fn at(keys: &[&str]) -> DocPath {
    keys.iter().fold(DocPath::root(), |p, k| p.key(*k))
}

fn invalid(message: String, path: DocPath) -> SchemaError {
    SchemaError::Invalid { message, at: path }
}

impl Schema {
    /// Applies `op`, or says why it cannot be applied.
    pub fn apply(&mut self, op: &Op) -> Result<(), SchemaError> {
        let result = match op {
            Op::CreateTable(o) => self.create_table(o),
            Op::DropTable(o) => self.drop_table(o),
            Op::AddColumn(o) => self.add_column(o),
            Op::DropColumn(o) => self.drop_column(o),
            Op::CreateIndex(o) => self.create_index(o),
            Op::DropIndex(o) => self.drop_index(o),
            Op::Execute(_) => Ok(()),
        };
        self.note_lookups(op);
        result
    }

    /// Keeps the reverse lookups a superset of the model: an operation that
    /// adds a foreign key or an index, or renames a table, notes it here
    /// (`self.lookup = Lookup::rebuild(&self.tables)` is always correct).
    /// Drops need nothing: stale entries are checked away on use.
    fn note_lookups(&mut self, op: &Op) {
        let (name, index) = match op {
            Op::CreateTable(o) => (o.qual_name(), None),
            Op::AddColumn(o) => (o.qual_table(), None),
            Op::CreateIndex(o) => (o.qual_table(), Some(&o.name)),
            Op::DropTable(_) | Op::DropColumn(_) | Op::DropIndex(_) | Op::Execute(_) => return,
        };
        match (index, self.tables.get(&name)) {
            (Some(index), _) => self.lookup.note_index(&name, index),
            (None, Some(table)) => self.lookup.note_table(&name, table),
            (None, None) => {}
        }
    }

    /// The table, or a "no such table" error pointing at `path`.
    pub fn require_table(&self, name: &QualName, path: DocPath) -> Result<&Table, SchemaError> {
        self.tables
            .get(name)
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
        check_table_def(self, o)?;
        self.tables.insert(
            name,
            Table {
                def: o.clone(),
                indexes: BTreeMap::new(),
            },
        );
        Ok(())
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
        if o.column.primary_key && !table.primary_key_columns().is_empty() {
            return Err(invalid(
                format!("table `{name}` already has a primary key"),
                at(&["column", "primary_key"]),
            ));
        }
        check_column(self, &name, &o.column, at(&["column"]), Some(&table.def))?;
        if let Some(t) = self.tables.get_mut(&name) {
            t.def.columns.push(o.column.clone());
        }
        Ok(())
    }

    fn drop_column(&mut self, o: &DropColumn) -> Result<(), SchemaError> {
        let name = o.qual_table();
        let column = self.require_column(&name, &o.column, at(&["column"]))?;
        let mut users = Vec::new();
        if column.primary_key {
            users.push("the primary key".to_owned());
        }
        let table = self.require_table(&name, at(&["table"]))?;
        users.extend(column_users(table, &o.column));
        let referrers = self.lookup.referrers(&name);
        for (q, t) in referrers.filter_map(|q| self.tables.get_key_value(q)) {
            for fk in &t.def.foreign_keys {
                let target =
                    QualName::new(fk.references.schema.clone(), fk.references.table.clone());
                if target == name && fk.references.columns.contains(&o.column) {
                    users.push(format!("a foreign key on `{q}`"));
                }
            }
            for c in &t.def.columns {
                if let Some(r) = &c.references {
                    let target = QualName::new(r.schema.clone(), r.table.clone());
                    if target == name && r.column == o.column && !(q == &name && c.name == o.column)
                    {
                        users.push(format!("the foreign key on `{q}.{}`", c.name));
                    }
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
        if let Some(t) = self.tables.get_mut(&name) {
            t.def.columns.retain(|c| c.name != o.column);
        }
        Ok(())
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
            t.indexes.insert(o.name.clone(), o.clone());
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
    let mut out: Vec<(QualName, String)> = t
        .def
        .foreign_keys
        .iter()
        .map(|fk| {
            (
                QualName::new(fk.references.schema.clone(), fk.references.table.clone()),
                fk.columns
                    .iter()
                    .map(Ident::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })
        .collect();
    out.extend(t.def.columns.iter().filter_map(|c| {
        c.references.as_ref().map(|r| {
            (
                QualName::new(r.schema.clone(), r.table.clone()),
                c.name.to_string(),
            )
        })
    }));
    out
}

/// Indexes and table-level constraints of `table` that use `column`.
fn column_users(table: &Table, column: &Ident) -> Vec<String> {
    let mut users = Vec::new();
    if let Some(pk) = &table.def.primary_key {
        if pk.columns.contains(column) {
            users.push("the primary key".to_owned());
        }
    }
    for u in &table.def.unique {
        if u.columns.contains(column) && u.columns.len() > 1 {
            users.push(match &u.name {
                Some(n) => format!("unique constraint `{n}`"),
                None => "a unique constraint".to_owned(),
            });
        }
    }
    for fk in &table.def.foreign_keys {
        if fk.columns.contains(column) {
            users.push(match &fk.name {
                Some(n) => format!("foreign key `{n}`"),
                None => "a foreign key".to_owned(),
            });
        }
    }
    for (name, idx) in &table.indexes {
        if idx
            .columns
            .iter()
            .any(|c| matches!(c, IndexColumn::Column(n) if n == column))
        {
            users.push(format!("index `{name}`"));
        }
    }
    users
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
        if o.columns.iter().any(|c| c.primary_key) {
            return Err(invalid(
                format!("table `{name}` declares its primary key twice: inline `primary_key: true` and a table-level `primary_key`"),
                at(&["primary_key"]),
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
