//! Lowering: one operation, the schema before it and a dialect in, the
//! statements that carry it out.
//!
//! This is the only code that decides how many statements an operation
//! becomes and in what order: a PostgreSQL enum column gets its named type
//! created first and dropped after its table; comments become `COMMENT ON`
//! statements or stay inline; SQL Server drops a column's named default
//! first; and where SQLite's `ALTER TABLE` cannot make a change in place, the
//! table is rebuilt from the model (create the new table, copy the rows, drop,
//! rename, recreate its indexes, check foreign keys). It resolves per-dialect
//! types and SQL; spelling is left to the templates.

pub mod facts;
pub mod statement;

mod add_column;
mod drop_column;

use crate::diag::span::DocPath;
use crate::dialect::{CommentStyle, Dialect, EnumStyle, Guard, InPlace};
use crate::lower::facts::{Facts, Rebuilt, WidenedIndex, CONCURRENTLY_IN_TRANSACTION};
use crate::lower::statement::{CheckSql, ColumnSql, ColumnType, ForeignKeySql, KeySql, Statement};
use crate::model::{Constraint, Preview, Schema, Table};
use crate::ops::ident::{Ident, QualName};
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::sqltype::{DialectType, SqlType};
use crate::ops::{
    AlterColumn, BulkInsert, ColumnDef, CreateIndex, CreateTable, FkAction, IndexColumn, Op,
    SqlText,
};
use std::borrow::Cow;
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
    /// The table the operation leaves, when the caller has previewed it
    /// ([`preview`]); without it, lowering applies the operation to a copy
    /// of the whole schema when it needs that table.
    pub preview: Option<&'a Preview>,
}

/// Previews `op` on `schema` (see [`Schema::preview`]) when lowering it for
/// `d` needs the table it leaves: a new table or constraint where every
/// constraint name is written, a restated column, a rebuilt table.
pub fn preview(op: &Op, schema: &mut Schema, d: &dyn Dialect) -> Option<Preview> {
    let rebuilds = || InPlace::ALL.iter().any(|c| !d.in_place(*c));
    let wanted = match op {
        Op::CreateTable(_)
        | Op::CreatePrimaryKey(_)
        | Op::CreateUniqueConstraint(_)
        | Op::CreateForeignKey(_)
        | Op::CreateCheckConstraint(_) => d.explicit_constraint_names() || rebuilds(),
        Op::AlterColumn(_) => d.alter_restates_column() || rebuilds(),
        Op::AddColumn(o) => {
            (d.explicit_constraint_names() && add_column::declares_keys(o)) || rebuilds()
        }
        Op::DropColumn(_) | Op::DropConstraint(_) => rebuilds(),
        _ => false,
    };
    if wanted {
        schema.preview(op)
    } else {
        None
    }
}

/// The table `op` leaves (`table`, the one it changes): the caller's
/// preview, or else worked out on a copy of the whole schema. `None` if the
/// operation fails (the replay reports it).
fn table_after<'c>(
    ctx: &LowerCtx<'c>,
    op: &Op,
    before: &Schema,
    table: &QualName,
) -> Option<Cow<'c, Table>> {
    if let Some(p) = ctx.preview.filter(|p| &p.table == table) {
        return p.after.as_ref().map(Cow::Borrowed);
    }
    let mut after = before.clone();
    after.apply(op).ok()?;
    after.table(table).cloned().map(Cow::Owned)
}

/// The statements for one operation, and what lowering decided that the
/// lint rules report.
#[derive(Debug, Default)]
pub struct Lowered {
    pub statements: Vec<Statement>,
    pub facts: Facts,
}

impl From<Vec<Statement>> for Lowered {
    fn from(statements: Vec<Statement>) -> Self {
        Lowered {
            statements,
            ..Lowered::default()
        }
    }
}

fn error(message: String, at: DocPath, help: &str) -> LowerError {
    LowerError {
        message,
        at,
        help: Some(help.to_owned()),
    }
}

