//! The written forms a literal of a portable type must have: numbers as
//! written ([`Decimal`], checked against precision and scale), dates,
//! times and timestamps (fractional seconds and zones per dialect), and
//! uuids. Each says why a text is not one.

use crate::dialect::Dialect;

/// A number as written: its digits before and after the point (exponent
/// applied, leading and trailing zeros dropped).
#[derive(Debug, PartialEq)]
pub(super) struct Decimal {
    pub(super) negative: bool,
    pub(super) int: String,
    pub(super) frac: String,
}

impl Decimal {
    pub(super) fn parse(text: &str) -> Option<Decimal> {
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

    pub(super) fn to_i128(&self) -> Option<i128> {
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

pub(super) fn two(s: &str) -> Option<u32> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`, a real day.
pub(super) fn date(s: &str) -> Result<(), String> {
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
pub(super) fn time(d: &dyn Dialect, s: &str) -> Result<(), String> {
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
pub(super) fn timestamp(d: &dyn Dialect, s: &str, zoned: bool) -> Result<(), String> {
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
pub(super) fn uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}
