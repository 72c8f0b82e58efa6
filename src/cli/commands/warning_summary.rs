//! The per-rule summary of a run's warnings (`--warnings`).
//!
//! A long history meets thousands of warnings (2,000 revisions: 3,404 of
//! them, 1.7 MB of text, more than the script). A [`Tally`] counts them by
//! rule as they are rendered (on any thread) and the lines printed for them;
//! [`Tally::summary`] is the table printed at the end: always with
//! `--warnings summary` (which prints nothing else about them), and with
//! `--warnings full` once they took more than a screen ([`SCREENFUL`]).

use crate::cli::args::WarningsMode;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Lines of warnings past which `--warnings full` ends with the summary.
pub const SCREENFUL: usize = 50;

/// The rule column of warnings that have no rule id.
const NO_RULE: &str = "(no rule)";

/// Counts of warnings by rule, and of the lines printed for them.
#[derive(Debug)]
pub struct Tally {
    mode: WarningsMode,
    by_rule: Mutex<BTreeMap<String, usize>>,
    lines: AtomicUsize,
}

impl Tally {
    pub fn new(mode: WarningsMode) -> Tally {
        Tally {
            mode,
            by_rule: Mutex::new(BTreeMap::new()),
            lines: AtomicUsize::new(0),
        }
    }

    /// Whether each warning is to be printed in full.
    pub fn full(&self) -> bool {
        self.mode == WarningsMode::Full
    }

    /// Counts warnings of these rules (`None`: a warning without one).
    pub fn count<'a>(&self, rules: impl IntoIterator<Item = Option<&'a str>>) {
        // A poisoned lock only means another thread panicked mid-count:
        // the counts are still numbers.
        let mut map = self.by_rule.lock().unwrap_or_else(|e| e.into_inner());
        for rule in rules {
            let rule = rule.unwrap_or(NO_RULE);
            match map.get_mut(rule) {
                Some(n) => *n += 1,
                None => {
                    map.insert(rule.to_owned(), 1);
                }
            }
        }
    }

    /// Notes text printed for warnings.
    pub fn printed(&self, text: &str) {
        let lines = text.bytes().filter(|b| *b == b'\n').count();
        self.lines.fetch_add(lines, Ordering::Relaxed);
    }

    /// The summary to print at the end, if any: with `--warnings summary`
    /// whenever there were warnings; otherwise when they took more than
    /// [`SCREENFUL`] lines.
    pub fn summary(&self) -> Option<String> {
        let map = self.by_rule.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = map.values().sum();
        let wanted = match self.mode {
            WarningsMode::Summary => total > 0,
            WarningsMode::Full => self.lines.load(Ordering::Relaxed) > SCREENFUL,
        };
        if !wanted {
            return None;
        }
        let mut rows: Vec<(&String, &usize)> = map.iter().collect();
        // Most frequent first; ties by rule id (the map's order).
        rows.sort_by(|a, b| b.1.cmp(a.1));
        let width = thousands(total).len();
        let mut out = format!(
            "warning summary: {} warning{} by rule{}\n",
            thousands(total),
            if total == 1 { "" } else { "s" },
            match self.mode {
                WarningsMode::Full => " (only this: --warnings summary)",
                WarningsMode::Summary => " (each in full: --warnings full)",
            }
        );
        for (rule, n) in rows {
            let _ = writeln!(out, "  {:>width$}  {rule}", thousands(*n));
        }
        out.push_str("  (the rules are explained in docs/lint.md)\n");
        Some(out)
    }
}

/// `3404` as `3,404`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3404), "3,404");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn full_mode_summarises_only_past_a_screenful() {
        let tally = Tally::new(WarningsMode::Full);
        tally.count([Some("data-loss"), Some("execute-opaque"), Some("data-loss")]);
        tally.printed(&"line\n".repeat(SCREENFUL));
        assert_eq!(tally.summary(), None);
        tally.printed("one more\n");
        let summary = tally.summary().unwrap();
        assert_eq!(
            summary,
            "warning summary: 3 warnings by rule (only this: --warnings summary)\n\
             \x20 2  data-loss\n\
             \x20 1  execute-opaque\n\
             \x20 (the rules are explained in docs/lint.md)\n"
        );
    }

    #[test]
    fn summary_mode_summarises_any_warning_and_nothing_else() {
        let tally = Tally::new(WarningsMode::Summary);
        assert!(!tally.full());
        assert_eq!(tally.summary(), None);
        tally.count([None]);
        let summary = tally.summary().unwrap();
        assert!(summary.starts_with("warning summary: 1 warning by rule"));
        assert!(summary.contains("  1  (no rule)\n"));
    }
}
