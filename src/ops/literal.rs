//! Literal values from YAML (defaults, bulk rows) and raw SQL expressions.
//!
//! A YAML scalar is a [`Literal`]: strings are quoted by the dialect, numbers
//! and booleans are rendered per dialect. `{sql: "now()"}` is a
//! [`DefaultValue::Sql`], written into the script as is. A number keeps the
//! text it was written with (the loader hands it over as written, see
//! [`crate::ops::raw`]), so `99999999999999999.99` stays exactly that and output
//! never depends on float formatting; only the spellings SQL does not share
//! are rewritten: `0x1F`, `0o17` and `0b101` become their exact decimal, a
//! leading `+` or leading zeros are dropped, and `.5` / `5.` get their zero.
//! `.inf` and `.nan` are refused: no column stores them.

use crate::ops::raw::{self, RawVisitor, Written};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A literal value. Reads from any YAML scalar; serializes tagged
/// (`{kind, value}`) so templates can tell a number from a string.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Literal {
    Null,
    Bool(bool),
    /// An integer or decimal number, as text (`42`, `-1`, `3.5`).
    Number(String),
    String(String),
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Null => f.write_str("null"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Number(n) => f.write_str(n),
            Literal::String(s) => write!(f, "{s:?}"),
        }
    }
}

/// A column default: a literal or a raw SQL expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DefaultValue {
    Literal(Literal),
    Sql(String),
}

impl fmt::Display for DefaultValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultValue::Literal(l) => l.fmt(f),
            DefaultValue::Sql(s) => write!(f, "{{sql: {s}}}"),
        }
    }
}

fn float_text(v: f64) -> Result<String, String> {
    if v.is_finite() {
        Ok(format!("{v}"))
    } else {
        Err(format!("`{v}` is not a number a database can store"))
    }
}

impl Literal {
    /// A scalar as written: quoted is text; plain is what the loader
    /// resolved it to, a number keeping its text.
    pub(crate) fn from_scalar(text: &str, written: Written) -> Result<Literal, String> {
        Ok(match written {
            Written::Quoted | Written::Text => Literal::String(text.to_owned()),
            Written::Null => Literal::Null,
            Written::Bool(b) => Literal::Bool(b),
            Written::Int => Literal::Number(integer_text(text)),
            Written::Float => Literal::Number(decimal_text(text)),
            Written::NotFinite => {
                return Err(format!(
                    "`{text}` is not a number a database can store; write '{text}' in quotes for the text"
                ))
            }
        })
    }
}

/// A YAML integer (an optional sign, then decimal digits or `0x`, `0o` or
/// `0b` and digits of that base, fitting 128 bits: the loader checked it)
/// as its exact decimal: `-0x1F` is `-31`, `+42` is `42`, `-0` is `0`.
fn integer_text(text: &str) -> String {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, digits) = match body.get(..2) {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ => (10, body),
    };
    match u128::from_str_radix(digits, radix) {
        Ok(0) => "0".to_owned(),
        Ok(magnitude) if negative => format!("-{magnitude}"),
        Ok(magnitude) => magnitude.to_string(),
        // Not an integer the loader resolved: keep the text.
        Err(_) => text.to_owned(),
    }
}

/// A finite YAML float as an SQL numeric literal with the same digits:
/// `[-]digits[.digits][e[-]digits]`. The text is one `f64` accepts (the
/// resolution checked it), so it is a sign, digits with at most one `.`,
/// and an optional exponent.
fn decimal_text(text: &str) -> String {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => unsigned.split_at(at),
        None => (unsigned, ""),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let whole = whole.trim_start_matches('0');
    let mut out = String::with_capacity(text.len() + 2);
    if negative {
        out.push('-');
    }
    out.push_str(if whole.is_empty() { "0" } else { whole });
    match fraction {
        Some("") => out.push_str(".0"),
        Some(f) => {
            out.push('.');
            out.push_str(f);
        }
        None => {}
    }
    out.push_str(exponent);
    out
}

struct LiteralVisitor;

