//! One fragment read as exactly one SQL expression, or exactly one data
//! type, for one dialect.
//!
//! The text is tokenized with the dialect's own sqlparser tokenizer first,
//! and three tokens are refused wherever they stand outside a literal: `;`
//! (it ends the statement gen is writing), a comment (`--`, `/* */`, and
//! `#` on MySQL: it hides whatever gen writes after the fragment, such as
//! `NOT NULL`), and a backslash (psql and the mariadb client run
//! `\`-commands found anywhere on a line). The same tokens are then parsed;
//! anything after the one expression or type is refused too. Where
//! sqlparser cannot read a type the engine accepts, a narrow allowance per
//! dialect says what may follow it ([`TypeTail`], `Dialect::type_tail`).

use crate::dialect::TypeTail;
use sqlparser::ast::Expr;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};
use std::fmt;

/// A place inside the fragment (1-based line and column, in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

impl From<Location> for Pos {
    fn from(l: Location) -> Self {
        Pos {
            line: l.line,
            column: l.column,
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line <= 1 {
            write!(f, "character {}", self.column)
        } else {
            write!(f, "line {}, character {}", self.line, self.column)
        }
    }
}

/// The byte offset in `text` of a 1-based line and character column, as
/// sqlparser counts them (the end of the text counts as a place).
pub fn byte_offset(text: &str, line: u64, column: u64) -> Option<usize> {
    let line = usize::try_from(line).ok()?.checked_sub(1)?;
    let column = usize::try_from(column).ok()?.checked_sub(1)?;
    let start = if line == 0 {
        0
    } else {
        text.match_indices('\n').nth(line - 1)?.0 + 1
    };
    let rest = text.get(start..)?;
    match rest.char_indices().nth(column) {
        Some((i, _)) => Some(start + i),
        None if rest.chars().count() == column => Some(text.len()),
        None => None,
    }
}

/// Why a fragment is not exactly one expression (or type).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Nothing but blank space.
    Empty,
    /// The tokenizer gave up (an unclosed string or quoted name, ...).
    Unreadable { message: String },
    /// A `;`: it would end gen's statement.
    Semicolon { at: Pos },
    /// A comment: it would hide what gen writes after the fragment.
    Comment { at: Pos, opener: String },
    /// A backslash outside a literal: a client meta-command.
    Backslash { at: Pos },
    /// A bind parameter or a client variable (`:name`, `:'name'`, `$1`,
    /// `?`): psql replaces `:name` with a variable of the operator's
    /// session, and DDL takes no parameters.
    Variable { found: String, at: Pos },
    /// Text the dialect's client acts on even inside a literal (see
    /// `Dialect::client_hazard`).
    Client { what: &'static str },
    /// Not an expression (or type) at all: sqlparser's message.
    Syntax { message: String },
    /// One expression (or type), then more: `found` is the first token of
    /// the rest.
    Trailing { found: String, at: Pos },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => f.write_str("it is empty"),
            Problem::Unreadable { message } => write!(f, "it cannot be read: {message}"),
            Problem::Semicolon { at } => {
                write!(f, "it holds a `;` ({at}), which would end the statement")
            }
            Problem::Comment { at, opener } => write!(
                f,
                "it holds a comment (`{opener}` at {at}), which would hide what follows it in the statement"
            ),
            Problem::Backslash { at } => write!(
                f,
                "it holds a backslash outside a literal ({at}), which the database client reads as a command"
            ),
            Problem::Variable { found, at } => write!(
                f,
                "it holds `{found}` ({at}), a parameter or a client variable (psql replaces `:name` with a variable of the session running the script)"
            ),
            Problem::Client { what } => write!(f, "it holds {what}"),
            Problem::Syntax { message } => write!(f, "it does not parse: {message}"),
            Problem::Trailing { found, at } => {
                write!(f, "`{found}` ({at}) follows the end of it")
            }
        }
    }
}

/// The tokens of `text`, with `;`, comments and backslashes refused.
fn tokens(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Result<Vec<TokenWithSpan>, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    let tokens = Tokenizer::new(d, text)
        .tokenize_with_location()
        .map_err(|e| Problem::Unreadable {
            message: e.to_string(),
        })?;
    for (i, t) in tokens.iter().enumerate() {
        let at = Pos::from(t.span.start);
        match &t.token {
            Token::Placeholder(p) => {
                return Err(Problem::Variable {
                    found: p.clone(),
                    at,
                })
            }
            // `:name`, `:'name'`, `:"name"` with nothing in between.
            Token::Colon => {
                if let Some(next) = tokens.get(i + 1).filter(|n| n.span.start == t.span.end) {
                    if matches!(next.token, Token::Word(_) | Token::SingleQuotedString(_)) {
                        return Err(Problem::Variable {
                            found: format!(":{}", next.token),
                            at,
                        });
                    }
                }
            }
            Token::SemiColon => return Err(Problem::Semicolon { at }),
            Token::Whitespace(Whitespace::SingleLineComment { prefix, .. }) => {
                return Err(Problem::Comment {
                    at,
                    opener: prefix.clone(),
                })
            }
            Token::Whitespace(Whitespace::MultiLineComment(_)) => {
                return Err(Problem::Comment {
                    at,
                    opener: "/*".to_owned(),
                })
            }
            Token::Backslash => return Err(Problem::Backslash { at }),
            _ => {}
        }
    }
    Ok(tokens)
}

