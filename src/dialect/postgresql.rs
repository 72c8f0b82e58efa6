//! PostgreSQL: double-quoted identifiers, 63-byte names, transactional DDL,
//! named enum types, `COMMENT ON`, and `CREATE INDEX CONCURRENTLY`.

use super::{plain_lower, reserved, standard_string, ColumnFeature, Dialect, EnumStyle, Gap};
use crate::dialect::ColumnType;
use crate::ops::literal::Literal;
use crate::ops::sqltype::SqlType;
use crate::ops::ConstraintKind;

/// The PostgreSQL dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostgreSql;

impl Dialect for PostgreSql {
    fn name(&self) -> &'static str {
        "postgresql"
    }
    fn session_timeout(&self, _kind: super::TimeoutKind) -> Option<super::TimeoutUnit> {
        // `SET lock_timeout = '5s'`, `SET statement_timeout = '2min'`.
        Some(super::TimeoutUnit::Text)
    }
    fn aliases(&self) -> &'static [&'static str] {
        &["postgres", "pg"]
    }
    fn default_schema(&self) -> Option<&'static str> {
        Some("public")
    }
    fn map_keys(&self) -> &'static [&'static str] {
        &["postgresql"]
    }
    fn needs_quoting(&self, ident: &str) -> bool {
        // Unquoted names fold to lower case, so upper case needs quotes too.
        !plain_lower(ident) || reserved(self.reserved_words(), ident)
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
                escape_string(s)
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
    fn concurrent_index(&self) -> bool {
        true
    }
    fn index_support(&self) -> super::IndexSupport {
        use crate::ops::IndexMethod::*;
        super::IndexSupport {
            methods: &[Btree, Hash, Gin, Gist, Brin, Spgist],
            include: true,
            nulls_order: true,
            opclass: true,
            ..super::IndexSupport::PLAIN
        }
    }
    fn defers_constraint_validation(&self) -> bool {
        true
    }
    fn deferrable_keys(&self) -> bool {
        true
    }
    fn explicit_constraint_names(&self) -> bool {
        false
    }
    fn column_feature(&self, feature: ColumnFeature) -> bool {
        // Virtual generated columns arrive in PostgreSQL 18; the scripts
        // also serve older servers.
        feature != ColumnFeature::VirtualComputed
    }
    fn alter_type_using_cast(&self, from: &ColumnType, to: &ColumnType) -> bool {
        match (from, to) {
            // To a string type PostgreSQL converts anything by assignment
            // (a listed cast or I/O conversion), and refuses text too long.
            (_, ColumnType::Portable(t)) if is_string(t) => false,
            (ColumnType::Portable(a), ColumnType::Portable(b)) => !assignment_cast(a, b),
            // To a named enum type from text, or from one to anything but
            // a string, and to or from a type of the user's own: no cast
            // gen knows of, so the explicit one.
            _ => true,
        }
    }
    fn create_table_merges_duplicate_keys(&self) -> bool {
        true
    }
    fn implicit_constraint_name(
        &self,
        kind: ConstraintKind,
        table: &str,
        columns: &[&str],
        taken: &dyn Fn(&str) -> bool,
    ) -> String {
        // What PostgreSQL's ChooseConstraintName / ChooseRelationName do:
        // `<table>_<columns>_<label>`, parts shortened to fit 63 bytes, and a
        // number appended to the label while the name is taken.
        let (columns, label) = match kind {
            ConstraintKind::PrimaryKey => (None, "pkey"),
            ConstraintKind::Unique => (Some(name_addition(columns)), "key"),
            ConstraintKind::ForeignKey => (Some(name_addition(columns)), "fkey"),
            ConstraintKind::Check => match columns {
                [one] => (Some((*one).to_owned()), "check"),
                _ => (None, "check"),
            },
        };
        let mut pass = 0;
        loop {
            let label = if pass == 0 {
                label.to_owned()
            } else {
                format!("{label}{pass}")
            };
            let name = object_name(table, columns.as_deref(), &label);
            if !taken(&name) {
                return name;
            }
            pass += 1;
        }
    }
    fn case_sensitive_names(&self) -> bool {
        true
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        KEYWORDS
    }
    fn sequence_owned_by(&self) -> bool {
        true
    }
    fn enum_add_value(&self) -> bool {
        true
    }
    fn known_gaps(&self) -> &'static [Gap] {
        GAPS
    }
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::PostgreSqlDialect {})
    }
}

