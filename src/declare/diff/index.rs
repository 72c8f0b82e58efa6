//! A kept table's indexes, matched by name: one whose columns,
//! expressions, uniqueness or `where` differ is dropped and created again.
//! How an index was built (`concurrently`, `if_not_exists`) is not part of
//! the schema.

use super::same::same_expr;
use super::Steps;
use crate::dialect::Dialect;
use crate::model::Table;
use crate::ops::{CreateIndex, DropIndex, IndexColumn, Op};

fn same_element(a: &IndexColumn, b: &IndexColumn, d: &dyn Dialect) -> bool {
    match (a, b) {
        (IndexColumn::Column(a), IndexColumn::Column(b)) => a == b,
        (IndexColumn::Expr(a), IndexColumn::Expr(b)) => same_expr(a, b, d),
        (IndexColumn::Column(c), IndexColumn::Expr(e))
        | (IndexColumn::Expr(e), IndexColumn::Column(c)) => same_expr(c.as_str(), e, d),
    }
}

/// Whether two indexes say the same (their names aside).
pub(super) fn same_index(a: &CreateIndex, b: &CreateIndex, d: &dyn Dialect) -> bool {
    a.unique == b.unique
        && a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| same_element(x, y, d))
        && match (&a.where_clause, &b.where_clause) {
            (None, None) => true,
            (Some(x), Some(y)) => same_expr(x, y, d),
            _ => false,
        }
}

/// Compares the indexes of one table, `now` against `want`.
pub(super) fn compare(now: &Table, want: &Table, d: &dyn Dialect, steps: &mut Steps) {
    for i in now.indexes.values() {
        let kept = want
            .indexes
            .get(&i.name)
            .is_some_and(|w| same_index(i, w, d));
        if !kept {
            steps.drop_other.push(Op::DropIndex(DropIndex {
                name: i.name.clone(),
                table: Some(i.table.clone()),
                schema: i.schema.clone(),
                concurrently: false,
                if_exists: false,
            }));
        }
    }
    for w in want.indexes.values() {
        let kept = now
            .indexes
            .get(&w.name)
            .is_some_and(|i| same_index(i, w, d));
        if !kept {
            let mut w = w.clone();
            w.concurrently = false;
            w.if_not_exists = false;
            steps.add_other.push(Op::CreateIndex(Box::new(w)));
        }
    }
}
