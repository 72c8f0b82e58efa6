//! Type narrowing: whether changing a column from one portable type to
//! another can lose data (values cut, rounded, or refused), and why.
//!
//! `generate` turns each answer into a data-loss warning on stderr and a
//! `-- WARNING:` comment above the statement. Only portable types are
//! judged; a per-dialect type map is the user's own business.

use crate::sqltype::SqlType;

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

/// Why going from `from` to `to` can lose data, if it can.
pub fn narrowing(from: &SqlType, to: &SqlType) -> Option<String> {
    if from == to {
        return None;
    }
    if matches!(to, SqlType::Boolean) {
        return Some("every value becomes true or false".to_owned());
    }
    if let (Some(a), Some(b)) = (int_rank(from), int_rank(to)) {
        return (b < a).then(|| "values out of the smaller range make it fail".to_owned());
    }
    if let (Some(a), Some(b)) = (float_rank(from), float_rank(to)) {
        return (b < a).then(|| "values lose precision".to_owned());
    }
    if (float_rank(from).is_some() || matches!(from, SqlType::Numeric { .. }))
        && int_rank(to).is_some()
    {
        return Some("fractions are rounded away".to_owned());
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
            assert!(narrowing(&t(from), &t(to)).is_some(), "{from} -> {to}");
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
            assert!(narrowing(&t(from), &t(to)).is_none(), "{from} -> {to}");
        }
    }
}
