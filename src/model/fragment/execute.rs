//! `execute`: the one field that holds whole statements, and what gen
//! still makes sure of around them.
//!
//! The user's SQL is written as it is, then gen's terminator. So a final
//! `;` is taken off (where the text goes on with a comment after it, the
//! comment stays), and where the text ends inside a `--` comment the
//! terminator goes on a line of its own, or the comment would swallow it
//! and the next statement would run glued to this one. Inside a revision
//! that runs in the script's transaction, a statement that opens, ends or
//! splits a transaction (`BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT`, ...)
//! is refused: it would silently change what the rest of the run is
//! part of. sqlparser's statement tree decides; SQL it cannot parse
//! (`validate: false`) is read token by token for the unambiguous forms.
//!
//! SQL sqlparser cannot parse is still written as is (the engine is its
//! judge), but only when the database client would hand it to the server
//! as the statements it is ([`hazard`]): it must read as tokens (so no
//! unclosed string, quoted name or comment swallows gen's terminator and
//! what follows), hold no backslash outside a literal (psql and the
//! mariadb client read one as a command), no `:name` (psql's variables),
//! begin each statement with a word that is not one of the client's own
//! commands (the mariadb client's `system`, `source`, `delimiter`; a
//! sqlite3 dot command), and hold nothing the dialect's client acts on
//! even inside a literal (`Dialect::client_hazard`).
//!
//! SQL that parses is checked the same way: sqlparser accepts `:name` as
//! a placeholder (psql substitutes it), reads `$(` and a `GO` line inside
//! a literal as text (sqlcmd does not), and a statement beginning with
//! `USE` (the mariadb client's own `use`). One more check holds for every
//! dialect: no backslash run of odd length before a literal's quote
//! character. Whether that quote ends the literal depends on the session
//! (MySQL's `NO_BACKSLASH_ESCAPES`, PostgreSQL's
//! `standard_conforming_strings`), and the mariadb client and psql follow
//! the server, so the rest of the line may be read as a client command.

use super::parse::Pos;
use crate::dialect::Dialect;
use sqlparser::ast::Statement;
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token, Tokenizer, Whitespace};
use std::fmt;

fn blank(t: &Token) -> bool {
    matches!(t, Token::Whitespace(_) | Token::EOF)
}

/// The statement text for `sql`: trimmed, the `;`s at its end taken off
/// (comments among or after them kept).
pub fn body(d: &dyn Dialect, sql: &str) -> String {
    let sql = sql.trim();
    let old_rule = || sql.trim_end_matches(';').trim_end().to_owned();
    // Without a comment on the last line, the `;`s the text ends with are
    // its own (or inside something never closed, which the tokenizer would
    // refuse): no tokenizing needed, for the common case, on the walk.
    if !last_line_may_comment(sql) {
        return old_rule();
    }
    let parser = d.parser();
    let Ok(tokens) = Tokenizer::new(&*parser, sql).tokenize_with_location() else {
        return old_rule();
    };
    // The tail: what follows the last token that is not blank, a comment
    // or a `;`.
    let content = tokens
        .iter()
        .rposition(|t| !blank(&t.token) && !is_comment(&t.token) && t.token != Token::SemiColon);
    let tail = &tokens[content.map_or(0, |i| i + 1)..];
    if !tail.iter().any(|t| t.token == Token::SemiColon) {
        return sql.to_owned();
    }
    let cut = match content {
        Some(i) => {
            let end = tokens[i].span.end;
            match super::parse::byte_offset(sql, end.line, end.column) {
                Some(cut) if sql.is_char_boundary(cut) => cut,
                _ => return old_rule(),
            }
        }
        None => 0,
    };
    let mut out = sql[..cut].to_owned();
    for t in tail.iter().filter(|t| t.token != Token::SemiColon) {
        out.push_str(&t.token.to_string());
    }
    out.trim().to_owned()
}

/// Whether the last line of `sql` holds something that may open or close a
/// comment (`--`, `#`, `*/`).
fn last_line_may_comment(sql: &str) -> bool {
    let last = sql.rsplit('\n').next().unwrap_or(sql);
    last.contains("--") || last.contains('#') || last.contains("*/")
}

fn is_comment(t: &Token) -> bool {
    matches!(
        t,
        Token::Whitespace(Whitespace::SingleLineComment { .. } | Whitespace::MultiLineComment(_))
    )
}

