//! A schema file cut into statements, each with where it starts, and the
//! statements that do not describe schema told apart before any parsing.
//!
//! The dialect's own tokenizer does the cutting (it knows the quotes,
//! comments and dollar-quoting), so a `;` inside a string never ends a
//! statement. Lines that are psql meta-commands (`\restrict`, `\connect`)
//! are blanked first: they are the client's, not SQL. A statement that
//! only sets up the session (`SET`, `SELECT pg_catalog.set_config`,
//! ownership, grants, locks, transactions, `DROP` in front of a dump's
//! `CREATE`, mysqldump's `/*!40101 ... */` conditional comments) is
//! counted as skipped. `-- @renamed from=old` comments are collected by
//! line. A statement left without `;` ends where a line starts with
//! `CREATE`, `ALTER` or `COMMENT` outside parentheses.

use super::error::{Place, ReadError};
use camino::Utf8Path;
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};
use std::collections::BTreeMap;

/// One statement's tokens (whitespace and comments kept), without its `;`.
pub struct Chunk {
    pub tokens: Vec<TokenWithSpan>,
}

impl Chunk {
    /// Where its first word is.
    pub fn place(&self, file: &Utf8Path) -> Place {
        match self.words().next() {
            Some(t) => Place::new(file, t.span.start.line, t.span.start.column),
            None => Place::new(file, 1, 1),
        }
    }
    fn words(&self) -> impl Iterator<Item = &TokenWithSpan> {
        self.tokens
            .iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
    }
    /// The first `n` words, upper case (a non-word token ends the list).
    pub fn keywords(&self, n: usize) -> Vec<String> {
        self.words()
            .take(n)
            .map_while(|t| match &t.token {
                Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
                _ => None,
            })
            .collect()
    }
    /// Does the unquoted word sequence `seq` occur in the statement?
    pub fn has_words(&self, seq: &[&str]) -> bool {
        let words: Vec<String> = self
            .words()
            .map(|t| match &t.token {
                Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
                _ => String::new(),
            })
            .collect();
        words
            .windows(seq.len())
            .any(|w| w.iter().zip(seq).all(|(a, b)| a == b))
    }
    /// The tokens without comments and layout, for the parser.
    pub fn parser_tokens(&self) -> Vec<TokenWithSpan> {
        self.words().cloned().collect()
    }
    pub fn is_empty(&self) -> bool {
        self.words().next().is_none()
    }
}

/// Leaves out the options in parentheses after `AS IDENTITY` (pg_dump's
/// `SEQUENCE NAME ... START WITH 1 ...`, which not every sqlparser version
/// reads), except gen's own `(START WITH n INCREMENT BY n)`, which is the
/// `identity:` the model holds.
pub fn drop_identity_options(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let is_word = |t: &TokenWithSpan, w: &str| matches!(&t.token, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w));
    let is_start_increment = |from: usize| {
        tokens
            .iter()
            .skip(from)
            .take_while(|t| t.token != Token::RParen)
            .all(|t| {
                matches!(t.token, Token::Number(..) | Token::Minus)
                    || ["start", "with", "increment", "by"]
                        .iter()
                        .any(|w| is_word(t, w))
            })
    };
    let keep: Vec<bool> = (0..tokens.len())
        .map(|i| tokens[i].token == Token::LParen && is_start_increment(i + 1))
        .collect();
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut depth = 0usize;
    for (t, keep) in tokens.iter().cloned().zip(keep) {
        if depth > 0 {
            match t.token {
                Token::LParen => depth += 1,
                Token::RParen => depth -= 1,
                _ => {}
            }
            continue;
        }
        let after_identity = out.len() >= 2
            && is_word(&out[out.len() - 1], "identity")
            && is_word(&out[out.len() - 2], "as");
        if after_identity && t.token == Token::LParen && !keep {
            depth = 1;
            continue;
        }
        out.push(t);
    }
    out
}

/// The file as statements, the `@renamed` hints by line, and how many
/// lines were psql meta-commands.
pub struct Split {
    pub chunks: Vec<Chunk>,
    pub renamed: BTreeMap<usize, String>,
    pub meta_lines: usize,
}

/// Blanks psql meta-command lines (`\...`), keeping every offset.
fn blank_meta(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('\\') {
            count += 1;
            out.extend(line.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(line);
        }
    }
    (out, count)
}

/// `@renamed from=old` in a comment's text.
fn renamed_from(comment: &str) -> Option<String> {
    let rest = comment.trim().strip_prefix("@renamed")?;
    let value = rest.trim_start().strip_prefix("from")?.trim_start();
    let value = value.strip_prefix('=')?.trim();
    let value = value.split_whitespace().next()?;
    let value = value.trim_matches(|c| matches!(c, '"' | '`' | '\'' | '[' | ']'));
    (!value.is_empty()).then(|| value.to_owned())
}

