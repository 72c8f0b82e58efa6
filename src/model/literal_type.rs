//! Literal values checked against the type of the column they go into.
//!
//! A YAML scalar default, or a `bulk_insert` value, is written as a literal
//! of its own kind, and the engine converts it to the column's type. Some
//! conversions go wrong without a word: `default: now()` on a timestamp
//! column is the text `now()`, which PostgreSQL reads once, when the table
//! is made, and keeps as one frozen timestamp (MySQL refuses it); `1.5` in
//! an integer column is rounded; digits past a numeric's scale are rounded
//! away; a zone on a `timestamp` is dropped; fractional seconds a column
//! does not keep are cut. So a literal bound for a date, time, timestamp,
//! uuid, boolean, integer, numeric, floating-point, `char`/`varchar` or
//! json column must be a valid value of that portable type, checked here
//! type by type, and text that reads as SQL (a function call, a keyword
//! such as `CURRENT_TIMESTAMP`) gets a help that shows `{sql: ...}`.
//! Native (per-dialect) types are the user's own business; enum values are
//! the model's (`schema::replay`).
//!
//! The error is [`error`]'s; the written forms (numbers, dates, times,
//! timestamps, uuids) are checked in [`formats`].

use crate::diag::span::DocPath;
use crate::dialect::Dialect;
use crate::model::Schema;
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::sqltype::{DialectType, SqlType, TypeSpec};
use crate::ops::{ColumnDef, Op};
mod error;
mod formats;

pub use error::{LiteralError, Role};
use formats::{date, time, timestamp, uuid, Decimal};
/// Checks every literal `op` writes into a column of a known portable
/// type, given the schema just before it and the dialect being rendered
/// (a type map may name a portable type for it; fractional seconds and
/// zones are kept or not per dialect).
pub fn check_op(op: &Op, before: &Schema, d: &dyn Dialect) -> Result<(), Box<LiteralError>> {
    match op {
        Op::CreateTable(o) => {
            for (i, c) in o.columns.iter().enumerate() {
                default_of(d, c, || {
                    DocPath::root().key("columns").index(i).key("default")
                })?;
            }
        }
        Op::AddColumn(o) => default_of(d, &o.column, || {
            DocPath::root().key("column").key("default")
        })?,
        Op::AlterColumn(o) => {
            let Some(former) = before
                .table(&o.qual_table())
                .and_then(|t| t.column(&o.column))
            else {
                return Ok(());
            };
            // The default the column ends with, under the type it ends with
            // (a type change keeps the former default).
            let default = match &o.default {
                Some(v) => v.as_ref(),
                None if o.ty.is_some() => former.default.as_deref(),
                None => None,
            };
            let blame = if o.default.is_some() {
                "default"
            } else {
                "type"
            };
            if let Some(DefaultValue::Literal(l)) = default {
                let ty = o.ty.as_ref().unwrap_or(&former.ty);
                check(d, ty, o.final_name().as_str(), Role::Default, l, || {
                    DocPath::root().key(blame)
                })?;
            }
        }
        Op::BulkInsert(o) => {
            let Some(t) = before.table(&o.qual_table()) else {
                return Ok(());
            };
            for (i, row) in o.rows.iter().enumerate() {
                for (name, value) in row {
                    if let Some(c) = t.column(name) {
                        let at = || DocPath::root().key("rows").index(i).key(name.as_str());
                        check(d, &c.ty, name.as_str(), Role::Value, value, at)?;
                    }
                }
            }
        }
        // No literal checked against a column type (listed, so a new operation is a compile error here).
        Op::DropTable(_)
        | Op::RenameTable(_)
        | Op::DropColumn(_)
        | Op::CreateIndex(_)
        | Op::DropIndex(_)
        | Op::CreatePrimaryKey(_)
        | Op::CreateUniqueConstraint(_)
        | Op::CreateForeignKey(_)
        | Op::CreateCheckConstraint(_)
        | Op::DropConstraint(_)
        | Op::ValidateConstraint(_)
        | Op::CreateTableComment(_)
        | Op::DropTableComment(_)
        | Op::Execute(_)
        | Op::CreateSequence(_)
        | Op::DropSequence(_)
        | Op::AlterSequence(_) => {}
    }
    Ok(())
}

