//! The one place that turns an error or warning into text for the user.
//!
//! Every stage reports problems as values; they become a [`Diagnostic`] (a
//! severity, a one-line message, an optional [`Span`], a label under the caret,
//! notes, and a help line) and [`render`] prints it the way rustc does:
//! `error: ...`, an arrow to `file:line:column`, the source line with a caret
//! under the offending token, then `= note:` and `= help:` lines. Source text is
//! fetched through [`SourceProvider`] only when rendering, and spans given as a
//! [`DocPath`](crate::diag::span::DocPath) are resolved by [`crate::diag::locate`] here. This
//! module also decides whether stderr gets colour.
//!
//! User text can be huge (a 1 MB name): what is echoed is kept short. In a
//! message, label, note or help, a word longer than [`WORD_LIMIT`]
//! characters keeps its start and end around a `…`, and a line longer than
//! [`LINE_LIMIT`] its start and end; a source line longer than
//! [`SOURCE_LIMIT`] is shown around the caret, cut ends marked `…`, the
//! caret still under the same text.
//!
//! Where the source text comes from is [`sources`]; the colour decision and
//! styles are [`color`]; shortening is [`shorten`].

use crate::diag::span::{At, Span};
use crate::diag::terminal::{inert, Keep};
use std::borrow::Cow;
use std::fmt::{self, Write as _};

mod color;
mod shorten;
mod sources;

pub use color::color_enabled_for_stderr;
use color::Palette;
use shorten::{inert_snippet, shorten, source_window};
pub use shorten::{LINE_LIMIT, SOURCE_LIMIT, WORD_LIMIT};
pub use sources::{FsSources, LastFile, SourceProvider};

/// How bad it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem to show the user.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// One line, e.g. "table `users` does not exist".
    pub message: String,
    /// Where; `None` for problems that belong to no file.
    pub span: Option<Span>,
    /// Short text printed after the caret.
    pub label: Option<String>,
    /// Context, e.g. "in revision 3f2a9c1e7b10 (add email), upgrade operation #2 `add_column`".
    pub notes: Vec<String>,
    /// What to do, e.g. "did you mean `user`?". Borrowed when it is fixed
    /// text (a lint rule's), which a long history repeats thousands of times.
    pub help: Option<Cow<'static, str>>,
    /// A lint rule id, shown as `warning[data-loss]`.
    pub code: Option<Cow<'static, str>>,
}

/// What can be printed as a diagnostic: a diagnostic, or something kept
/// in a smaller form until it is printed (a lint warning).
pub trait AsDiagnostic: Sync {
    fn as_diagnostic(&self) -> Cow<'_, Diagnostic>;
}

impl AsDiagnostic for Diagnostic {
    fn as_diagnostic(&self) -> Cow<'_, Diagnostic> {
        Cow::Borrowed(self)
    }
}

impl Diagnostic {
    pub fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            span: None,
            label: None,
            notes: Vec::new(),
            help: None,
            code: None,
        }
    }
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_code(mut self, code: impl Into<Cow<'static, str>>) -> Self {
        self.code = Some(code.into());
        self
    }
}
/// The source line to show and what to underline in it.
struct Snippet {
    line_no: usize,
    text: String,
    /// 1-based column, in characters, within `text` (at most one past its end).
    column: usize,
    len: usize,
}

/// What the arrow line says and the snippet under it, as far as they are known.
struct Place {
    arrow: String,
    snippet: Option<Snippet>,
}

fn place(span: &Span, sources: &dyn SourceProvider) -> Place {
    let file = &span.file;
    // A recorded key needs the text only, not the file parsed again.
    if let At::Key(_, key) = &span.at {
        let known = key.known().and_then(|(line, column, len)| {
            let text = sources.text(file)?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            snippet_at(text, line, column, Some(len))
        });
        if let Some(snippet) = known {
            return Place {
                arrow: format!("{file}:{}:{}", snippet.line_no, snippet.column),
                snippet: Some(snippet),
            };
        }
    }
    let doc = match span.at {
        At::File => None,
        _ => sources.document(file),
    };
    match &span.at {
        At::File => Place {
            arrow: file.to_string(),
            snippet: None,
        },
        At::Pos(pos) => {
            // Underline the whole scalar when one starts there, else the token.
            let snippet = doc.as_deref().and_then(|d| {
                let len = d.scalar_len_at(pos.line, pos.column);
                snippet_at(d.text(), pos.line, pos.column, len)
            });
            Place {
                arrow: format!("{file}:{}:{}", pos.line, pos.column),
                snippet,
            }
        }
        At::Path(path) | At::Value(path, _) | At::Key(path, _) => {
            let found = doc.as_deref().and_then(|d| {
                let loc = match &span.at {
                    At::Value(_, value) => d.locate_value(path, value)?,
                    _ => d.locate(path)?,
                };
                snippet_at(d.text(), loc.line, loc.column, Some(loc.len))
            });
            match found {
                Some(snippet) => Place {
                    arrow: format!("{file}:{}:{}", snippet.line_no, snippet.column),
                    snippet: Some(snippet),
                },
                // Unreadable or unparseable: say which node we meant.
                None if !path.0.is_empty() => Place {
                    arrow: format!("{file} (at `{path}`)"),
                    snippet: None,
                },
                None => Place {
                    arrow: file.to_string(),
                    snippet: None,
                },
            }
        }
    }
}