fn guard(d: &dyn Dialect, wanted: bool, g: Guard, form: &str) -> Result<bool, LowerError> {
    if wanted && !d.has_guard(g) {
        let key = if form.contains("NOT") {
            "if_not_exists"
        } else {
            "if_exists"
        };
        return Err(error(
            format!("{} has no `{form}`", d.name()),
            DocPath::root().key(key),
            "remove it: the schema model already knows whether the object exists",
        ));
    }
    Ok(wanted)
}

/// The table whose constraints `op` adds or drops, if it does.
fn constraint_change(op: &Op) -> Option<QualName> {
    match op {
        Op::CreatePrimaryKey(o) => Some(o.qual_table()),
        Op::CreateUniqueConstraint(o) => Some(o.qual_table()),
        Op::CreateForeignKey(o) => Some(o.qual_table()),
        Op::CreateCheckConstraint(o) => Some(o.qual_table()),
        Op::DropConstraint(o) => Some(o.qual_table()),
        _ => None,
    }
}

/// The statements for `op`, given the schema just before it.
pub fn lower(op: &Op, before: &Schema, ctx: &LowerCtx) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    if let Some(table) = constraint_change(op) {
        if !d.in_place(InPlace::ChangeConstraint) {
            return rebuild(ctx, op, before, &table, InPlace::ChangeConstraint);
        }
    }
    // A constraint's name as written, or the one the model gives it where
    // the dialect must write every name.
    let named = |name: &Option<Ident>, table: &QualName| {
        name.clone()
            .or_else(|| model_constraint_name(ctx, op, before, table))
    };
    match op {
        Op::CreateTable(o) => {
            let if_not_exists = guard(
                d,
                o.if_not_exists,
                Guard::CreateTableIfNotExists,
                "CREATE TABLE IF NOT EXISTS",
            )?;
            // Where the engine's own constraint names cannot be predicted,
            // the table is written from the model, where each has its name.
            let after = if d.explicit_constraint_names() && before.table(&o.qual_name()).is_none() {
                table_after(ctx, op, before, &o.qual_name())
            } else {
                None
            };
            let def = after.as_ref().map_or(&**o, |t| &t.def);
            let mut out = enum_types_for(d, &o.qual_name(), &def.columns);
            out.extend(create_table(d, def, &o.qual_name(), if_not_exists)?);
            Ok(out.into())
        }
        Op::DropTable(o) => {
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
                out.extend(
                    t.def
                        .columns
                        .iter()
                        .filter_map(|c| enum_type_name(d, &table, c))
                        .map(|name| Statement::DropEnumType { name }),
                );
            }
            Ok(out.into())
        }
        Op::AddColumn(o) => add_column::lower(ctx, op, o, before),
        Op::DropColumn(o) => drop_column::lower(ctx, op, o, before),
        Op::CreateIndex(o) => create_index(d, o, ctx.transactional),
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
                if_exists: guard(
                    d,
                    o.if_exists,
                    Guard::DropIndexIfExists,
                    "DROP INDEX IF EXISTS",
                )?,
            }]
            .into())
        }
        Op::Execute(o) => Ok(vec![Statement::Raw {
            sql: sql_for(d, &o.sql, DocPath::root().key("sql"))?,
            validate: o.validate,
        }]
        .into()),
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
            Ok(out.into())
        }
        Op::AlterColumn(o)
            if (o.ty.is_some()
                || o.nullable.is_some()
                || changes_default(o, before)
                || toggled_autoincrement(o, before).is_some())
                && !d.in_place(InPlace::AlterColumn) =>
        {
            rebuild(ctx, op, before, &o.qual_table(), InPlace::AlterColumn)
        }
        Op::AlterColumn(o)
            if toggled_autoincrement(o, before).is_some() && !d.alter_autoincrement() =>
        {
            Err(error(
                format!(
                    "{} cannot start or stop generating an existing column's values",
                    d.name()
                ),
                DocPath::root().key("autoincrement"),
                "add a new column with the values you want and drop this one",
            ))
        }
        Op::AlterColumn(o) if d.alter_restates_column() => modify_column(ctx, o, op, before),
        Op::AlterColumn(o) => alter_column(o, before, d).map(Lowered::from),
        Op::CreatePrimaryKey(o) => Ok(vec![Statement::AddPrimaryKey {
            table: o.qual_table(),
            key: KeySql {
                name: named(&o.name, &o.qual_table()),
                columns: o.columns.clone(),
            },
        }]
        .into()),
        Op::CreateUniqueConstraint(o) => Ok(vec![Statement::AddUniqueConstraint {
            table: o.qual_table(),
            key: KeySql {
                name: named(&o.name, &o.qual_table()),
                columns: o.columns.clone(),
            },
        }]
        .into()),
        Op::CreateForeignKey(o) => {
            let mut fk = foreign_key_sql(&o.def());
            fk.name = named(&fk.name, &o.qual_table());
            let mut out = Vec::new();
            if let (Some(index), true) = (&o.index_name, d.explicit_foreign_key_indexes()) {
                out.push(foreign_key_index(index, &o.qual_table(), &o.columns));
            }
            out.push(Statement::AddForeignKey {
                table: o.qual_table(),
                fk,
                not_valid: o.not_valid && d.defers_constraint_validation(),
            });
            Ok(out.into())
        }
        Op::CreateCheckConstraint(o) => Ok(vec![Statement::AddCheckConstraint {
            table: o.qual_table(),
            check: CheckSql {
                name: named(&o.name, &o.qual_table()),
                expr: o.expr.clone(),
            },
            not_valid: o.not_valid && d.defers_constraint_validation(),
        }]
        .into()),
        // Where constraints are checked as they are added, nothing is left.
        Op::ValidateConstraint(_) if !d.defers_constraint_validation() => Ok(Lowered::default()),
        Op::ValidateConstraint(o) => Ok(vec![Statement::ValidateConstraint {
            table: o.qual_table(),
            name: o.name.clone(),
        }]
        .into()),
        Op::DropConstraint(o) => {
            let table = o.qual_table();
            let c = before.table(&table).and_then(|t| t.constraint(&o.name));
            let mut out = vec![Statement::DropConstraint {
                table: table.clone(),
                name: o.name.clone(),
                constraint: c.as_ref().map(|c| c.kind().name()),
            }];
            out.extend(c.and_then(|c| drop_foreign_key_index(d, &c, &table)));
            Ok(out.into())
        }
        // SQLite keeps no comments: they stay in the YAML and the model.
        Op::CreateTableComment(_) | Op::DropTableComment(_)
            if d.comment_style() == CommentStyle::Unsupported =>
        {
            Ok(Lowered::default())
        }
        Op::CreateTableComment(o) => Ok(vec![Statement::CommentOnTable {
            table: o.qual_table(),
            comment: Some(o.comment.clone()),
        }]
        .into()),
        Op::DropTableComment(o) => Ok(vec![Statement::CommentOnTable {
            table: o.qual_table(),
            comment: None,
        }]
        .into()),
        Op::BulkInsert(o) => Ok(bulk_insert(o, before).into()),
    }
}

