//! MySQL and MariaDB: backquoted identifiers, 64-character names, inline
//! `ENUM` and `COMMENT`, `AUTO_INCREMENT`, and DDL that commits implicitly
//! (so the script has no transaction block and says so). Backslash is an
//! escape character in string literals unless `NO_BACKSLASH_ESCAPES` is set,
//! so literals escape it and the prologue takes that mode out of the
//! session's `sql_mode`, adding `STRICT_ALL_TABLES` so that a value that
//! does not fit (a narrowed column) is refused, not cut. No partial or expression indexes (MariaDB has
//! neither), no `CREATE INDEX IF NOT EXISTS` in MySQL; `DROP INDEX IF
//! EXISTS` as MariaDB has it (MySQL 8 has not).

use super::{
    plain_any_case, reserved, ColumnFeature, ColumnUse, CommentStyle, Dialect, EnumStyle, Gap,
    Guard, OnColumnDrop, UsedBy,
};
use crate::dialect::{Folding, NameKind, Namespace, TypeTail};
use crate::ops::literal::Literal;
use crate::ops::sqltype::SqlType;
use crate::ops::ConstraintKind;
use sqlparser::tokenizer::Token;

/// The MySQL / MariaDB dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct MySql;

impl Dialect for MySql {
    fn name(&self) -> &'static str {
        "mysql"
    }
    fn session_timeout(&self, kind: super::TimeoutKind) -> Option<super::TimeoutUnit> {
        // MariaDB: `lock_wait_timeout` in whole seconds (metadata locks,
        // what DDL waits for), `max_statement_time` in seconds.
        Some(match kind {
            super::TimeoutKind::Lock => super::TimeoutUnit::WholeSeconds,
            super::TimeoutKind::Statement => super::TimeoutUnit::Seconds,
        })
    }
    fn map_keys(&self) -> &'static [&'static str] {
        &["mysql", "mariadb"]
    }
    fn needs_quoting(&self, ident: &str) -> bool {
        // Case does not change what an unquoted name means here.
        !plain_any_case(ident) || reserved(self.reserved_words(), ident)
    }
    fn column_feature(&self, feature: ColumnFeature) -> bool {
        // No identity (`AUTO_INCREMENT` is `autoincrement`), no `USING`;
        // MariaDB refuses NOT NULL on a generated column (MySQL allows it),
        // and the script is for both.
        !matches!(
            feature,
            ColumnFeature::Identity | ColumnFeature::AlterUsing | ColumnFeature::ComputedNotNull
        )
    }
    fn quote(&self, ident: &str) -> String {
        format!("`{}`", ident.replace('`', "``"))
    }
    fn max_identifier_len(&self) -> usize {
        64
    }
    fn literal(&self, value: &Literal) -> Result<String, String> {
        Ok(match value {
            Literal::Null => "NULL".to_owned(),
            Literal::Bool(true) => "TRUE".to_owned(),
            Literal::Bool(false) => "FALSE".to_owned(),
            Literal::Number(n) => n.clone(),
            Literal::String(s) => {
                let mut out = String::with_capacity(s.len() + 2);
                out.push('\'');
                for c in s.chars() {
                    match c {
                        '\'' => out.push_str("''"),
                        '\\' => out.push_str("\\\\"),
                        '\0' => out.push_str("\\0"),
                        _ => out.push(c),
                    }
                }
                out.push('\'');
                out
            }
        })
    }
    fn type_sql(&self, ty: &SqlType) -> String {
        match ty {
            SqlType::SmallInt => "SMALLINT".into(),
            SqlType::Integer => "INT".into(),
            SqlType::BigInt => "BIGINT".into(),
            SqlType::Boolean => "BOOL".into(),
            SqlType::Numeric { precision, scale } => match (precision, scale) {
                (Some(p), Some(s)) => format!("DECIMAL({p}, {s})"),
                (Some(p), None) => format!("DECIMAL({p})"),
                _ => "DECIMAL(65, 30)".into(),
            },
            SqlType::Real => "FLOAT".into(),
            SqlType::Float | SqlType::Double => "DOUBLE".into(),
            SqlType::Varchar { length: Some(n) } => format!("VARCHAR({n})"),
            SqlType::Varchar { length: None } => "VARCHAR(255)".into(),
            SqlType::Char { length: Some(n) } => format!("CHAR({n})"),
            SqlType::Char { length: None } => "CHAR(1)".into(),
            SqlType::Text => "TEXT".into(),
            SqlType::Date => "DATE".into(),
            SqlType::Time => "TIME".into(),
            // No fractional precision: MySQL refuses `DATETIME(6) DEFAULT
            // CURRENT_TIMESTAMP` (the precisions must match).
            SqlType::Timestamp | SqlType::TimestampTz => "DATETIME".into(),
            SqlType::Interval => "VARCHAR(64)".into(),
            SqlType::Uuid => "CHAR(36)".into(),
            SqlType::Json => "JSON".into(),
            SqlType::Binary => "LONGBLOB".into(),
            SqlType::Enum { values } => {
                let quoted: Vec<String> = values
                    .iter()
                    .map(|v| {
                        self.literal(&Literal::String(v.clone()))
                            .unwrap_or_default()
                    })
                    .collect();
                format!("ENUM({})", quoted.join(", "))
            }
        }
    }
    fn enum_style(&self) -> EnumStyle {
        EnumStyle::Inline
    }
    fn pinned_settings(&self) -> &'static [&'static str] {
        &[
            "sql_mode, for this session (the SET below): STRICT_ALL_TABLES added, so a value",
            "that does not fit is refused, never cut; NO_BACKSLASH_ESCAPES removed, as literals escape backslashes",
        ]
    }
    fn transactional_ddl(&self) -> bool {
        false
    }
    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Inline
    }
    fn drop_index_needs_table(&self) -> bool {
        true
    }
    fn partial_indexes(&self) -> bool {
        false
    }
    fn expression_indexes(&self) -> bool {
        false
    }
    fn index_support(&self) -> super::IndexSupport {
        use crate::ops::{IndexKind, IndexMethod};
        super::IndexSupport {
            methods: &[IndexMethod::Btree, IndexMethod::Hash],
            kinds: &[IndexKind::Fulltext, IndexKind::Spatial],
            prefix_length: true,
            ..super::IndexSupport::PLAIN
        }
    }
    fn has_guard(&self, guard: Guard) -> bool {
        // `DROP INDEX IF EXISTS` is MariaDB's (10.1.4+); MySQL 8 refuses it,
        // and this dialect serves both (docs/dialects.md says so).
        matches!(
            guard,
            Guard::CreateTableIfNotExists | Guard::DropTableIfExists | Guard::DropIndexIfExists
        )
    }
    fn explicit_foreign_key_indexes(&self) -> bool {
        true
    }
    fn on_column_drop(&self, user: ColumnUse) -> OnColumnDrop {
        // MariaDB 10.11: a plain index loses the column; a key or check
        // over that column alone goes with it; a key or check that spans
        // other columns too ("Key column doesn't exist", "Unknown column in
        // CHECK") and any foreign key ("needed in a foreign key constraint")
        // refuse the drop.
        match user.by {
            UsedBy::Index => OnColumnDrop::Shrinks,
            UsedBy::PrimaryKey | UsedBy::UniqueConstraint | UsedBy::UniqueIndex | UsedBy::Check
                if user.alone =>
            {
                OnColumnDrop::DroppedWith
            }
            _ => OnColumnDrop::Refuses,
        }
    }
    fn alter_restates_column(&self) -> bool {
        true
    }
    fn zoned_timestamp_literals(&self) -> bool {
        // `timestamptz` is a `DATETIME`, which holds no zone.
        false
    }
    fn fractional_second_digits(&self) -> u32 {
        // `TIME` and `DATETIME` without a precision (see the type map).
        0
    }
    fn name_folding(&self) -> Folding {
        // MariaDB 10.11: `email` and `Email`, `é` and `É` are one column
        // or index name; `e` and `é`, `ß` and `ss` are two. Table names
        // follow the server's `lower_case_table_names`: 0 (Linux's default)
        // keeps `Users` and `users` apart, 1 and 2 (Windows', macOS')
        // make them one. A script cannot know the server's setting, so
        // tables are compared as the other names are.
        Folding::UnicodeCase
    }
    fn namespaces(&self, kind: NameKind) -> &'static [Namespace] {
        // Keys are indexes of their table; a primary key is always called
        // `PRIMARY`, whatever name it is given. Foreign key names are
        // unique per database (InnoDB: "errno: 121 Duplicate key"), check
        // names per table.
        match kind {
            // A sequence is a table to MariaDB.
            NameKind::Table | NameKind::Sequence => &[Namespace::SchemaObjects],
            NameKind::Column => &[Namespace::Columns],
            NameKind::Index | NameKind::Constraint(ConstraintKind::Unique) => {
                &[Namespace::TableIndexes]
            }
            NameKind::Constraint(ConstraintKind::PrimaryKey) => &[],
            NameKind::Constraint(ConstraintKind::ForeignKey) => &[Namespace::SchemaForeignKeys],
            NameKind::Constraint(ConstraintKind::Check) => &[Namespace::TableConstraints],
        }
    }
    fn restrict_is_no_action(&self) -> bool {
        true
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        KEYWORDS
    }
    fn known_gaps(&self) -> &'static [Gap] {
        GAPS
    }
    fn client_commands(&self) -> &'static [&'static str] {
        CLIENT_COMMANDS
    }
    fn type_tail(&self) -> Option<&'static TypeTail> {
        Some(&TYPE_TAIL)
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::MySqlDialect {})
    }
}