/// Where a diagnostic points, for machine-readable output: the file and,
/// when it can be resolved, the 1-based line and column.
pub fn position(span: &Span, sources: &dyn SourceProvider) -> (String, Option<(usize, usize)>) {
    let p = place(span, sources);
    let at = match (&span.at, p.snippet) {
        (At::Pos(pos), _) => Some((pos.line, pos.column)),
        (_, Some(s)) => Some((s.line_no, s.column)),
        _ => None,
    };
    (span.file.to_string(), at)
}

/// The snippet for `line`:`column`, underlining `len` characters, or the token
/// starting there (see [`token_len`]) when `len` is `None`. `None` when the
/// line does not exist.
fn snippet_at(source: &str, line: usize, column: usize, len: Option<usize>) -> Option<Snippet> {
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let chars: Vec<char> = text.chars().collect();
    let column = column.clamp(1, chars.len() + 1);
    let rest = &chars[column - 1..];
    let len = len.unwrap_or_else(|| token_len(rest));
    // Never underline past the end of the line, but always at least one column.
    let len = len.min(rest.len()).max(1);
    Some(Snippet {
        line_no: line,
        text: text.to_string(),
        column,
        len,
    })
}

/// Length of the token starting a line remainder: its run of non-blank
/// characters, less a trailing `:` or `,` (so `colums:` underlines the key).
fn token_len(rest: &[char]) -> usize {
    let run = rest.iter().take_while(|c| !c.is_whitespace()).count();
    match rest.get(..run) {
        Some([.., ':' | ',']) if run > 1 => run - 1,
        _ => run,
    }
}
/// Renders a diagnostic as text ending in a newline; `color` adds ANSI styles.
pub fn render(diag: &Diagnostic, sources: &dyn SourceProvider, color: bool) -> String {
    let p = Palette::new(diag.severity, color);
    let place = diag.span.as_ref().map(|span| place(span, sources));
    let snippet = place.as_ref().and_then(|pl| pl.snippet.as_ref());
    let width = snippet.map_or(1, |s| s.line_no.to_string().len());
    let pad = " ".repeat(width);

    let mut out = String::new();
    // `write!` into a String cannot fail; results are ignored below.
    let _ = writeln!(
        out,
        "{sev}{name}{code}{reset}{bold}: {msg}{reset}",
        sev = p.severity,
        name = diag.severity,
        code = diag
            .code
            .as_ref()
            .map(|c| format!("[{c}]"))
            .unwrap_or_default(),
        bold = p.bold,
        msg = inert(&shorten(&diag.message), Keep::LineFeeds),
        reset = p.reset,
    );
    if let Some(place) = &place {
        let arrow = inert(&place.arrow, Keep::Nothing);
        let _ = writeln!(out, "{pad}{}-->{} {arrow}", p.gutter, p.reset);
    }
    if let Some(s) = snippet {
        let bar = format!("{}|{}", p.gutter, p.reset);
        let _ = writeln!(out, "{pad} {bar}");
        let (text, column, len) = source_window(s.text.trim_end_matches('\r'), s.column, s.len);
        let (text, column, len) = inert_snippet(&text, column, len);
        let text = text.as_str();
        if text.is_empty() {
            let _ = writeln!(out, "{}{:>width$} |{}", p.gutter, s.line_no, p.reset);
        } else {
            let _ = writeln!(out, "{}{:>width$} |{} {text}", p.gutter, s.line_no, p.reset);
        }
        // Keep tabs from the source so the caret lines up in a terminal.
        let indent: String = text
            .chars()
            .take(column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let carets = "^".repeat(len);
        let label = diag
            .label
            .as_deref()
            .map(|l| format!(" {}", inert(&shorten(l), Keep::Nothing)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{pad} {bar} {indent}{sev}{carets}{label}{reset}",
            sev = p.severity,
            reset = p.reset,
        );
        if !diag.notes.is_empty() || diag.help.is_some() {
            let _ = writeln!(out, "{pad} {bar}");
        }
    }
    let trailers = diag
        .notes
        .iter()
        .map(|n| ("note", n.as_str()))
        .chain(diag.help.as_deref().map(|h| ("help", h)));
    for (kind, text) in trailers {
        // Continuation lines of a multi-line note line up after "= note: ".
        let cont = " ".repeat(width + 3 + kind.len() + 2);
        let text = shorten(text);
        let text = inert(&text, Keep::LineFeeds);
        let mut lines = text.lines();
        let first = lines.next().unwrap_or("");
        let _ = writeln!(
            out,
            "{pad} {}={} {}{kind}{}: {first}",
            p.gutter, p.reset, p.bold, p.reset
        );
        for line in lines {
            let _ = writeln!(out, "{cont}{line}");
        }
    }
    out
}

#[cfg(test)]
mod tests;