/// Whether `sql` ends inside a line comment, so the terminator needs a
/// line of its own. Text the tokenizer cannot read is judged by its last
/// line holding `--` or `#` (a line break too many is harmless).
pub fn ends_in_line_comment(d: &dyn Dialect, sql: &str) -> bool {
    // No `--` or `#` on the last line: no line comment there.
    let last = sql.rsplit('\n').next().unwrap_or(sql);
    if !last.contains("--") && !last.contains('#') {
        return false;
    }
    let parser = d.parser();
    match Tokenizer::new(&*parser, sql).tokenize() {
        Ok(tokens) => tokens
            .iter()
            .rev()
            .find(|t| !matches!(t, Token::Whitespace(Whitespace::Space | Whitespace::Tab)))
            .is_some_and(|t| {
                matches!(t, Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) if !comment.ends_with('\n'))
            }),
        Err(_) => sql
            .lines()
            .last()
            .is_some_and(|l| l.contains("--") || l.contains('#')),
    }
}

/// Whether a parsed statement opens, ends or splits a transaction (a
/// `BEGIN ... END` block with statements inside is a block, not one).
fn controls_transaction(s: &Statement) -> bool {
    match s {
        Statement::StartTransaction {
            statements,
            has_end_keyword,
            exception,
            ..
        } => statements.is_empty() && !has_end_keyword && exception.is_none(),
        Statement::Commit { .. }
        | Statement::Rollback { .. }
        | Statement::Savepoint { .. }
        | Statement::ReleaseSavepoint { .. } => true,
        _ => false,
    }
}

fn word(t: &Token) -> Option<Keyword> {
    match t {
        Token::Word(w) if w.quote_style.is_none() => Some(w.keyword),
        _ => None,
    }
}

/// The first transaction-control statement among `sql`'s, read token by
/// token (for SQL sqlparser cannot parse): a statement that begins with
/// `COMMIT`, `ROLLBACK`, `ABORT`, `SAVEPOINT`, `RELEASE`, `START
/// TRANSACTION`, or `BEGIN` alone or followed by `TRANSACTION`, `WORK`,
/// `TRAN` or `ISOLATION`. (`END` is left out: it also closes blocks.)
fn by_tokens(d: &dyn Dialect, sql: &str) -> Option<String> {
    let parser = d.parser();
    let tokens = Tokenizer::new(&*parser, sql).tokenize().ok()?;
    let tokens: Vec<&Token> = tokens.iter().filter(|t| !blank(t)).collect();
    for statement in tokens.split(|t| **t == Token::SemiColon) {
        let first = statement.first().and_then(|t| word(t));
        let second = statement.get(1).and_then(|t| word(t));
        let hit = match first {
            Some(Keyword::COMMIT | Keyword::ROLLBACK | Keyword::SAVEPOINT | Keyword::RELEASE) => {
                true
            }
            Some(Keyword::ABORT) => true,
            Some(Keyword::START) => second == Some(Keyword::TRANSACTION),
            Some(Keyword::BEGIN) => matches!(
                second,
                None | Some(
                    Keyword::TRANSACTION | Keyword::WORK | Keyword::TRAN | Keyword::ISOLATION
                )
            ),
            _ => false,
        };
        if hit {
            let text: Vec<String> = statement.iter().map(|t| t.to_string()).collect();
            return Some(text.join(" "));
        }
    }
    None
}

/// The words one of which every transaction-control statement holds.
const CONTROL_WORDS: &[&str] = &[
    "ABORT",
    "BEGIN",
    "COMMIT",
    "END",
    "RELEASE",
    "ROLLBACK",
    "SAVEPOINT",
    "START",
];

/// The first statement of `sql` that opens, ends or splits a transaction,
/// as sqlparser writes it.
pub fn transaction_control(d: &dyn Dialect, sql: &str) -> Option<String> {
    // Most SQL holds none of the words: no parse needed (this runs on the
    // walk, one `execute` after another).
    let upper = sql.to_ascii_uppercase();
    if !CONTROL_WORDS.iter().any(|w| upper.contains(w)) {
        return None;
    }
    let parser = d.parser();
    match Parser::parse_sql(&*parser, sql) {
        Ok(statements) => statements
            .iter()
            .find(|s| controls_transaction(s))
            .map(ToString::to_string),
        Err(_) => by_tokens(d, sql),
    }
}

/// sqlparser's message for `sql` (one or more statements) on `d`, or
/// `None` when it parses; a form the dialect lists among its known gaps
/// is parsed as its rewrite.
pub fn parse_failure(d: &dyn Dialect, sql: &str) -> Option<String> {
    let rewritten = d.known_gaps().iter().find_map(|g| (g.rewrite)(sql));
    let text = rewritten.as_deref().unwrap_or(sql);
    match Parser::parse_sql(&*d.parser(), text) {
        Ok(statements) if statements.is_empty() => Some("no SQL statement found".to_owned()),
        Ok(_) => None,
        Err(e) => Some(
            e.to_string()
                .trim_start_matches("sql parser error: ")
                .to_owned(),
        ),
    }
}

