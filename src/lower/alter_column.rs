//! Lowering `alter_column`. Where the dialect cannot change the column in
//! place (SQLite), the table is rebuilt; where it restates the whole column
//! (MySQL's `MODIFY COLUMN`, SQL Server's `ALTER COLUMN`), the column is
//! written as the model has it after the change; elsewhere each change is
//! its own statement: rename first (with its enum type), then the type
//! (the default dropped around it, enum types created or dropped as
//! needed, with the user's `using` where given; values appended to a
//! named enum are added in place with `ALTER TYPE ... ADD VALUE`),
//! nullability, default, identity and comment. Starting or stopping
//! generated values is the same change whether it is asked as
//! `autoincrement` or `identity`.

use super::column::{
    column_sql, column_type, create_enum, default_constraint_name, enum_type_name, identity_sql,
    named_enum, require,
};
use super::context::{table_after, LowerCtx, Lowered};
use super::error::{error, LowerError};
use super::rebuild::rebuild;
use crate::diag::span::DocPath;
use crate::dialect::ColumnType;
use crate::dialect::{ColumnFeature, CommentStyle, Dialect, InPlace};
use crate::lower::enum_users::used_elsewhere;
use crate::lower::facts::{AddedEnumValues, Facts};
use crate::lower::statement::{IdentitySql, Statement};
use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::sqltype::SqlType;
use crate::ops::{AlterColumn, ColumnDef, Op};

/// The statements for `alter_column`, given the schema just before it.
pub(super) fn lower(
    ctx: &LowerCtx,
    op: &Op,
    o: &AlterColumn,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    if o.identity.is_some() {
        require(d, ColumnFeature::Identity, &DocPath::root())?;
    }
    if o.using.is_some() {
        require(d, ColumnFeature::AlterUsing, &DocPath::root())?;
    }
    let computed = before
        .table(&o.qual_table())
        .and_then(|t| t.column(&o.column))
        .is_some_and(|c| c.computed.is_some());
    if computed && o.nullable.is_some() {
        require(d, ColumnFeature::AlterComputed, &DocPath::root())?;
    }
    let toggled = generation(o, before);
    let changes =
        o.ty.is_some() || o.nullable.is_some() || changes_default(o, before) || toggled.is_some();
    if changes && !d.in_place(InPlace::AlterColumn) {
        return rebuild(ctx, op, before, &o.qual_table(), InPlace::AlterColumn);
    }
    if toggled.is_some() && !d.alter_autoincrement() {
        return Err(error(
            format!(
                "{} cannot start or stop generating an existing column's values",
                d.name()
            ),
            DocPath::root().key(if o.identity.is_some() {
                "identity"
            } else {
                "autoincrement"
            }),
            "add a new column with the values you want and drop this one",
        ));
    }
    if d.alter_restates_column() {
        modify_column(ctx, o, op, before)
    } else {
        alter_column(o, before, d, ctx.transactional)
    }
}

/// The values `new` appends to the named enum type of `old`, when the
/// dialect can append them in place and `new` is `old` plus values at the
/// end (`None`: the type is swapped, or is no named enum).
fn appended_enum_values(
    d: &dyn Dialect,
    table: &QualName,
    old: &ColumnDef,
    new: &ColumnDef,
) -> Option<(QualName, Vec<String>)> {
    if !d.enum_add_value() {
        return None;
    }
    let (name, was) = named_enum(d, table, old)?;
    let (same, now) = named_enum(d, table, new)?;
    (same == name && now.len() > was.len() && now.starts_with(&was))
        .then(|| (name, now[was.len()..].to_vec()))
}

/// Does `default` write one of `values` (a new enum value)?
fn uses_value(default: &Option<DefaultValue>, values: &[String]) -> bool {
    matches!(default, Some(DefaultValue::Literal(Literal::String(s))) if values.contains(s))
}

