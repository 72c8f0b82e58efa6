//! How each client an operator runs a script with cuts it into what it
//! sends to the server, written down from their sources and behaviour:
//! psql (`psqlscan.l`), the mariadb/mysql client (`mysql.cc`, `add_line`
//! and `read_and_execute`), the sqlite3 shell (`shell.c`,
//! `process_input`) and sqlcmd (`go-sqlcmd`'s batch scanner, plus the ODBC
//! sqlcmd's habit of reading `GO` lines and `$(var)` everywhere). Each
//! splitter returns the statements (or batches) in order and every client
//! command it met (`\!`, `.system`, `delimiter`, `:r`, a psql variable,
//! a sqlcmd variable...), each with its line; the fuzz harness
//! (`tests/fuzz_script.rs`) checks that the statements are exactly the
//! ones gen rendered and that there is no command at all.
#![allow(dead_code)]

/// What a client makes of a script.
#[derive(Debug, Default, PartialEq)]
pub struct Split {
    /// Each statement (psql, mariadb, sqlite3: without its `;`) or batch
    /// (sqlcmd: the text between `GO` lines, comment lines left out), trimmed.
    pub statements: Vec<String>,
    /// Client commands and variables met: (line, text).
    pub commands: Vec<(usize, String)>,
    /// Text left after the last statement (never sent, or sent at the end).
    pub rest: String,
    /// The 1-based numbers of lines that start outside any statement, quote
    /// or comment and begin with `--`: the script's comment lines.
    pub comment_lines: Vec<usize>,
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

/// Characters of `text` with their byte offsets, looked at with lookahead.
struct Cursor<'t> {
    text: &'t str,
    chars: Vec<(usize, char)>,
    i: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Self {
        Cursor {
            text,
            chars: text.char_indices().collect(),
            i: 0,
        }
    }
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).map(|(_, c)| *c)
    }
    fn at(&self) -> usize {
        self.chars.get(self.i).map_or(self.text.len(), |(o, _)| *o)
    }
    fn prev(&self) -> Option<char> {
        self.i
            .checked_sub(1)
            .and_then(|j| self.chars.get(j))
            .map(|(_, c)| *c)
    }
    fn done(&self) -> bool {
        self.i >= self.chars.len()
    }
    fn starts(&self, s: &str) -> bool {
        self.text[self.at()..].starts_with(s)
    }
    fn at_line_start(&self) -> bool {
        self.i == 0 || self.prev() == Some('\n')
    }
    /// Skips to the end of the line: past the first of `ends`.
    fn skip_line(&mut self, ends: &[char]) {
        while let Some(c) = self.peek(0) {
            self.i += 1;
            if ends.contains(&c) {
                break;
            }
        }
    }
    /// Skips a `/* */` comment (nested or not); the cursor is on the `/`.
    fn skip_block(&mut self, nested: bool) {
        self.i += 2;
        let mut depth = 1;
        while !self.done() {
            if nested && self.starts("/*") {
                depth += 1;
                self.i += 2;
            } else if self.starts("*/") {
                depth -= 1;
                self.i += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.i += 1;
            }
        }
    }
    /// Skips a quoted run opened by the quote under the cursor: a doubled
    /// quote stays inside, and with `backslash` so does `\` and what follows.
    fn skip_quoted(&mut self, backslash: bool) {
        let q = self.peek(0).unwrap_or('\'');
        self.i += 1;
        while let Some(c) = self.peek(0) {
            if backslash && c == '\\' {
                self.i += 2;
            } else if c == q {
                if self.peek(1) == Some(q) {
                    self.i += 2;
                } else {
                    self.i += 1;
                    return;
                }
            } else {
                self.i += 1;
            }
        }
    }
    fn rest_of_line(&self) -> &'t str {
        let from = self.at();
        let end = self.text[from..]
            .find('\n')
            .map_or(self.text.len(), |k| from + k);
        &self.text[from..end]
    }
}

/// Where a statement starts, and its statements so far.
struct Builder {
    split: Split,
    start: Option<usize>,
}

impl Builder {
    fn new() -> Self {
        Builder {
            split: Split::default(),
            start: None,
        }
    }
    fn begin(&mut self, at: usize) {
        if self.start.is_none() {
            self.start = Some(at);
        }
    }
    fn end(&mut self, text: &str, at: usize) {
        let start = self.start.take().unwrap_or(at);
        self.split
            .statements
            .push(text[start..at].trim().to_owned());
    }
    fn command(&mut self, text: &str, at: usize, what: &str) {
        self.split
            .commands
            .push((line_of(text, at), what.to_owned()));
    }
    fn comment_line(&mut self, text: &str, at: usize) {
        self.split.comment_lines.push(line_of(text, at));
    }
    fn finish(mut self, text: &str) -> Split {
        if let Some(start) = self.start {
            self.split.rest = text[start..].trim().to_owned();
        }
        self.split
    }
}

