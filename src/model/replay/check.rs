//! Checks of definitions before they enter the model: a whole
//! `create_table`, one column (and its inline reference), an enum column's
//! default, and a foreign key's target key.

use super::{at, invalid, join, Schema, SchemaError, Table};
use crate::diag::span::DocPath;
use crate::diag::suggest::did_you_mean;
use crate::ops::ident::{Ident, QualName};
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::{ColumnDef, CreateTable, ForeignKeyDef};
use std::collections::BTreeSet;

/// A foreign key must reference the primary key, a unique constraint or a
/// plain unique index of its target (the engine refuses anything else).
pub(super) fn check_fk_target(
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
pub(super) fn check_enum_default(c: &ColumnDef, path: DocPath) -> Result<(), SchemaError> {
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
pub(super) fn check_column(
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
    let own_columns = own.map_or(&[][..], |o| &o.columns[..]);
    super::enum_name::check_named_enum(schema, table, c, own_columns, path.clone().key("type"))?;
    if c.autoincrement && c.default.is_some() {
        return Err(invalid(
            format!(
                "`autoincrement` column `{}` takes its values from a sequence; it cannot have a default",
                c.name
            ),
            path.key("default"),
        ));
    }
    crate::model::column_options::check_def(c, &path)?;
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
pub(super) fn check_table_def(schema: &Schema, o: &CreateTable) -> Result<(), SchemaError> {
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
