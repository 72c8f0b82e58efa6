//! `gen check --format github|gcc|sarif|junit`: the findings of a check in
//! the formats pipelines and editors read. (`text` is the diagnostic
//! renderer's; `json` is docs/json.md's.)
//!
//! Every format starts from the same [`Findings`]: the diagnostics with
//! their positions resolved ([`DiagnosticJson`]), whether warnings fail the
//! run, and what was checked. Each format escapes what it writes for its
//! own syntax: a message echoes user input, and must not be able to end an
//! annotation, an XML attribute or a JSON string early.

mod gcc;
mod github;
mod junit;
mod sarif;

use super::json::DiagnosticJson;

pub use gcc::gcc;
pub use github::github;
pub use junit::junit;
pub use sarif::sarif;

/// What a check found, positions resolved.
#[derive(Debug)]
pub struct Findings {
    pub dialects: Vec<String>,
    pub revisions: usize,
    pub errors: Vec<DiagnosticJson>,
    pub warnings: Vec<DiagnosticJson>,
    /// `--deny warnings`: warnings fail the run (exit 3).
    pub deny_warnings: bool,
}

impl Findings {
    /// Errors first, then warnings, each in the order the check met them.
    fn all(&self) -> impl Iterator<Item = &DiagnosticJson> {
        self.errors.iter().chain(&self.warnings)
    }

    /// Whether the run fails (exit 1 or 3).
    fn fails(&self, d: &DiagnosticJson) -> bool {
        d.severity == "error" || self.deny_warnings
    }
}

/// The message, then its notes and help, one per line.
fn full_text(d: &DiagnosticJson) -> String {
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}