/// `CREATE INDEX`, with what the dialect cannot do refused or explained.
fn create_index(
    d: &dyn Dialect,
    o: &CreateIndex,
    transactional: bool,
) -> Result<Lowered, LowerError> {
    if o.concurrently && d.concurrent_index() && transactional {
        return Err(concurrently_error());
    }
    let mut facts = Facts::default();
    if let Some(i) = o
        .columns
        .iter()
        .position(|c| matches!(c, IndexColumn::Expr(_)))
    {
        if !d.expression_indexes() {
            return Err(error(
                format!("{} cannot index an expression", d.name()),
                DocPath::root().key("columns").index(i),
                "index a column instead (e.g. a generated column holding the expression)",
            ));
        }
    }
    let mut where_clause = o.where_clause.clone();
    if where_clause.is_some() && !d.partial_indexes() {
        if o.unique {
            return Err(error(
                format!("{} has no partial indexes, and a unique index over every row would refuse rows the partial one allows", d.name()),
                DocPath::root().key("where"),
                "drop `where`, or make the index non-unique",
            ));
        }
        facts.widened_index = where_clause.take().map(|w| WidenedIndex {
            name: o.name.clone(),
            where_clause: w,
        });
    }
    if o.concurrently && !d.concurrent_index() {
        facts.index_not_concurrent = Some(o.name.clone());
    }
    Ok(Lowered {
        statements: vec![Statement::CreateIndex {
            name: o.name.clone(),
            table: o.qual_table(),
            columns: o.columns.clone(),
            unique: o.unique,
            where_clause,
            concurrently: o.concurrently && d.concurrent_index(),
            if_not_exists: guard(
                d,
                o.if_not_exists,
                Guard::CreateIndexIfNotExists,
                "CREATE INDEX IF NOT EXISTS",
            )?,
        }],
        facts,
    })
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
    let toggled = toggled_autoincrement(o, before);
    // Stopped before a type change (an identity must be an integer),
    // started after it and after the default goes.
    if toggled == Some(false) {
        out.push(Statement::AlterColumnIdentity {
            table: table.clone(),
            column: column.clone(),
            generated: false,
        });
    }
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
            let alter = |from: &ColumnType, ty: ColumnType| Statement::AlterColumnType {
                table: table.clone(),
                column: column.clone(),
                using: d.alter_type_using_cast(from, &ty),
                ty,
            };
            let final_default = match &o.default {
                Some(v) => v.clone(),
                None => col.default.as_deref().cloned(),
            };
            if col.default.is_some() {
                out.push(Statement::AlterColumnDefault {
                    table: table.clone(),
                    column: column.clone(),
                    default: None,
                });
            }
            let old_ty = column_type(d, &table, &col, path.clone())?;
            let new_ty = column_type(d, &table, &new_col, path.clone())?;
            let text = ColumnType::Portable(SqlType::Text);
            match (
                enum_type_name(d, &table, &col),
                create_enum(d, &table, &new_col),
            ) {
                (Some(old), Some(create)) => {
                    out.push(alter(&old_ty, text.clone()));
                    out.push(Statement::DropEnumType { name: old });
                    out.push(create);
                    out.push(alter(&text, new_ty));
                }
                (Some(old), None) => {
                    out.push(alter(&old_ty, new_ty));
                    out.push(Statement::DropEnumType { name: old });
                }
                (None, Some(create)) => {
                    out.push(create);
                    out.push(alter(&old_ty, new_ty));
                }
                (None, None) => out.push(alter(&old_ty, new_ty)),
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
    // `default: null` on a column without one changes nothing (and an
    // identity column refuses DROP DEFAULT).
    if let (Some(v), false) = (&o.default, default_done) {
        if v.is_some() || col.default.is_some() {
            out.push(Statement::AlterColumnDefault {
                table: table.clone(),
                column: column.clone(),
                default: v.clone(),
            });
        }
    }
    if toggled == Some(true) {
        out.push(Statement::AlterColumnIdentity {
            table: table.clone(),
            column: column.clone(),
            generated: true,
        });
        out.push(Statement::RestartIdentity {
            table: table.clone(),
            column: column.clone(),
        });
    }
    if let (Some(c), CommentStyle::Separate) = (&o.comment, d.comment_style()) {
        out.push(Statement::CommentOnColumn {
            table,
            column,
            comment: c.clone(),
        });
    }
    Ok(out)
}

/// Does `o` set a default, or drop one the column has? (`default: null` on
/// a column without one changes nothing.)
fn changes_default(o: &AlterColumn, before: &Schema) -> bool {
    match &o.default {
        None => false,
        Some(Some(_)) => true,
        Some(None) => before
            .table(&o.qual_table())
            .and_then(|t| t.column(&o.column))
            .is_none_or(|c| c.default.is_some()),
    }
}

/// The autoincrement `o` asks for, when it differs from the column's now.
fn toggled_autoincrement(o: &AlterColumn, before: &Schema) -> Option<bool> {
    let former = before.table(&o.qual_table())?.column(&o.column)?;
    o.autoincrement.filter(|a| *a != former.autoincrement)
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
    error(
        format!(
            "`concurrently: true` cannot run inside a transaction block [{}]",
            CONCURRENTLY_IN_TRANSACTION
        ),
        DocPath::root().key("concurrently"),
        "set `transactional: false` on this revision (PostgreSQL refuses CONCURRENTLY in a transaction)",
    )
}

/// The user's SQL for this dialect, without its final `;` and blank space.
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
    Ok(crate::model::fragment::execute::body(d, sql))
}

