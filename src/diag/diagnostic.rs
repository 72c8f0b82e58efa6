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

use crate::diag::locate::Document;
use crate::diag::span::{At, Span};
use crate::diag::terminal::{inert, Keep};
use camino::{Utf8Path, Utf8PathBuf};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::rc::Rc;

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

/// Gives the renderer the text of a file named in a span.
pub trait SourceProvider {
    /// The file's text, or `None` if it cannot be had (the diagnostic is then
    /// shown without a source line).
    fn source(&self, file: &Utf8Path) -> Option<Cow<'_, str>>;

    /// The file's text, shared; read anew on each call unless the provider
    /// remembers it (see [`LastFile`]).
    fn text(&self, file: &Utf8Path) -> Option<Rc<str>> {
        self.source(file).map(|text| Rc::from(text.as_ref()))
    }

    /// The file parsed for locating nodes in it; parsed anew on each call
    /// unless the provider remembers it (see [`LastFile`]).
    fn document(&self, file: &Utf8Path) -> Option<Rc<Document>> {
        self.source(file)
            .map(|text| Rc::new(Document::parse(text.into_owned())))
    }
}

/// Reads sources from disk, at the path the span names.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsSources;

impl SourceProvider for FsSources {
    fn source(&self, file: &Utf8Path) -> Option<Cow<'_, str>> {
        std::fs::read_to_string(file).ok().map(Cow::Owned)
    }
}

/// In-memory sources, for tests and for text that never was a file.
impl SourceProvider for BTreeMap<Utf8PathBuf, String> {
    fn source(&self, file: &Utf8Path) -> Option<Cow<'_, str>> {
        self.get(file).map(|s| Cow::Borrowed(s.as_str()))
    }
}

/// Remembers the last file read and parsed, so a run of diagnostics about
/// one file (the warnings of one revision come together) reads and parses
/// it once. One file only: a long history's warnings must not keep every
/// parsed file alive.
pub struct LastFile<'p> {
    inner: &'p dyn SourceProvider,
    last: RefCell<Option<(Utf8PathBuf, Option<Rc<Document>>)>>,
    last_text: RefCell<Option<(Utf8PathBuf, Option<Rc<str>>)>>,
}

impl<'p> LastFile<'p> {
    pub fn new(inner: &'p dyn SourceProvider) -> Self {
        LastFile {
            inner,
            last: RefCell::new(None),
            last_text: RefCell::new(None),
        }
    }
}

impl SourceProvider for LastFile<'_> {
    fn source(&self, file: &Utf8Path) -> Option<Cow<'_, str>> {
        self.inner.source(file)
    }

    fn text(&self, file: &Utf8Path) -> Option<Rc<str>> {
        let mut last = self.last_text.borrow_mut();
        match last.as_ref() {
            Some((path, text)) if path == file => text.clone(),
            _ => {
                let text = self.inner.text(file);
                *last = Some((file.to_owned(), text.clone()));
                text
            }
        }
    }

    fn document(&self, file: &Utf8Path) -> Option<Rc<Document>> {
        let mut last = self.last.borrow_mut();
        match last.as_ref() {
            Some((path, doc)) if path == file => doc.clone(),
            _ => {
                let doc = self.inner.document(file);
                *last = Some((file.to_owned(), doc.clone()));
                doc
            }
        }
    }
}

/// Whether diagnostics written to stderr should be coloured. Never when
/// `NO_COLOR` is set to a non-empty value; always when `CLICOLOR_FORCE` is
/// set to a non-empty value other than `0`; never when `CLICOLOR=0` or
/// `TERM=dumb` (a terminal that cannot show escapes); otherwise only when
/// stderr is a terminal. The same rules as clap's own help and errors.
pub fn color_enabled_for_stderr() -> bool {
    use std::io::IsTerminal;
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    color_choice(ColorEnv {
        no_color: var("NO_COLOR").is_some(),
        force: var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
        clicolor_off: var("CLICOLOR").is_some_and(|v| v == "0"),
        term_dumb: var("TERM").is_some_and(|v| v == "dumb"),
        is_terminal: std::io::stderr().is_terminal(),
    })
}

/// What the colour decision looks at.
#[derive(Debug, Clone, Copy, Default)]
struct ColorEnv {
    no_color: bool,
    force: bool,
    clicolor_off: bool,
    term_dumb: bool,
    is_terminal: bool,
}

