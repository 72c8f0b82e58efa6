//! Lowering the table operations: `create_table` (its enum types first,
//! then the table, keys the engine would merge away, and separate
//! comments), `drop_table` (its enum types after), `rename_table` (with
//! its enum types) and table comments. [`create_table`] also writes the
//! new table of a rebuild.

use super::column::{column_sql, enum_type_name};
use super::constraint::foreign_key_sql;
use super::context::{table_after, LowerCtx, Lowered};
use super::enum_users::{create_types, drop_types};
use super::error::{guard, LowerError};
use crate::diag::span::DocPath;
use crate::dialect::{CommentStyle, Dialect, Guard};
use crate::lower::statement::{CheckSql, KeySql, Statement};
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{CreateTable, DropTable, Initially, Op, RenameTable};

/// `create_table`, after the enum types its columns need. Where the
/// engine's own constraint names cannot be predicted, the table is written
/// from the model, where each has its name.
pub(super) fn create(
    ctx: &LowerCtx,
    op: &Op,
    o: &CreateTable,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    let if_not_exists = guard(
        d,
        o.if_not_exists,
        Guard::CreateTableIfNotExists,
        "CREATE TABLE IF NOT EXISTS",
    )?;
    let after = if d.explicit_constraint_names() && before.table(&o.qual_name()).is_none() {
        table_after(ctx, op, before, &o.qual_name())
    } else {
        None
    };
    let def = after.as_ref().map_or(o, |t| &t.def);
    let mut out = create_types(d, before, &o.qual_name(), &def.columns);
    out.extend(create_table(d, def, &o.qual_name(), if_not_exists)?);
    Ok(out.into())
}

/// `DROP TABLE`, then the enum types of its columns.
pub(super) fn drop(ctx: &LowerCtx, o: &DropTable, before: &Schema) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    let table = o.qual_name();
    let mut out = vec![Statement::DropTable {
        table: table.clone(),
        if_exists: guard(
            d,
            o.if_exists,
            Guard::DropTableIfExists,
            "DROP TABLE IF EXISTS",
        )?,
    }];
    if let Some(t) = before.table(&table) {
        let columns: Vec<_> = t.def.columns.iter().collect();
        out.extend(drop_types(d, before, &table, &columns, |q, _| q == &table));
    }
    Ok(out.into())
}

/// `ALTER TABLE ... RENAME`, then its columns' enum types, whose names
/// follow the table's.
pub(super) fn rename(ctx: &LowerCtx, o: &RenameTable, before: &Schema) -> Lowered {
    let d = ctx.dialect;
    let table = o.qual_name();
    let mut out = vec![Statement::RenameTable {
        table: table.clone(),
        new_name: o.new_name.clone(),
    }];
    if let Some(t) = before.table(&table) {
        for c in &t.def.columns {
            let old = enum_type_name(d, &table, c);
            let new = enum_type_name(d, &o.new_qual_name(), c);
            // A named type (`name:`) keeps its name.
            if let (Some(name), Some(new)) = (old, new) {
                if name != new {
                    out.push(Statement::RenameEnumType {
                        name,
                        new_name: new.name,
                    });
                }
            }
        }
    }
    out.into()
}

/// A table's comment set (`Some`) or dropped (`None`); SQLite keeps no
/// comments: they stay in the YAML and the model.
pub(super) fn comment(ctx: &LowerCtx, table: QualName, comment: Option<String>) -> Lowered {
    if ctx.dialect.comment_style() == CommentStyle::Unsupported {
        return Lowered::default();
    }
    vec![Statement::CommentOnTable { table, comment }].into()
}

