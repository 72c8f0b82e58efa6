//! Validation: every statement must parse with sqlparser for its dialect.
//!
//! What `gen` renders is checked the same way as the user's own `execute`
//! SQL. sqlparser has a few known gaps on valid engine syntax; each dialect
//! lists its own ([`crate::dialect::Dialect::known_gaps`], in its file),
//! each a narrow rewrite applied only to parse the statement (the script
//! keeps the original text).

use crate::dialect::Dialect;
use std::borrow::Cow;

/// What to parse for `sql` on `dialect`: the statement, or its rewrite
/// when it has a form sqlparser lacks.
fn rewritten<'a>(dialect: &dyn Dialect, sql: &'a str) -> Cow<'a, str> {
    dialect
        .known_gaps()
        .iter()
        .find_map(|g| (g.rewrite)(sql))
        .map_or(Cow::Borrowed(sql), Cow::Owned)
}

/// [`rewritten`] for the dialect named `dialect` (the statement itself for
/// a name that is none).
pub fn parse_text<'a>(dialect: &str, sql: &'a str) -> Cow<'a, str> {
    match crate::dialect::by_name(dialect) {
        Some(d) => rewritten(&*d, sql),
        None => Cow::Borrowed(sql),
    }
}

/// A statement sqlparser refused: its message (with line and column within
/// the statement).
#[derive(Debug, Clone, PartialEq)]
pub struct ParseFailure {
    pub message: String,
}

/// Parses `sql` (one or more statements) with the dialect's parser.
pub fn check(dialect: &dyn Dialect, sql: &str) -> Result<(), ParseFailure> {
    match crate::model::fragment::execute::parse_failure(dialect, sql) {
        None => Ok(()),
        Some(message) => Err(ParseFailure { message }),
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
    fn mssql_gaps_keep_the_rest_checked() {
        use crate::dialect::MsSql;
        assert!(check(
            &MsSql,
            "ALTER TABLE t ALTER COLUMN c NVARCHAR(300) NOT NULL"
        )
        .is_ok());
        assert!(check(&MsSql, "ALTER TABLE [a b] ALTER COLUMN [my col] INT NULL").is_ok());
        assert!(check(&MsSql, "ALTER TABLE t ALTER COLUMN c NVARCHAR(300 NOT NULL").is_err());
        assert!(check(
            &MsSql,
            "ALTER TABLE t ADD CONSTRAINT df_t_c DEFAULT N'x' FOR c"
        )
        .is_ok());
        assert!(check(
            &MsSql,
            "ALTER TABLE t ADD CONSTRAINT df_t_c DEFAULT (( FOR c"
        )
        .is_err());
        // Other dialects do not get the rewrite.
        assert!(check(&PostgreSql, "ALTER TABLE t ALTER COLUMN c INT NOT NULL").is_err());
    }

    #[test]
    fn known_gap_is_narrow() {
        assert!(check(&PostgreSql, "DROP INDEX CONCURRENTLY ix_a").is_ok());
        assert!(check(&PostgreSql, "DROP INDEX CONCURRENTLY ix_a garbage").is_err());
        assert!(check(&PostgreSql, "ALTER TABLE t ALTER COLUMN id DROP IDENTITY").is_ok());
        assert!(check(
            &PostgreSql,
            "ALTER TABLE \"T\" ALTER COLUMN \"Id\" DROP IDENTITY"
        )
        .is_ok());
        assert!(check(&PostgreSql, "ALTER TABLE t ALTER COLUMN DROP IDENTITY").is_err());
        assert!(check(
            &PostgreSql,
            "CREATE TYPE e AS ENUM (E'a\\\\b', 'c', E'd''')"
        )
        .is_ok());
        assert!(check(&PostgreSql, "CREATE TYPE e AS ENUM (E'a', 'b' garbage)").is_err());
        assert!(check(&PostgreSql, "CREATE TYPE e AS ENUM (E'a'; DROP TABLE x").is_err());
        assert!(check(&PostgreSql, "ALTER TABLE t ALTER COLUMN id (DROP IDENTITY").is_err());
    }
}