impl<'de> Visitor<'de> for LiteralVisitor {
    type Value = Literal;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar: a string, a number, a boolean or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Literal, E> {
        Ok(Literal::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Literal, E> {
        Ok(Literal::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Literal, E> {
        Ok(Literal::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Literal, E> {
        float_text(v).map(Literal::Number).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Literal, E> {
        Ok(Literal::String(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Literal, E> {
        Ok(Literal::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Literal, E> {
        Ok(Literal::Null)
    }
}

impl RawVisitor<'_> for LiteralVisitor {
    fn visit_scalar<E: de::Error>(self, text: &str, written: Written) -> Result<Literal, E> {
        Literal::from_scalar(text, written).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        raw::deserialize(d, LiteralVisitor)
    }
}

struct DefaultVisitor;

impl<'de> Visitor<'de> for DefaultVisitor {
    type Value = DefaultValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a literal (string, number, boolean) or `{sql: \"expression\"}`")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_bool(v).map(DefaultValue::Literal)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_i64(v).map(DefaultValue::Literal)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_u64(v).map(DefaultValue::Literal)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_f64(v).map(DefaultValue::Literal)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<DefaultValue, E> {
        LiteralVisitor.visit_str(v).map(DefaultValue::Literal)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DefaultValue, A::Error> {
        let mut sql: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "sql" {
                return Err(de::Error::unknown_field(&key, &["sql"]));
            }
            if sql.is_some() {
                return Err(de::Error::duplicate_field("sql"));
            }
            let v: String = map.next_value()?;
            if v.trim().is_empty() {
                return Err(de::Error::custom("`sql:` needs an expression"));
            }
            sql = Some(v);
        }
        sql.map(DefaultValue::Sql)
            .ok_or_else(|| de::Error::missing_field("sql"))
    }
}

impl<'de> RawVisitor<'de> for DefaultVisitor {
    fn visit_scalar<E: de::Error>(self, text: &str, written: Written) -> Result<DefaultValue, E> {
        LiteralVisitor
            .visit_scalar(text, written)
            .map(DefaultValue::Literal)
    }
}

impl<'de> Deserialize<'de> for DefaultValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        raw::deserialize(d, DefaultVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain scalar, resolved as the loader resolves it.
    fn plain(text: &str) -> Result<Literal, String> {
        Literal::from_scalar(text, crate::source::scalar::written(text))
    }

    fn number(text: &str) -> String {
        match plain(text) {
            Ok(Literal::Number(n)) => n,
            other => panic!("`{text}`: {other:?}"),
        }
    }

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(number("99999999999999999.99"), "99999999999999999.99");
        assert_eq!(
            number("-0.000000000000000000001"),
            "-0.000000000000000000001"
        );
        assert_eq!(
            number("123456789012345678901234567890123456789012"),
            "123456789012345678901234567890123456789012"
        );
        assert_eq!(number("1e10"), "1e10");
        assert_eq!(number("+1.5E-3"), "1.5E-3");
        assert_eq!(number("007.50"), "7.50");
        assert_eq!(number(".5"), "0.5");
        assert_eq!(number("-.5"), "-0.5");
        assert_eq!(number("5."), "5.0");
        assert_eq!(number("1.e5"), "1.0e5");
        assert_eq!(number("42"), "42");
        assert_eq!(number("+42"), "42");
        assert_eq!(number("-0"), "0");
    }

    /// Every integer the loader resolves is written as the decimal of the
    /// value it resolved, at the edges of each width too.
    #[test]
    fn integers_are_the_decimal_of_the_loader_s_value() {
        let texts = [
            "0",
            "-0",
            "+0",
            "7",
            "-7",
            "+7",
            "0x0",
            "-0x0",
            "0xff",
            "-0xFF",
            "0o777",
            "-0b1",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "340282366920938463463374607431768211455",
            "-170141183460469231731687303715884105728",
            "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
        ];
        for text in texts {
            let value = crate::source::scalar::integer(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(integer_text(text), value.to_string(), "{text}");
        }
    }

    #[test]
    fn other_bases_become_their_exact_decimal() {
        assert_eq!(number("0x1F"), "31");
        assert_eq!(number("-0x1F"), "-31");
        assert_eq!(number("0o17"), "15");
        assert_eq!(number("0b101"), "5");
        assert_eq!(
            number("0xFFFFFFFFFFFFFFFFFFFF"),
            "1208925819614629174706175"
        );
    }

    #[test]
    fn infinity_and_not_a_number_are_refused() {
        for text in [".inf", "-.inf", "+.inf", ".NaN", ".NAN", ".Inf"] {
            let err = plain(text).unwrap_err();
            assert!(err.contains("not a number a database can store"), "{err}");
        }
    }

    #[test]
    fn quoted_scalars_and_words_are_text() {
        assert_eq!(
            Literal::from_scalar("1.5", Written::Quoted).unwrap(),
            Literal::String("1.5".into())
        );
        assert_eq!(plain("007").unwrap(), Literal::String("007".into()));
        assert_eq!(plain("~").unwrap(), Literal::Null);
        assert_eq!(plain("TRUE").unwrap(), Literal::Bool(true));
        assert_eq!(plain("1e400").unwrap(), Literal::String("1e400".into()));
    }
}
