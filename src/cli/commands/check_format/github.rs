//! `--format github`: GitHub Actions workflow commands, one per finding,
//! `::warning file=F,line=L,col=C,title=T::message`, which the runner turns
//! into annotations on the pull request's files.

use super::{full_text, Findings};
use crate::diag::terminal::{inert, Keep};
use std::fmt::Write as _;

/// Escapes a command's message: `%`, CR and LF (the runner's own rules);
/// any other control character is written as a visible escape first.
fn data(text: &str) -> String {
    inert(text, Keep::LineFeeds)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as [`data`], and `:` and `,`, which would
/// end it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One line per finding (a multi-line message is kept in one line).
pub fn github(f: &Findings) -> String {
    let mut out = String::new();
    for d in f.all() {
        let mut props = Vec::new();
        if let Some(file) = &d.file {
            props.push(format!("file={}", property(file)));
            if let Some(line) = d.line {
                props.push(format!("line={line}"));
            }
            if let Some(col) = d.column {
                props.push(format!("col={col}"));
            }
        }
        let title = match &d.code {
            Some(code) => format!("gen check: {code}"),
            None => "gen check".to_owned(),
        };
        props.push(format!("title={}", property(&title)));
        let _ = writeln!(
            out,
            "::{} {}::{}",
            d.severity,
            props.join(","),
            data(&full_text(d))
        );
    }
    out
}