/// Which in-place limit adding this column would hit, if any.
fn add_column_change(d: &dyn Dialect, c: &ColumnDef) -> Option<InPlace> {
    let literal_default =
        matches!(c.default.as_deref(), Some(DefaultValue::Literal(l)) if *l != Literal::Null);
    let changes = [
        (c.primary_key, InPlace::AddPrimaryKeyColumn),
        (c.unique, InPlace::AddUniqueColumn),
        (
            c.nullable == Some(false) && !literal_default,
            InPlace::AddNotNullWithoutDefault,
        ),
        (
            matches!(c.default.as_deref(), Some(DefaultValue::Sql(_))),
            InPlace::AddExpressionDefault,
        ),
        (
            c.references.is_some() && literal_default,
            InPlace::AddReferenceWithDefault,
        ),
    ];
    changes
        .into_iter()
        .find(|(applies, change)| *applies && !d.in_place(*change))
        .map(|(_, change)| change)
}

/// The name the model gives the constraint `op` adds to `table` (for
/// dialects that must write every name).
fn model_constraint_name(
    ctx: &LowerCtx,
    op: &Op,
    before: &Schema,
    table: &QualName,
) -> Option<Ident> {
    if !ctx.dialect.explicit_constraint_names() {
        return None;
    }
    let old: Vec<Ident> = before
        .table(table)?
        .constraints()
        .iter()
        .filter_map(|c| c.name().cloned())
        .collect();
    let after = table_after(ctx, op, before, table)?;
    let new = after
        .constraints()
        .iter()
        .filter_map(|c| c.name().cloned())
        .find(|n| !old.contains(n));
    new
}

