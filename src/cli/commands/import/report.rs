//! The end report of an import, on stderr: how many revisions imported
//! cleanly, with notes, or need hand work, each reason with its count,
//! and the files that need a person.

use camino::Utf8Path;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Counts kept while revisions are assembled.
#[derive(Debug, Default)]
pub struct Report {
    pub clean: usize,
    pub with_notes: usize,
    pub hand_work: Vec<String>,
    pub skipped: Vec<String>,
    pub reasons: BTreeMap<String, usize>,
    pub notes: BTreeMap<String, usize>,
}

/// A reason without the column or table it names, for counting:
/// `column `x`: a computed column` counts as `a computed column`.
fn kind(reason: &str) -> String {
    let r = match reason.split_once("`: ") {
        Some((head, tail)) if head.starts_with("column `") || head.starts_with("table `") => tail,
        _ => reason,
    };
    r.to_owned()
}

impl Report {
    pub fn revision(&mut self, file: &str, hand: &[String], notes: &[String]) {
        if !hand.is_empty() {
            self.hand_work.push(file.to_owned());
            for r in hand {
                *self.reasons.entry(kind(r)).or_default() += 1;
            }
        } else if !notes.is_empty() {
            self.with_notes += 1;
        } else {
            self.clean += 1;
        }
        for n in notes {
            *self.notes.entry(kind(n)).or_default() += 1;
        }
    }

    pub fn skipped(&mut self, file: &str, why: Option<&str>) {
        self.skipped.push(format!(
            "{file}: not a revision ({})",
            why.unwrap_or("no `revision`")
        ));
    }

    pub fn needs_hand_work(&self) -> bool {
        !self.hand_work.is_empty() || !self.skipped.is_empty()
    }

    /// The report's text.
    pub fn text(&self, out: &Utf8Path, written: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "imported {written} revision(s) into {out}: {} clean, {} with notes, {} need hand work",
            self.clean,
            self.with_notes,
            self.hand_work.len()
        );
        if !self.reasons.is_empty() {
            let _ = writeln!(
                s,
                "hand work (each is a `TODO(import)` placeholder that fails `gen check`):"
            );
            for (r, n) in &self.reasons {
                let _ = writeln!(s, "  {n:>4}  {r}");
            }
            for f in &self.hand_work {
                let _ = writeln!(s, "  - {f}");
            }
        }
        if !self.notes.is_empty() {
            let _ = writeln!(s, "notes (written as `NOTE(import)` comments):");
            for (r, n) in &self.notes {
                let _ = writeln!(s, "  {n:>4}  {r}");
            }
        }
        for f in &self.skipped {
            let _ = writeln!(s, "skipped {f}");
        }
        s
    }

    pub fn print(&self, out: &Utf8Path, written: usize) {
        use std::io::Write;
        // If stderr is gone, nothing else can be said.
        let _ = std::io::stderr()
            .lock()
            .write_all(self.text(out, written).as_bytes());
    }
}