/// Why SQL that sqlparser did not parse cannot be written into the
/// script: the client running it would not hand the server exactly these
/// statements.
#[derive(Debug, Clone, PartialEq)]
pub enum Hazard {
    /// The tokenizer gave up: an unclosed string, quoted name, dollar
    /// quote or comment, which would swallow what gen writes after it.
    Unreadable { message: String },
    /// A backslash outside a literal: a psql or mariadb client command.
    Backslash { at: Pos },
    /// `:name`, `:'name'` or `:"name"`: a psql variable.
    Variable { found: String, at: Pos },
    /// A statement that begins with one of the client's own commands.
    ClientCommand { word: String, at: Pos },
    /// A statement that begins with something other than a word or `(`
    /// (a sqlite3 dot command begins with `.`).
    NotAStatement { found: String, at: Pos },
    /// What the dialect's client acts on even inside a literal.
    Client { what: &'static str },
    /// A backslash run of odd length before the literal's quote: the
    /// literal ends there or not depending on the session's setting.
    BackslashQuote { at: Pos },
}

impl fmt::Display for Hazard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hazard::Unreadable { message } => write!(f, "it cannot be read as SQL tokens: {message}"),
            Hazard::Backslash { at } => write!(
                f,
                "it holds a backslash outside a literal ({at}), which the database client reads as a command"
            ),
            Hazard::Variable { found, at } => write!(
                f,
                "it holds `{found}` ({at}), which psql replaces with a variable of the session running the script"
            ),
            Hazard::ClientCommand { word, at } => write!(
                f,
                "a statement begins with `{word}` ({at}), which the database client runs as its own command"
            ),
            Hazard::NotAStatement { found, at } => write!(
                f,
                "a statement begins with `{found}` ({at}), not a word: the database client may read the line as its own command"
            ),
            Hazard::Client { what } => write!(f, "it holds {what}"),
            Hazard::BackslashQuote { at } => write!(
                f,
                "a literal holds a backslash before its quote character ({at}): whether that quote ends the literal depends on the session (MySQL's NO_BACKSLASH_ESCAPES, PostgreSQL's standard_conforming_strings), and the client follows it, so what follows may be read as a client command; double the quote instead"
            ),
        }
    }
}

/// What in `sql`, which sqlparser did not parse, the client would act on
/// or cut elsewhere than the server (see the module's doc); `None` when
/// it would hand it on as written.
pub fn hazard(d: &dyn Dialect, sql: &str) -> Option<Hazard> {
    if let Some(what) = d.client_hazard(sql) {
        return Some(Hazard::Client { what });
    }
    let parser = d.parser();
    let tokens = match Tokenizer::new(&*parser, sql).tokenize_with_location() {
        Ok(tokens) => tokens,
        Err(e) => {
            return Some(Hazard::Unreadable {
                message: e.to_string(),
            })
        }
    };
    let mut starts = true;
    for (i, t) in tokens.iter().enumerate() {
        let at = Pos::from(t.span.start);
        match &t.token {
            Token::Whitespace(_) | Token::EOF => continue,
            Token::SemiColon => {
                starts = true;
                continue;
            }
            Token::Backslash => return Some(Hazard::Backslash { at }),
            Token::SingleQuotedString(_) | Token::DoubleQuotedString(_)
                if backslash_before_quote(sql, t.span.start, t.span.end) =>
            {
                return Some(Hazard::BackslashQuote { at })
            }
            Token::Placeholder(p) if p.starts_with(':') => {
                return Some(Hazard::Variable {
                    found: p.clone(),
                    at,
                })
            }
            // `:name`, `:'name'`, `:"name"` with nothing in between.
            Token::Colon => {
                if let Some(next) = tokens.get(i + 1).filter(|n| n.span.start == t.span.end) {
                    if matches!(
                        next.token,
                        Token::Word(_)
                            | Token::SingleQuotedString(_)
                            | Token::DoubleQuotedString(_)
                    ) {
                        return Some(Hazard::Variable {
                            found: format!(":{}", next.token),
                            at,
                        });
                    }
                }
            }
            _ => {}
        }
        if std::mem::take(&mut starts) {
            match &t.token {
                Token::Word(w) if w.quote_style.is_none() => {
                    let word = w.value.to_ascii_lowercase();
                    if d.client_commands().contains(&word.as_str()) {
                        return Some(Hazard::ClientCommand {
                            word: w.value.clone(),
                            at,
                        });
                    }
                }
                Token::LParen => {}
                other => {
                    return Some(Hazard::NotAStatement {
                        found: other.to_string(),
                        at,
                    })
                }
            }
        }
    }
    None
}

