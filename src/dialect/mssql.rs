//! SQL Server: bracketed identifiers, 128-character names, `N'...'` unicode
//! literals, `IDENTITY`, `BEGIN TRANSACTION`/`COMMIT` with `GO` batch
//! separators, comments as `MS_Description` extended properties, and named
//! default constraints (`df_<table>_<column>`) so a later drop needs no
//! catalog lookup. Not yet tested against a live engine: statements are
//! checked with sqlparser's MsSql dialect and reviewed against the docs.

use super::{
    enum_width, plain_any_case, reserved, ColumnFeature, ColumnUse, Dialect, EnumStyle, Gap, Guard,
    OnColumnDrop,
};
use crate::dialect::{Folding, NameKind, Namespace};
use crate::ops::literal::Literal;
use crate::ops::sqltype::SqlType;
use crate::ops::ConstraintKind;

/// The SQL Server dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct MsSql;

impl Dialect for MsSql {
    fn name(&self) -> &'static str {
        "mssql"
    }
    fn session_timeout(&self, kind: super::TimeoutKind) -> Option<super::TimeoutUnit> {
        // `SET LOCK_TIMEOUT` in ms; a statement's run time is the client's
        // query timeout, not a session setting.
        match kind {
            super::TimeoutKind::Lock => Some(super::TimeoutUnit::Millis),
            super::TimeoutKind::Statement => None,
        }
    }
    fn aliases(&self) -> &'static [&'static str] {
        &["sqlserver", "tsql"]
    }
    fn default_schema(&self) -> Option<&'static str> {
        Some("dbo")
    }
    fn map_keys(&self) -> &'static [&'static str] {
        &["mssql"]
    }
    fn needs_quoting(&self, ident: &str) -> bool {
        !plain_any_case(ident) || reserved(self.reserved_words(), ident)
    }
    fn quote(&self, ident: &str) -> String {
        format!("[{}]", ident.replace(']', "]]"))
    }
    fn max_identifier_len(&self) -> usize {
        128
    }
    fn literal(&self, value: &Literal) -> Result<String, String> {
        Ok(match value {
            Literal::Null => "NULL".to_owned(),
            Literal::Bool(true) => "1".to_owned(),
            Literal::Bool(false) => "0".to_owned(),
            Literal::Number(n) => n.clone(),
            Literal::String(s) => sqlcmd_safe_string(s),
        })
    }
    fn type_sql(&self, ty: &SqlType) -> String {
        match ty {
            SqlType::SmallInt => "SMALLINT".into(),
            SqlType::Integer => "INT".into(),
            SqlType::BigInt => "BIGINT".into(),
            SqlType::Boolean => "BIT".into(),
            SqlType::Numeric { precision, scale } => match (precision, scale) {
                (Some(p), Some(s)) => format!("NUMERIC({p}, {s})"),
                (Some(p), None) => format!("NUMERIC({p})"),
                _ => "NUMERIC(38, 10)".into(),
            },
            SqlType::Real => "REAL".into(),
            SqlType::Float | SqlType::Double => "FLOAT(53)".into(),
            SqlType::Varchar { length: Some(n) } => format!("NVARCHAR({n})"),
            SqlType::Varchar { length: None } => "NVARCHAR(MAX)".into(),
            SqlType::Char { length: Some(n) } => format!("NCHAR({n})"),
            SqlType::Char { length: None } => "NCHAR(1)".into(),
            SqlType::Text => "NVARCHAR(MAX)".into(),
            SqlType::Date => "DATE".into(),
            SqlType::Time => "TIME".into(),
            SqlType::Timestamp => "DATETIME2".into(),
            SqlType::TimestampTz => "DATETIMEOFFSET".into(),
            SqlType::Interval => "VARCHAR(64)".into(),
            SqlType::Uuid => "UNIQUEIDENTIFIER".into(),
            SqlType::Json => "NVARCHAR(MAX)".into(),
            SqlType::Binary => "VARBINARY(MAX)".into(),
            SqlType::Enum { values } => format!("NVARCHAR({})", enum_width(values)),
        }
    }
    fn enum_style(&self) -> EnumStyle {
        EnumStyle::Varchar
    }
    fn drop_index_needs_table(&self) -> bool {
        true
    }
    fn expression_indexes(&self) -> bool {
        false
    }
    fn index_support(&self) -> super::IndexSupport {
        super::IndexSupport {
            include: true,
            ..super::IndexSupport::PLAIN
        }
    }
    fn has_guard(&self, guard: Guard) -> bool {
        // SQL Server 2016 added DROP ... IF EXISTS; CREATE has no such form.
        matches!(guard, Guard::DropTableIfExists | Guard::DropIndexIfExists)
    }
    fn named_default_constraints(&self) -> bool {
        true
    }
    fn on_column_drop(&self, _user: ColumnUse) -> OnColumnDrop {
        // "ALTER TABLE DROP COLUMN failed because one or more objects
        // access this column": every index and constraint goes first.
        OnColumnDrop::Refuses
    }
    fn alter_restates_column(&self) -> bool {
        true
    }
    fn column_feature(&self, feature: ColumnFeature) -> bool {
        // A computed column has no type of its own, so no collation, and
        // ALTER COLUMN refuses it; ALTER COLUMN has no USING.
        !matches!(
            feature,
            ColumnFeature::ComputedCollation
                | ColumnFeature::AlterUsing
                | ColumnFeature::AlterComputed
        )
    }
    fn collation_name(&self, name: &str) -> Option<String> {
        // Collation names are bare words (`Latin1_General_CI_AS`), never
        // bracketed.
        name.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            .then(|| name.to_owned())
    }
    fn alter_autoincrement(&self) -> bool {
        // IDENTITY is set when a column is created; ALTER COLUMN cannot add
        // or remove it.
        false
    }
    fn pinned_settings(&self) -> &'static [&'static str] {
        &["XACT_ABORT ON, for this session (the SET below): a run-time error rolls back the whole open transaction"]
    }
    fn client_hazard(&self, text: &str) -> Option<&'static str> {
        sqlcmd_hazard(text)
    }
    fn name_hazard(&self, name: &str) -> Option<&'static str> {
        if name.contains("$(") {
            return Some("`$(`, which sqlcmd replaces with a variable even inside [...]");
        }
        if name.contains(['\'', '"', '\\']) || name.contains("/*") {
            return Some(
                "`'`, `\"`, `/*` or `\\`, which go-sqlcmd reads as the start of a string, a comment or an escape even inside [...] or N'...'",
            );
        }
        None
    }
    fn batch_separator(&self) -> Option<&'static str> {
        Some("GO")
    }
    fn fractional_second_digits(&self) -> u32 {
        // `TIME`, `DATETIME2` and `DATETIMEOFFSET` keep 7 by default.
        7
    }
    fn name_folding(&self) -> Folding {
        // The default collation (`SQL_Latin1_General_CP1_CI_AS`): case
        // insensitive, accent sensitive.
        Folding::UnicodeCase
    }
    fn namespaces(&self, kind: NameKind) -> &'static [Namespace] {
        // Tables and constraints are objects of their schema (sys.objects);
        // indexes are per table, and keys are indexes too.
        match kind {
            NameKind::Table | NameKind::Sequence => &[Namespace::SchemaObjects],
            NameKind::Column => &[Namespace::Columns],
            NameKind::Index => &[Namespace::TableIndexes],
            NameKind::Constraint(ConstraintKind::PrimaryKey | ConstraintKind::Unique) => {
                &[Namespace::SchemaObjects, Namespace::TableIndexes]
            }
            NameKind::Constraint(ConstraintKind::ForeignKey | ConstraintKind::Check) => {
                &[Namespace::SchemaObjects]
            }
        }
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        KEYWORDS
    }
    fn known_gaps(&self) -> &'static [Gap] {
        GAPS
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::MsSqlDialect {})
    }
}

