//! How an engine tells the names of its objects apart.
//!
//! Two objects cannot both be created when the engine reads their names as
//! one: because it compares names without regard to case (`email` and
//! `Email` as two columns on MariaDB, SQLite, SQL Server), or because two
//! kinds of objects share one namespace (a table and an index of one schema
//! on PostgreSQL and SQLite). A dialect answers both questions here: how it
//! compares names ([`Folding`], for names as gen writes them) and which
//! namespaces each kind of object is in ([`Namespace`]). The schema model
//! (`schema::names`) checks each name it adds against them.

use crate::ops::ConstraintKind;
use std::borrow::Cow;

/// How an engine compares two names of its objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folding {
    /// Character for character (PostgreSQL, as gen writes names: one that
    /// is not all lower case is quoted, so it keeps its case).
    Exact,
    /// ASCII letters without regard to case, every other character as it
    /// is (SQLite: `É` and `é` differ).
    AsciiCase,
    /// Every letter without regard to case, one character at a time;
    /// accents still count (MariaDB's names, SQL Server's default
    /// collation: `É` is `é`, `e` is not `é`, `ß` is not `ss`).
    UnicodeCase,
}

impl Folding {
    /// `name` as the engine compares it (borrowed when that changes nothing).
    pub fn key(self, name: &str) -> Cow<'_, str> {
        match self {
            Folding::Exact => Cow::Borrowed(name),
            Folding::AsciiCase if name.bytes().any(|b| b.is_ascii_uppercase()) => {
                Cow::Owned(name.to_ascii_lowercase())
            }
            Folding::UnicodeCase
                if name.chars().any(|c| !c.is_lowercase() && c.is_alphabetic()) =>
            {
                Cow::Owned(name.chars().flat_map(char::to_lowercase).collect())
            }
            Folding::AsciiCase | Folding::UnicodeCase => Cow::Borrowed(name),
        }
    }

    /// Does the engine read `a` and `b` as one name?
    pub fn same(self, a: &str, b: &str) -> bool {
        match self {
            Folding::Exact => a == b,
            Folding::AsciiCase => a.eq_ignore_ascii_case(b),
            Folding::UnicodeCase => a
                .chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase)),
        }
    }
}

/// The kinds of named objects the schema model keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Table,
    Column,
    Index,
    Constraint(ConstraintKind),
    Sequence,
}

impl NameKind {
    /// Every kind, for listing what shares a namespace.
    pub const ALL: [NameKind; 8] = [
        NameKind::Table,
        NameKind::Column,
        NameKind::Index,
        NameKind::Constraint(ConstraintKind::PrimaryKey),
        NameKind::Constraint(ConstraintKind::Unique),
        NameKind::Constraint(ConstraintKind::ForeignKey),
        NameKind::Constraint(ConstraintKind::Check),
        NameKind::Sequence,
    ];

    /// `table`, `column`, `index`, `primary key`, ... for messages.
    pub fn label(self) -> &'static str {
        match self {
            NameKind::Table => "table",
            NameKind::Column => "column",
            NameKind::Index => "index",
            NameKind::Constraint(ConstraintKind::PrimaryKey) => "primary key",
            NameKind::Constraint(ConstraintKind::Unique) => "unique constraint",
            NameKind::Constraint(ConstraintKind::ForeignKey) => "foreign key",
            NameKind::Constraint(ConstraintKind::Check) => "check constraint",
            NameKind::Sequence => "sequence",
        }
    }

    /// An object of its schema rather than of a table (a table, a
    /// sequence): named alone in messages.
    pub fn standalone(self) -> bool {
        matches!(self, NameKind::Table | NameKind::Sequence)
    }

    /// The plural of [`NameKind::label`].
    pub fn plural(self) -> &'static str {
        match self {
            NameKind::Table => "tables",
            NameKind::Column => "columns",
            NameKind::Index => "indexes",
            NameKind::Constraint(ConstraintKind::PrimaryKey) => "primary keys",
            NameKind::Constraint(ConstraintKind::Unique) => "unique constraints",
            NameKind::Constraint(ConstraintKind::ForeignKey) => "foreign keys",
            NameKind::Constraint(ConstraintKind::Check) => "check constraints",
            NameKind::Sequence => "sequences",
        }
    }
}

/// A set of names that must all differ, kept by the engine per schema or
/// per table. Two objects clash when one namespace holds both (each kind is
/// in the namespaces [`crate::dialect::Dialect::namespaces`] lists) and the
/// engine reads their names as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    /// Per schema: tables, and what the engine keeps with them
    /// (PostgreSQL: indexes and the indexes of keys; SQLite: indexes;
    /// SQL Server: constraints).
    SchemaObjects,
    /// Per schema: foreign keys (InnoDB).
    SchemaForeignKeys,
    /// Per table: its columns.
    Columns,
    /// Per table: its indexes (where keys are indexes too).
    TableIndexes,
    /// Per table: its constraints.
    TableConstraints,
}

impl Namespace {
    /// Is it one per schema (else one per table)?
    pub fn per_schema(self) -> bool {
        matches!(
            self,
            Namespace::SchemaObjects | Namespace::SchemaForeignKeys
        )
    }
}

/// The standard SQL answer, PostgreSQL's: tables, indexes and the indexes
/// that primary keys and unique constraints own share one namespace per
/// schema; a table's constraints have one of their own, its columns too.
pub(crate) fn standard_namespaces(kind: NameKind) -> &'static [Namespace] {
    match kind {
        NameKind::Table | NameKind::Index | NameKind::Sequence => &[Namespace::SchemaObjects],
        NameKind::Column => &[Namespace::Columns],
        NameKind::Constraint(ConstraintKind::PrimaryKey | ConstraintKind::Unique) => {
            &[Namespace::SchemaObjects, Namespace::TableConstraints]
        }
        NameKind::Constraint(ConstraintKind::ForeignKey | ConstraintKind::Check) => {
            &[Namespace::TableConstraints]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_compares_as_the_engines_do() {
        assert!(Folding::Exact.same("email", "email"));
        assert!(!Folding::Exact.same("email", "Email"));
        assert!(Folding::AsciiCase.same("email", "EMAIL"));
        assert!(!Folding::AsciiCase.same("é", "É"));
        assert!(Folding::UnicodeCase.same("é", "É"));
        assert!(Folding::UnicodeCase.same("ǅ", "ǆ"));
        assert!(!Folding::UnicodeCase.same("cafe", "café"));
        assert!(!Folding::UnicodeCase.same("ß", "ss"));
        for f in [Folding::Exact, Folding::AsciiCase, Folding::UnicodeCase] {
            for (a, b) in [
                ("Email", "email"),
                ("ÉTÉ", "été"),
                ("x_1", "X_1"),
                ("ǅ", "ǆ"),
            ] {
                assert_eq!(f.same(a, b), f.key(a) == f.key(b), "{f:?} {a} {b}");
            }
        }
        assert!(matches!(
            Folding::UnicodeCase.key("users"),
            Cow::Borrowed(_)
        ));
    }
}