/// Whether the literal written from `start` to `end` of `sql` holds a run
/// of backslashes of odd length followed by its quote character (the
/// closing one included): read with backslash escapes the quote is text,
/// read without them it ends the literal. Even runs read the same both
/// ways (`\\` is one backslash or two, and the quote ends it either way).
fn backslash_before_quote(sql: &str, start: Location, end: Location) -> bool {
    let from = super::parse::byte_offset(sql, start.line, start.column);
    let to = super::parse::byte_offset(sql, end.line, end.column);
    let Some(raw) = from.zip(to).and_then(|(a, b)| sql.get(a..b)) else {
        // Where the span cannot be read back, any backslash counts.
        return sql.contains('\\');
    };
    let Some(quote) = raw.chars().next() else {
        return false;
    };
    let mut run = 0usize;
    for c in raw.chars().skip(1) {
        if c == '\\' {
            run += 1;
            continue;
        }
        if c == quote && run % 2 == 1 {
            return true;
        }
        run = 0;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{MsSql, MySql, PostgreSql, Sqlite};

    #[test]
    fn the_final_semicolon_goes_and_a_comment_after_it_stays() {
        let pg = &PostgreSql;
        assert_eq!(body(pg, "  UPDATE t SET a = 1;  \n"), "UPDATE t SET a = 1");
        assert_eq!(body(pg, "UPDATE t SET a = 1"), "UPDATE t SET a = 1");
        assert_eq!(
            body(pg, "UPDATE t SET a = 1; -- done"),
            "UPDATE t SET a = 1 -- done"
        );
        assert_eq!(body(pg, "SELECT ';';;"), "SELECT ';'");
        assert_eq!(
            body(pg, "DELETE FROM a; DELETE FROM b;"),
            "DELETE FROM a; DELETE FROM b"
        );
        assert_eq!(body(pg, "SELECT 'é';\n-- ü"), "SELECT 'é'\n-- ü");
        assert_eq!(body(pg, "SELECT 1; /* a */ ;"), "SELECT 1 /* a */");
        // Any number of them, in one pass.
        let many = format!("SELECT 1{}", ";".repeat(100_000));
        assert_eq!(body(pg, &many), "SELECT 1");
        // Unreadable text: the old rule.
        assert_eq!(body(pg, "SELECT 'x;"), "SELECT 'x");
    }

    #[test]
    fn a_trailing_line_comment_is_seen() {
        assert!(ends_in_line_comment(
            &PostgreSql,
            "UPDATE t SET a = 1 -- note"
        ));
        assert!(!ends_in_line_comment(&PostgreSql, "UPDATE t SET a = '--'"));
        assert!(!ends_in_line_comment(
            &PostgreSql,
            "-- note\nUPDATE t SET a = 1"
        ));
        assert!(!ends_in_line_comment(&PostgreSql, "SELECT 1 /* -- */"));
        assert!(ends_in_line_comment(&MySql, "UPDATE t SET a = 1 # note"));
        assert!(!ends_in_line_comment(&PostgreSql, "SELECT a # b"));
        assert!(ends_in_line_comment(&Sqlite, "SELECT 'x -- y"));
    }

    #[test]
    fn transaction_control_is_found() {
        for (sql, want) in [
            ("UPDATE t SET a = 1; COMMIT; BEGIN", Some("COMMIT")),
            ("BEGIN", Some("BEGIN")),
            ("START TRANSACTION", Some("START TRANSACTION")),
            ("END", Some("END")),
            ("ROLLBACK", Some("ROLLBACK")),
            ("SAVEPOINT a", Some("SAVEPOINT a")),
            ("RELEASE SAVEPOINT a", Some("RELEASE SAVEPOINT a")),
            ("UPDATE t SET a = 1", None),
            ("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", None),
            // Unparsed: read token by token.
            ("DO $$ BEGIN COMMIT; END $$", None),
            ("VACUUM FULL weird stuff; COMMIT", Some("COMMIT")),
        ] {
            let got = transaction_control(&PostgreSql, sql);
            match want {
                Some(w) => assert!(
                    got.as_deref().is_some_and(|g| g.starts_with(w)),
                    "{sql}: {got:?}"
                ),
                None => assert_eq!(got, None, "{sql}"),
            }
        }
        // A T-SQL block is not a transaction; `BEGIN TRAN` is.
        assert_eq!(transaction_control(&MsSql, "BEGIN SELECT 1; END"), None);
        assert!(transaction_control(&MsSql, "BEGIN TRAN").is_some());
    }

    #[test]
    fn unparsed_sql_that_a_client_would_act_on_is_a_hazard() {
        let pg = &PostgreSql;
        for sql in [
            "DO $$ BEGIN RAISE NOTICE 'a;b\\c'; END $$",
            "UPDATE t SET a = 1 WHERE b ISNULL",
            "SELECT 1; -- note",
            "(SELECT 1)",
            "SELECT a::text FROM t",
        ] {
            assert_eq!(hazard(pg, sql), None, "{sql}");
        }
        for (sql, want) in [
            ("SELECT 1 WHERE x ISNULL; \\! rm -rf /", "Backslash"),
            ("SELECT 'x", "Unreadable"),
            ("DO $$ BEGIN", "Unreadable"),
            ("SELECT 1 /* swallow", "Unreadable"),
            ("SELECT :secret ISNULL", "Variable"),
            ("SELECT :'secret' ISNULL", "Variable"),
            ("SELECT 1;\n.system ls", "NotAStatement"),
        ] {
            let got = hazard(pg, sql);
            let name = got.as_ref().map(|h| format!("{h:?}")).unwrap_or_default();
            assert!(name.starts_with(want), "{sql}: {got:?}");
        }
        assert!(matches!(
            hazard(&MySql, "SELECT 1;\nsystem rm -rf /"),
            Some(Hazard::ClientCommand { .. })
        ));
        assert!(matches!(
            hazard(&MySql, "DELIMITER //"),
            Some(Hazard::ClientCommand { .. })
        ));
        assert_eq!(
            hazard(&MySql, "SELECT CAST(x AS CHAR CHARACTER SET utf8mb4)"),
            None
        );
        assert!(matches!(
            hazard(&Sqlite, ".shell ls"),
            Some(Hazard::NotAStatement { .. })
        ));
        assert!(matches!(
            hazard(&MsSql, "SELECT 1\nGO\nSELECT 2"),
            Some(Hazard::Client { .. })
        ));
    }

    #[test]
    fn parsed_sql_a_client_would_act_on_is_a_hazard_too() {
        // Each parses with sqlparser for its dialect; each is a hazard.
        for (d, sql) in [
            (&PostgreSql as &dyn Dialect, "UPDATE t SET a = :v"),
            (&PostgreSql, "SELECT arr[a:b] FROM t"),
            (&MsSql, "UPDATE t SET a = '$(v)'"),
            (&MsSql, "UPDATE t SET a = 'x\nGO\ny'"),
            (&MySql, "USE other"),
            (&MySql, "UPDATE t SET a = 'x\\'; \\! id\n'"),
            (&PostgreSql, "UPDATE t SET a = concat('x\\', '; \\! id\n')"),
        ] {
            assert_eq!(parse_failure(d, sql), None, "{sql} should parse");
            assert!(hazard(d, sql).is_some(), "{}: {sql}", d.name());
        }
    }

    #[test]
    fn only_an_odd_backslash_run_before_the_quote_counts() {
        for (sql, bad) in [
            ("SELECT 'a\\'b'", true),
            ("SELECT 'a\\\\'", false),
            ("SELECT 'a\\\\\\'b'", true),
            ("SELECT 'a\\nb', 'it''s'", false),
            ("SELECT \"a\\\"b\"", true),
        ] {
            let got = matches!(hazard(&MySql, sql), Some(Hazard::BackslashQuote { .. }));
            assert_eq!(got, bad, "{sql}");
        }
        // PostgreSQL's E'' strings escape in every session.
        assert_eq!(hazard(&PostgreSql, "SELECT E'a\\''"), None);
        assert!(hazard(&Sqlite, "SELECT 'a\\'").is_some());
    }

    #[test]
    fn parse_failure_gives_sqlparsers_message() {
        assert_eq!(parse_failure(&PostgreSql, "SELECT 1"), None);
        assert_eq!(
            parse_failure(&PostgreSql, "DROP INDEX CONCURRENTLY ix"),
            None
        );
        let message =
            parse_failure(&PostgreSql, "SELECT 1 FROM t WHERE x ISNULL").unwrap_or_default();
        assert!(
            message.contains("ISNULL") && message.contains("Line: 1"),
            "{message}"
        );
        assert!(parse_failure(&PostgreSql, "-- nothing").is_some());
    }
}
