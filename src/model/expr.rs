//! Column names inside SQL expressions the model keeps as text (check
//! constraints, index expressions, partial-index predicates, generated
//! columns).
//!
//! The text is read with the model's dialect (see
//! [`crate::model::fragment::columns`]): which columns a check mentions (for its
//! implicit name, and whether dropping a column drops it), and the text
//! rewritten when a column or its table is renamed, name by name, the rest
//! kept as written. Text the dialect cannot parse mentions nothing and is
//! never rewritten: such a fragment is refused before it reaches the model
//! of any run that writes a script.

use super::Table;
use crate::dialect::Dialect;
use crate::model::fragment::columns;

/// The columns among `columns` that `expr` mentions, in `columns` order.
pub fn mentioned<'a>(
    d: &dyn Dialect,
    expr: &str,
    columns: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let Some(found) = columns::mentions_in(d, expr) else {
        return Vec::new();
    };
    columns
        .into_iter()
        .filter(|c| found.iter().any(|m| columns::same(d, &m.column, c)))
        .collect()
}

/// `expr` with every mention of column `old` renamed to `new`.
pub fn rename(d: &dyn Dialect, expr: &str, old: &str, new: &str) -> String {
    columns::rename_column(d, expr, old, new)
}

/// `expr` with the table qualifier `old` renamed to `new`.
pub fn rename_table(d: &dyn Dialect, expr: &str, old: &str, new: &str) -> String {
    columns::rename_table(d, expr, old, new)
}

/// Rewrites every expression `t` keeps as text (checks, index
/// expressions, `where`s, generated columns) with `f`.
pub(super) fn rewrite(t: &mut Table, f: impl Fn(&str) -> String) {
    for c in &mut t.def.columns {
        if let Some(g) = &mut c.computed {
            g.sql = f(&g.sql);
        }
    }
    for ck in &mut t.def.checks {
        ck.expr = f(&ck.expr);
    }
    for idx in t.indexes.values_mut() {
        for c in &mut idx.columns {
            if let Some(e) = c.expr_mut() {
                *e = f(e);
            }
        }
        if let Some(w) = &mut idx.where_clause {
            *w = f(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{MySql, PostgreSql};

    #[test]
    fn finds_columns_but_not_strings_functions_or_types() {
        let cols = ["price", "name", "lower", "text", "date"];
        assert_eq!(
            mentioned(
                &PostgreSql,
                "price > 0 AND lower(name) <> 'price' AND x::text = '' AND d > date '2020-01-01'",
                cols
            ),
            ["price", "name"]
        );
        assert_eq!(
            mentioned(&PostgreSql, "\"Price\" > 0", ["Price", "price"]),
            ["Price"]
        );
        assert_eq!(mentioned(&PostgreSql, "PRICE > 0", ["price"]), ["price"]);
        assert_eq!(mentioned(&MySql, "`Price` > 0", ["price"]), ["price"]);
        assert!(mentioned(&PostgreSql, "price > (", ["price"]).is_empty());
    }

    #[test]
    fn renames_mentions_only() {
        assert_eq!(
            rename(
                &PostgreSql,
                "price > 0 AND note <> 'price' AND price_x = 1",
                "price",
                "cost"
            ),
            "cost > 0 AND note <> 'price' AND price_x = 1"
        );
        assert_eq!(
            rename(&PostgreSql, "\"a b\" IS NOT NULL", "a b", "c"),
            "c IS NOT NULL"
        );
    }
}