/// psql: `;` outside quotes, comments, dollar quotes and parentheses ends
/// a statement; `--` comments end at a line feed or a carriage return; a
/// backslash outside quotes starts a meta-command (`\!` runs a shell), and
/// `:name`, `:'name'`, `:"name"` outside quotes are variables.
/// (`standard_conforming_strings` on: only `E'...'` reads backslashes.)
pub fn psql(text: &str) -> Split {
    let mut b = Builder::new();
    let mut c = Cursor::new(text);
    let mut depth = 0usize;
    while let Some(ch) = c.peek(0) {
        let at = c.at();
        if b.start.is_none() && ch.is_whitespace() {
            c.i += 1;
            continue;
        }
        match ch {
            '-' if c.peek(1) == Some('-') => {
                if b.start.is_none() && c.at_line_start() {
                    b.comment_line(text, at);
                }
                c.skip_line(&['\n', '\r']);
            }
            '/' if c.peek(1) == Some('*') => c.skip_block(true),
            '\\' => {
                b.command(text, at, c.rest_of_line());
                c.skip_line(&['\n']);
            }
            '\'' => {
                b.begin(at);
                let extended = matches!(c.prev(), Some('e' | 'E'))
                    && !c
                        .i
                        .checked_sub(2)
                        .and_then(|j| c.chars.get(j))
                        .is_some_and(|(_, p)| is_ident_char(*p));
                c.skip_quoted(extended);
            }
            '"' => {
                b.begin(at);
                c.skip_quoted(false);
            }
            '$' if !c.prev().is_some_and(is_ident_char) => {
                b.begin(at);
                // $tag$ ... $tag$, the tag an identifier or nothing.
                let tail = &text[at + 1..];
                let tag_len = tail
                    .char_indices()
                    .find(|(k, ch)| {
                        !(ch.is_alphabetic() || *ch == '_' || (*k > 0 && ch.is_ascii_digit()))
                    })
                    .map(|(k, _)| k);
                match tag_len {
                    Some(k) if tail[k..].starts_with('$') => {
                        let delim = &text[at..at + k + 2];
                        match text[at + delim.len()..].find(delim) {
                            Some(end) => {
                                let to = at + delim.len() + end + delim.len();
                                while c.at() < to {
                                    c.i += 1;
                                }
                            }
                            None => c.i = c.chars.len(),
                        }
                    }
                    _ => c.i += 1,
                }
            }
            ':' => {
                b.begin(at);
                match c.peek(1) {
                    Some(':') => c.i += 2,
                    Some(n) if n == '\'' || n == '"' || n == '{' || is_ident_char(n) => {
                        b.command(text, at, "a psql variable");
                        c.i += 1;
                    }
                    _ => c.i += 1,
                }
            }
            '(' => {
                b.begin(at);
                depth += 1;
                c.i += 1;
            }
            ')' => {
                b.begin(at);
                depth = depth.saturating_sub(1);
                c.i += 1;
            }
            ';' if depth == 0 => {
                b.end(text, at);
                c.i += 1;
            }
            _ => {
                b.begin(at);
                c.i += 1;
            }
        }
    }
    b.finish(text)
}

/// The mariadb client's own commands by name, recognised at the start of a
/// line when no statement is pending (`read_and_execute`'s `find_command`).
const MYSQL_COMMANDS: &[&str] = &[
    "?",
    "charset",
    "clear",
    "connect",
    "delimiter",
    "edit",
    "ego",
    "exit",
    "go",
    "help",
    "nopager",
    "notee",
    "nowarning",
    "pager",
    "print",
    "prompt",
    "quit",
    "rehash",
    "resetconnection",
    "sandbox",
    "source",
    "status",
    "system",
    "tee",
    "use",
    "warnings",
];

