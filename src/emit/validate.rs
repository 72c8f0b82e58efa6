//! Validation: every statement must parse with sqlparser for its dialect.
//!
//! What `gen` renders is checked the same way as the user's own `execute`
//! SQL. sqlparser has a few known gaps on valid engine syntax; they are
//! listed in [`KNOWN_GAPS`], each a narrow, per-dialect rewrite applied
//! only to parse the statement (the script keeps the original text).

use crate::dialect::Dialect;
use sqlparser::parser::Parser;

/// A form valid on an engine that sqlparser 0.63 does not parse, and the
/// narrow rewrite that is parsed instead (the script keeps the original).
pub struct Gap {
    /// The dialect it applies to.
    pub dialect: &'static str,
    /// What sqlparser lacks.
    pub why: &'static str,
    /// The text to parse instead, when the statement has this form.
    pub rewrite: fn(&str) -> Option<String>,
}

/// `DROP INDEX CONCURRENTLY x` is parsed as `DROP INDEX x`.
fn drop_index_concurrently(sql: &str) -> Option<String> {
    sql.strip_prefix("DROP INDEX CONCURRENTLY ")
        .map(|rest| format!("DROP INDEX {rest}"))
}

/// PostgreSQL `ALTER TABLE t ALTER COLUMN c DROP IDENTITY` is parsed as
/// `ALTER TABLE t ALTER COLUMN c DROP DEFAULT`.
fn drop_identity(sql: &str) -> Option<String> {
    let head = sql.strip_suffix(" DROP IDENTITY")?;
    let (table, _) = head
        .strip_prefix("ALTER TABLE ")?
        .split_once(" ALTER COLUMN ")?;
    (!table.is_empty()).then(|| format!("{head} DROP DEFAULT"))
}

/// T-SQL `ALTER TABLE t ALTER COLUMN c <type> [NOT] NULL` is parsed as
/// `ALTER TABLE t ALTER COLUMN c SET DATA TYPE <type>`.
fn mssql_alter_column(sql: &str) -> Option<String> {
    let (head, rest) = sql.split_once(" ALTER COLUMN ")?;
    if !head.starts_with("ALTER TABLE ") || rest.contains(" SET ") {
        return None;
    }
    let rest = rest
        .strip_suffix(" NOT NULL")
        .or_else(|| rest.strip_suffix(" NULL"))?;
    let split = if rest.starts_with('[') {
        rest.find("] ").map(|i| i + 1)
    } else {
        rest.find(' ')
    }?;
    let (column, ty) = rest.split_at(split);
    Some(format!("{head} ALTER COLUMN {column} SET DATA TYPE{ty}"))
}

/// T-SQL `ALTER TABLE t ADD CONSTRAINT d DEFAULT <expr> FOR c` is parsed as
/// `ALTER TABLE t ALTER COLUMN c SET DEFAULT <expr>`.
fn mssql_add_default(sql: &str) -> Option<String> {
    let (head, rest) = sql.split_once(" ADD CONSTRAINT ")?;
    let (_, rest) = rest.split_once(" DEFAULT ")?;
    let (expr, column) = rest.rsplit_once(" FOR ")?;
    Some(format!("{head} ALTER COLUMN {column} SET DEFAULT {expr}"))
}

/// MySQL `ALTER TABLE t COMMENT = '...'` is parsed as
/// `CREATE TABLE t (c INT) COMMENT = '...'` (the name and the literal are
/// still checked).
fn mysql_table_comment(sql: &str) -> Option<String> {
    let rest = sql.strip_prefix("ALTER TABLE ")?;
    let (table, literal) = rest.split_once(" COMMENT = ")?;
    Some(format!("CREATE TABLE {table} (c INT) COMMENT = {literal}"))
}

/// PostgreSQL `CREATE TYPE t AS ENUM ('a', E'b\\c')` is parsed with the
/// labels' `E` dropped: sqlparser reads only `'...'` labels there. Inside
/// `E'...'` gen writes a quote as `''` and a backslash as `\\`, never
/// `\'`, so each label ends where it did.
fn enum_escape_strings(sql: &str) -> Option<String> {
    let labels = sql
        .strip_prefix("CREATE TYPE ")?
        .split_once(" AS ENUM (")?
        .1;
    (labels.starts_with("E'") || labels.contains(", E'")).then(|| {
        let (head, _) = sql.split_at(sql.len() - labels.len());
        let labels = labels
            .strip_prefix("E'")
            .map_or_else(|| labels.to_owned(), |rest| format!("'{rest}"));
        format!("{head}{}", labels.replace(", E'", ", '"))
    })
}

/// Every known gap.
pub const KNOWN_GAPS: &[Gap] = &[
    Gap {
        dialect: "postgresql",
        why: "sqlparser 0.63 does not parse DROP INDEX CONCURRENTLY",
        rewrite: drop_index_concurrently,
    },
    Gap {
        dialect: "postgresql",
        why: "sqlparser 0.63 does not parse ALTER COLUMN ... DROP IDENTITY",
        rewrite: drop_identity,
    },
    Gap {
        dialect: "postgresql",
        why: "sqlparser 0.63 reads no E'...' label in CREATE TYPE ... AS ENUM",
        rewrite: enum_escape_strings,
    },
    Gap {
        dialect: "mysql",
        why: "sqlparser 0.63 does not parse MySQL's ALTER TABLE ... COMMENT =",
        rewrite: mysql_table_comment,
    },
    Gap {
        dialect: "mssql",
        why: "sqlparser 0.63 does not parse T-SQL's ALTER COLUMN <type> [NOT] NULL",
        rewrite: mssql_alter_column,
    },
    Gap {
        dialect: "mssql",
        why: "sqlparser 0.63 does not parse T-SQL's ADD CONSTRAINT ... DEFAULT ... FOR",
        rewrite: mssql_add_default,
    },
];

/// What to parse for `sql` on `dialect`: the statement, or its rewrite
/// when it has a form sqlparser lacks.
pub fn parse_text<'a>(dialect: &str, sql: &'a str) -> std::borrow::Cow<'a, str> {
    KNOWN_GAPS
        .iter()
        .filter(|g| g.dialect == dialect)
        .find_map(|g| (g.rewrite)(sql))
        .map_or(std::borrow::Cow::Borrowed(sql), std::borrow::Cow::Owned)
}

/// A statement sqlparser refused: its message (with line and column within
/// the statement).
#[derive(Debug, Clone, PartialEq)]
pub struct ParseFailure {
    pub message: String,
}

/// Parses `sql` (one or more statements) with the dialect's parser.
pub fn check(dialect: &dyn Dialect, sql: &str) -> Result<(), ParseFailure> {
    let parser = dialect.parser();
    let text = parse_text(dialect.name(), sql);
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