/// `CREATE TABLE` (named `as_name`, which differs from the definition's
/// name during a rebuild) and its separate comment statements.
pub(super) fn create_table(
    d: &dyn Dialect,
    o: &CreateTable,
    as_name: &QualName,
    if_not_exists: bool,
) -> Result<Vec<Statement>, LowerError> {
    let table = o.qual_name();
    let mut columns = o
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| column_sql(d, &table, c, DocPath::root().key("columns").index(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let inline_pk: Vec<Ident> = o
        .columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.clone())
        .collect();
    let mut primary_key = match &o.primary_key {
        Some(pk) => Some(KeySql {
            name: pk.name.clone(),
            columns: pk.columns.clone(),
            deferrable: pk.deferrable,
            initially: pk.initially.map(Initially::sql),
        }),
        None if !inline_pk.is_empty() => Some(KeySql {
            name: None,
            columns: inline_pk,
            deferrable: None,
            initially: None,
        }),
        None => None,
    };
    // Key columns are NOT NULL everywhere (SQLite would not enforce it).
    if let Some(pk) = &primary_key {
        for col in columns.iter_mut().filter(|c| pk.columns.contains(&c.name)) {
            col.nullable = false;
        }
    }
    if d.autoincrement_inline_pk() {
        if let Some(pk) = &primary_key {
            if let [only] = pk.columns.as_slice() {
                if let Some(col) = columns
                    .iter_mut()
                    .find(|c| &c.name == only && c.autoincrement)
                {
                    col.inline_primary_key = true;
                    primary_key = None;
                }
            }
        }
    }
    let mut uniques: Vec<KeySql> = o
        .unique
        .iter()
        .map(|u| KeySql {
            name: u.name.clone(),
            columns: u.columns.clone(),
            deferrable: u.deferrable,
            initially: u.initially.map(Initially::sql),
        })
        .collect();
    // A key that repeats the primary key or an earlier key would be merged
    // away by the engine inside CREATE TABLE: it is added afterwards.
    let mut later = Vec::new();
    if d.create_table_merges_duplicate_keys() {
        let mut seen: Vec<Vec<Ident>> = primary_key.iter().map(|k| k.columns.clone()).collect();
        for c in &mut columns {
            let key = vec![c.name.clone()];
            if c.unique && seen.contains(&key) {
                c.unique = false;
                later.push(KeySql {
                    name: None,
                    columns: key,
                    deferrable: None,
                    initially: None,
                });
            } else if c.unique {
                seen.push(key);
            }
        }
        let (keep, dup): (Vec<KeySql>, Vec<KeySql>) = uniques.into_iter().partition(|u| {
            let fresh = !seen.contains(&u.columns);
            if fresh {
                seen.push(u.columns.clone());
            }
            fresh
        });
        uniques = keep;
        later.extend(dup);
    }
    let mut out = vec![Statement::CreateTable {
        table: as_name.clone(),
        columns,
        primary_key,
        uniques,
        foreign_keys: o.foreign_keys.iter().map(foreign_key_sql).collect(),
        checks: o
            .checks
            .iter()
            .map(|c| CheckSql {
                name: c.name.clone(),
                expr: c.expr.clone(),
            })
            .collect(),
        indexes: o
            .foreign_keys
            .iter()
            .filter_map(|fk| {
                let name = fk.index_name.clone()?;
                d.explicit_foreign_key_indexes().then(|| KeySql {
                    name: Some(name),
                    columns: fk.columns.clone(),
                    deferrable: None,
                    initially: None,
                })
            })
            .collect(),
        comment: match d.comment_style() {
            CommentStyle::Inline => o.comment.clone(),
            _ => None,
        },
        if_not_exists,
    }];
    out.extend(later.into_iter().map(|key| Statement::AddUniqueConstraint {
        table: as_name.clone(),
        key,
    }));
    if d.comment_style() == CommentStyle::Separate {
        if o.comment.is_some() {
            out.push(Statement::CommentOnTable {
                table: as_name.clone(),
                comment: o.comment.clone(),
            });
        }
        out.extend(o.columns.iter().filter(|c| c.comment.is_some()).map(|c| {
            Statement::CommentOnColumn {
                table: as_name.clone(),
                column: c.name.clone(),
                comment: c.comment.as_deref().map(str::to_owned),
            }
        }));
    }
    Ok(out)
}