/// The forms sqlparser lacks (see [`Dialect::known_gaps`]).
const GAPS: &[Gap] = &[
    Gap {
        why: "sqlparser 0.64 does not parse T-SQL's ALTER COLUMN <type> [NOT] NULL",
        rewrite: mssql_alter_column,
    },
    Gap {
        why: "sqlparser 0.64 does not parse T-SQL's ADD CONSTRAINT ... DEFAULT ... FOR",
        rewrite: mssql_add_default,
    },
    Gap {
        why: "sqlparser 0.64 does not parse T-SQL's computed column `<name> AS (<expr>) [PERSISTED]` (no type)",
        rewrite: super::column_options::untyped_computed,
    },
    Gap {
        why: "sqlparser 0.64 does not parse ALTER SEQUENCE",
        rewrite: super::alter_sequence_as_create,
    },
];

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

/// SQL Server (Transact-SQL) reserved keywords.
const KEYWORDS: &[&str] = &[
    "add",
    "all",
    "alter",
    "and",
    "any",
    "as",
    "asc",
    "authorization",
    "backup",
    "begin",
    "between",
    "break",
    "browse",
    "bulk",
    "by",
    "cascade",
    "case",
    "check",
    "checkpoint",
    "close",
    "clustered",
    "coalesce",
    "collate",
    "column",
    "commit",
    "compute",
    "constraint",
    "contains",
    "containstable",
    "continue",
    "convert",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "cursor",
    "database",
    "dbcc",
    "deallocate",
    "declare",
    "default",
    "delete",
    "deny",
    "desc",
    "disk",
    "distinct",
    "distributed",
    "double",
    "drop",
    "dump",
    "else",
    "end",
    "errlvl",
    "escape",
    "except",
    "exec",
    "execute",
    "exists",
    "exit",
    "external",
    "fetch",
    "file",
    "fillfactor",
    "for",
    "foreign",
    "freetext",
    "freetexttable",
    "from",
    "full",
    "function",
    "goto",
    "grant",
    "group",
    "having",
    "holdlock",
    "identity",
    "identity_insert",
    "identitycol",
    "if",
    "in",
    "index",
    "inner",
    "insert",
    "intersect",
    "into",
    "is",
    "join",
    "key",
    "kill",
    "left",
    "like",
    "lineno",
    "load",
    "merge",
    "national",
    "nocheck",
    "nonclustered",
    "not",
    "null",
    "nullif",
    "of",
    "off",
    "offsets",
    "on",
    "open",
    "opendatasource",
    "openquery",
    "openrowset",
    "openxml",
    "option",
    "or",
    "order",
    "outer",
    "over",
    "percent",
    "pivot",
    "plan",
    "precision",
    "primary",
    "print",
    "proc",
    "procedure",
    "public",
    "raiserror",
    "read",
    "readtext",
    "reconfigure",
    "references",
    "replication",
    "restore",
    "restrict",
    "return",
    "revert",
    "revoke",
    "right",
    "rollback",
    "rowcount",
    "rowguidcol",
    "rule",
    "save",
    "schema",
    "securityaudit",
    "select",
    "semantickeyphrasetable",
    "semanticsimilaritydetailstable",
    "semanticsimilaritytable",
    "session_user",
    "set",
    "setuser",
    "shutdown",
    "some",
    "statistics",
    "system_user",
    "table",
    "tablesample",
    "textsize",
    "then",
    "to",
    "top",
    "tran",
    "transaction",
    "trigger",
    "truncate",
    "try_convert",
    "tsequal",
    "union",
    "unique",
    "unpivot",
    "update",
    "updatetext",
    "use",
    "user",
    "values",
    "varying",
    "view",
    "waitfor",
    "when",
    "where",
    "while",
    "with",
    "within",
    "writetext",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes() {
        let d = MsSql;
        assert_eq!(d.ident("user"), "[user]");
        assert_eq!(d.ident("a]b"), "[a]]b]");
        assert_eq!(
            d.literal(&Literal::String("it's ü".into())).unwrap(),
            "N'it''s ü'"
        );
        assert_eq!(d.literal(&Literal::Bool(false)).unwrap(), "0");
    }

    fn s(text: &str) -> String {
        MsSql.literal(&Literal::String(text.into())).unwrap()
    }

    #[test]
    fn literals_hold_nothing_sqlcmd_acts_on() {
        assert_eq!(s(""), "N''");
        assert_eq!(s("C:\\temp\\x"), "N'C:\\temp\\x'");
        assert_eq!(
            s("a\nGO\nb"),
            "(N'a' + NCHAR(10) + N'GO' + NCHAR(10) + N'b')"
        );
        assert_eq!(s("\r\n:r x"), "(NCHAR(13) + NCHAR(10) + N':r x')");
        assert_eq!(s("$(x)"), "(N'$' + N'(x)')");
        assert_eq!(s("a$$(x)$"), "(N'a$$' + N'(x)$')");
        assert_eq!(s("end\\"), "(N'end' + NCHAR(92))");
        assert_eq!(s("a\\'b"), "(N'a' + NCHAR(92) + N'''b')");
        assert_eq!(s("a\\\nb"), "(N'a' + NCHAR(92) + NCHAR(10) + N'b')");
        assert_eq!(s("\u{2028}\0"), "(NCHAR(8232) + NCHAR(0))");
        assert_eq!(s("it's \\x"), "N'it''s \\x'");
        assert_eq!(s("\\\\"), "(NCHAR(92) + NCHAR(92))");
        assert_eq!(s("\\\\srv\\x"), "(NCHAR(92) + N'\\srv\\x')");
    }

    #[test]
    fn long_concatenations_are_not_cut() {
        let text = format!("{}\n", "a".repeat(4000));
        let lit = s(&text);
        assert!(lit.starts_with("(CAST(N'aaa"), "{}", &lit[..20]);
        assert!(
            lit.ends_with("' AS NVARCHAR(MAX)) + NCHAR(10))"),
            "{}",
            &lit[lit.len() - 40..]
        );
        assert!(s(&"a".repeat(3999)).starts_with("N'"));
        assert!(!s(&format!("{}\n", "a".repeat(3999))).contains("CAST"));
    }
}