/// The mariadb (and mysql) client's own commands, which it runs when one
/// begins a statement's first line (`help` lists them).
const CLIENT_COMMANDS: &[&str] = &[
    "?",
    "charset",
    "clear",
    "connect",
    "delimiter",
    "edit",
    "ego",
    "exit",
    "go",
    "help",
    "nopager",
    "notee",
    "nowarning",
    "pager",
    "print",
    "prompt",
    "quit",
    "rehash",
    "source",
    "status",
    "system",
    "tee",
    "use",
    "warnings",
];

/// The forms sqlparser lacks (see [`Dialect::known_gaps`]).
const GAPS: &[Gap] = &[
    Gap {
        why: "sqlparser 0.64 does not parse MySQL's ALTER TABLE ... COMMENT =",
        rewrite: mysql_table_comment,
    },
    Gap {
        why: "sqlparser 0.64 does not parse CREATE FULLTEXT INDEX or CREATE SPATIAL INDEX",
        rewrite: mysql_index_kind,
    },
    Gap {
        why: "sqlparser 0.64 does not parse ALTER SEQUENCE",
        rewrite: super::alter_sequence_as_create,
    },
];

/// `CREATE FULLTEXT|SPATIAL INDEX ...` is parsed as `CREATE INDEX ...`
/// (the names and columns are still checked).
fn mysql_index_kind(sql: &str) -> Option<String> {
    ["FULLTEXT", "SPATIAL"].iter().find_map(|k| {
        let rest = sql.strip_prefix("CREATE ")?.strip_prefix(k)?;
        Some(format!("CREATE{rest}"))
    })
}