/// A column definition's literal default.
fn default_of(
    d: &dyn Dialect,
    c: &ColumnDef,
    at: impl FnOnce() -> DocPath,
) -> Result<(), Box<LiteralError>> {
    match c.default.as_deref() {
        Some(DefaultValue::Literal(l)) => check(d, &c.ty, c.name.as_str(), Role::Default, l, at),
        _ => Ok(()),
    }
}

/// Checks `value` against `ty` as it applies to `d`.
pub fn check(
    d: &dyn Dialect,
    ty: &TypeSpec,
    column: &str,
    role: Role,
    value: &Literal,
    at: impl FnOnce() -> DocPath,
) -> Result<(), Box<LiteralError>> {
    let Ok(DialectType::Portable(ty)) = ty.for_dialect(d.map_keys()) else {
        return Ok(());
    };
    let Err(problem) = valid(d, &ty, value) else {
        return Ok(());
    };
    let shown = match value {
        Literal::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    Err(Box::new(match problem {
        Invalid::LooksLikeSql => LiteralError::LooksLikeSql {
            at: at(),
            role,
            column: column.to_owned(),
            ty,
            value: match value {
                Literal::String(s) => s.clone(),
                other => other.to_string(),
            },
        },
        Invalid::Because { why, example } => LiteralError::NotOfType {
            at: at(),
            role,
            column: column.to_owned(),
            ty,
            value: shown,
            why,
            example,
        },
    }))
}

/// Why a value is refused.
enum Invalid {
    LooksLikeSql,
    Because { why: String, example: String },
}

fn because(why: impl Into<String>, example: impl Into<String>) -> Invalid {
    Invalid::Because {
        why: why.into(),
        example: example.into(),
    }
}

/// Keywords and functions that users write for a computed default.
const SQL_WORDS: &[&str] = &[
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "GETDATE",
    "GETUTCDATE",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "NOW",
    "SESSION_USER",
    "SYSDATE",
    "SYSDATETIME",
    "UTC_TIMESTAMP",
];

/// Text that reads as SQL: a function call (`now()`, `gen_random_uuid()`,
/// `uuid_generate_v4()`, `nextval('s')`) or one of [`SQL_WORDS`].
fn looks_like_sql(s: &str) -> bool {
    let t = s.trim();
    if SQL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        return true;
    }
    let Some(open) = t.find('(') else {
        return false;
    };
    let name = t[..open].trim_end();
    t.ends_with(')')
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

fn valid(d: &dyn Dialect, ty: &SqlType, value: &Literal) -> Result<(), Invalid> {
    let text = match value {
        Literal::Null => return Ok(()),
        Literal::String(s) if looks_like_sql(s) && !is_text(ty) => {
            return Err(Invalid::LooksLikeSql)
        }
        Literal::String(s) | Literal::Number(s) => s.as_str(),
        Literal::Bool(_) => "",
    };
    let is_bool = matches!(value, Literal::Bool(_));
    let is_string = matches!(value, Literal::String(_));
    match ty {
        SqlType::Boolean => match value {
            Literal::Bool(_) => Ok(()),
            _ => Err(because(
                "a boolean is `true` or `false` (PostgreSQL refuses a number, MySQL a string)",
                "write `true` or `false`, without quotes",
            )),
        },
        SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => {
            let example = "write a whole number, e.g. `0`";
            if is_bool {
                return Err(because(
                    "a boolean is not a number on every engine",
                    example,
                ));
            }
            let n = Decimal::parse(text).ok_or_else(|| because("it is not a number", example))?;
            if !n.frac.is_empty() {
                return Err(because(
                    "it has a fraction, which the engine would round away",
                    example,
                ));
            }
            let (min, max) = match ty {
                SqlType::SmallInt => (i16::MIN as i128, i16::MAX as i128),
                SqlType::Integer => (i32::MIN as i128, i32::MAX as i128),
                _ => (i64::MIN as i128, i64::MAX as i128),
            };
            match n.to_i128() {
                Some(v) if (min..=max).contains(&v) => Ok(()),
                _ => Err(because(
                    format!("it is outside the type's range ({min} to {max})"),
                    example,
                )),
            }
        }
        SqlType::Numeric { precision, scale } => {
            let example = "write a number within the type's digits, e.g. `0`";
            if is_bool {
                return Err(because(
                    "a boolean is not a number on every engine",
                    example,
                ));
            }
            let n = Decimal::parse(text).ok_or_else(|| because("it is not a number", example))?;
            let Some(p) = precision else {
                return Ok(());
            };
            let s = scale.unwrap_or(0);
            if n.frac.len() > s as usize {
                return Err(because(
                    format!(
                        "it has {} digits after the point and the type keeps {s}: the engine would round it",
                        n.frac.len()
                    ),
                    example,
                ));
            }
            let whole = p.saturating_sub(s) as usize;
            if n.int.len() > whole {
                return Err(because(
                    format!(
                        "it has {} digits before the point and the type holds {whole}",
                        n.int.len()
                    ),
                    example,
                ));
            }
            Ok(())
        }
        SqlType::Real | SqlType::Float | SqlType::Double => {
            let example = "write a number, e.g. `0.5`";
            if is_bool {
                return Err(because(
                    "a boolean is not a number on every engine",
                    example,
                ));
            }
            Decimal::parse(text)
                .map(|_| ())
                .ok_or_else(|| because("it is not a number", example))
        }
        SqlType::Varchar { length: Some(n) } | SqlType::Char { length: Some(n) } => {
            let len = text.chars().count();
            if !is_bool && len > *n as usize {
                return Err(because(
                    format!("it is {len} characters long and the column holds {n}"),
                    format!("shorten it to {n} characters, or widen the column"),
                ));
            }
            Ok(())
        }
        SqlType::Json => {
            let example = "write the JSON document as a string, e.g. `'{\"a\": 1}'` or `'1'`";
            if !is_string {
                return Err(because(
                    "it is not a string (PostgreSQL casts no number or boolean to json)",
                    example,
                ));
            }
            serde_json::from_str::<serde_json::Value>(text)
                .map(|_| ())
                .map_err(|e| because(format!("it is not JSON ({e})"), example))
        }
        SqlType::Date => temporal(
            value,
            || date(text),
            "write a date as `YYYY-MM-DD`, e.g. `2024-01-31`",
        ),
        SqlType::Time => temporal(
            value,
            || time(d, text),
            "write a time as `HH:MM` or `HH:MM:SS`, e.g. `09:30:00`",
        ),
        SqlType::Timestamp => temporal(
            value,
            || timestamp(d, text, false),
            "write `YYYY-MM-DD HH:MM:SS`, e.g. `2024-01-31 09:30:00`",
        ),
        SqlType::TimestampTz => temporal(
            value,
            || timestamp(d, text, true),
            if d.zoned_timestamp_literals() {
                "write `YYYY-MM-DD HH:MM:SS` with an optional zone, e.g. `2024-01-31 09:30:00+00:00`"
            } else {
                "write `YYYY-MM-DD HH:MM:SS` in UTC, e.g. `2024-01-31 09:30:00`"
            },
        ),
        SqlType::Uuid => {
            let example =
                "write a UUID as 36 characters, e.g. `123e4567-e89b-12d3-a456-426614174000`";
            if is_string && uuid(text) {
                Ok(())
            } else {
                Err(because(
                    "a UUID is 32 hexadecimal digits in groups of 8-4-4-4-12",
                    example,
                ))
            }
        }
        SqlType::Varchar { length: None }
        | SqlType::Char { length: None }
        | SqlType::Text
        | SqlType::Interval
        | SqlType::Binary
        | SqlType::Enum { .. } => Ok(()),
    }
}

/// Text types take any text, SQL-looking or not.
fn is_text(ty: &SqlType) -> bool {
    matches!(
        ty,
        SqlType::Varchar { .. }
            | SqlType::Char { .. }
            | SqlType::Text
            | SqlType::Interval
            | SqlType::Binary
            | SqlType::Enum { .. }
            | SqlType::Json
    )
}

/// A date, time or timestamp: a string whose form `ok` checks.
fn temporal(
    value: &Literal,
    ok: impl FnOnce() -> Result<(), String>,
    example: &str,
) -> Result<(), Invalid> {
    if !matches!(value, Literal::String(_)) {
        return Err(because("it is not a string", example));
    }
    ok().map_err(|why| because(why, example))
}

#[cfg(test)]
mod tests;