/// A character written outside the quotes, as `NCHAR(code)`: a line break
/// would let sqlcmd read a `GO`, `:command` or `!!` line inside the literal
/// (and a backslash before it continues the line in T-SQL); every other
/// control character and the line and paragraph separators are invisible
/// to a reviewer.
fn outside_quotes(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The longest `NVARCHAR` that is not `MAX`: concatenating shorter strings
/// cuts the result to it without a word.
const NVARCHAR_LIMIT: usize = 4000;

/// A string literal that every sqlcmd reads as the server does: `N'...'`
/// with quotes doubled, or, when the text holds what a client would act
/// on, a concatenation such as `(N'a' + NCHAR(10) + N'GO')` that holds no
/// line break, no `$(` (`N'$' + N'(x)'`) and no backslash before a quote
/// (go-sqlcmd reads `\'` as an escaped quote, and `\\` as one backslash):
/// a backslash before another, before a quote or at the end is
/// `NCHAR(92)`. A concatenation longer than [`NVARCHAR_LIMIT`] starts as
/// `NVARCHAR(MAX)`, so nothing is cut.
fn sqlcmd_safe_string(s: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, parts: &mut Vec<String>| {
        if !run.is_empty() {
            parts.push(format!("N'{}'", run.replace('\'', "''")));
            run.clear();
        }
    };
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if outside_quotes(c) {
            flush(&mut run, &mut parts);
            parts.push(format!("NCHAR({})", u32::from(c)));
        } else if c == '\\' && next.is_none_or(|n| matches!(n, '\\' | '\'') || outside_quotes(n)) {
            flush(&mut run, &mut parts);
            parts.push("NCHAR(92)".to_owned());
        } else {
            run.push(c);
            if c == '$' && next == Some('(') {
                flush(&mut run, &mut parts);
            }
        }
    }
    flush(&mut run, &mut parts);
    match parts.len() {
        0 => "N''".to_owned(),
        1 if parts[0].starts_with("N'") => parts.remove(0),
        _ => {
            let long = s.encode_utf16().count() > NVARCHAR_LIMIT;
            if long {
                parts[0] = format!("CAST({} AS NVARCHAR(MAX))", parts[0]);
            }
            format!("({})", parts.join(" + "))
        }
    }
}

