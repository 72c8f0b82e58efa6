//! Type narrowing: whether changing a column from one portable type to
//! another can lose data (values rounded, or the change refused), and what
//! the dialect's engine really does with a value that does not fit.
//!
//! `generate` turns each answer into a data-loss warning on stderr and a
//! `-- WARNING:` comment above the statement. Only portable types are
//! judged; a per-dialect type map is the user's own business. No engine
//! cuts a value silently: PostgreSQL's `ALTER ... TYPE` has no `USING`
//! where an assignment cast exists ([`Dialect::alter_type_using_cast`]),
//! MySQL runs in strict mode (the script's prologue), SQL Server refuses
//! ("String or binary data would be truncated"); SQLite enforces no
//! declared type, so there the warning says that every value is kept.

use crate::dialect::{Dialect, EnumStyle};
use crate::ops::sqltype::SqlType;

fn int_rank(t: &SqlType) -> Option<u8> {
    match t {
        SqlType::SmallInt => Some(1),
        SqlType::Integer => Some(2),
        SqlType::BigInt => Some(3),
        _ => None,
    }
}

fn float_rank(t: &SqlType) -> Option<u8> {
    match t {
        SqlType::Real => Some(1),
        SqlType::Float | SqlType::Double => Some(2),
        _ => None,
    }
}

/// The most characters a text type holds (`None`: unbounded); not text: no answer.
fn text_len(t: &SqlType) -> Option<Option<u32>> {
    match t {
        SqlType::Text | SqlType::Json => Some(None),
        SqlType::Varchar { length } => Some(*length),
        SqlType::Char { length } => Some(Some(length.unwrap_or(1))),
        _ => None,
    }
}

/// Why going from `from` to `to` on `d`'s engine can lose data or leave
/// values that do not fit the new type, if it can.
pub fn narrowing(d: &dyn Dialect, from: &SqlType, to: &SqlType) -> Option<String> {
    if from == to {
        return None;
    }
    if let (SqlType::Enum { values: a }, SqlType::Enum { values: b }) = (from, to) {
        if d.enum_style() == EnumStyle::Varchar {
            return text_enum(d, a, b);
        }
    }
    let why = portable_narrowing(from, to)?;
    let named_enum = matches!(from, SqlType::Enum { .. }) && matches!(to, SqlType::Enum { .. });
    if !named_enum && d.type_sql(from) == d.type_sql(to) {
        // The engine stores both alike: nothing changes (an enum of another
        // style is its own type, whatever `type_sql` falls back to).
        return None;
    }
    if !d.enforces_declared_types() {
        return Some(
            "the engine does not enforce the declared type, so every value is kept as it is, even one that does not fit".to_owned(),
        );
    }
    Some(why)
}