/// `alter_column` where the dialect restates the whole column (MySQL's
/// `MODIFY COLUMN`, SQL Server's `ALTER COLUMN <type> [NOT] NULL`): a rename
/// first, then the column as the model has it after the change. Where
/// defaults are named constraints, the old one is dropped before and the
/// new one added after (SQL Server also refuses a type change while a
/// default depends on the column); where comments are separate, the old
/// one is dropped before the new one is written.
fn modify_column(
    ctx: &LowerCtx,
    o: &AlterColumn,
    op: &Op,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    let table = o.qual_table();
    // `None` if the operation fails: the replay reports what is wrong.
    let after = table_after(ctx, op, before, &table);
    let former = before.table(&table).and_then(|t| t.column(&o.column));
    let name = o.new_name.clone().unwrap_or_else(|| o.column.clone());
    let (Some(former), Some(column)) = (former, after.as_ref().and_then(|t| t.column(&name)))
    else {
        return Ok(Lowered::default());
    };
    let mut out = Vec::new();
    let named_defaults = d.named_default_constraints();
    let default_moves = named_defaults && (o.default.is_some() || o.ty.is_some());
    if default_moves {
        if let Some(old) = default_constraint_name(d, &table, former) {
            out.push(Statement::DropDefaultConstraint {
                table: table.clone(),
                name: old,
            });
        }
    }
    if let Some(n) = &o.new_name {
        out.push(Statement::RenameColumn {
            table: table.clone(),
            column: o.column.clone(),
            new_name: n.clone(),
        });
    }
    let style = d.comment_style();
    let restate = o.ty.is_some()
        || toggled_autoincrement(o, before).is_some()
        || o.nullable.is_some()
        || (changes_default(o, before) && !named_defaults)
        || (o.comment.is_some() && style == CommentStyle::Inline);
    if restate {
        let mut col = column_sql(d, &table, column, DocPath::root())?;
        // The key and its index stay as they are; only the column changes.
        col.unique = false;
        col.references = None;
        col.references_index = None;
        out.push(Statement::ModifyColumn {
            table: table.clone(),
            column: col,
        });
    }
    if default_moves {
        if let (Some(name), Some(default)) = (
            default_constraint_name(d, &table, column),
            column.default.as_deref(),
        ) {
            out.push(Statement::AddDefaultConstraint {
                table: table.clone(),
                name,
                column: column.name.clone(),
                default: default.clone(),
            });
        }
    }
    if let (Some(new), CommentStyle::Separate) = (&o.comment, style) {
        if former.comment.is_some() {
            out.push(Statement::CommentOnColumn {
                table: table.clone(),
                column: column.name.clone(),
                comment: None,
            });
        }
        if new.is_some() {
            out.push(Statement::CommentOnColumn {
                table,
                column: column.name.clone(),
                comment: new.clone(),
            });
        }
    }
    Ok(out.into())
}

