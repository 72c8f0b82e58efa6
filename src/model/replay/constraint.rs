//! Constraint operations: naming a constraint (its own name, checked to be
//! free, or the one the engine gives it), `create_*` constraints, and
//! `validate_constraint` / `drop_constraint` (refused while a foreign key
//! uses the key).

use super::check::check_fk_target;
use super::{at, invalid, name_path, Constraint, Schema, SchemaError, Table};
use crate::diag::span::DocPath;
use crate::diag::suggest::did_you_mean;
use crate::dialect::NameKind;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{DropConstraint, ForeignKeyDef, ReferencesDef, ValidateConstraint};
use std::collections::BTreeSet;

impl Schema {
    /// `c` with a name: its own (checked to be free) or the engine's.
    pub(super) fn name_constraint(
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
    pub(super) fn add_constraint(
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
    pub(super) fn validate_constraint(
        &mut self,
        o: &ValidateConstraint,
    ) -> Result<(), SchemaError> {
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

    pub(super) fn drop_constraint(&mut self, o: &DropConstraint) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let name = self.drop_constraint_name(o)?;
        let c = self.require_constraint(&qual, &name)?;
        let table = self.require_table(&qual, at(&["table"]))?;
        if let Some(kind) = o.kind {
            if kind != c.kind() {
                return Err(invalid(
                    format!(
                        "constraint `{}` on `{qual}` is a {}, not a {kind}",
                        name,
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
                        name, auto.name
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
            .take_while(|k| k.name() != Some(&name))
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
                    constraint: name.to_string(),
                    users,
                    at: at(&["name"]),
                });
            }
        }
        self.keep_foreign_key_indexes(&qual, at(&["name"]), |t| t.remove_constraint(&name))?;
        self.table_mut(&qual, at(&["table"]))?
            .remove_constraint(&name);
        Ok(())
    }
}

/// An inline `references:` as a table-level foreign key.
pub(super) fn inline_fk(column: &Ident, r: crate::ops::InlineReference) -> ForeignKeyDef {
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
