//! `--format gcc`: `file:line:col: warning: [rule] message`, the line
//! compilers print and editors (Vim's quickfix, Emacs' compilation mode,
//! VS Code problem matchers) and CI log parsers read. Notes and help follow
//! as `note:` lines at the same place.

use super::Findings;
use crate::diag::terminal::{inert, Keep};
use std::fmt::Write as _;

/// One line: newlines in user text would start a line the parser misreads,
/// and no control character reaches the terminal or the log.
fn one_line(text: &str) -> String {
    inert(text, Keep::Nothing).into_owned()
}

pub fn gcc(f: &Findings) -> String {
    let mut out = String::new();
    for d in f.all() {
        let place = match (&d.file, d.line, d.column) {
            (Some(file), Some(line), Some(col)) => format!("{file}:{line}:{col}"),
            (Some(file), Some(line), None) => format!("{file}:{line}"),
            (Some(file), None, _) => file.clone(),
            (None, _, _) => "gen".to_owned(),
        };
        let place = one_line(&place);
        let code = d
            .code
            .as_deref()
            .map(|c| format!("[{c}] "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{place}: {}: {code}{}",
            d.severity,
            one_line(&d.message)
        );
        for note in &d.notes {
            let _ = writeln!(out, "{place}: note: {}", one_line(note));
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{place}: note: help: {}", one_line(help));
        }
    }
    out
}