/// Rebuilds `table` with `op` applied: new table, copy the rows, drop the
/// old one, rename, recreate the indexes, check foreign keys. Both
/// definitions come from the model.
fn rebuild(
    ctx: &LowerCtx,
    op: &Op,
    before: &Schema,
    table: &QualName,
    change: InPlace,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    // A missing table or column is the replay's error to report, with its
    // own message; there is nothing to rebuild then.
    let (Some(old), Some(new)) = (before.table(table), table_after(ctx, op, before, table)) else {
        return Ok(Lowered::default());
    };
    let temp =
        Ident::new(&format!("_gen_rebuild_{}", table.name)).map_err(|message| LowerError {
            message,
            at: DocPath::root(),
            help: None,
        })?;
    let temp = QualName::new(table.schema.clone(), temp);
    let mut def = new.def.clone();
    def.if_not_exists = false;
    // A check naming `table.column` names the new table while it is built.
    for ck in &mut def.checks {
        ck.expr = crate::model::fragment::columns::rename_table(
            d,
            &ck.expr,
            table.name.as_str(),
            temp.name.as_str(),
        );
    }
    let mut statements = create_table(d, &def, &temp, false)?;
    statements.push(Statement::CopyRows {
        from: table.clone(),
        to: temp.clone(),
        columns: new
            .def
            .columns
            .iter()
            .filter(|c| old.column(&c.name).is_some())
            .map(|c| c.name.clone())
            .collect(),
    });
    statements.push(Statement::DropTable {
        table: table.clone(),
        if_exists: false,
    });
    statements.push(Statement::RenameTable {
        table: temp,
        new_name: table.name.clone(),
    });
    for index in new.indexes.values() {
        let mut index = index.clone();
        index.if_not_exists = false;
        index.concurrently = false;
        statements.extend(create_index(d, &index, false)?.statements);
    }
    statements.push(Statement::ForeignKeyCheck {
        table: table.clone(),
    });
    Ok(Lowered {
        statements,
        facts: Facts {
            rebuilt: Some(Rebuilt {
                table: table.clone(),
                because: change,
            }),
            ..Facts::default()
        },
    })
}

