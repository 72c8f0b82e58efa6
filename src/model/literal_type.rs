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

use crate::diag::span::DocPath;
use crate::dialect::Dialect;
use crate::model::Schema;
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::sqltype::{DialectType, SqlType, TypeSpec};
use crate::ops::{ColumnDef, Op};
use std::fmt;

/// Where a literal goes: a column's default or an inserted row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Default,
    Value,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Default => "default",
            Role::Value => "value",
        })
    }
}

/// A literal that is not a value of its column's type.
#[derive(Debug, Clone, PartialEq)]
pub enum LiteralError {
    /// Not a valid value of the type (`why` says what is wrong, `example`
    /// what a valid one looks like).
    NotOfType {
        at: DocPath,
        role: Role,
        column: String,
        ty: SqlType,
        value: String,
        why: String,
        example: String,
    },
    /// Text that reads as SQL: it would be stored as the text itself.
    LooksLikeSql {
        at: DocPath,
        role: Role,
        column: String,
        ty: SqlType,
        value: String,
    },
}

impl LiteralError {
    /// Where, inside the operation's arguments.
    pub fn at(&self) -> &DocPath {
        match self {
            LiteralError::NotOfType { at, .. } | LiteralError::LooksLikeSql { at, .. } => at,
        }
    }

    /// What would be valid.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            LiteralError::NotOfType { example, .. } => example.clone(),
            LiteralError::LooksLikeSql {
                role: Role::Default,
                value,
                ..
            } => format!(
                "to have the database compute it, write it as SQL: `default: {{sql: {}}}`",
                value.trim()
            ),
            LiteralError::LooksLikeSql { .. } => {
                "`bulk_insert` takes literal values only; compute the value with an `execute` instead"
                    .to_owned()
            }
        })
    }
}

impl fmt::Display for LiteralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LiteralError::NotOfType {
                role,
                column,
                ty,
                value,
                why,
                ..
            } => write!(
                f,
                "the {role} {value} of `{column}` is not a valid `{ty}`: {why}"
            ),
            LiteralError::LooksLikeSql {
                role,
                column,
                ty,
                value,
                ..
            } => write!(
                f,
                "the {role} {value:?} of `{column}` ({ty}) is the text {value:?}, not SQL: a YAML string is always written as a string literal"
            ),
        }
    }
}

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
        _ => {}
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

/// A number as written: its digits before and after the point (exponent
/// applied, leading and trailing zeros dropped).
#[derive(Debug, PartialEq)]
struct Decimal {
    negative: bool,
    int: String,
    frac: String,
}

impl Decimal {
    fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].parse::<i32>().ok()?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return None;
        }
        // Move the point by the exponent (bounded: a huge exponent is out
        // of every type's range anyway).
        let exp = exp.clamp(-400, 400);
        let mut all = format!("{int}{frac}");
        let mut point = int.len() as i64 + i64::from(exp);
        if point < 0 {
            all = "0".repeat(point.unsigned_abs() as usize) + &all;
            point = 0;
        }
        let point = point as usize;
        if point > all.len() {
            all.push_str(&"0".repeat(point - all.len()));
        }
        let (i, f) = all.split_at(point);
        Some(Decimal {
            negative,
            int: i.trim_start_matches('0').to_owned(),
            frac: f.trim_end_matches('0').to_owned(),
        })
    }

    fn to_i128(&self) -> Option<i128> {
        if self.int.len() > 30 {
            return None;
        }
        let v: i128 = if self.int.is_empty() {
            0
        } else {
            self.int.parse().ok()?
        };
        Some(if self.negative { -v } else { v })
    }
}

fn two(s: &str) -> Option<u32> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`, a real day.
fn date(s: &str) -> Result<(), String> {
    let bad = || format!("{s:?} is not of the form YYYY-MM-DD");
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(dd), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: u32 = y.parse().map_err(|_| bad())?;
    let (Some(month), Some(day)) = (two(m), two(dd)) else {
        return Err(bad());
    };
    if year == 0 {
        return Err("there is no year 0".to_owned());
    }
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!("{y}-{m} has {days} days"));
    }
    Ok(())
}

/// `HH:MM[:SS[.fraction]]`, with no more fractional digits than `d` keeps.
fn time(d: &dyn Dialect, s: &str) -> Result<(), String> {
    let bad = || format!("{s:?} is not of the form HH:MM or HH:MM:SS");
    let (hms, frac) = s.split_once('.').unwrap_or((s, ""));
    let parts: Vec<&str> = hms.split(':').collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| two(p)).collect();
    let Some(nums) = nums.filter(|n| (2..=3).contains(&n.len())) else {
        return Err(bad());
    };
    if nums.len() == 2 && s.contains('.') {
        return Err(bad());
    }
    if nums[0] > 23 || nums[1] > 59 || nums.get(2).is_some_and(|s| *s > 59) {
        return Err(format!("{s:?} is not a time of day (00:00:00 to 23:59:59)"));
    }
    if s.contains('.') && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let keep = d.fractional_second_digits();
    let given = frac.trim_end_matches('0').len();
    if given > keep as usize {
        return Err(match keep {
            0 => format!(
                "{} keeps whole seconds here: `.{frac}` would be dropped without a word",
                d.name()
            ),
            n => format!(
                "{} keeps {n} fractional digits: the rest of `.{frac}` would be dropped without a word",
                d.name()
            ),
        });
    }
    Ok(())
}

/// `YYYY-MM-DD` alone, or with a time after a space or `T`; a zone (`Z`,
/// `+HH`, `+HH:MM`, `+HHMM`) only where `zoned`, and where `d` keeps one.
fn timestamp(d: &dyn Dialect, s: &str, zoned: bool) -> Result<(), String> {
    let (day, rest) = match s.find([' ', 'T', 't']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    date(day)?;
    let Some(rest) = rest else {
        return Ok(());
    };
    let zone_at = rest
        .char_indices()
        .find(|(i, c)| matches!(c, 'Z' | 'z') || (*i > 0 && matches!(c, '+' | '-')))
        .map(|(i, _)| i);
    let (clock, zone) = match zone_at {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    time(d, clock)?;
    let Some(zone) = zone else {
        return Ok(());
    };
    if !zoned {
        return Err(format!(
            "a `timestamp` keeps no time zone, so the engine would drop `{zone}` without a word (a column that keeps the zone is `timestamptz`)"
        ));
    }
    let offset = zone.strip_prefix(['+', '-']);
    let form_ok = zone.eq_ignore_ascii_case("z")
        || offset.is_some_and(|o| {
            let digits: String = o.chars().filter(|c| *c != ':').collect();
            let hh_mm = o.len() == 5 && o.as_bytes()[2] == b':';
            (digits.len() == 2 || digits.len() == 4)
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (o.len() == digits.len() || hh_mm)
        });
    if !form_ok {
        return Err(format!(
            "`{zone}` is not a zone offset such as `Z` or `+02:00`"
        ));
    }
    if !d.zoned_timestamp_literals() {
        return Err(format!(
            "{} stores a `timestamptz` as a DATETIME, which keeps no zone and refuses `{zone}`",
            d.name()
        ));
    }
    Ok(())
}

/// `8-4-4-4-12` hexadecimal digits.
fn uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests;