/// An enum stored as text (no check of its values): rows keep a value
/// that is gone from the list; one longer than the new width fails where
/// lengths are enforced.
fn text_enum(d: &dyn Dialect, a: &[String], b: &[String]) -> Option<String> {
    let gone: Vec<&String> = a.iter().filter(|v| !b.contains(v)).collect();
    if gone.is_empty() {
        return None;
    }
    let list = |vs: &[&String]| {
        vs.iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let width = crate::dialect::enum_width(b);
    let (long, kept): (Vec<&String>, Vec<&String>) = gone
        .iter()
        .partition(|v| d.enforces_declared_types() && v.chars().count() > width);
    let mut why = Vec::new();
    if !kept.is_empty() {
        why.push(format!(
            "rows holding {} keep it (the enum is text here, its values are not checked)",
            list(&kept)
        ));
    }
    if !long.is_empty() {
        why.push(format!(
            "rows holding {} make it fail (longer than {width} characters)",
            list(&long)
        ));
    }
    Some(why.join("; "))
}

/// What narrowing from `from` to `to` does on an engine that holds a
/// column to its declared type.
fn portable_narrowing(from: &SqlType, to: &SqlType) -> Option<String> {
    if matches!(to, SqlType::Boolean) {
        return Some("every value becomes true or false".to_owned());
    }
    if let (Some(a), Some(b)) = (int_rank(from), int_rank(to)) {
        return (b < a).then(|| "values out of the smaller range make it fail".to_owned());
    }
    if let (Some(a), Some(b)) = (float_rank(from), float_rank(to)) {
        return (b < a).then(|| {
            "values lose precision, and those out of the smaller range make it fail".to_owned()
        });
    }
    if (float_rank(from).is_some() || matches!(from, SqlType::Numeric { .. }))
        && int_rank(to).is_some()
    {
        return Some("fractions are lost, and values out of its range make it fail".to_owned());
    }
    if matches!(from, SqlType::Numeric { .. }) && float_rank(to).is_some() {
        return Some("exact decimals become approximate".to_owned());
    }
    if let (
        SqlType::Numeric {
            precision: p1,
            scale: s1,
        },
        SqlType::Numeric {
            precision: p2,
            scale: s2,
        },
    ) = (from, to)
    {
        let (s1, s2) = (s1.unwrap_or(0), s2.unwrap_or(0));
        let fewer_digits = match (p1, p2) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b - s2.min(*b) < a - s1.min(*a),
            _ => false,
        };
        return match (
            fewer_digits,
            s2 < s1 || (p1.is_none() && p2.is_some() && s2 == 0),
        ) {
            (true, _) => Some("values with more digits make it fail".to_owned()),
            (false, true) => Some("decimals are rounded to fewer places".to_owned()),
            _ => None,
        };
    }
    if let (Some(a), Some(Some(b))) = (text_len(from), text_len(to)) {
        return match a {
            Some(a) if a <= b => None,
            _ => Some(format!("text longer than {b} characters makes it fail")),
        };
    }
    match (from, to) {
        (SqlType::TimestampTz, SqlType::Timestamp) => Some("the time zone is lost".to_owned()),
        (SqlType::Timestamp | SqlType::TimestampTz, SqlType::Date) => {
            Some("the time of day is lost".to_owned())
        }
        (SqlType::Timestamp | SqlType::TimestampTz, SqlType::Time) => {
            Some("the date is lost".to_owned())
        }
        (SqlType::Enum { values: a }, SqlType::Enum { values: b }) => {
            let gone: Vec<&str> = a
                .iter()
                .filter(|v| !b.contains(v))
                .map(String::as_str)
                .collect();
            (!gone.is_empty()).then(|| {
                format!(
                    "rows holding {} make it fail",
                    gone.iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{MsSql, MySql, PostgreSql, Sqlite};

    fn t(s: &str) -> SqlType {
        SqlType::parse(s).unwrap()
    }

    #[test]
    fn narrowing_is_recognised() {
        for (from, to) in [
            ("varchar(200)", "varchar(50)"),
            ("text", "varchar(10)"),
            ("varchar(10)", "char(5)"),
            ("numeric(10,2)", "numeric(8,2)"),
            ("numeric(10,4)", "numeric(10,2)"),
            ("numeric", "numeric(10,2)"),
            ("numeric(10,2)", "integer"),
            ("bigint", "integer"),
            ("integer", "smallint"),
            ("double", "real"),
            ("real", "integer"),
            ("text", "boolean"),
            ("integer", "boolean"),
            ("timestamptz", "timestamp"),
            ("timestamp", "date"),
            ("enum(a,b,c)", "enum(a,b)"),
        ] {
            assert!(
                narrowing(&PostgreSql, &t(from), &t(to)).is_some(),
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn widening_is_not() {
        for (from, to) in [
            ("varchar(50)", "varchar(200)"),
            ("varchar(50)", "text"),
            ("char(5)", "varchar(10)"),
            ("numeric(8,2)", "numeric(10,2)"),
            ("numeric(10,2)", "numeric(12,4)"),
            ("smallint", "bigint"),
            ("real", "double"),
            ("integer", "numeric(12,2)"),
            ("timestamp", "timestamptz"),
            ("enum(a,b)", "enum(a,b,c)"),
            ("boolean", "boolean"),
        ] {
            for d in crate::dialect::all() {
                assert!(narrowing(&*d, &t(from), &t(to)).is_none(), "{from} -> {to}");
            }
        }
    }

    fn says(d: &dyn Dialect, from: &str, to: &str) -> String {
        narrowing(d, &t(from), &t(to)).unwrap_or_default()
    }

    /// The warning says what the engine does with a value that does not fit.
    #[test]
    fn each_engine_is_described_as_it_behaves() {
        for d in [&PostgreSql as &dyn Dialect, &MySql, &MsSql] {
            assert_eq!(
                says(d, "varchar(200)", "varchar(50)"),
                "text longer than 50 characters makes it fail",
                "{}",
                d.name()
            );
        }
        // SQLite keeps 180 characters in a VARCHAR(50).
        assert!(says(&Sqlite, "varchar(200)", "varchar(50)").contains("every value is kept"));
        assert!(says(&Sqlite, "bigint", "integer").contains("every value is kept"));
        // An enum stored as text keeps a value gone from its list; SQL
        // Server refuses one longer than the new width.
        let from = "enum(new,old,archived)";
        assert_eq!(
            says(&MsSql, from, "enum(old,archived)"),
            "rows holding `new` keep it (the enum is text here, its values are not checked)"
        );
        assert_eq!(
            says(&MsSql, from, "enum(new,old)"),
            "rows holding `archived` make it fail (longer than 3 characters)"
        );
        assert!(says(&Sqlite, from, "enum(new,old)").contains("`archived` keep it"));
        assert_eq!(
            says(&MySql, from, "enum(new,old)"),
            "rows holding `archived` make it fail"
        );
        // MySQL stores both as DATETIME: nothing changes.
        assert_eq!(narrowing(&MySql, &t("timestamptz"), &t("timestamp")), None);
        assert!(narrowing(&PostgreSql, &t("timestamptz"), &t("timestamp")).is_some());
    }
}
