//! Lowering: one operation, the schema before it and a dialect in, the
//! statements that carry it out.
//!
//! This is the only code that decides how many statements an operation
//! becomes and in what order: a PostgreSQL enum column gets its named type
//! created first and dropped after its table; comments become `COMMENT ON`
//! statements where the dialect keeps them apart; renaming a table or a
//! column renames its enum types with it; changing a column's type drops
//! and restores its default around the change and swaps enum types;
//! `bulk_insert` rows become one `INSERT` per run of rows with the same
//! columns. It resolves per-dialect types and SQL; spelling is left to the
//! templates.

use crate::dialect::{Dialect, EnumStyle};
use crate::ident::{Ident, QualName};
use crate::literal::Literal;
use crate::ops::{AlterColumn, BulkInsert, ColumnDef, CreateTable, FkAction, Op, SqlText};
use crate::schema::Schema;
use crate::span::DocPath;
use crate::sqltype::{DialectType, SqlType};
use crate::statement::{CheckSql, ColumnSql, ColumnType, ForeignKeySql, KeySql, Statement};
use std::fmt;

/// Why an operation cannot be lowered for this dialect.
#[derive(Debug, Clone, PartialEq)]
pub struct LowerError {
    pub message: String,
    /// Path inside the operation's arguments.
    pub at: DocPath,
    pub help: Option<String>,
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What lowering needs besides the operation and the schema.
pub struct LowerCtx<'a> {
    pub dialect: &'a dyn Dialect,
    /// Does the revision run inside a transaction block?
    pub transactional: bool,
}

/// The statements for `op`, given the schema just before it.
pub fn lower(op: &Op, before: &Schema, ctx: &LowerCtx) -> Result<Vec<Statement>, LowerError> {
    let d = ctx.dialect;
    match op {
        Op::CreateTable(o) => create_table(o, ctx),
        Op::DropTable(o) => {
            let table = o.qual_name();
            let mut out = vec![Statement::DropTable {
                table: table.clone(),
                if_exists: o.if_exists,
            }];
            if let Some(t) = before.table(&table) {
                out.extend(
                    t.def
                        .columns
                        .iter()
                        .filter_map(|c| enum_type_name(d, &table, c))
                        .map(|name| Statement::DropEnumType { name }),
                );
            }
            Ok(out)
        }
        Op::AddColumn(o) => {
            let table = o.qual_table();
            let path = DocPath::root().key("column");
            let mut out = Vec::new();
            if let Some(name) = enum_type_name(d, &table, &o.column) {
                out.push(create_enum(name, &o.column));
            }
            out.push(Statement::AddColumn {
                table: table.clone(),
                column: column_sql(d, &table, &o.column, path)?,
            });
            if d.separate_comments() && o.column.comment.is_some() {
                out.push(Statement::CommentOnColumn {
                    table,
                    column: o.column.name.clone(),
                    comment: o.column.comment.clone(),
                });
            }
            Ok(out)
        }
        Op::DropColumn(o) => {
            let table = o.qual_table();
            let mut out = vec![Statement::DropColumn {
                table: table.clone(),
                column: o.column.clone(),
            }];
            if let Some(c) = before.table(&table).and_then(|t| t.column(&o.column)) {
                if let Some(name) = enum_type_name(d, &table, c) {
                    out.push(Statement::DropEnumType { name });
                }
            }
            Ok(out)
        }
        Op::CreateIndex(o) => {
            if o.concurrently && d.concurrent_index() && ctx.transactional {
                return Err(concurrently_error());
            }
            Ok(vec![Statement::CreateIndex {
                name: o.name.clone(),
                table: o.qual_table(),
                columns: o.columns.clone(),
                unique: o.unique,
                where_clause: o.where_clause.clone(),
                concurrently: o.concurrently && d.concurrent_index(),
                if_not_exists: o.if_not_exists,
            }])
        }
        Op::DropIndex(o) => {
            if o.concurrently && d.concurrent_index() && ctx.transactional {
                return Err(concurrently_error());
            }
            let owner = match &o.table {
                Some(t) => Some(QualName::new(o.schema.clone(), t.clone())),
                None => before.index_owner(&o.schema, &o.name).cloned(),
            };
            if owner.is_none() && d.drop_index_needs_table() {
                return Err(LowerError {
                    message: format!("cannot tell which table index `{}` is on", o.name),
                    at: DocPath::root().key("table"),
                    help: Some("add `table:` to the operation".to_owned()),
                });
            }
            Ok(vec![Statement::DropIndex {
                name: o.name.clone(),
                schema: o.schema.clone(),
                table: owner,
                concurrently: o.concurrently && d.concurrent_index(),
                if_exists: o.if_exists,
            }])
        }
        Op::Execute(o) => Ok(vec![Statement::Raw {
            sql: sql_for(d, &o.sql, DocPath::root().key("sql"))?,
            validate: o.validate,
        }]),
        Op::RenameTable(o) => {
            let table = o.qual_name();
            let mut out = vec![Statement::RenameTable {
                table: table.clone(),
                new_name: o.new_name.clone(),
            }];
            if let Some(t) = before.table(&table) {
                for c in &t.def.columns {
                    let old = enum_type_name(d, &table, c);
                    let new = enum_type_name(d, &o.new_qual_name(), c);
                    if let (Some(name), Some(new)) = (old, new) {
                        out.push(Statement::RenameEnumType {
                            name,
                            new_name: new.name,
                        });
                    }
                }
            }
            Ok(out)
        }
        Op::AlterColumn(o) => alter_column(o, before, d),
        Op::CreatePrimaryKey(o) => Ok(vec![Statement::AddPrimaryKey {
            table: o.qual_table(),
            key: KeySql {
                name: o.name.clone(),
                columns: o.columns.clone(),
            },
        }]),
        Op::CreateUniqueConstraint(o) => Ok(vec![Statement::AddUniqueConstraint {
            table: o.qual_table(),
            key: KeySql {
                name: o.name.clone(),
                columns: o.columns.clone(),
            },
        }]),
        Op::CreateForeignKey(o) => Ok(vec![Statement::AddForeignKey {
            table: o.qual_table(),
            fk: foreign_key_sql(&o.def()),
        }]),
        Op::CreateCheckConstraint(o) => Ok(vec![Statement::AddCheckConstraint {
            table: o.qual_table(),
            check: CheckSql {
                name: o.name.clone(),
                expr: o.expr.clone(),
            },
        }]),
        Op::DropConstraint(o) => Ok(vec![Statement::DropConstraint {
            table: o.qual_table(),
            name: o.name.clone(),
        }]),
        Op::CreateTableComment(o) => Ok(vec![Statement::CommentOnTable {
            table: o.qual_table(),
            comment: Some(o.comment.clone()),
        }]),
        Op::DropTableComment(o) => Ok(vec![Statement::CommentOnTable {
            table: o.qual_table(),
            comment: None,
        }]),
        Op::BulkInsert(o) => Ok(bulk_insert(o, before)),
    }
}