/// `alter_column`: rename first (with its enum type), then the type (the
/// default dropped around it, enum types created or dropped as needed),
/// nullability, default and comment, each its own statement.
fn alter_column(
    o: &AlterColumn,
    before: &Schema,
    d: &dyn Dialect,
    transactional: bool,
) -> Result<Lowered, LowerError> {
    let table = o.qual_table();
    let Some(former) = before.table(&table).and_then(|t| t.column(&o.column)) else {
        // The model reports the missing column.
        return Ok(Lowered::default());
    };
    let mut out = Vec::new();
    let mut facts = Facts::default();
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
            // A named type (`name:`) keeps its name.
            if name != new {
                out.push(Statement::RenameEnumType {
                    name,
                    new_name: new.name,
                });
            }
        }
    }
    let column = col.name.clone();
    let path = DocPath::root();
    let mut default_done = false;
    let toggled = generation(o, before);
    // Stopped before a type change (an identity must be an integer),
    // started after it and after the default goes.
    if toggled.as_ref().is_some_and(|g| g.stops) {
        out.push(Statement::AlterColumnIdentity {
            table: table.clone(),
            column: column.clone(),
            generated: false,
            identity: None,
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
        let appended = appended_enum_values(d, &table, &col, &new_col);
        if let Some((name, values)) = appended {
            // Appended values: `ADD VALUE` each, the column untouched.
            if transactional && uses_value(&o.default.clone().flatten(), &values) {
                return Err(error(
                    format!(
                        "the new default is a value this operation adds to enum type `{name}`, which {} refuses to use before the transaction commits",
                        d.name()
                    ),
                    path.clone().key("default"),
                    "set `transactional: false` on this revision (each statement then commits on its own)",
                ));
            }
            out.extend(values.iter().map(|v| Statement::AddEnumValue {
                name: name.clone(),
                value: v.clone(),
            }));
            if transactional {
                facts.enum_values_uncommitted = Some(Box::new(AddedEnumValues { name, values }));
            }
        } else if resolve(&col)? != resolve(&new_col)? {
            // The user's `using` converts to the final type.
            let alter = |from: &ColumnType, ty: ColumnType, last: bool| {
                let using_expr = o.using.as_deref().filter(|_| last);
                Statement::AlterColumnType {
                    table: table.clone(),
                    column: column.clone(),
                    using: d.alter_type_using_cast(from, &ty),
                    using_expr: using_expr.map(|u| u.trim().to_owned()),
                    ty,
                }
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
            // A type other columns use stays (no drop) or exists (no create).
            let this = |q: &QualName, c: &ColumnDef| q == &table && c.name == o.column;
            let elsewhere = |name: &QualName| used_elsewhere(d, before, name, this);
            let drop = enum_type_name(d, &table, &col)
                .filter(|n| !elsewhere(n))
                .map(|name| Statement::DropEnumType { name });
            let create = create_enum(d, &table, &new_col).filter(
                |s| !matches!(s, Statement::CreateEnumType { name, .. } if elsewhere(name)),
            );
            let enum_to_enum = enum_type_name(d, &table, &col).is_some()
                && enum_type_name(d, &table, &new_col).is_some();
            if enum_to_enum {
                // No cast joins two enum types: the column goes through text.
                out.push(alter(&old_ty, text.clone(), false));
                out.extend(drop);
                out.extend(create);
                out.push(alter(&text, new_ty, true));
            } else {
                out.extend(create);
                out.push(alter(&old_ty, new_ty, true));
                out.extend(drop);
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
    if let Some(Generation {
        starts: Some(identity),
        ..
    }) = toggled
    {
        // Past the values the column holds, unless a `start` says where.
        let restart = identity.as_ref().is_none_or(|i| i.start.is_none());
        out.push(Statement::AlterColumnIdentity {
            table: table.clone(),
            column: column.clone(),
            generated: true,
            identity,
        });
        if restart {
            out.push(Statement::RestartIdentity {
                table: table.clone(),
                column: column.clone(),
            });
        }
    }
    if let (Some(c), CommentStyle::Separate) = (&o.comment, d.comment_style()) {
        out.push(Statement::CommentOnColumn {
            table,
            column,
            comment: c.clone(),
        });
    }
    Ok(Lowered {
        statements: out,
        facts,
    })
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

/// A change to how a column's values are generated.
struct Generation {
    /// The column's generation (autoincrement or identity) stops.
    stops: bool,
    /// It starts (again): `Some(None)` for `autoincrement`, else the
    /// identity's options.
    starts: Option<Option<Box<IdentitySql>>>,
}

/// How `o` changes the generation of the column's values, asked as
/// `autoincrement` or `identity`, when it changes it at all.
fn generation(o: &AlterColumn, before: &Schema) -> Option<Generation> {
    let former = before.table(&o.qual_table())?.column(&o.column)?;
    let auto = o.autoincrement.unwrap_or(former.autoincrement);
    let identity = match &o.identity {
        Some(i) => i.as_ref(),
        None => former.identity.as_deref(),
    };
    if auto == former.autoincrement && identity == former.identity.as_deref() {
        return None;
    }
    let generated = auto || identity.is_some();
    Some(Generation {
        stops: former.autoincrement || former.identity.is_some(),
        starts: generated.then(|| identity.map(identity_sql)),
    })
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
        || generation(o, before).is_some()
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