fn color_choice(env: ColorEnv) -> bool {
    if env.no_color {
        return false;
    }
    env.force || (env.is_terminal && !env.clicolor_off && !env.term_dumb)
}

/// ANSI styles, or empty strings when colour is off.
struct Palette {
    severity: &'static str,
    bold: &'static str,
    gutter: &'static str,
    reset: &'static str,
}

impl Palette {
    fn new(severity: Severity, color: bool) -> Self {
        if !color {
            return Palette {
                severity: "",
                bold: "",
                gutter: "",
                reset: "",
            };
        }
        Palette {
            severity: match severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
            },
            bold: "\x1b[1m",
            gutter: "\x1b[1;34m",
            reset: "\x1b[0m",
        }
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

/// A word of echoed text longer than this many characters is shortened
/// (long enough for any file path or name a user means to read).
pub const WORD_LIMIT: usize = 200;
/// A line of a message, label, note or help longer than this is shortened.
pub const LINE_LIMIT: usize = 1000;
/// A source line longer than this is shown around the caret only.
pub const SOURCE_LIMIT: usize = 160;

/// `text` with each over-long word and line shortened (see the module doc).
fn shorten(text: &str) -> Cow<'_, str> {
    // Most text is short: measured in bytes (never fewer than characters),
    // without allocating.
    let short = text.split('\n').all(|line| {
        line.len() <= LINE_LIMIT && line.split_whitespace().all(|w| w.len() <= WORD_LIMIT)
    });
    if short {
        return Cow::Borrowed(text);
    }
    let lines: Vec<String> = text.split('\n').map(shorten_line).collect();
    let out = lines.join("\n");
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

fn shorten_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len().min(LINE_LIMIT * 4));
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(&elide(word, WORD_LIMIT * 3 / 5, WORD_LIMIT * 3 / 10));
        word.clear();
    };
    for c in line.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    elide(&out, LINE_LIMIT * 3 / 5, LINE_LIMIT * 3 / 10).into_owned()
}

/// `text` if it has at most `head + tail` characters, else its first
/// `head` and last `tail` characters around a `…`.
fn elide(text: &str, head: usize, tail: usize) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= head + tail + 1 {
        return Cow::Borrowed(text);
    }
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    Cow::Owned(format!("{start}…{end}"))
}

/// The part of a long source line to show, with the caret's new 1-based
/// column and underline length in it.
fn source_window(text: &str, column: usize, len: usize) -> (Cow<'_, str>, usize, usize) {
    if text.len() <= SOURCE_LIMIT {
        return (Cow::Borrowed(text), column, len);
    }
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SOURCE_LIMIT {
        return (Cow::Borrowed(text), column, len);
    }
    let caret = column.saturating_sub(1).min(chars.len());
    let shown = len.min(SOURCE_LIMIT / 2);
    let start = caret.saturating_sub(SOURCE_LIMIT / 3);
    let end = (caret + shown + SOURCE_LIMIT / 4).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    let column = caret - start + 1 + usize::from(start > 0);
    (Cow::Owned(out), column, shown.max(1))
}