/// The named enum type of a column, when the dialect uses named types.
fn enum_type_name(d: &dyn Dialect, table: &QualName, c: &ColumnDef) -> Option<QualName> {
    named_enum(d, table, c).map(|(name, _)| name)
}

/// The named enum type of a column and its values, when the dialect uses
/// named types: the values of the enum the column's type is *for this
/// dialect*, a type map's entry included.
fn named_enum(d: &dyn Dialect, table: &QualName, c: &ColumnDef) -> Option<(QualName, Vec<String>)> {
    match (d.enum_style(), c.ty.for_dialect(d.map_keys())) {
        (EnumStyle::NamedType, Ok(DialectType::Portable(SqlType::Enum { values }))) => {
            let name = format!("{}_{}_enum", table.name, c.name);
            Ident::new(&name)
                .ok()
                .map(|n| (QualName::new(table.schema.clone(), n), values))
        }
        _ => None,
    }
}

/// `CREATE TYPE` for an enum column's named type.
fn create_enum(d: &dyn Dialect, table: &QualName, c: &ColumnDef) -> Option<Statement> {
    named_enum(d, table, c).map(|(name, values)| Statement::CreateEnumType { name, values })
}

/// `CREATE TYPE` statements for the enum columns among `columns`.
fn enum_types_for(d: &dyn Dialect, table: &QualName, columns: &[ColumnDef]) -> Vec<Statement> {
    columns
        .iter()
        .filter_map(|c| create_enum(d, table, c))
        .collect()
}

/// `CREATE INDEX` for the index MySQL keeps under a foreign key.
fn foreign_key_index(name: &Ident, table: &QualName, columns: &[Ident]) -> Statement {
    Statement::CreateIndex {
        name: name.clone(),
        table: table.clone(),
        columns: columns.iter().cloned().map(IndexColumn::Column).collect(),
        unique: false,
        where_clause: None,
        concurrently: false,
        if_not_exists: false,
    }
}

/// `DROP INDEX` for the index a dropped foreign key `c` kept (MySQL), which
/// would otherwise stay behind, or shrink with a dropped column.
fn drop_foreign_key_index(d: &dyn Dialect, c: &Constraint, table: &QualName) -> Option<Statement> {
    match c {
        Constraint::ForeignKey(fk) if d.explicit_foreign_key_indexes() => {
            Some(Statement::DropIndex {
                name: fk.index_name.clone()?,
                schema: table.schema.clone(),
                table: Some(table.clone()),
                concurrently: false,
                if_exists: false,
            })
        }
        _ => None,
    }
}

/// The name of a column's default constraint (`df_<table>_<column>`).
fn default_constraint_name(d: &dyn Dialect, table: &QualName, c: &ColumnDef) -> Option<Ident> {
    if !d.named_default_constraints() || c.default.is_none() {
        return None;
    }
    Ident::new(&format!("df_{}_{}", table.name, c.name)).ok()
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
            None if c.autoincrement && d.autoincrement_inline_pk() => {
                // SQLite: only `INTEGER PRIMARY KEY` aliases the rowid.
                ColumnType::Portable(SqlType::Integer)
            }
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
        default: c.default.as_deref().cloned(),
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
        comment: match d.comment_style() {
            CommentStyle::Inline => c.comment.as_deref().map(str::to_owned),
            _ => None,
        },
        default_name: default_constraint_name(d, table, c),
        inline_primary_key: false,
        primary_key: false,
        primary_key_name: None,
        unique_name: None,
        // The model names it (see `add_column`).
        references_index: None,
    })
}

/// `CREATE TABLE` (named `as_name`, which differs from the definition's
/// name during a rebuild) and its separate comment statements.
fn create_table(
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
        }),
        None if !inline_pk.is_empty() => Some(KeySql {
            name: None,
            columns: inline_pk,
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
