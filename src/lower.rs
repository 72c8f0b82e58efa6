//! Lowering: one operation, the schema before it and a dialect in, the
//! statements that carry it out.
//!
//! This is the only code that decides how many statements an operation
//! becomes and in what order: a PostgreSQL enum column gets its named type
//! created first and dropped after its table; comments become `COMMENT ON`
//! statements where the dialect keeps them apart. It resolves per-dialect
//! types and SQL; spelling is left to the templates.

use crate::dialect::{Dialect, EnumStyle};
use crate::ident::{Ident, QualName};
use crate::ops::{ColumnDef, CreateTable, FkAction, Op, SqlText};
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
        nullable: c.nullable.unwrap_or(!c.primary_key) && !c.primary_key,
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
    out.push(Statement::CreateTable {
        table: table.clone(),
        columns,
        primary_key,
        uniques: o
            .unique
            .iter()
            .map(|u| KeySql {
                name: u.name.clone(),
                columns: u.columns.clone(),
            })
            .collect(),
        foreign_keys: o
            .foreign_keys
            .iter()
            .map(|fk| ForeignKeySql {
                name: fk.name.clone(),
                columns: fk.columns.clone(),
                ref_table: QualName::new(fk.references.schema.clone(), fk.references.table.clone()),
                ref_columns: fk.references.columns.clone(),
                on_delete: FkAction::keyword(fk.on_delete),
                on_update: FkAction::keyword(fk.on_update),
            })
            .collect(),
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