/// What sqlcmd acts on wherever it stands, quotes or not: a `$(` starts a
/// variable, a line that is only `GO [count]` ends the batch, and a line
/// starting with `:` or `!!` is one of its commands (`:r`, `:!!`, ...).
fn sqlcmd_hazard(text: &str) -> Option<&'static str> {
    if text.contains("$(") {
        return Some("`$(`, which sqlcmd replaces with a variable");
    }
    for line in text.split(['\n', '\r']) {
        let line = line.trim_start();
        let mut words = line.split_whitespace();
        let go = words.next().is_some_and(|w| w.eq_ignore_ascii_case("go"))
            && words.all(|w| w.bytes().all(|b| b.is_ascii_digit()));
        if go {
            return Some("a line `GO`, which ends sqlcmd's batch");
        }
        if line.starts_with(':') || line.starts_with("!!") {
            return Some("a line starting with `:` or `!!`, which sqlcmd runs as its own command");
        }
    }
    None
}

#[cfg(test)]
mod client_tests {
    use super::sqlcmd_hazard;

    #[test]
    fn sqlcmd_reads_variables_batches_and_commands_anywhere() {
        for bad in [
            "x <> '$(secret)'",
            "'a\nGO\nb'",
            "'a\r\n  go 5\r\nb'",
            "'a\n:r /etc/passwd\n'",
            "'a\n!! rm -rf /\n'",
        ] {
            assert!(sqlcmd_hazard(bad).is_some(), "{bad:?}");
        }
        for ok in ["x > 0", "'$ (x)'", "'going'", "a:b", "'GO on'"] {
            assert_eq!(sqlcmd_hazard(ok), None, "{ok:?}");
        }
    }
}