fn syntax(e: sqlparser::parser::ParserError) -> Problem {
    Problem::Syntax {
        message: e
            .to_string()
            .trim_start_matches("sql parser error: ")
            .to_owned(),
    }
}

fn trailing(t: &TokenWithSpan) -> Problem {
    Problem::Trailing {
        found: t.token.to_string(),
        at: Pos::from(t.span.start),
    }
}

/// `text` as exactly one expression for the dialect `d` (sqlparser's).
pub fn expression(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Result<Expr, Problem> {
    let tokens = tokens(d, text)?;
    let mut parser = Parser::new(d).with_tokens_with_locations(tokens);
    let expr = parser.parse_expr().map_err(syntax)?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(trailing(&next));
    }
    Ok(expr)
}

/// Checks that `text` is exactly one data type for sqlparser dialect `d`,
/// followed by nothing or by what the dialect's `tail` accepts.
pub fn data_type(
    d: &dyn sqlparser::dialect::Dialect,
    tail: Option<&TypeTail>,
    text: &str,
) -> Result<(), Problem> {
    let tokens = tokens(d, text)?;
    let mut parser = Parser::new(d).with_tokens_with_locations(tokens.clone());
    parser.parse_data_type().map_err(syntax)?;
    let next = parser.peek_token();
    if next.token == Token::EOF {
        return Ok(());
    }
    // The rest, from the first token sqlparser left.
    let rest: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.span.start >= next.span.start)
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF))
        .collect();
    let allowed = tail.is_some_and(|t| (t.accepts)(&rest));
    if allowed {
        Ok(())
    } else {
        Err(trailing(&next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect as _;
    use sqlparser::dialect::{MsSqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};

    const PG: PostgreSqlDialect = PostgreSqlDialect {};

    #[test]
    fn one_expression_passes() {
        for ok in [
            "price > 0 AND lower(name) <> 'price'",
            "status IN ('a', 'b')",
            "CURRENT_TIMESTAMP",
            "now()",
            "nextval('s'::regclass)",
            "x > date '2020-01-01'",
            "'--not a comment; nor this'",
        ] {
            assert!(expression(&PG, ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn statements_comments_and_tails_are_refused() {
        let cases = [
            ("x IS NOT NULL; DROP TABLE payments", "Semicolon"),
            ("0 -- note", "Comment"),
            ("0 /* note */", "Comment"),
            ("x > 0 \\! rm -rf /", "Backslash"),
            ("v DESC", "Trailing"),
            ("1) NOT NULL, evil INT CHECK (1", "Trailing"),
            ("'unclosed", "Unreadable"),
            ("n > :x", "Variable"),
            ("n > :'x'", "Variable"),
            ("n > $1", "Variable"),
            ("   ", "Empty"),
            ("1 +", "Syntax"),
        ];
        for (text, want) in cases {
            let got = format!("{:?}", expression(&PG, text).unwrap_err());
            assert!(got.starts_with(want), "{text}: {got}");
        }
        // `#` starts a comment on MySQL only.
        assert!(matches!(
            expression(&MySqlDialect {}, "a # b"),
            Err(Problem::Comment { .. })
        ));
        assert!(expression(&PG, "a # b").is_ok());
        // Casts, slices with a space, and colons inside literals are fine.
        for ok in ["x::text", "a[1 : 2]", "':x'"] {
            assert!(expression(&PG, ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn the_place_of_the_problem_is_given() {
        let Err(Problem::Semicolon { at }) = expression(&PG, "x IS NOT NULL;") else {
            panic!()
        };
        assert_eq!(
            at,
            Pos {
                line: 1,
                column: 14
            }
        );
        assert_eq!(at.to_string(), "character 14");
    }

    #[test]
    fn one_type_passes_and_a_list_does_not() {
        for ok in [
            "tsvector",
            "double precision",
            "timestamp(3) with time zone",
            "text[]",
            "geometry(Point, 4326)",
        ] {
            assert!(data_type(&PG, None, ok).is_ok(), "{ok}");
        }
        let err = data_type(&PG, None, "text, DROP COLUMN email").unwrap_err();
        assert!(
            matches!(err, Problem::Trailing { ref found, .. } if found == ","),
            "{err:?}"
        );
        assert!(data_type(&MsSqlDialect {}, None, "nvarchar(max)").is_ok());
        assert!(data_type(&SQLiteDialect {}, None, "text; DROP TABLE t").is_err());
    }

    #[test]
    fn mysql_type_tails_are_allowed_on_mysql_only() {
        let my = MySqlDialect {};
        for ok in [
            "varchar(20) character set utf8mb4",
            "varchar(20) CHARSET utf8mb4 COLLATE utf8mb4_bin",
            "varchar(10) binary",
            "bigint unsigned zerofill",
        ] {
            assert!(
                data_type(&my, crate::dialect::MySql.type_tail(), ok).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "varchar(20) collate",
            "varchar(20) character utf8",
            "int, b int",
            "int zerofill default 1",
        ] {
            assert!(
                data_type(&my, crate::dialect::MySql.type_tail(), bad).is_err(),
                "{bad}"
            );
        }
        assert!(data_type(&PG, None, "varchar(20) collate x").is_err());
    }
}
