//! SQLite: double-quoted identifiers, type affinities, transactional DDL,
//! `INTEGER PRIMARY KEY AUTOINCREMENT` declared on the column, no comments,
//! and an `ALTER TABLE` that cannot change much in place: what it cannot do
//! becomes a table rebuild (see `lower`), with foreign-key enforcement off
//! around the transaction as SQLite's documentation prescribes.

use super::{
    enum_width, plain_any_case, reserved, standard_string, ColumnFeature, ColumnUse, CommentStyle,
    Dialect, EnumStyle, InPlace, OnColumnDrop,
};
use crate::dialect::{Folding, NameKind, Namespace};
use crate::ops::literal::Literal;
use crate::ops::sqltype::SqlType;

/// The SQLite dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

impl Dialect for Sqlite {
    fn name(&self) -> &'static str {
        "sqlite"
    }
    fn aliases(&self) -> &'static [&'static str] {
        &["sqlite3"]
    }
    fn map_keys(&self) -> &'static [&'static str] {
        &["sqlite"]
    }
    fn needs_quoting(&self, ident: &str) -> bool {
        !plain_any_case(ident) || reserved(self.reserved_words(), ident)
    }
    fn quote(&self, ident: &str) -> String {
        format!("\"{}\"", ident.replace('"', "\"\""))
    }
    fn max_identifier_len(&self) -> usize {
        // SQLite sets no limit; this keeps names portable and readable.
        128
    }
    fn literal(&self, value: &Literal) -> Result<String, String> {
        Ok(match value {
            Literal::Null => "NULL".to_owned(),
            Literal::Bool(true) => "1".to_owned(),
            Literal::Bool(false) => "0".to_owned(),
            Literal::Number(n) => n.clone(),
            Literal::String(s) => {
                if s.contains('\0') {
                    return Err("a SQLite string literal cannot hold a NUL character".to_owned());
                }
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
            SqlType::Float | SqlType::Double => "DOUBLE".into(),
            SqlType::Varchar { length: Some(n) } => format!("VARCHAR({n})"),
            SqlType::Varchar { length: None } => "VARCHAR".into(),
            SqlType::Char { length: Some(n) } => format!("CHAR({n})"),
            SqlType::Char { length: None } => "CHAR".into(),
            SqlType::Text => "TEXT".into(),
            SqlType::Date => "DATE".into(),
            SqlType::Time => "TIME".into(),
            SqlType::Timestamp | SqlType::TimestampTz => "TIMESTAMP".into(),
            SqlType::Interval => "VARCHAR(64)".into(),
            SqlType::Uuid => "CHAR(36)".into(),
            SqlType::Json => "TEXT".into(),
            SqlType::Binary => "BLOB".into(),
            SqlType::Enum { values } => format!("VARCHAR({})", enum_width(values)),
        }
    }
    fn enum_style(&self) -> EnumStyle {
        EnumStyle::Varchar
    }
    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Unsupported
    }
    fn in_place(&self, change: InPlace) -> bool {
        // https://sqlite.org/lang_altertable.html: ADD COLUMN cannot add a
        // PRIMARY KEY or UNIQUE column, NOT NULL needs a non-null default, the
        // default must be a constant, REFERENCES needs a NULL default; DROP
        // COLUMN fails on a UNIQUE column; ADD COLUMN "cannot add a STORED
        // column" (generated).
        match change {
            InPlace::AddPrimaryKeyColumn
            | InPlace::AddUniqueColumn
            | InPlace::AddNotNullWithoutDefault
            | InPlace::AddExpressionDefault
            | InPlace::AddReferenceWithDefault
            | InPlace::DropUniqueColumn
            | InPlace::ChangeConstraint
            | InPlace::AlterColumn
            | InPlace::AddStoredComputedColumn => false,
        }
    }
    fn column_feature(&self, feature: ColumnFeature) -> bool {
        // Generated columns since 3.31; no identity (`autoincrement` is the
        // rowid alias), and no `USING` (every change is a table rebuild).
        !matches!(feature, ColumnFeature::Identity | ColumnFeature::AlterUsing)
    }
    fn on_column_drop(&self, _user: ColumnUse) -> OnColumnDrop {
        // "The DROP COLUMN command only works if the column is not
        // referenced by any other parts of the schema and is not a PRIMARY
        // KEY and does not have a UNIQUE constraint."
        OnColumnDrop::Refuses
    }
    fn autoincrement_inline_pk(&self) -> bool {
        true
    }
    fn rebuild_needs_foreign_keys_off(&self) -> bool {
        true
    }
    fn enforces_declared_types(&self) -> bool {
        // Type affinity: `VARCHAR(50)` keeps 180 characters, `INTEGER` any
        // 64-bit value, `NUMERIC(8,2)` every digit.
        false
    }
    fn fractional_second_digits(&self) -> u32 {
        // Dates and times are text, kept as written.
        u32::MAX
    }
    fn name_folding(&self) -> Folding {
        // ASCII letters only: `Email` is `email`, `É` is not `é`.
        Folding::AsciiCase
    }
    fn namespaces(&self, kind: NameKind) -> &'static [Namespace] {
        // Tables and indexes share the schema's names ("there is already a
        // table named ..."); constraint names are not kept anywhere.
        match kind {
            NameKind::Table | NameKind::Index => &[Namespace::SchemaObjects],
            NameKind::Column => &[Namespace::Columns],
            // No sequences: lowering refuses them.
            NameKind::Constraint(_) | NameKind::Sequence => &[],
        }
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        KEYWORDS
    }
    fn sequences(&self) -> bool {
        false
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::SQLiteDialect {})
    }
}

/// SQLite keywords.
const KEYWORDS: &[&str] = &[
    "abort",
    "action",
    "add",
    "after",
    "all",
    "alter",
    "always",
    "analyze",
    "and",
    "as",
    "asc",
    "attach",
    "autoincrement",
    "before",
    "begin",
    "between",
    "by",
    "cascade",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "commit",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "detach",
    "distinct",
    "do",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclude",
    "exclusive",
    "exists",
    "explain",
    "fail",
    "filter",
    "first",
    "following",
    "for",
    "foreign",
    "from",
    "full",
    "generated",
    "glob",
    "group",
    "groups",
    "having",
    "if",
    "ignore",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "insert",
    "instead",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "last",
    "left",
    "like",
    "limit",
    "match",
    "materialized",
    "natural",
    "no",
    "not",
    "nothing",
    "notnull",
    "null",
    "nulls",
    "of",
    "offset",
    "on",
    "or",
    "order",
    "others",
    "outer",
    "over",
    "partition",
    "plan",
    "pragma",
    "preceding",
    "primary",
    "query",
    "raise",
    "range",
    "recursive",
    "references",
    "regexp",
    "reindex",
    "release",
    "rename",
    "replace",
    "restrict",
    "returning",
    "right",
    "rollback",
    "row",
    "rows",
    "savepoint",
    "select",
    "set",
    "table",
    "temp",
    "temporary",
    "then",
    "ties",
    "to",
    "transaction",
    "trigger",
    "unbounded",
    "union",
    "unique",
    "update",
    "using",
    "vacuum",
    "values",
    "view",
    "virtual",
    "when",
    "where",
    "window",
    "with",
    "without",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes() {
        let d = Sqlite;
        assert_eq!(d.ident("Users"), "Users");
        assert_eq!(d.ident("key"), "\"key\"");
        assert_eq!(d.literal(&Literal::Bool(true)).unwrap(), "1");
        assert_eq!(
            d.literal(&Literal::String("a\\b'c".into())).unwrap(),
            "'a\\b''c'"
        );
    }
}
