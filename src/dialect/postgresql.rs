//! PostgreSQL: double-quoted identifiers, 63-byte names, transactional DDL,
//! named enum types, `COMMENT ON`, and `CREATE INDEX CONCURRENTLY`.

use super::{Dialect, EnumStyle};
use crate::literal::Literal;
use crate::sqltype::SqlType;

/// Words PostgreSQL reserves, plus those that cannot be a column name or that
/// sqlparser reads as syntax; a name among them is quoted.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// The PostgreSQL dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostgreSql;

impl Dialect for PostgreSql {
    fn name(&self) -> &'static str {
        "postgresql"
    }
    fn map_keys(&self) -> &'static [&'static str] {
        &["postgresql"]
    }
    fn needs_quoting(&self, ident: &str) -> bool {
        let mut chars = ident.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
        !first_ok
            || !ident
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            || RESERVED.binary_search(&ident).is_ok()
    }
    fn quote(&self, ident: &str) -> String {
        format!("\"{}\"", ident.replace('"', "\"\""))
    }
    fn max_identifier_len(&self) -> usize {
        63
    }
    fn literal(&self, value: &Literal) -> Result<String, String> {
        Ok(match value {
            Literal::Null => "NULL".to_owned(),
            Literal::Bool(true) => "TRUE".to_owned(),
            Literal::Bool(false) => "FALSE".to_owned(),
            Literal::Number(n) => n.clone(),
            Literal::String(s) => {
                if s.contains('\0') {
                    return Err("PostgreSQL text cannot hold a NUL character".to_owned());
                }
                // standard_conforming_strings is on (the default since 9.1):
                // only the quote is special.
                format!("'{}'", s.replace('\'', "''"))
            }
        })
    }
    fn type_sql(&self, ty: &SqlType) -> String {
        match ty {
            SqlType::SmallInt => "SMALLINT".into(),
            SqlType::Integer => "INTEGER".into(),
            SqlType::BigInt => "BIGINT".into(),
            SqlType::Boolean => "BOOLEAN".into(),
            SqlType::Numeric { precision, scale } => match (precision, scale) {
                (Some(p), Some(s)) => format!("NUMERIC({p}, {s})"),
                (Some(p), None) => format!("NUMERIC({p})"),
                _ => "NUMERIC".into(),
            },
            SqlType::Real => "REAL".into(),
            SqlType::Float | SqlType::Double => "DOUBLE PRECISION".into(),
            SqlType::Varchar { length: Some(n) } => format!("VARCHAR({n})"),
            SqlType::Varchar { length: None } => "VARCHAR".into(),
            SqlType::Char { length: Some(n) } => format!("CHAR({n})"),
            SqlType::Char { length: None } => "CHAR".into(),
            SqlType::Text => "TEXT".into(),
            SqlType::Date => "DATE".into(),
            SqlType::Time => "TIME".into(),
            SqlType::Timestamp => "TIMESTAMP".into(),
            SqlType::TimestampTz => "TIMESTAMP WITH TIME ZONE".into(),
            SqlType::Interval => "INTERVAL".into(),
            SqlType::Uuid => "UUID".into(),
            SqlType::Json => "JSON".into(),
            SqlType::Binary => "BYTEA".into(),
            // Named types are spelled by name; this is the fallback spelling.
            SqlType::Enum { values } => {
                let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(1);
                format!("VARCHAR({longest})")
            }
        }
    }
    fn enum_style(&self) -> EnumStyle {
        EnumStyle::NamedType
    }
    fn transactional_ddl(&self) -> bool {
        true
    }
    fn separate_comments(&self) -> bool {
        true
    }
    fn concurrent_index(&self) -> bool {
        true
    }
    fn drop_index_needs_table(&self) -> bool {
        false
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::PostgreSqlDialect {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_list_is_sorted_for_binary_search() {
        let mut sorted = RESERVED.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, RESERVED);
    }

    #[test]
    fn quotes_only_when_needed() {
        let d = PostgreSql;
        assert_eq!(d.ident("users"), "users");
        assert_eq!(d.ident("user"), "\"user\"");
        assert_eq!(d.ident("Users"), "\"Users\"");
        assert_eq!(d.ident("a b"), "\"a b\"");
        assert_eq!(d.ident("1st"), "\"1st\"");
        assert_eq!(d.ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(d.ident("_tmp2"), "_tmp2");
    }

    #[test]
    fn escapes_literals() {
        let d = PostgreSql;
        let s = |v: &str| d.literal(&Literal::String(v.into())).unwrap();
        assert_eq!(s("it's"), "'it''s'");
        assert_eq!(s("back\\slash"), "'back\\slash'");
        assert_eq!(s("ünïcødé ✓"), "'ünïcødé ✓'");
        assert!(d.literal(&Literal::String("a\0b".into())).is_err());
        assert_eq!(d.literal(&Literal::Bool(true)).unwrap(), "TRUE");
        assert_eq!(d.literal(&Literal::Null).unwrap(), "NULL");
        assert_eq!(d.literal(&Literal::Number("-1.5".into())).unwrap(), "-1.5");
    }
}