/// MySQL `ALTER TABLE t COMMENT = '...'` is parsed as
/// `CREATE TABLE t (c INT) COMMENT = '...'` (the name and the literal are
/// still checked).
fn mysql_table_comment(sql: &str) -> Option<String> {
    let rest = sql.strip_prefix("ALTER TABLE ")?;
    let (table, literal) = rest.split_once(" COMMENT = ")?;
    Some(format!("CREATE TABLE {table} (c INT) COMMENT = {literal}"))
}

/// MySQL 8 reserved words (MariaDB's are a subset, plus `returning`).
const KEYWORDS: &[&str] = &[
    "accessible",
    "add",
    "all",
    "alter",
    "analyze",
    "and",
    "as",
    "asc",
    "asensitive",
    "before",
    "between",
    "bigint",
    "binary",
    "blob",
    "both",
    "by",
    "call",
    "cascade",
    "case",
    "change",
    "char",
    "character",
    "check",
    "collate",
    "column",
    "condition",
    "constraint",
    "continue",
    "convert",
    "create",
    "cross",
    "cube",
    "cume_dist",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "cursor",
    "database",
    "databases",
    "day_hour",
    "day_microsecond",
    "day_minute",
    "day_second",
    "dec",
    "decimal",
    "declare",
    "default",
    "delayed",
    "delete",
    "dense_rank",
    "desc",
    "describe",
    "deterministic",
    "distinct",
    "distinctrow",
    "div",
    "double",
    "drop",
    "dual",
    "each",
    "else",
    "elseif",
    "empty",
    "enclosed",
    "escaped",
    "except",
    "exists",
    "exit",
    "explain",
    "false",
    "fetch",
    "first_value",
    "float",
    "float4",
    "float8",
    "for",
    "force",
    "foreign",
    "from",
    "fulltext",
    "function",
    "generated",
    "get",
    "grant",
    "group",
    "grouping",
    "groups",
    "having",
    "high_priority",
    "hour_microsecond",
    "hour_minute",
    "hour_second",
    "if",
    "ignore",
    "in",
    "index",
    "infile",
    "inner",
    "inout",
    "insensitive",
    "insert",
    "int",
    "int1",
    "int2",
    "int3",
    "int4",
    "int8",
    "integer",
    "intersect",
    "interval",
    "into",
    "io_after_gtids",
    "io_before_gtids",
    "is",
    "iterate",
    "join",
    "json_table",
    "key",
    "keys",
    "kill",
    "lag",
    "last_value",
    "lateral",
    "lead",
    "leading",
    "leave",
    "left",
    "like",
    "limit",
    "linear",
    "lines",
    "load",
    "localtime",
    "localtimestamp",
    "lock",
    "long",
    "longblob",
    "longtext",
    "loop",
    "low_priority",
    "master_bind",
    "master_ssl_verify_server_cert",
    "match",
    "maxvalue",
    "mediumblob",
    "mediumint",
    "mediumtext",
    "middleint",
    "minute_microsecond",
    "minute_second",
    "mod",
    "modifies",
    "natural",
    "no_write_to_binlog",
    "not",
    "nth_value",
    "ntile",
    "null",
    "numeric",
    "of",
    "offset",
    "on",
    "optimize",
    "optimizer_costs",
    "option",
    "optionally",
    "or",
    "order",
    "out",
    "outer",
    "outfile",
    "over",
    "partition",
    "percent_rank",
    "precision",
    "primary",
    "procedure",
    "purge",
    "range",
    "rank",
    "read",
    "read_write",
    "reads",
    "real",
    "recursive",
    "references",
    "regexp",
    "release",
    "rename",
    "repeat",
    "replace",
    "require",
    "resignal",
    "restrict",
    "return",
    "returning",
    "revoke",
    "right",
    "rlike",
    "row",
    "row_number",
    "rows",
    "schema",
    "schemas",
    "second_microsecond",
    "select",
    "sensitive",
    "separator",
    "set",
    "show",
    "signal",
    "smallint",
    "spatial",
    "specific",
    "sql",
    "sql_big_result",
    "sql_calc_found_rows",
    "sql_small_result",
    "sqlexception",
    "sqlstate",
    "sqlwarning",
    "ssl",
    "starting",
    "stored",
    "straight_join",
    "system",
    "table",
    "terminated",
    "then",
    "tinyblob",
    "tinyint",
    "tinytext",
    "to",
    "trailing",
    "trigger",
    "true",
    "undo",
    "union",
    "unique",
    "unlock",
    "unsigned",
    "update",
    "usage",
    "use",
    "using",
    "utc_date",
    "utc_time",
    "utc_timestamp",
    "values",
    "varbinary",
    "varchar",
    "varcharacter",
    "varying",
    "virtual",
    "when",
    "where",
    "while",
    "window",
    "with",
    "write",
    "xor",
    "year_month",
    "zerofill",
];

