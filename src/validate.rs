//! Validation: every statement must parse with sqlparser for its dialect.
//!
//! What `gen` renders is checked the same way as the user's own `execute`
//! SQL. sqlparser has a few known gaps on valid engine syntax; they are
//! listed in [`KNOWN_GAPS`], each a narrow rewrite applied only to parse the
//! statement (the script keeps the original text).

use crate::dialect::Dialect;
use sqlparser::parser::Parser;

/// (statement prefix, what to parse instead of that prefix, why).
/// `DROP INDEX CONCURRENTLY` is valid PostgreSQL that sqlparser 0.63 does
/// not accept; the rest of the statement is still checked.
pub const KNOWN_GAPS: &[(&str, &str, &str)] = &[(
    "DROP INDEX CONCURRENTLY ",
    "DROP INDEX ",
    "sqlparser 0.63 does not parse DROP INDEX CONCURRENTLY",
)];

/// A statement sqlparser refused: its message (with line and column within
/// the statement).
#[derive(Debug, Clone, PartialEq)]
pub struct ParseFailure {
    pub message: String,
}

/// Parses `sql` (one or more statements) with the dialect's parser.
pub fn check(dialect: &dyn Dialect, sql: &str) -> Result<(), ParseFailure> {
    let parser = dialect.parser();
    let mut text = std::borrow::Cow::Borrowed(sql);
    for (prefix, instead, _why) in KNOWN_GAPS {
        if let Some(rest) = sql.strip_prefix(prefix) {
            text = std::borrow::Cow::Owned(format!("{instead}{rest}"));
        }
    }
    match Parser::parse_sql(&*parser, &text) {
        Ok(stmts) if stmts.is_empty() => Err(ParseFailure {
            message: "no SQL statement found".to_owned(),
        }),
        Ok(_) => Ok(()),
        Err(e) => Err(ParseFailure {
            message: e
                .to_string()
                .trim_start_matches("sql parser error: ")
                .to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::PostgreSql;

    #[test]
    fn accepts_valid_and_refuses_invalid() {
        assert!(check(&PostgreSql, "CREATE TABLE t (id INTEGER)").is_ok());
        assert!(check(&PostgreSql, "INSERT INTO t VALUES (1); DELETE FROM t").is_ok());
        let err = check(&PostgreSql, "CREATE TABEL t (id INTEGER)").unwrap_err();
        assert!(err.message.contains("Line: 1"), "{}", err.message);
        assert!(check(&PostgreSql, "   ").is_err());
    }

    #[test]
    fn known_gap_is_narrow() {
        assert!(check(&PostgreSql, "DROP INDEX CONCURRENTLY ix_a").is_ok());
        assert!(check(&PostgreSql, "DROP INDEX CONCURRENTLY ix_a garbage").is_err());
    }
}