/// The mariadb client: `;` outside quotes (`'`, `"`, `` ` ``, with
/// backslash escapes in the first two) and comments (`#` and `-- ` to the
/// line's end, `/* */`) ends a statement; a backslash outside quotes is a
/// client command (`\!` runs a shell); a line that starts with a command's
/// name while no statement is pending (`delimiter`, `system`, `source`...)
/// runs it.
pub fn mariadb(text: &str) -> Split {
    let mut b = Builder::new();
    let mut c = Cursor::new(text);
    while let Some(ch) = c.peek(0) {
        let at = c.at();
        if b.start.is_none() && c.at_line_start() {
            let line = c.rest_of_line();
            let word: String = line
                .trim_start()
                .chars()
                .take_while(|ch| !ch.is_whitespace() && *ch != ';')
                .collect::<String>()
                .to_lowercase();
            let comment = line.starts_with('#') || line.starts_with("--");
            if !comment && MYSQL_COMMANDS.contains(&word.as_str()) {
                b.command(text, at, line);
                c.skip_line(&['\n']);
                continue;
            }
        }
        if b.start.is_none() && ch.is_whitespace() {
            c.i += 1;
            continue;
        }
        match ch {
            '#' => c.skip_line(&['\n']),
            '-' if c.peek(1) == Some('-')
                && c.peek(2)
                    .is_none_or(|n| n.is_whitespace() || n.is_control()) =>
            {
                if b.start.is_none() && c.at_line_start() {
                    b.comment_line(text, at);
                }
                c.skip_line(&['\n']);
            }
            '/' if c.peek(1) == Some('*') => c.skip_block(false),
            '\\' => {
                b.command(text, at, c.rest_of_line());
                c.i += 2;
            }
            '\'' | '"' => {
                b.begin(at);
                c.skip_quoted(true);
            }
            '`' => {
                b.begin(at);
                c.skip_quoted(false);
            }
            ';' => {
                b.end(text, at);
                c.i += 1;
            }
            _ => {
                b.begin(at);
                c.i += 1;
            }
        }
    }
    b.finish(text)
}

/// The sqlite3 shell: a line starting with `.` while no SQL is pending is a
/// dot-command (`.system` runs a shell; lines of whitespace and comments
/// leave nothing pending); `;` outside quotes (`'`, `"`, `` ` ``, `[ ]`)
/// and comments (`--` to a line feed, `/* */`) ends a statement, and so
/// does a line that is only `go` or `/`.
pub fn sqlite3(text: &str) -> Split {
    let mut b = Builder::new();
    let mut c = Cursor::new(text);
    while let Some(ch) = c.peek(0) {
        let at = c.at();
        if b.start.is_none() && c.at_line_start() && ch == '.' {
            b.command(text, at, c.rest_of_line());
            c.skip_line(&['\n']);
            continue;
        }
        if b.start.is_some() && c.at_line_start() {
            let line = c.rest_of_line().trim();
            if line == "/" || line.eq_ignore_ascii_case("go") {
                b.end(text, at);
                c.skip_line(&['\n']);
                continue;
            }
        }
        if b.start.is_none() && ch.is_whitespace() {
            c.i += 1;
            continue;
        }
        match ch {
            '-' if c.peek(1) == Some('-') => {
                if b.start.is_none() && c.at_line_start() {
                    b.comment_line(text, at);
                }
                c.skip_line(&['\n']);
            }
            '/' if c.peek(1) == Some('*') => c.skip_block(false),
            '\'' | '"' | '`' => {
                b.begin(at);
                c.skip_quoted(false);
            }
            '[' => {
                b.begin(at);
                match text[at..].find(']') {
                    Some(k) => {
                        let to = at + k + 1;
                        while c.at() < to {
                            c.i += 1;
                        }
                    }
                    None => c.i = c.chars.len(),
                }
            }
            ';' => {
                b.end(text, at);
                c.i += 1;
            }
            _ => {
                b.begin(at);
                c.i += 1;
            }
        }
    }
    b.finish(text)
}

/// A line that sqlcmd reads as `GO` (any case, maybe with a count).
fn is_go(line: &str) -> bool {
    let trimmed = line.trim();
    let word = trimmed.split_whitespace().next().unwrap_or("");
    word.eq_ignore_ascii_case("go")
        && trimmed[word.len()..]
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit())
}

/// A line that sqlcmd reads as one of its commands (`:r`, `:!!`,
/// `:setvar`, `:connect`, `!!`...).
fn is_sqlcmd_command(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with(':') || trimmed.starts_with("!!")
}