/// A source line made inert for the terminal (tabs kept), with the caret's
/// 1-based column and underline length moved to match the escapes.
fn inert_snippet(text: &str, column: usize, len: usize) -> (String, usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let split = |from: usize, to: usize| -> String {
        chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .collect()
    };
    let before = column.saturating_sub(1);
    let head = inert(&split(0, before), Keep::Tabs).into_owned();
    let under = inert(&split(before, before + len), Keep::Tabs).into_owned();
    let tail = split(before + len, chars.len());
    let tail = inert(&tail, Keep::Tabs);
    let column = head.chars().count() + 1;
    let len = under.chars().count().max(len.min(1));
    (format!("{head}{under}{tail}"), column, len)
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
mod tests {
    use super::*;
    use crate::diag::span::DocPath;
    use insta::assert_snapshot;

    const FILE: &str = "migrations/0003_add_email.yaml";

    const SOURCE: &str = "\
revision: 3f2a9c1e7b10
down_revision: 1a2b3c4d5e6f
message: add email
upgrade:
  - create_table:
      name: accounts
      columns:
        - {name: id, type: integer}
  - add_column:
      table: users
      column:
        name: email
        type: varchar(255)
";

    fn sources() -> BTreeMap<Utf8PathBuf, String> {
        let mut map = BTreeMap::new();
        map.insert(Utf8PathBuf::from(FILE), SOURCE.to_string());
        map.insert(
            Utf8PathBuf::from("tabs.yaml"),
            "a:\t{x: 1,\ty: bad}\n".to_string(),
        );
        map.insert(
            Utf8PathBuf::from("migrations/0100_big.yaml"),
            format!("{}key: value\n", "# filler\n".repeat(99)),
        );
        map
    }

    fn file() -> &'static Utf8Path {
        Utf8Path::new(FILE)
    }

    fn missing_table() -> Diagnostic {
        Diagnostic::error("table `users` does not exist")
            .with_span(Span::path(
                file(),
                DocPath::root()
                    .key("upgrade")
                    .index(1)
                    .key("add_column")
                    .key("table"),
            ))
            .with_label("no such table")
            .with_note("in revision 3f2a9c1e7b10 (add email), upgrade operation #2 `add_column`")
            .with_help("did you mean `user`?")
    }

    #[test]
    fn path_span() {
        assert_snapshot!(render(&missing_table(), &sources(), false));
    }

    #[test]
    fn path_span_to_a_missing_key_points_at_its_parent() {
        let diag =
            Diagnostic::error("`add_column` needs `column.nullable` here").with_span(Span::path(
                file(),
                DocPath::root()
                    .key("upgrade")
                    .index(1)
                    .key("add_column")
                    .key("column")
                    .key("nullable"),
            ));
        assert_snapshot!(render(&diag, &sources(), false));
    }

    #[test]
    fn pos_span() {
        let diag = Diagnostic::error("unknown key `colums`")
            .with_span(Span::pos(file(), 7, 7))
            .with_label("not valid here")
            .with_help("valid keys here: name, columns, primary_key, unique, foreign_keys, checks, comment, if_not_exists");
        assert_snapshot!(render(&diag, &sources(), false));
    }

    #[test]
    fn pos_span_past_end_of_line_and_wide_gutter() {
        let diag = Diagnostic::warning("trailing content").with_span(Span::pos(
            Utf8Path::new("migrations/0100_big.yaml"),
            100,
            40,
        ));
        assert_snapshot!(render(&diag, &sources(), false));
    }

    #[test]
    fn tabs_keep_carets_aligned() {
        let diag = Diagnostic::error("bad value").with_span(Span::path(
            Utf8Path::new("tabs.yaml"),
            DocPath::root().key("a").key("y"),
        ));
        let out = render(&diag, &sources(), false);
        assert_snapshot!(out);
        assert!(out.contains("1 | a:\t{x: 1,\ty: bad}\n  |   \t      \t   ^^^\n"));
    }

    #[test]
    fn file_span() {
        let diag = Diagnostic::error("revision id `3f2a9c1e7b10` is used twice")
            .with_span(Span::file(file()))
            .with_note("also defined in migrations/0004_other.yaml");
        assert_snapshot!(render(&diag, &sources(), false));
    }

    #[test]
    fn no_span() {
        let diag = Diagnostic::error("several heads: 3f2a9c1e7b10, 9e8d7c6b5a4f")
            .with_note("heads:\n3f2a9c1e7b10 (add email)\n9e8d7c6b5a4f (billing)")
            .with_help("use `heads`, or `label@head`");
        assert_snapshot!(render(&diag, &sources(), false));
    }

    #[test]
    fn missing_source() {
        let path = Span::path(
            Utf8Path::new("migrations/gone.yaml"),
            DocPath::root().key("upgrade").index(0),
        );
        let diag = Diagnostic::error("cannot drop table `users`").with_span(path);
        let by_path = render(&diag, &sources(), false);
        let diag = diag.with_span(Span::pos(Utf8Path::new("migrations/gone.yaml"), 3, 4));
        let by_pos = render(&diag, &sources(), false);
        // A line past the end of an existing file: no snippet either.
        let diag = diag.with_span(Span::pos(file(), 99, 1));
        let past_end = render(&diag, &sources(), false);
        assert_snapshot!(format!("{by_path}---\n{by_pos}---\n{past_end}"));
    }

    #[test]
    fn colour_on() {
        let out = render(&missing_table(), &sources(), true);
        assert!(out.starts_with("\x1b[1;31merror\x1b[0m"));
        assert_snapshot!(out.replace('\x1b', "<ESC>"));
        let warn = render(
            &Diagnostic::warning("dropping column `email` loses data"),
            &sources(),
            true,
        );
        assert_snapshot!(warn.replace('\x1b', "<ESC>"));
    }

    #[test]
    fn colour_off_has_no_escapes() {
        let out = render(&missing_table(), &sources(), false);
        assert!(!out.contains('\x1b'));
        let warn = render(
            &Diagnostic::warning("w").with_span(Span::file(file())),
            &sources(),
            false,
        );
        assert_eq!(warn, "warning: w\n --> migrations/0003_add_email.yaml\n");
    }

    #[test]
    fn colour_choice_rules() {
        let tty = ColorEnv {
            is_terminal: true,
            ..ColorEnv::default()
        };
        assert!(color_choice(tty));
        assert!(!color_choice(ColorEnv::default()));
        // NO_COLOR wins over everything, even CLICOLOR_FORCE.
        assert!(!color_choice(ColorEnv {
            no_color: true,
            force: true,
            ..tty
        }));
        // CLICOLOR_FORCE colours a pipe, and a dumb terminal.
        assert!(color_choice(ColorEnv {
            force: true,
            ..ColorEnv::default()
        }));
        assert!(color_choice(ColorEnv {
            force: true,
            term_dumb: true,
            ..tty
        }));
        // A terminal that cannot show escapes, or CLICOLOR=0: no colour.
        assert!(!color_choice(ColorEnv {
            term_dumb: true,
            ..tty
        }));
        assert!(!color_choice(ColorEnv {
            clicolor_off: true,
            ..tty
        }));
    }

    /// 19.15: a 1 MB name gives a few lines of error, the caret still
    /// under the token it points at.
    #[test]
    fn huge_user_text_is_shortened() {
        let name = "n".repeat(1_000_000);
        let mut map = sources();
        let path = Utf8PathBuf::from("huge.yaml");
        map.insert(
            path.clone(),
            format!("upgrade:\n  - create_table: {{name: {name}, colums: []}}\n"),
        );
        let diag = Diagnostic::error(format!("name `{name}` is 1000000 bytes long"))
            .with_span(Span::pos(&path, 2, 1_000_028))
            .with_label(format!("`{name}`"))
            .with_note(format!("in table `{name}`\nsecond line"))
            .with_help(format!("shorten {name}"));
        let out = render(&diag, &map, false);
        assert!(out.len() < 2_000, "{} bytes:\n{out}", out.len());
        assert_snapshot!(out);
        // The caret is under `colums`.
        let lines: Vec<&str> = out.lines().collect();
        let source = lines[3].split_once(" | ").unwrap().1;
        let carets = lines[4].split_once(" | ").unwrap().1;
        let at = carets.find('^').unwrap();
        let under: String = source.chars().skip(at).take(6).collect();
        assert_eq!(under, "colums");
        assert_eq!(carets.trim_start().split(' ').next(), Some("^^^^^^"));
    }

    #[test]
    fn short_text_is_left_alone() {
        let line = "x".repeat(200);
        assert_eq!(shorten(&line), line);
        assert_eq!(shorten_line(&"y".repeat(201)).chars().count(), 181);
        let words = vec!["`a`"; 400].join(", ");
        assert_eq!(shorten(&words).chars().count(), 901);
        assert_eq!(source_window("short", 2, 3), (Cow::Borrowed("short"), 2, 3));
    }

    #[test]
    fn fs_sources_reads_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = Utf8PathBuf::from_path_buf(dir.path().join("r.yaml")).unwrap();
        std::fs::write(&path, "revision: abc\n").unwrap();
        assert_eq!(FsSources.source(&path).as_deref(), Some("revision: abc\n"));
        assert_eq!(FsSources.source(&path.with_file_name("nope.yaml")), None);
    }

    #[test]
    fn snippet_escapes_move_the_caret_with_them() {
        let (text, column, len) = inert_snippet("a\u{1b}[1m\tbad\rx", 7, 4);
        assert_eq!(text, "a\\u{1b}[1m\tbad\\rx");
        // `a`, `\u{1b}` (6), `[1m`, tab: the caret stands under `b`.
        assert_eq!(
            &text.chars().skip(column - 1).collect::<String>()[..len],
            "bad\\r"
        );
        assert_eq!((column, len), (12, 5));
    }
}