/// A string type (`text`, `varchar`, `char`): PostgreSQL's I/O conversion
/// casts any type to one by assignment.
fn is_string(t: &SqlType) -> bool {
    matches!(
        t,
        SqlType::Text | SqlType::Varchar { .. } | SqlType::Char { .. }
    )
}

/// Whether PostgreSQL has an assignment (or implicit) cast from `from` to
/// `to` (`pg_cast.castcontext` `a` or `i`, checked against the engine by
/// `tests/live_narrowing.rs`), so that `ALTER COLUMN ... TYPE` needs no
/// `USING` and refuses a value that does not fit instead of cutting it. A
/// change within one type (a length, a precision) is its length coercion,
/// which is an assignment.
fn assignment_cast(from: &SqlType, to: &SqlType) -> bool {
    use SqlType as T;
    let number = |t: &SqlType| {
        matches!(
            t,
            T::SmallInt
                | T::Integer
                | T::BigInt
                | T::Numeric { .. }
                | T::Real
                | T::Float
                | T::Double
        )
    };
    let same_kind = std::mem::discriminant(from) == std::mem::discriminant(to);
    same_kind
        || is_string(to)
        || (number(from) && number(to))
        || matches!(
            (from, to),
            (T::Float | T::Double, T::Float | T::Double)
                | (T::Date, T::Timestamp | T::TimestampTz)
                | (
                    T::Timestamp | T::TimestampTz,
                    T::Date | T::Time | T::Timestamp | T::TimestampTz
                )
                | (T::Time, T::Interval)
                | (T::Interval, T::Time)
        )
}

