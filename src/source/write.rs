//! The text of a revision file that `gen` writes (`init`, `revision`,
//! `merge`): its id, its file name and its YAML.
//!
//! A new id is 12 lower-case hex digits drawn from std's randomly seeded
//! hasher (mixed with the time and the process id), redrawn until it is
//! unused in the folder. The file name is `<id>_<slug>.yaml`, the slug
//! being the message in lower case with runs of other characters turned
//! into `_`. The YAML is written here as text, keys in the contract's
//! order, each scalar through [`yaml_scalar`] so that it reads back as
//! written; the first line is the `yaml-language-server` modeline naming
//! the JSON Schema next to it. `create_date` is the UTC time, or
//! `SOURCE_DATE_EPOCH` when set (reproducible output).

use crate::source::json_schema::SCHEMA_FILE_NAME;
use crate::source::yaml_scalar;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

/// What a new revision file says.
#[derive(Debug, Clone, Default)]
pub struct NewRevision {
    pub id: String,
    pub down_revisions: Vec<String>,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub message: String,
    pub create_date: String,
    /// The `upgrade:` list as YAML lines (each indented by two spaces), or
    /// empty for `upgrade: []`.
    pub upgrade: Vec<String>,
    /// Comment lines after the revision (without `# `).
    pub trailer: Vec<String>,
}

/// The modeline that points yaml-language-server at the schema.
pub fn modeline() -> String {
    format!("# yaml-language-server: $schema={SCHEMA_FILE_NAME}")
}

fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|i| yaml_scalar(i)).collect();
    format!("[{}]", parts.join(", "))
}

impl NewRevision {
    /// The file's text.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", modeline());
        let _ = writeln!(out, "revision: {}", yaml_scalar(&self.id));
        let down = match self.down_revisions.as_slice() {
            [] => "null".to_owned(),
            [one] => yaml_scalar(one),
            many => list(many),
        };
        let _ = writeln!(out, "down_revision: {down}");
        if !self.branch_labels.is_empty() {
            let _ = writeln!(out, "branch_labels: {}", list(&self.branch_labels));
        }
        if !self.depends_on.is_empty() {
            let _ = writeln!(out, "depends_on: {}", list(&self.depends_on));
        }
        let _ = writeln!(out, "message: {}", yaml_scalar(&self.message));
        let _ = writeln!(out, "create_date: {}", yaml_scalar(&self.create_date));
        if self.upgrade.is_empty() {
            out.push_str("upgrade: []\n");
        } else {
            out.push_str("upgrade:\n");
            for line in &self.upgrade {
                let _ = writeln!(out, "{line}");
            }
        }
        for line in &self.trailer {
            let _ = writeln!(out, "# {line}");
        }
        out
    }

    /// `<id>_<slug>.yaml`.
    pub fn file_name(&self) -> String {
        let slug = slug(&self.message);
        if slug.is_empty() {
            format!("{}.yaml", self.id)
        } else {
            format!("{}_{slug}.yaml", self.id)
        }
    }
}

/// The message as a file-name part: lower-case ASCII letters and digits,
/// other runs as `_`, at most 40 characters, cut at a word boundary.
pub fn slug(message: &str) -> String {
    let mut out = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_end_matches('_').to_owned();
    if out.len() > 40 {
        let cut = out[..40].rfind('_').unwrap_or(40);
        out.truncate(cut);
    }
    out
}

/// A fresh 12-hex-digit id not in `taken` (ids and labels of the folder).
pub fn new_id(taken: &BTreeSet<String>) -> String {
    let state = std::collections::hash_map::RandomState::new();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut round: u64 = 0;
    loop {
        let mut h = state.build_hasher();
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_u64(round);
        let id = format!("{:012x}", h.finish() & 0xffff_ffff_ffff);
        // An all-digit id would be quoted in YAML; avoid it for readability.
        if !taken.contains(&id) && !id.bytes().all(|b| b.is_ascii_digit()) {
            return id;
        }
        round += 1;
    }
}

/// Now (or `SOURCE_DATE_EPOCH`), as `YYYY-MM-DD HH:MM:SS` in UTC.
pub fn create_date_now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
                .unwrap_or(0)
        });
    format_utc(secs)
}

/// Seconds since the Unix epoch as a UTC date and time.
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_date(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01: count whole
/// 400-year eras (146097 days) from 0000-03-01, then years within the era
/// (a March-based year puts the leap day last), then the month.
fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468; // days from 0000-03-01
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(format_utc(1_798_539_045), "2026-12-29 10:10:45");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Add e-mail to users!"), "add_e_mail_to_users");
        assert_eq!(slug("  "), "");
        assert_eq!(
            slug("a very long message that goes on and on past forty characters"),
            "a_very_long_message_that_goes_on_and_on"
        );
    }

    #[test]
    fn ids_are_fresh_hex() {
        let mut taken = BTreeSet::new();
        for _ in 0..50 {
            let id = new_id(&taken);
            assert_eq!(id.len(), 12);
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
            assert!(taken.insert(id));
        }
    }

    #[test]
    fn text_reads_back() {
        let r = NewRevision {
            id: "ab12cd34ef56".into(),
            down_revisions: vec!["a1".into(), "b2".into()],
            branch_labels: vec!["billing".into()],
            depends_on: vec!["c3".into()],
            message: "merge: it's done".into(),
            create_date: "2026-01-01 00:00:00".into(),
            upgrade: Vec::new(),
            trailer: vec!["note".into()],
        };
        let text = r.to_yaml();
        let rev = crate::source::parse_revision(
            camino::Utf8Path::new("m/x.yaml"),
            &text,
            crate::source::checksum::Checksum::default(),
        )
        .unwrap();
        assert_eq!(rev.id.as_str(), "ab12cd34ef56");
        assert_eq!(rev.down_revisions.len(), 2);
        assert_eq!(rev.message.as_deref(), Some("merge: it's done"));
        assert_eq!(*rev.depends_on, ["c3"]);
        assert_eq!(r.file_name(), "ab12cd34ef56_merge_it_s_done.yaml");
    }
}
