//! What an unquoted YAML scalar means: null, a boolean, an integer, a
//! float, or text.
//!
//! This is the YAML 1.2 core schema as the project has always read it
//! (serde_yaml 0.9's resolution, pinned by the table in the tests below, so
//! that no existing file changes meaning): null is `~`, `null`, `Null`,
//! `NULL` or nothing; booleans are `true`/`True`/`TRUE` and
//! `false`/`False`/`FALSE`; integers are decimal, `0x`, `0o` or `0b` with an
//! optional sign (a decimal with a leading zero, such as `007`, is text);
//! floats are what Rust's `f64` parser reads as a finite number, plus
//! `.inf`, `-.inf` and `.nan`; everything else is text. A quoted or block
//! scalar is always text and never comes here.
//!
//! [`yaml_scalar`] is the other direction: how `gen` writes a string into a
//! YAML file it creates so that this resolution reads it back as the same
//! string.

use crate::ops::raw::Written;

/// The meaning of a plain scalar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Plain {
    Null,
    Bool(bool),
    Int(Int),
    /// A float, `.inf`, `-.inf` or `.nan`.
    Float(f64),
    Str,
}

/// An integer, in the smallest of the types serde offers that holds it
/// (unsigned first, as serde_yaml tries them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Int {
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
}

impl std::fmt::Display for Int {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Int::U64(v) => v.fmt(f),
            Int::I64(v) => v.fmt(f),
            Int::U128(v) => v.fmt(f),
            Int::I128(v) => v.fmt(f),
        }
    }
}

/// Resolves a plain scalar's text.
pub(crate) fn resolve(text: &str) -> Plain {
    if is_null(text) {
        return Plain::Null;
    }
    if let Some(b) = boolean(text) {
        return Plain::Bool(b);
    }
    if let Some(i) = integer(text) {
        return Plain::Int(i);
    }
    if !zero_padded_digits(text) {
        if let Some(f) = float(text) {
            return Plain::Float(f);
        }
    }
    Plain::Str
}

/// How a plain scalar is handed to a type that asks for it as written
/// (see [`crate::ops::raw`]): what it resolves to.
pub(crate) fn written(text: &str) -> Written {
    match resolve(text) {
        Plain::Null => Written::Null,
        Plain::Bool(b) => Written::Bool(b),
        Plain::Int(_) => Written::Int,
        Plain::Float(f) if f.is_finite() => Written::Float,
        Plain::Float(_) => Written::NotFinite,
        Plain::Str => Written::Text,
    }
}

pub(crate) fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

pub(crate) fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `007`, `-007`, `+00`: digits with a leading zero, which YAML 1.2 reads as
/// text rather than as an octal or decimal number.
fn zero_padded_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// An integer: optional sign, then decimal digits or `0x`/`0o`/`0b` and
/// digits of that base; `None` when it is not one or does not fit 128 bits.
pub(crate) fn integer(text: &str) -> Option<Int> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    if radix == 10 && zero_padded_digits(digits) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    if !negative {
        return Some(match u64::try_from(magnitude) {
            Ok(v) => Int::U64(v),
            Err(_) => Int::U128(magnitude),
        });
    }
    // -(2^63) and -(2^127) are the most negative values that fit.
    if magnitude <= 1u128 << 63 {
        let v = i128::try_from(magnitude).ok()?;
        return i64::try_from(-v).ok().map(Int::I64);
    }
    if magnitude < 1u128 << 127 {
        let v = i128::try_from(magnitude).ok()?;
        return Some(Int::I128(-v));
    }
    (magnitude == 1u128 << 127).then_some(Int::I128(i128::MIN))
}

