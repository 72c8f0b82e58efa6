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

use crate::dialect::Dialect;
use sqlparser::ast::Statement;
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

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
}
