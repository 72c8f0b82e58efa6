//! Durations as written in `gen.yaml` and revision files (`lock_timeout:
//! 5s`), and the two session timeouts they set.
//!
//! A duration is a whole number and a unit: `ms`, `s`, `min` or `h`
//! (`500ms`, `5s`, `2min`). It is checked while deserializing, so a bad
//! one is reported at its own line and column. Zero is refused: engines
//! read it differently (PostgreSQL: no limit; SQL Server: do not wait at
//! all), and a value past PostgreSQL's limit (2^31 - 1 ms) is refused too.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// The units a duration may be written in, with their length in ms.
const UNITS: &[(&str, u64)] = &[("ms", 1), ("s", 1_000), ("min", 60_000), ("h", 3_600_000)];

/// The longest duration accepted, in milliseconds (PostgreSQL's limit).
const MAX_MS: u64 = i32::MAX as u64;

/// A positive duration, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration(u64);

impl Duration {
    /// Reads `5s`, `500ms`, `2min`, `1h`; the error says what is valid.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let t = text;
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (digits, unit) = t.split_at(split);
        let expected = "a duration is a whole number and a unit: `500ms`, `5s`, `2min` or `1h`";
        let per = UNITS
            .iter()
            .find(|(u, _)| *u == unit)
            .map(|(_, ms)| *ms)
            .ok_or_else(|| format!("`{text}` is not a duration; {expected}"))?;
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("`{text}` is not a duration; {expected}"))?;
        let ms = n.saturating_mul(per);
        if ms == 0 {
            return Err(format!(
                "a timeout of `{text}` is zero, which engines read differently (no limit, or no wait); give a positive duration such as `5s`, or leave the key out"
            ));
        }
        if ms > MAX_MS {
            return Err(format!(
                "`{text}` is longer than the longest timeout engines accept ({MAX_MS}ms, about 24 days)"
            ));
        }
        Ok(Duration(ms))
    }

    /// In milliseconds.
    pub fn millis(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Duration {
    /// In the largest unit that says it exactly: `5s`, `1500ms`, `2min`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (unit, per) = UNITS
            .iter()
            .rev()
            .find(|(_, per)| self.0 % per == 0)
            .copied()
            .unwrap_or(("ms", 1));
        write!(f, "{}{unit}", self.0 / per)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration such as `5s`, `500ms` or `2min`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                Duration::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A positive duration: a whole number and a unit, `500ms`, `5s`, `2min` or `1h`.",
            "type": "string",
            "pattern": "^[0-9]+(ms|s|min|h)$",
        })
    }
}

/// The session timeouts a script sets (`gen.yaml`, or one revision's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timeouts {
    /// How long a statement waits for a lock.
    pub lock: Option<Duration>,
    /// How long a statement may run.
    pub statement: Option<Duration>,
}

impl Timeouts {
    pub fn is_empty(&self) -> bool {
        self.lock.is_none() && self.statement.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_refusals() {
        assert_eq!(Duration::parse("5s").map(Duration::millis), Ok(5_000));
        assert_eq!(Duration::parse("500ms").map(Duration::millis), Ok(500));
        assert_eq!(Duration::parse("2min").map(Duration::millis), Ok(120_000));
        assert_eq!(Duration::parse("1h").map(Duration::millis), Ok(3_600_000));
        for bad in ["5", "s", "5 s", "5 sec", "-5s", "5.5s", "0s", "999h", ""] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Duration(1_500).to_string(), "1500ms");
        assert_eq!(Duration(120_000).to_string(), "2min");
        assert_eq!(Duration(5_000).to_string(), "5s");
    }
}
