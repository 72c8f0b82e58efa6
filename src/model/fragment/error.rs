//! What can be wrong with a fragment, relative to its operation.
//!
//! Each variant says which field it is (a check's `expr`, an index's
//! `where`, a type-map entry, ...), carries `at`, the path of that field
//! inside the operation's arguments (the caller adds the revision, the file
//! and the operation, and resolves the path to a line and column), and says
//! in its help what would be valid there.

use super::parse::Problem;
use crate::diag::span::DocPath;
use crate::ops::ident::QualName;
use std::fmt;

/// Which field of an operation holds the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A type-map entry (its key: a dialect name or `default`).
    Type { key: String },
    /// A column's `default: {sql: ...}`.
    Default,
    /// A check constraint's `expr`.
    Check,
    /// A partial index's `where`.
    Where,
    /// An index element `{expr: ...}`.
    IndexExpr,
    /// `execute`'s `sql` or `reverse_sql` (the key).
    Execute { key: &'static str },
    /// A generated column's `computed: {sql: ...}`.
    Computed,
    /// `alter_column`'s `using`.
    Using,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Type { key } => write!(f, "the `{key}` type"),
            Field::Default => f.write_str("the `{sql: ...}` default"),
            Field::Check => f.write_str("the check's `expr`"),
            Field::Where => f.write_str("the index's `where`"),
            Field::IndexExpr => f.write_str("the index expression"),
            Field::Execute { key } => write!(f, "`{key}`"),
            Field::Computed => f.write_str("the `computed` expression"),
            Field::Using => f.write_str("the `using` expression"),
        }
    }
}

impl Field {
    /// What a valid value looks like.
    fn valid(&self) -> &'static str {
        match self {
            Field::Type { .. } => {
                "write one type, such as `tsvector` or `varchar(20)`; a statement belongs in an `execute`"
            }
            Field::Default => {
                "write one SQL expression, such as `{sql: now()}`, with no `;` and no comment (a note can be a YAML `# comment`)"
            }
            Field::Check | Field::Where => {
                "write one SQL condition, such as `qty > 0`, with no `;` and no comment (a note can be a YAML `# comment`)"
            }
            Field::IndexExpr => {
                "write one SQL expression, such as `lower(email)`, with no `;` and no comment"
            }
            Field::Execute { .. } => "",
            Field::Computed => {
                "write one SQL expression over the table's other (not computed) columns, such as `price * qty`, with no `;` and no comment"
            }
            Field::Using => {
                "write one SQL expression over the table's columns, such as `code::integer`, with no `;` and no comment"
            }
        }
    }
}

/// Why an operation's fragment is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum FragmentError {
    /// Not exactly one expression (or one type) for the dialect.
    NotOne {
        field: Field,
        at: DocPath,
        text: String,
        /// The dialect it was read for.
        dialect: &'static str,
        problem: Problem,
    },
    /// An index element that is an ordering (`v DESC`), not an expression.
    Ordering {
        at: DocPath,
        text: String,
        /// The expression before the ordering.
        expr: String,
        /// The ordering as written (`DESC`, `ASC NULLS LAST`, ...).
        order: String,
    },
    /// The fragment names a column its table does not have.
    UnknownColumn {
        field: Field,
        at: DocPath,
        table: QualName,
        column: String,
        suggestion: Option<String>,
    },
    /// The fragment qualifies a column with another table's name.
    OtherTable {
        field: Field,
        at: DocPath,
        table: QualName,
        named: String,
    },
    /// `execute` ends or opens a transaction inside a revision that runs in
    /// the script's transaction.
    TransactionControl {
        at: DocPath,
        /// The statement, as sqlparser reads it.
        statement: String,
    },
}

impl FragmentError {
    /// Where, inside the operation's arguments.
    pub fn at(&self) -> &DocPath {
        match self {
            FragmentError::NotOne { at, .. }
            | FragmentError::Ordering { at, .. }
            | FragmentError::UnknownColumn { at, .. }
            | FragmentError::OtherTable { at, .. }
            | FragmentError::TransactionControl { at, .. } => at,
        }
    }

    /// What would be valid.
    pub fn help(&self) -> Option<String> {
        match self {
            FragmentError::NotOne {
                problem: Problem::Trailing { found, .. },
                field: Field::Type { .. },
                ..
            } if found == "," => Some(
                "a type map gives one type per dialect; another column or a statement belongs in its own operation".to_owned(),
            ),
            FragmentError::NotOne { field, .. } => Some(field.valid().to_owned()),
            FragmentError::Ordering { expr, order, .. } => Some(ordering_help(expr, order)),
            FragmentError::UnknownColumn { suggestion, .. } => {
                suggestion.as_ref().map(|s| format!("did you mean `{s}`?"))
            }
            FragmentError::OtherTable { table, .. } => Some(format!(
                "name the columns of `{table}` alone (or as `{}.column`)",
                table.name
            )),
            FragmentError::TransactionControl { .. } => Some(
                "remove it: the script opens and closes the transaction around the revision; set `transactional: false` on the revision to run it outside any transaction block".to_owned(),
            ),
        }
    }
}

impl fmt::Display for FragmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FragmentError::NotOne {
                field: field @ Field::Type { .. },
                text,
                dialect,
                problem,
                ..
            } => write!(
                f,
                "{field} `{text}` is not one {dialect} type: {problem}"
            ),
            FragmentError::NotOne {
                field,
                text,
                dialect,
                problem,
                ..
            } => write!(
                f,
                "{field} `{text}` is not one {dialect} expression: {problem}"
            ),
            FragmentError::Ordering { text, order, .. } => write!(
                f,
                "the index expression `{text}` gives an order (`{order}`) inside `expr`, which holds one expression"
            ),
            FragmentError::UnknownColumn {
                field,
                table,
                column,
                ..
            } => write!(f, "{field} names column `{column}`, which table `{table}` does not have"),
            FragmentError::OtherTable {
                field,
                table,
                named,
                ..
            } => write!(
                f,
                "{field} names `{named}`, but it belongs to table `{table}` and can name only its columns"
            ),
            FragmentError::TransactionControl { statement, .. } => write!(
                f,
                "`{statement}` inside a transactional revision would end or split the script's transaction"
            ),
        }
    }
}

/// The keys that say what `order` says, beside the expression:
/// `{expr: "qty", desc: true, nulls: last}`.
fn ordering_help(expr: &str, order: &str) -> String {
    let words: Vec<String> = order
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let mut keys = String::new();
    if words.first().is_some_and(|w| w == "desc") {
        keys.push_str(", desc: true");
    }
    if let Some(i) = words.iter().position(|w| w == "nulls") {
        if let Some(n) = words.get(i + 1).filter(|n| *n == "first" || *n == "last") {
            keys.push_str(&format!(", nulls: {n}"));
        }
    }
    format!(
        "give the order as keys beside the expression: `{{expr: \"{expr}\"{keys}}}` (`desc` is every dialect's, `nulls` PostgreSQL's; a column is `{{name: col, desc: true}}`)"
    )
}
