//! The columns an expression names, and the expression rewritten when one
//! of them, or its table, is renamed.
//!
//! A column is a name the dialect's parser reads as one: `price`,
//! `"Price"`, `t.price`, `s.t.price`; not a function, a type, the keyword
//! of a typed literal (`date '2020-01-01'`) or text inside a literal. Each
//! name keeps the bytes where it was written, so a rename replaces exactly
//! those and keeps the rest of the text as the user spelled it: PostgreSQL
//! follows a renamed column inside its stored checks and indexes, SQLite
//! rewrites their text, and the model (which a SQLite table rebuild writes
//! back) must say the same.

use super::parse;
use crate::dialect::Dialect;
use sqlparser::ast::{visit_expressions, visit_expressions_mut, Expr, Ident};
use sqlparser::tokenizer::Location;
use std::ops::{ControlFlow, Range};

/// A name as written in the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Without quotes.
    pub value: String,
    pub quoted: bool,
    /// Where it is in the text (quotes included), when the parser knows.
    pub range: Option<Range<usize>>,
}

/// One mention of a column, with its qualifiers when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub schema: Option<Name>,
    pub table: Option<Name>,
    pub column: Name,
}

/// Names that some dialects' parsers read as a column but that the engine
/// reads as a function when unquoted (`CURRENT_USER` on MySQL, ...).
const NILADIC: &[&str] = &[
    "CURRENT_CATALOG",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_SCHEMA",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "SESSION_USER",
    "SYSTEM_USER",
    "USER",
];

impl Name {
    /// Whether this is an unquoted niladic function name rather than a
    /// column (when no column has the name).
    pub fn is_niladic_function(&self) -> bool {
        !self.quoted && NILADIC.iter().any(|n| n.eq_ignore_ascii_case(&self.value))
    }
}

/// Whether `name`, as written, denotes the object called `target` on
/// dialect `d` (which says whether names compare by case).
pub fn same(d: &dyn Dialect, name: &Name, target: &str) -> bool {
    match (d.case_sensitive_names(), name.quoted) {
        (true, true) => name.value == target,
        (true, false) => name.value.to_ascii_lowercase() == target,
        (false, _) => name.value.eq_ignore_ascii_case(target),
    }
}

fn offset(text: &str, at: Location) -> Option<usize> {
    parse::byte_offset(text, at.line, at.column)
}

fn name(ident: &Ident, text: &str) -> Name {
    let range = match (offset(text, ident.span.start), offset(text, ident.span.end)) {
        (Some(a), Some(b)) if a < b && ident.span.start.line > 0 => Some(a..b),
        _ => None,
    };
    Name {
        value: ident.value.clone(),
        quoted: ident.quote_style.is_some(),
        range,
    }
}