/// Cuts `text` into batches at `GO` lines, given which lines begin inside
/// a quote or comment (`inside`, 0-based), and notes commands and `$(`.
fn batches(text: &str, quoted_at: &dyn Fn(usize) -> bool, dollar: &[usize]) -> Split {
    let mut split = Split::default();
    let mut batch = String::new();
    let mut pending = false;
    for (n, line) in text.split('\n').enumerate() {
        let inside = quoted_at(n);
        if !inside && is_go(line) {
            split.statements.push(batch.trim().to_owned());
            batch.clear();
            pending = false;
            continue;
        }
        if !inside && is_sqlcmd_command(line) {
            split.commands.push((n + 1, line.to_owned()));
        }
        if !inside && !pending && line.starts_with("--") {
            split.comment_lines.push(n + 1);
            continue;
        }
        if !inside && !pending && line.trim().is_empty() {
            continue;
        }
        pending = true;
        batch.push_str(line);
        batch.push('\n');
    }
    for &at in dollar {
        split
            .commands
            .push((line_of(text, at), "a sqlcmd variable `$(`".to_owned()));
    }
    split.rest = batch.trim().to_owned();
    split
}

/// Which lines of `text` begin inside a quote or block comment, and where
/// `$(` appears outside quotes, by a T-SQL lexer: `'...'` and `"..."` with
/// doubled quotes, `[...]` with `]]`, `--` to the line's end, `/* */`
/// nested; with `go_sqlcmd`, go-sqlcmd's own scanner instead: a backslash
/// escapes the next character inside `'...'`, and `[` is no quote.
fn lex_tsql(text: &str, go_sqlcmd: bool) -> (Vec<bool>, Vec<usize>) {
    let mut starts_inside = vec![false];
    let mut dollars = Vec::new();
    let mut c = Cursor::new(text);
    let line_start = |inside: bool, starts: &mut Vec<bool>| starts.push(inside);
    while let Some(ch) = c.peek(0) {
        let at = c.at();
        let from = c.i;
        match ch {
            '-' if c.peek(1) == Some('-') => {
                // ODBC sqlcmd reads `$(` in comments too; gen escapes it.
                if c.rest_of_line().contains("$(") {
                    dollars.push(at);
                }
                c.skip_line(&['\n']);
                line_start(false, &mut starts_inside);
                continue;
            }
            '/' if c.peek(1) == Some('*') => c.skip_block(!go_sqlcmd),
            '\'' | '"' => {
                c.skip_quoted(go_sqlcmd && ch == '\'');
                // go-sqlcmd expands `$(` inside quotes too.
                let end = c.at();
                if go_sqlcmd {
                    dollars.extend(text[at..end].match_indices("$(").map(|(k, _)| at + k));
                }
            }
            '[' if !go_sqlcmd => {
                c.i += 1;
                while let Some(b) = c.peek(0) {
                    c.i += 1;
                    if b == ']' {
                        if c.peek(0) == Some(']') {
                            c.i += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            '$' if c.peek(1) == Some('(') => {
                dollars.push(at);
                c.i += 1;
            }
            '\n' => {
                c.i += 1;
                line_start(false, &mut starts_inside);
                continue;
            }
            _ => c.i += 1,
        }
        // Line feeds passed inside a quote or comment.
        let passed = c.chars[from..c.i.min(c.chars.len())]
            .iter()
            .filter(|(_, x)| *x == '\n')
            .count();
        for _ in 0..passed {
            line_start(true, &mut starts_inside);
        }
    }
    (starts_inside, dollars)
}

/// sqlcmd as T-SQL reads the script: `GO` lines, `:` and `!!` command
/// lines and `$(` outside quotes and comments (and `$(` in comments, which
/// the ODBC sqlcmd expands). What gen itself writes must pass this.
pub fn sqlcmd(text: &str) -> Split {
    let (inside, dollars) = lex_tsql(text, false);
    batches(text, &|n| inside.get(n).copied().unwrap_or(false), &dollars)
}

/// The ODBC sqlcmd, which reads `GO` lines, command lines and `$(` without
/// regard to quotes: gen must write none of them inside a literal either.
pub fn sqlcmd_odbc(text: &str) -> Split {
    let dollars: Vec<usize> = text.match_indices("$(").map(|(i, _)| i).collect();
    batches(text, &|_| false, &dollars)
}

/// go-sqlcmd's scanner, which reads a backslash in `'...'` as an escape and
/// knows no `[...]`: gen's literals and names must not mislead it.
pub fn sqlcmd_go(text: &str) -> Split {
    let (inside, dollars) = lex_tsql(text, true);
    batches(text, &|n| inside.get(n).copied().unwrap_or(false), &dollars)
}
