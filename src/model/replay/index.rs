//! Index operations: `create_index` and `drop_index`, and the check that a
//! change does not take away the index a foreign key leans on where the
//! dialect needs one (MySQL).

use super::{at, invalid, join, Constraint, Schema, SchemaError, Table};
use crate::diag::span::DocPath;
use crate::diag::suggest::did_you_mean;
use crate::dialect::NameKind;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{CreateIndex, DropIndex, IndexKind};

/// A `fulltext` or `spatial` index is neither unique nor built with a
/// named method, and its elements are plain columns (the engines refuse
/// an order or a prefix on them).
fn kind_alone(o: &CreateIndex, kind: IndexKind) -> Result<(), SchemaError> {
    let k = kind.name();
    if o.unique {
        return Err(invalid(
            format!("a {k} index cannot be unique: drop `unique` or `kind`"),
            at(&["unique"]),
        ));
    }
    if o.using.is_some() {
        return Err(invalid(
            format!("a {k} index has its own structure; drop `using`"),
            at(&["using"]),
        ));
    }
    if let Some(i) = o.columns.iter().position(|c| c.options().is_some()) {
        return Err(invalid(
            format!(
                "a {k} index takes plain columns, without `desc`, `nulls`, `opclass` or `length`"
            ),
            DocPath::root().key("columns").index(i),
        ));
    }
    Ok(())
}

impl Schema {
    /// Where foreign keys need an index (MySQL): refuses a change to table
    /// `name` that removes the last index a foreign key without one of its
    /// own leans on (InnoDB would refuse the statement).
    pub(super) fn keep_foreign_key_indexes(
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

    pub(super) fn create_index(&mut self, o: &CreateIndex) -> Result<(), SchemaError> {
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
            if let Some(col) = c.column() {
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
        for (i, col) in o.include().iter().enumerate() {
            if table.column(col).is_none() {
                return Err(SchemaError::NoSuchColumn {
                    table: name,
                    column: col.to_string(),
                    suggestion: did_you_mean(col.as_str(), table.column_names()).map(str::to_owned),
                    at: DocPath::root().key("include").index(i),
                });
            }
        }
        if let Some(kind) = o.kind {
            kind_alone(o, kind)?;
        }
        if let Some(t) = self.tables.get_mut(&name) {
            t.indexes.insert(o.clone());
        }
        Ok(())
    }

    pub(super) fn drop_index(&mut self, o: &DropIndex) -> Result<(), SchemaError> {
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