/// A float: what `f64`'s parser reads as a finite number (after at most one
/// `+`), or one of YAML's spellings of infinity and not-a-number.
pub(crate) fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    match text {
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Does a plain scalar with this text read back as this very string?
pub(crate) fn reads_as_string(text: &str) -> bool {
    matches!(resolve(text), Plain::Str)
}

/// `text` as a YAML scalar for a file `gen` writes: plain when YAML reads
/// it back as the same string (and it cannot break a flow list), else
/// double-quoted (a JSON string is a valid YAML double-quoted scalar).
/// Whether a plain scalar would read back as a string is answered by the
/// same resolution the loader uses, so an id such as `479024506e05` (a
/// float to YAML) or `1234` is quoted.
pub fn yaml_scalar(text: &str) -> String {
    if is_plain_safe(text) {
        return text.to_owned();
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}') => {
                quoted.push_str(&format!("\\u{:04x}", u32::from(c)))
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Whether `text` can be written as a plain scalar: it must read back as
/// itself, so it may not start with an indicator, hold `: ` or ` #`, end
/// in `:`, carry surrounding blanks or any character a flow list or the
/// parser treats specially.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    reads_as_string(text)
        && text.trim() == text
        && !matches!(
            first,
            '-' | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '\''
                | '"'
                | '%'
                | '@'
                | '`'
        )
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| {
            c.is_control()
                || matches!(
                    c,
                    ',' | '[' | ']' | '{' | '}' | '"' | '\'' | '\u{feff}' | '\u{2028}' | '\u{2029}'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::{self, Visitor};
    use std::fmt;

    /// What serde_yaml 0.9 hands a visitor for a plain scalar: the
    /// reference this module must agree with.
    fn serde_yaml_reading(text: &str) -> Plain {
        struct Probe;
        impl<'de> Visitor<'de> for Probe {
            type Value = Plain;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("anything")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Plain, E> {
                Ok(Plain::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Plain, E> {
                Ok(Plain::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Plain, E> {
                Ok(Plain::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Plain, E> {
                Ok(Plain::Int(Int::U64(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Plain, E> {
                Ok(Plain::Int(Int::I64(v)))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Plain, E> {
                Ok(Plain::Int(Int::U128(v)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Plain, E> {
                Ok(Plain::Int(Int::I128(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Plain, E> {
                Ok(Plain::Float(v))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Plain, E> {
                Ok(Plain::Str)
            }
        }
        let d = serde_yaml::Deserializer::from_str(text);
        de::Deserializer::deserialize_any(d, Probe).unwrap()
    }

    fn same(a: Plain, b: Plain) -> bool {
        match (a, b) {
            (Plain::Float(x), Plain::Float(y)) => {
                x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
            }
            _ => a == b,
        }
    }

    /// Every spelling worth a doubt, and the cross product of signs,
    /// prefixes and digit runs, resolve exactly as serde_yaml resolves them.
    #[test]
    fn resolution_agrees_with_serde_yaml() {
        let mut cases: Vec<String> = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "False",
            "FALSE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "0",
            "-0",
            "+0",
            "00",
            "-00",
            "+00",
            "007",
            "-007",
            "007.5",
            "0.5",
            ".5",
            "-.5",
            "+.5",
            "5.",
            "1.e5",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "1e",
            "e5",
            "1e400",
            "-1e400",
            "1e-400",
            "inf",
            "-inf",
            "+inf",
            "infinity",
            "Infinity",
            "nan",
            "NaN",
            ".inf",
            ".Inf",
            ".INF",
            "+.inf",
            "-.inf",
            "-.Inf",
            "-.INF",
            "+-.inf",
            ".nan",
            ".NaN",
            ".NAN",
            "+.nan",
            "-.nan",
            ".iNf",
            "0x",
            "0x1F",
            "0X1F",
            "0x1f",
            "-0x1F",
            "+0x1F",
            "0x-1",
            "0x+1",
            "-0x-1",
            "0x_1",
            "0o17",
            "0o8",
            "-0o17",
            "+0o17",
            "0O17",
            "0b101",
            "0b102",
            "-0b101",
            "+0b101",
            "0B101",
            "0x00FF",
            "0o",
            "0b",
            "1_000",
            "1,000",
            "+-5",
            "-+5",
            "--5",
            "++5",
            "+5",
            "-5",
            "5",
            "99999999999999999.99",
            "479024506e05",
            "1e10",
            "3e790e4a29bd",
            "123456789012",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "-170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105729",
            "0xFFFFFFFFFFFFFFFF",
            "0x10000000000000000",
            "-0x8000000000000000",
            "-0x8000000000000001",
            "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "0x100000000000000000000000000000000",
            "-0x80000000000000000000000000000000",
            "-0x80000000000000000000000000000001",
            "1.5",
            "-1.5",
            "+1.5",
            "1.5.5",
            "12:30",
            "2026-11-21",
            "2026-11-21 10:00:00",
            "a1",
            "add email",
            "٣",
            "１２",
            "0x１",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for sign in ["", "+", "-", "+-", "-+"] {
            for prefix in ["", "0x", "0o", "0b", "0"] {
                for digits in [
                    "", "0", "1", "01", "10", "7", "8", "9", "a", "F", "1.5", "1e3",
                ] {
                    cases.push(format!("{sign}{prefix}{digits}"));
                }
            }
        }
        for text in &cases {
            // Texts the YAML grammar would not read as one plain scalar are
            // not a question for resolution.
            if text.is_empty() || text.starts_with(['-', '+']) && text.len() == 1 {
                continue;
            }
            let expected = serde_yaml_reading(text);
            assert!(
                same(resolve(text), expected),
                "`{text}`: ours {:?}, serde_yaml {expected:?}",
                resolve(text)
            );
        }
        assert_eq!(resolve(""), Plain::Null);
    }

    #[test]
    fn integers_keep_their_exact_value() {
        assert_eq!(integer("0x1F"), Some(Int::U64(31)));
        assert_eq!(integer("-0o17"), Some(Int::I64(-15)));
        assert_eq!(integer("0b101"), Some(Int::U64(5)));
        assert_eq!(
            integer("-0x80000000000000000000000000000000"),
            Some(Int::I128(i128::MIN))
        );
        assert_eq!(Int::U128(u128::MAX).to_string(), u128::MAX.to_string());
    }

    #[test]
    fn written_scalars_read_back_as_the_same_string() {
        for text in [
            "add email",
            "123456789012",
            "1e10",
            "479024506e05",
            "0x1F",
            ".inf",
            "true",
            "null",
            "~",
            "a: b",
            "x # y",
            "- item",
            "it's \"quoted\"",
            "two\nlines",
            " padded ",
            "",
            "back\\slash",
            "tab\there",
            "[x]",
            "key:",
            "&anchor",
            "*alias",
            "!tag",
            "%directive",
            "@at",
            "`tick",
            "|block",
            ">folded",
            "? question",
            "\u{feff}bom",
            "line\u{2028}sep",
        ] {
            let yaml = format!("k: {}\n", yaml_scalar(text));
            // Our loader, and an independent reader, read the same string.
            let ours: std::collections::BTreeMap<String, serde_json::Value> =
                crate::source::from_str(&yaml).unwrap();
            assert_eq!(
                ours["k"],
                serde_json::Value::String(text.to_owned()),
                "{yaml}"
            );
            let v: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(v["k"], serde_yaml::Value::String(text.to_owned()), "{yaml}");
        }
        assert_eq!(yaml_scalar("add email"), "add email");
        assert_eq!(yaml_scalar("3e790e4a29bd"), "3e790e4a29bd");
        assert_eq!(yaml_scalar("123456789012"), "\"123456789012\"");
        assert_eq!(yaml_scalar("479024506e05"), "\"479024506e05\"");
        assert_eq!(yaml_scalar("1e10"), "\"1e10\"");
    }
}
