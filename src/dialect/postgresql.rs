//! PostgreSQL: double-quoted identifiers, 63-byte names, transactional DDL,
//! named enum types, `COMMENT ON`, and `CREATE INDEX CONCURRENTLY`.

use super::{
    keywords, plain_lower, standard_string, CommentStyle, Dialect, EnumStyle, Guard, InPlace,
};
use crate::literal::Literal;
use crate::sqltype::SqlType;

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
        // Unquoted names fold to lower case, so upper case needs quotes too.
        !plain_lower(ident) || keywords::contains(keywords::POSTGRESQL, ident)
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
                standard_string(s)
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
            SqlType::Enum { values } => format!("VARCHAR({})", super::enum_width(values)),
        }
    }
    fn enum_style(&self) -> EnumStyle {
        EnumStyle::NamedType
    }
    fn transactional_ddl(&self) -> bool {
        true
    }
    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Separate
    }
    fn concurrent_index(&self) -> bool {
        true
    }
    fn drop_index_needs_table(&self) -> bool {
        false
    }
    fn partial_indexes(&self) -> bool {
        true
    }
    fn expression_indexes(&self) -> bool {
        true
    }
    fn has_guard(&self, _guard: Guard) -> bool {
        true
    }
    fn in_place(&self, _change: InPlace) -> bool {
        true
    }
    fn autoincrement_inline_pk(&self) -> bool {
        false
    }
    fn named_default_constraints(&self) -> bool {
        false
    }
    fn rebuild_needs_foreign_keys_off(&self) -> bool {
        false
    }
    fn explicit_foreign_key_indexes(&self) -> bool {
        false
    }
    fn batch_separator(&self) -> Option<&'static str> {
        None
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::PostgreSqlDialect {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