/// `alter_column`: rename first (with its enum type), then the type (the
/// default dropped around it, enum types created or dropped as needed),
/// nullability, default and comment, each its own statement.
fn alter_column(
    o: &AlterColumn,
    before: &Schema,
    d: &dyn Dialect,
) -> Result<Vec<Statement>, LowerError> {
    let table = o.qual_table();
    let Some(former) = before.table(&table).and_then(|t| t.column(&o.column)) else {
        // The model reports the missing column.
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut col = former.clone();
    if let Some(n) = &o.new_name {
        out.push(Statement::RenameColumn {
            table: table.clone(),
            column: o.column.clone(),
            new_name: n.clone(),
        });
        let old_enum = enum_type_name(d, &table, &col);
        col.name = n.clone();
        if let (Some(name), Some(new)) = (old_enum, enum_type_name(d, &table, &col)) {
            out.push(Statement::RenameEnumType {
                name,
                new_name: new.name,
            });
        }
    }
    let column = col.name.clone();
    let path = DocPath::root();
    let mut default_done = false;
    if let Some(ty) = &o.ty {
        let mut new_col = col.clone();
        new_col.ty = ty.clone();
        let resolve = |c: &ColumnDef| {
            c.ty.for_dialect(d.map_keys())
                .map_err(|message| LowerError {
                    message,
                    at: path.clone().key("type"),
                    help: Some(format!(
                        "add a `{}:` or `default:` entry to the type map",
                        d.name()
                    )),
                })
        };
        if resolve(&col)? != resolve(&new_col)? {
            let using = d.alter_type_using_cast();
            let alter = |ty: ColumnType| Statement::AlterColumnType {
                table: table.clone(),
                column: column.clone(),
                ty,
                using,
            };
            let final_default = match &o.default {
                Some(v) => v.clone(),
                None => col.default.clone(),
            };
            if col.default.is_some() {
                out.push(Statement::AlterColumnDefault {
                    table: table.clone(),
                    column: column.clone(),
                    default: None,
                });
            }
            let new_ty = column_type(d, &table, &new_col, path.clone())?;
            match (
                enum_type_name(d, &table, &col),
                enum_type_name(d, &table, &new_col),
            ) {
                (Some(old), Some(new)) => {
                    out.push(alter(ColumnType::Portable(SqlType::Text)));
                    out.push(Statement::DropEnumType { name: old });
                    out.push(create_enum(new, &new_col));
                    out.push(alter(new_ty));
                }
                (Some(old), None) => {
                    out.push(alter(new_ty));
                    out.push(Statement::DropEnumType { name: old });
                }
                (None, Some(new)) => {
                    out.push(create_enum(new, &new_col));
                    out.push(alter(new_ty));
                }
                (None, None) => out.push(alter(new_ty)),
            }
            if let Some(v) = final_default {
                out.push(Statement::AlterColumnDefault {
                    table: table.clone(),
                    column: column.clone(),
                    default: Some(v),
                });
            }
            default_done = true;
        }
    }
    if let Some(n) = o.nullable {
        out.push(Statement::AlterColumnNullable {
            table: table.clone(),
            column: column.clone(),
            nullable: n,
        });
    }
    if let (Some(v), false) = (&o.default, default_done) {
        out.push(Statement::AlterColumnDefault {
            table: table.clone(),
            column: column.clone(),
            default: v.clone(),
        });
    }
    if let Some(c) = &o.comment {
        out.push(Statement::CommentOnColumn {
            table,
            column,
            comment: c.clone(),
        });
    }
    Ok(out)
}

/// One `INSERT` per run of consecutive rows with the same columns, the
/// columns in table order.
fn bulk_insert(o: &BulkInsert, before: &Schema) -> Vec<Statement> {
    let table = o.qual_table();
    let order: Vec<Ident> = before
        .table(&table)
        .map(|t| t.def.columns.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    let mut out: Vec<Statement> = Vec::new();
    for row in &o.rows {
        let mut columns: Vec<Ident> = order
            .iter()
            .filter(|c| row.contains_key(*c))
            .cloned()
            .collect();
        columns.extend(row.keys().filter(|k| !order.contains(k)).cloned());
        let values: Vec<Literal> = columns
            .iter()
            .map(|c| row.get(c).cloned().unwrap_or(Literal::Null))
            .collect();
        match out.last_mut() {
            Some(Statement::Insert {
                columns: cols,
                rows,
                ..
            }) if *cols == columns => rows.push(values),
            _ => out.push(Statement::Insert {
                table: table.clone(),
                columns,
                rows: vec![values],
            }),
        }
    }
    out
}

fn foreign_key_sql(fk: &crate::ops::ForeignKeyDef) -> ForeignKeySql {
    ForeignKeySql {
        name: fk.name.clone(),
        columns: fk.columns.clone(),
        ref_table: fk.references.qual_table(),
        ref_columns: fk.references.columns.clone(),
        on_delete: FkAction::keyword(fk.on_delete),
        on_update: FkAction::keyword(fk.on_update),
        deferrable: fk.deferrable,
        initially: fk.initially.map(crate::ops::Initially::sql),
    }
}

fn concurrently_error() -> LowerError {
    LowerError {
        message: "`concurrently: true` cannot run inside a transaction block".to_owned(),
        at: DocPath::root().key("concurrently"),
        help: Some(
            "set `transactional: false` on this revision (PostgreSQL refuses CONCURRENTLY in a transaction)"
                .to_owned(),
        ),
    }
}

/// The user's SQL for this dialect, without trailing `;` and blank space.
pub fn sql_for(d: &dyn Dialect, text: &SqlText, at: DocPath) -> Result<String, LowerError> {
    let Some(sql) = text.for_dialect(d.map_keys()) else {
        return Err(LowerError {
            message: format!(
                "no SQL for {}: the map names {} and has no `default`",
                d.name(),
                text.keys()
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            at,
            help: Some(format!("add a `{}:` or `default:` entry", d.name())),
        });
    };
    Ok(sql.trim().trim_end_matches(';').trim_end().to_owned())
}

/// The named enum type of a column, when the dialect uses named types.
fn enum_type_name(d: &dyn Dialect, table: &QualName, c: &ColumnDef) -> Option<QualName> {
    match (d.enum_style(), c.ty.for_dialect(d.map_keys())) {
        (EnumStyle::NamedType, Ok(DialectType::Portable(SqlType::Enum { .. }))) => {
            let name = format!("{}_{}_enum", table.name, c.name);
            Ident::new(&name)
                .ok()
                .map(|n| QualName::new(table.schema.clone(), n))
        }
        _ => None,
    }
}

fn create_enum(name: QualName, c: &ColumnDef) -> Statement {
    let values = match c.ty.portable() {
        Some(SqlType::Enum { values }) => values.clone(),
        _ => Vec::new(),
    };
    Statement::CreateEnumType { name, values }
}

fn column_type(
    d: &dyn Dialect,
    table: &QualName,
    c: &ColumnDef,
    at: DocPath,
) -> Result<ColumnType, LowerError> {
    let ty =
        c.ty.for_dialect(d.map_keys())
            .map_err(|message| LowerError {
                message,
                at: at.clone().key("type"),
                help: Some(format!(
                    "add a `{}:` or `default:` entry to the type map",
                    d.name()
                )),
            })?;
    Ok(match ty {
        DialectType::Native(n) => ColumnType::Native(n),
        DialectType::Portable(p) => match enum_type_name(d, table, c) {
            Some(q) => ColumnType::Named {
                schema: q.schema.map(String::from),
                name: q.name.to_string(),
            },
            None => ColumnType::Portable(p),
        },
    })
}

fn column_sql(
    d: &dyn Dialect,
    table: &QualName,
    c: &ColumnDef,
    at: DocPath,
) -> Result<ColumnSql, LowerError> {
    Ok(ColumnSql {
        name: c.name.clone(),
        ty: column_type(d, table, c, at)?,
        nullable: c.is_nullable(),
        default: c.default.clone(),
        autoincrement: c.autoincrement,
        unique: c.unique,
        references: c.references.as_ref().map(|r| ForeignKeySql {
            name: None,
            columns: vec![c.name.clone()],
            ref_table: QualName::new(r.schema.clone(), r.table.clone()),
            ref_columns: vec![r.column.clone()],
            on_delete: FkAction::keyword(r.on_delete),
            on_update: FkAction::keyword(r.on_update),
            deferrable: None,
            initially: None,
        }),
    })
}

fn create_table(o: &CreateTable, ctx: &LowerCtx) -> Result<Vec<Statement>, LowerError> {
    let d = ctx.dialect;
    let table = o.qual_name();
    let mut out: Vec<Statement> = o
        .columns
        .iter()
        .filter_map(|c| enum_type_name(d, &table, c).map(|n| create_enum(n, c)))
        .collect();
    let columns = o
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
    let primary_key = match &o.primary_key {
        Some(pk) => Some(KeySql {
            name: pk.name.clone(),
            columns: pk.columns.clone(),
        }),
        None if !inline_pk.is_empty() => Some(KeySql {
            name: None,
            columns: inline_pk,
        }),
        None => None,
    };
    let mut columns = columns;
    let mut uniques: Vec<KeySql> = o
        .unique
        .iter()
        .map(|u| KeySql {
            name: u.name.clone(),
            columns: u.columns.clone(),
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
    out.push(Statement::CreateTable {
        table: table.clone(),
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
        if_not_exists: o.if_not_exists,
    });
    out.extend(later.into_iter().map(|key| Statement::AddUniqueConstraint {
        table: table.clone(),
        key,
    }));
    if d.separate_comments() {
        if o.comment.is_some() {
            out.push(Statement::CommentOnTable {
                table: table.clone(),
                comment: o.comment.clone(),
            });
        }
        out.extend(o.columns.iter().filter(|c| c.comment.is_some()).map(|c| {
            Statement::CommentOnColumn {
                table: table.clone(),
                column: c.name.clone(),
                comment: c.comment.clone(),
            }
        }));
    }
    Ok(out)
}