/// MySQL's data types take `CHARACTER SET`, `COLLATE`, `BINARY` and
/// `ZEROFILL`, which sqlparser 0.63 reads as column options.
static TYPE_TAIL: TypeTail = TypeTail {
    why: "MySQL's data types take `CHARACTER SET`, `COLLATE`, `BINARY` and `ZEROFILL`, which sqlparser 0.63 reads as column options",
    accepts: mysql_type_tail,
};

fn word(t: &Token) -> Option<&sqlparser::tokenizer::Word> {
    match t {
        Token::Word(w) => Some(w),
        _ => None,
    }
}

/// An unquoted word, compared without case.
fn is_word(t: &Token, k: &str) -> bool {
    word(t).is_some_and(|w| w.quote_style.is_none() && w.value.eq_ignore_ascii_case(k))
}

/// A name: a word (quoted or not) or a string.
fn is_name(t: &Token) -> bool {
    matches!(t, Token::Word(_) | Token::SingleQuotedString(_))
}

/// MySQL's `[CHARACTER SET | CHARSET name] [COLLATE name] [BINARY]
/// [ZEROFILL]`, part of its data-type grammar, in any order.
fn mysql_type_tail(rest: &[&Token]) -> bool {
    let mut i = 0;
    while i < rest.len() {
        let t = rest[i];
        let step = if is_word(t, "CHARACTER") && rest.get(i + 1).is_some_and(|n| is_word(n, "SET"))
        {
            3
        } else if is_word(t, "CHARSET") || is_word(t, "COLLATE") {
            2
        } else if is_word(t, "BINARY") || is_word(t, "ZEROFILL") {
            1
        } else {
            return false;
        };
        if step > 1 && !rest.get(i + step - 1).is_some_and(|n| is_name(n)) {
            return false;
        }
        i += step;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes() {
        let d = MySql;
        assert_eq!(d.ident("users"), "users");
        assert_eq!(d.ident("Users"), "Users");
        assert_eq!(d.ident("order"), "`order`");
        assert_eq!(d.ident("a`b"), "`a``b`");
        let s = |v: &str| d.literal(&Literal::String(v.into())).unwrap();
        assert_eq!(s("it's"), "'it''s'");
        assert_eq!(s("back\\slash"), "'back\\\\slash'");
        assert_eq!(s("ünï"), "'ünï'");
        assert_eq!(
            d.type_sql(&SqlType::Enum {
                values: vec!["a".into(), "b'c".into()]
            }),
            "ENUM('a', 'b''c')"
        );
    }
}