/// Every column `expr` (parsed from `text`) names, in the order written.
pub fn mentions(expr: &Expr, text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let _ = visit_expressions(expr, |e| {
        match e {
            Expr::Identifier(i) => out.push(Mention {
                schema: None,
                table: None,
                column: name(i, text),
            }),
            Expr::CompoundIdentifier(parts) => {
                let mut names = parts.iter().rev().map(|i| name(i, text));
                if let Some(column) = names.next() {
                    out.push(Mention {
                        table: names.next(),
                        schema: names.next(),
                        column,
                    });
                }
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    out
}

/// The mentions in `text` parsed for `d`; `None` when it does not parse.
pub fn mentions_in(d: &dyn Dialect, text: &str) -> Option<Vec<Mention>> {
    let expr = parse::expression(&*d.parser(), text).ok()?;
    Some(mentions(&expr, text))
}

/// `text` with the ranges replaced (they do not overlap).
fn splice(text: &str, mut edits: Vec<(Range<usize>, &str)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (r, with) in edits {
        out.push_str(text.get(last..r.start).unwrap_or_default());
        out.push_str(with);
        last = r.end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

/// Which part of a mention a rename changes.
#[derive(Clone, Copy)]
enum Part {
    Column,
    Table,
}

fn part(m: &Mention, which: Part) -> Option<&Name> {
    match which {
        Part::Column => Some(&m.column),
        Part::Table => m.table.as_ref(),
    }
}

/// `text` with every `which` part called `old` renamed to `new` (given
/// unquoted; quoted here as `d` needs). Unchanged when nothing matches or
/// the text does not parse.
fn rename(d: &dyn Dialect, text: &str, which: Part, old: &str, new: &str) -> String {
    let Ok(mut expr) = parse::expression(&*d.parser(), text) else {
        return text.to_owned();
    };
    let found = mentions(&expr, text);
    let hits: Vec<&Name> = found
        .iter()
        .filter_map(|m| part(m, which))
        .filter(|n| same(d, n, old))
        .collect();
    if hits.is_empty() {
        return text.to_owned();
    }
    let spelled = d.ident(new);
    let ranges: Option<Vec<Range<usize>>> = hits.iter().map(|n| n.range.clone()).collect();
    if let Some(ranges) = ranges {
        return splice(
            text,
            ranges.into_iter().map(|r| (r, spelled.as_str())).collect(),
        );
    }
    // The parser did not say where a name is: write the expression out
    // again from its tree (the spelling may change, the meaning does not).
    let quote = d
        .needs_quoting(new)
        .then(|| d.quote("x").chars().next())
        .flatten();
    let renamed = |i: &mut Ident| {
        if same(d, &name(i, ""), old) {
            *i = Ident {
                value: new.to_owned(),
                quote_style: quote,
                span: i.span,
            };
        }
    };
    let _ = visit_expressions_mut(&mut expr, |e| {
        match (e, which) {
            (Expr::Identifier(i), Part::Column) => renamed(i),
            (Expr::CompoundIdentifier(parts), _) => {
                let n = parts.len();
                let at = match which {
                    Part::Column => n.checked_sub(1),
                    Part::Table => n.checked_sub(2),
                };
                if let Some(i) = at.and_then(|k| parts.get_mut(k)) {
                    renamed(i);
                }
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    expr.to_string()
}

/// `text` with column `old` renamed to `new`.
pub fn rename_column(d: &dyn Dialect, text: &str, old: &str, new: &str) -> String {
    rename(d, text, Part::Column, old, new)
}

/// `text` with the table qualifier `old` (in `old.column`) renamed to `new`.
pub fn rename_table(d: &dyn Dialect, text: &str, old: &str, new: &str) -> String {
    rename(d, text, Part::Table, old, new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{MsSql, MySql, PostgreSql, Sqlite};

    fn columns(d: &dyn Dialect, text: &str) -> Vec<String> {
        mentions_in(d, text)
            .unwrap()
            .into_iter()
            .map(|m| {
                let mut s = String::new();
                for q in [m.schema, m.table].into_iter().flatten() {
                    s.push_str(&q.value);
                    s.push('.');
                }
                s.push_str(&m.column.value);
                s
            })
            .collect()
    }

    #[test]
    fn finds_columns_not_functions_types_literals_or_keywords() {
        assert_eq!(
            columns(
                &PostgreSql,
                "price > 0 AND lower(name) <> 'price' AND x::text = '' AND d > date '2020-01-01'"
            ),
            ["price", "name", "x", "d"]
        );
        assert_eq!(
            columns(&PostgreSql, "t.a > s.t.b AND CURRENT_TIMESTAMP > now()"),
            ["t.a", "s.t.b"]
        );
        assert_eq!(
            columns(&PostgreSql, "qty BETWEEN 0 AND max_qty"),
            ["qty", "max_qty"]
        );
        // Each dialect's own quoting: backticks on MySQL (where "..." is a
        // string), brackets on SQL Server.
        assert_eq!(
            columns(&MySql, "`order` > 0 AND x = \"order\""),
            ["order", "x"]
        );
        assert_eq!(columns(&MsSql, "[order] > 0"), ["order"]);
        assert_eq!(columns(&Sqlite, "\"order\" > 0"), ["order"]);
        // Inside literals is text, whatever the dialect escapes.
        assert_eq!(columns(&MySql, "'it\\'s price' = note"), ["note"]);
        assert_eq!(columns(&PostgreSql, "E'a\\'price' = note"), ["note"]);
        assert!(mentions_in(&PostgreSql, "x > 0; DROP TABLE t").is_none());
    }

    #[test]
    fn names_compare_as_the_engine_compares_them() {
        let n = |value: &str, quoted: bool| Name {
            value: value.to_owned(),
            quoted,
            range: None,
        };
        assert!(same(&PostgreSql, &n("PRICE", false), "price"));
        assert!(!same(&PostgreSql, &n("Price", true), "price"));
        assert!(!same(&PostgreSql, &n("Price", false), "Price"));
        assert!(same(&PostgreSql, &n("Price", true), "Price"));
        assert!(same(&MySql, &n("Price", true), "price"));
        assert!(same(&Sqlite, &n("PRICE", false), "price"));
    }

    #[test]
    fn renames_the_column_where_written_and_nothing_else() {
        assert_eq!(
            rename_column(
                &PostgreSql,
                "price > 0 AND note <> 'price' AND price_x = 1 AND t.price < 9",
                "price",
                "cost"
            ),
            "cost > 0 AND note <> 'price' AND price_x = 1 AND t.cost < 9"
        );
        // Spelling, spacing and case elsewhere are kept; the new name is
        // quoted where the dialect needs it.
        assert_eq!(
            rename_column(&PostgreSql, "\"a b\"   IS NOT NULL", "a b", "Total"),
            "\"Total\"   IS NOT NULL"
        );
        assert_eq!(
            rename_column(&MySql, "`price` >= 0 AND 'price' <> ''", "price", "order"),
            "`order` >= 0 AND 'price' <> ''"
        );
        assert_eq!(
            rename_column(&Sqlite, "lower(email)\n  <> ''", "email", "mail"),
            "lower(mail)\n  <> ''"
        );
        // Multi-byte text before the name.
        assert_eq!(
            rename_column(&PostgreSql, "'é€' <> email", "email", "mail"),
            "'é€' <> mail"
        );
        // Nothing to do, or nothing readable: the text as it was.
        assert_eq!(rename_column(&PostgreSql, "a > 0", "b", "c"), "a > 0");
        assert_eq!(rename_column(&PostgreSql, "a > (", "a", "c"), "a > (");
    }

    #[test]
    fn renames_the_table_in_qualified_names() {
        assert_eq!(
            rename_table(&PostgreSql, "orders.qty > 0 AND qty < 9", "orders", "sales"),
            "sales.qty > 0 AND qty < 9"
        );
        assert_eq!(
            rename_table(&PostgreSql, "s.orders.qty > 0", "orders", "Sales"),
            "s.\"Sales\".qty > 0"
        );
    }
}