/// A string literal that reads the same whatever the session's
/// `standard_conforming_strings`: without a backslash, `'...'` with quotes
/// doubled (the setting only changes what a backslash means); with one,
/// `E'...'`, where a backslash is always an escape, so it is doubled too.
/// A statement copied out of the script keeps its value in any session,
/// and the `E` tells the reviewer how to read it.
fn escape_string(s: &str) -> String {
    if !s.contains('\\') {
        return standard_string(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("E'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Bytes in a name (NAMEDATALEN - 1).
const MAX_NAME: usize = 63;

/// Column names joined by `_`, stopping once the result is long enough.
fn name_addition(columns: &[&str]) -> String {
    let mut out = String::new();
    for c in columns {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(c);
        if out.len() > MAX_NAME {
            break;
        }
    }
    out
}

/// The longest prefix of `s` of at most `n` bytes ending on a character.
fn clip(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `name1_name2_label`, the longer of the two names shortened first until
/// the whole fits (PostgreSQL's makeObjectName).
fn object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = usize::from(name2.is_some()) + label.len() + 1;
    let avail = MAX_NAME.saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = clip(name1, n1).to_owned();
    if let Some(n) = name2 {
        out.push('_');
        out.push_str(clip(n, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// The forms sqlparser lacks (see [`Dialect::known_gaps`]).
const GAPS: &[Gap] = &[
    Gap {
        why: "sqlparser 0.64 does not parse DROP INDEX CONCURRENTLY",
        rewrite: drop_index_concurrently,
    },
    Gap {
        why: "sqlparser 0.64 does not parse ALTER COLUMN ... DROP IDENTITY",
        rewrite: drop_identity,
    },
    Gap {
        why: "sqlparser 0.64 reads no E'...' label in CREATE TYPE ... AS ENUM",
        rewrite: enum_escape_strings,
    },
    Gap {
        why: "sqlparser 0.64 reads one option only in AS IDENTITY (START WITH .. INCREMENT BY ..)",
        rewrite: identity_options,
    },
    Gap {
        why: "sqlparser 0.64 reads no E'...' label in ALTER TYPE ... ADD VALUE",
        rewrite: add_value_escape_string,
    },
    Gap {
        why: "sqlparser 0.64 does not parse ALTER SEQUENCE",
        rewrite: super::alter_sequence_as_create,
    },
];

/// `AS IDENTITY (START WITH 1 INCREMENT BY 2)` is parsed with the
/// options' group removed: it holds only the numbers gen wrote.
fn identity_options(sql: &str) -> Option<String> {
    const AT: &str = " AS IDENTITY (";
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    let mut changed = false;
    while let Some(i) = rest.find(AT) {
        let after = rest.get(i + AT.len()..)?;
        let end = after.find(')')?;
        let inside = after.get(..end)?;
        let words_ok = inside.split(' ').all(|w| {
            matches!(w, "START" | "WITH" | "INCREMENT" | "BY")
                || w.strip_prefix('-')
                    .unwrap_or(w)
                    .bytes()
                    .all(|b| b.is_ascii_digit())
        });
        if !words_ok || inside.is_empty() {
            return None;
        }
        out.push_str(rest.get(..i)?);
        out.push_str(" AS IDENTITY");
        rest = after.get(end + 1..)?;
        changed = true;
    }
    out.push_str(rest);
    changed.then_some(out)
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

/// PostgreSQL `ALTER TYPE t ADD VALUE E'b\\c'` is parsed with the label's
/// `E` dropped (`'b\\c'`), as in `CREATE TYPE` above.
fn add_value_escape_string(sql: &str) -> Option<String> {
    let (head, label) = sql.split_once(" ADD VALUE E'")?;
    head.strip_prefix("ALTER TYPE ")
        .filter(|t| !t.is_empty())
        .map(|_| format!("{head} ADD VALUE '{label}"))
}

/// PostgreSQL reserved words and those that cannot name a column.
const KEYWORDS: &[&str] = &[
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
    fn names_constraints_as_postgresql_does() {
        let d = PostgreSql;
        let free = |_: &str| false;
        let name = |k, cols: &[&str]| d.implicit_constraint_name(k, "users", cols, &free);
        assert_eq!(name(ConstraintKind::PrimaryKey, &["id"]), "users_pkey");
        assert_eq!(name(ConstraintKind::Unique, &["a", "b"]), "users_a_b_key");
        assert_eq!(
            name(ConstraintKind::ForeignKey, &["org_id"]),
            "users_org_id_fkey"
        );
        assert_eq!(name(ConstraintKind::Check, &["age"]), "users_age_check");
        assert_eq!(name(ConstraintKind::Check, &["a", "b"]), "users_check");
        let taken = |n: &str| n == "users_age_check" || n == "users_age_check1";
        assert_eq!(
            d.implicit_constraint_name(ConstraintKind::Check, "users", &["age"], &taken),
            "users_age_check2"
        );
        let long = "t".repeat(70);
        let n = d.implicit_constraint_name(ConstraintKind::Unique, &long, &["col"], &free);
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_col_key"), "{n}");
    }

    #[test]
    fn escapes_literals() {
        let d = PostgreSql;
        let s = |v: &str| d.literal(&Literal::String(v.into())).unwrap();
        assert_eq!(s("it's"), "'it''s'");
        assert_eq!(s("back\\slash"), "E'back\\\\slash'");
        assert_eq!(
            s("x\\'; DROP TABLE payments; --"),
            "E'x\\\\''; DROP TABLE payments; --'"
        );
        assert_eq!(s("\\"), "E'\\\\'");
        assert_eq!(s("ünïcødé ✓"), "'ünïcødé ✓'");
        assert!(d.literal(&Literal::String("a\0b".into())).is_err());
        assert_eq!(d.literal(&Literal::Bool(true)).unwrap(), "TRUE");
        assert_eq!(d.literal(&Literal::Null).unwrap(), "NULL");
        assert_eq!(d.literal(&Literal::Number("-1.5".into())).unwrap(), "-1.5");
    }
}