pub fn split(text: &str, file: &Utf8Path, parser: &dyn ParserDialect) -> Result<Split, ReadError> {
    let (text, meta_lines) = blank_meta(text);
    let tokens = Tokenizer::new(parser, &text)
        .tokenize_with_location()
        .map_err(|e| ReadError::Tokens {
            at: Place::new(file, e.location.line, e.location.column),
            message: e.message,
        })?;
    let mut renamed = BTreeMap::new();
    let mut chunks = Vec::new();
    let mut current: Vec<TokenWithSpan> = Vec::new();
    let mut depth = 0usize;
    for t in tokens {
        // A statement keyword at the start of a line, outside parentheses,
        // after a statement left without `;` (SQLAlchemy's printed DDL)
        // starts the next statement.
        let starts_line = t.span.start.column == 1
            && matches!(&t.token, Token::Word(w) if w.quote_style.is_none()
                && matches!(w.value.to_ascii_uppercase().as_str(), "CREATE" | "ALTER" | "COMMENT"));
        if starts_line
            && depth == 0
            && current
                .iter()
                .any(|c| !matches!(c.token, Token::Whitespace(_)))
        {
            chunks.push(Chunk {
                tokens: std::mem::take(&mut current),
            });
        }
        match &t.token {
            Token::LParen => {
                depth += 1;
                current.push(t);
            }
            Token::RParen => {
                depth = depth.saturating_sub(1);
                current.push(t);
            }
            Token::SemiColon => {
                depth = 0;
                chunks.push(Chunk {
                    tokens: std::mem::take(&mut current),
                })
            }
            Token::Whitespace(Whitespace::SingleLineComment { comment, .. })
            | Token::Whitespace(Whitespace::MultiLineComment(comment)) => {
                if let Some(old) = renamed_from(comment) {
                    let line = usize::try_from(t.span.start.line).unwrap_or(0);
                    renamed.insert(line, old);
                }
                current.push(t);
            }
            _ => current.push(t),
        }
    }
    chunks.push(Chunk { tokens: current });
    Ok(Split {
        chunks,
        renamed,
        meta_lines,
    })
}

/// Was this statement left out on purpose (session set-up, privileges,
/// transactions, a dump's `DROP` before its `CREATE`)? Empty statements,
/// such as mysqldump's `/*!40101 SET ... */;`, count too.
pub fn is_skipped(chunk: &Chunk) -> bool {
    let kw = chunk.keywords(3);
    let first = kw.first().map(String::as_str).unwrap_or("");
    let second = kw.get(1).map(String::as_str).unwrap_or("");
    let plain = matches!(
        first,
        "SET"
            | "RESET"
            | "SELECT"
            | "GRANT"
            | "REVOKE"
            | "LOCK"
            | "UNLOCK"
            | "BEGIN"
            | "COMMIT"
            | "START"
            | "END"
            | "ROLLBACK"
            | "SAVEPOINT"
            | "RELEASE"
            | "PRAGMA"
            | "USE"
            | "DROP"
            | "ANALYZE"
            | "VACUUM"
            | "INSERT"
            | "GO"
    );
    let object = matches!(
        (first, second),
        ("CREATE", "SCHEMA") | ("CREATE", "EXTENSION") | ("ALTER", "SCHEMA") | ("ALTER", "DEFAULT")
    ) || (first == "COMMENT"
        && matches!(
            kw.get(2).map(String::as_str),
            Some("SCHEMA" | "EXTENSION" | "DATABASE")
        ));
    let ownership = first == "ALTER" && chunk.has_words(&["OWNER", "TO"]);
    chunk.is_empty() || plain || object || ownership
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_hint_forms() {
        assert_eq!(
            renamed_from(" @renamed from=old_name"),
            Some("old_name".into())
        );
        assert_eq!(
            renamed_from("@renamed from = \"Old\" trailing"),
            Some("Old".into())
        );
        assert_eq!(renamed_from(" renamed from=x"), None);
        assert_eq!(renamed_from("@renamed from="), None);
    }

    #[test]
    fn semicolons_in_strings_do_not_split_and_meta_lines_are_blanked() {
        let parser = sqlparser::dialect::PostgreSqlDialect {};
        let text = "\\restrict abc\nCOMMENT ON TABLE t IS 'a;b';\nSET x = 1;\n";
        let s = split(text, Utf8Path::new("s.sql"), &parser).unwrap();
        assert_eq!(s.meta_lines, 1);
        let kept: Vec<_> = s.chunks.iter().filter(|c| !is_skipped(c)).collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].place(Utf8Path::new("s.sql")).line, 2);
    }
}
