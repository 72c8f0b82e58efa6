//! A column as statements carry it: its type for the dialect (a named
//! enum type on PostgreSQL, `INTEGER` for SQLite's rowid alias), its
//! inline comment, the name of its default constraint (SQL Server), and
//! the `CREATE TYPE` / named type of an enum column, and its rarer options
//! (identity, generated, collation) where the dialect has them. Shared by
//! the table, column and rebuild lowerings.

use crate::diag::span::DocPath;
use crate::dialect::ColumnType;
use crate::dialect::{ColumnFeature, CommentStyle, Dialect, EnumStyle};
use crate::lower::error::{error, LowerError};
use crate::lower::statement::{ColumnSql, ComputedSql, ForeignKeySql, IdentitySql, Statement};
use crate::ops::ident::{Ident, QualName};
use crate::ops::sqltype::{DialectType, SqlType};
use crate::ops::{ColumnDef, FkAction, Identity};

/// The named enum type of a column, when the dialect uses named types.
pub(super) fn enum_type_name(d: &dyn Dialect, table: &QualName, c: &ColumnDef) -> Option<QualName> {
    named_enum(d, table, c).map(|(name, _)| name)
}

/// The named enum type of a column and its values, when the dialect uses
/// named types: the values of the enum the column's type is *for this
/// dialect*, a type map's entry included.
pub(super) fn named_enum(
    d: &dyn Dialect,
    table: &QualName,
    c: &ColumnDef,
) -> Option<(QualName, Vec<String>)> {
    match (d.enum_style(), c.ty.for_dialect(d.map_keys())) {
        (EnumStyle::NamedType, Ok(DialectType::Portable(SqlType::Enum { values }))) => {
            match c.ty.enum_name() {
                Some(n) => Some(n.clone()),
                None => d.enum_type_name(&table.name, &c.name),
            }
            .map(|n| (QualName::new(table.schema.clone(), n), values))
        }
        _ => None,
    }
}

/// `CREATE TYPE` for an enum column's named type.
pub(super) fn create_enum(d: &dyn Dialect, table: &QualName, c: &ColumnDef) -> Option<Statement> {
    named_enum(d, table, c).map(|(name, values)| Statement::CreateEnumType { name, values })
}

/// The name of a column's default constraint, where defaults are named
/// constraints (SQL Server) and the column has one.
pub(super) fn default_constraint_name(
    d: &dyn Dialect,
    table: &QualName,
    c: &ColumnDef,
) -> Option<Ident> {
    if !d.named_default_constraints() || c.default.is_none() {
        return None;
    }
    d.default_constraint_name(&table.name, &c.name)
}

pub(super) fn column_type(
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

/// `feature`, or an error naming the dialect at `at` + the feature's key.
pub(super) fn require(
    d: &dyn Dialect,
    feature: ColumnFeature,
    at: &DocPath,
) -> Result<(), LowerError> {
    if d.column_feature(feature) {
        return Ok(());
    }
    let path = feature.key().iter().fold(at.clone(), |p, k| p.key(*k));
    Err(error(feature.refusal(d.name()), path, feature.help()))
}

/// An identity's options as statements carry them.
pub(super) fn identity_sql(i: &Identity) -> Box<IdentitySql> {
    Box::new(IdentitySql {
        always: i.always,
        start: i.start,
        increment: i.increment,
    })
}

/// A column's rarer options as a statement writes them.
struct Options {
    identity: Option<Box<IdentitySql>>,
    computed: Option<Box<ComputedSql>>,
    collation: Option<String>,
}

/// The identity, generated expression and collation of `c`, each asked of
/// the dialect.
fn options(d: &dyn Dialect, c: &ColumnDef, at: &DocPath) -> Result<Options, LowerError> {
    let identity = match &c.identity {
        Some(i) => {
            require(d, ColumnFeature::Identity, at)?;
            Some(identity_sql(i))
        }
        None => None,
    };
    let computed = match &c.computed {
        Some(g) => {
            if !g.stored {
                require(d, ColumnFeature::VirtualComputed, at)?;
            }
            if c.nullable == Some(false) {
                require(d, ColumnFeature::ComputedNotNull, at)?;
            }
            if c.collation.is_some() {
                require(d, ColumnFeature::ComputedCollation, at)?;
            }
            Some(Box::new(ComputedSql {
                sql: g.sql.trim().to_owned(),
                stored: g.stored,
            }))
        }
        None => None,
    };
    let collation = match c.collation.as_deref().and_then(|c| c.for_dialect(d.map_keys())) {
        Some(name) => Some(d.collation_name(name).ok_or_else(|| {
            error(
                format!("{} has no collation named `{name}`", d.name()),
                at.clone().key("collation"),
                "a collation's name here is letters, digits and `_` (such as `Latin1_General_CI_AS`)",
            )
        })?),
        None => None,
    };
    Ok(Options {
        identity,
        computed,
        collation,
    })
}

pub(super) fn column_sql(
    d: &dyn Dialect,
    table: &QualName,
    c: &ColumnDef,
    at: DocPath,
) -> Result<ColumnSql, LowerError> {
    let Options {
        identity,
        computed,
        collation,
    } = options(d, c, &at)?;
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
        identity,
        computed,
        collation,
    })
}
