//! A kept table's indexes, matched by name: one whose columns,
//! expressions, uniqueness or `where` differ is dropped and created again.
//! How an index was built (`concurrently`, `if_not_exists`) is not part of
//! the schema; nor is `where` on an engine without partial indexes. A
//! unique index and a unique constraint of one name and columns are one.

use super::same::same_expr;
use super::Steps;
use crate::dialect::Dialect;
use crate::model::Table;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{CreateIndex, DropIndex, IndexColumn, IndexMethod, IndexTarget, Op};

fn same_element(a: &IndexColumn, b: &IndexColumn, d: &dyn Dialect) -> bool {
    match (a, b) {
        (IndexColumn::Column(a), IndexColumn::Column(b)) => a == b,
        (IndexColumn::Expr(a), IndexColumn::Expr(b)) => same_expr(a, b, d),
        (IndexColumn::Column(c), IndexColumn::Expr(e))
        | (IndexColumn::Expr(e), IndexColumn::Column(c)) => same_expr(c.as_str(), e, d),
        // An element with options: the same options on the same target.
        (IndexColumn::Ordered(x), IndexColumn::Ordered(y)) => {
            let target = match (&x.target, &y.target) {
                (IndexTarget::Column(a), IndexTarget::Column(b)) => a == b,
                (IndexTarget::Expr(a), IndexTarget::Expr(b)) => same_expr(a, b, d),
                _ => false,
            };
            target
                && x.desc == y.desc
                && x.nulls == y.nulls
                && opclass(&x.opclass) == opclass(&y.opclass)
                && x.length == y.length
        }
        (IndexColumn::Ordered(_), _) | (_, IndexColumn::Ordered(_)) => false,
    }
}

/// Whether two indexes say the same (their names aside).
/// An operator class as the catalog finds it: `pg_catalog.x` = `x` (the
/// schema is searched first; pg_dump writes the name alone).
fn opclass(q: &Option<QualName>) -> Option<(Option<&str>, &str)> {
    q.as_ref().map(|q| {
        let schema = q.schema.as_ref().map(Ident::as_str);
        (schema.filter(|s| *s != "pg_catalog"), q.name.as_str())
    })
}

/// The method, `btree` (every engine's default) as none.
fn method(i: &CreateIndex) -> Option<IndexMethod> {
    i.using.filter(|m| *m != IndexMethod::Btree)
}

/// Whether two indexes are the same; any other difference of options
/// (method, included columns, kind, an element's order, operator class or
/// prefix) is a drop and a create: no engine alters them in place.
pub(super) fn same_index(a: &CreateIndex, b: &CreateIndex, d: &dyn Dialect) -> bool {
    a.unique == b.unique
        && method(a) == method(b)
        && a.include() == b.include()
        && a.kind == b.kind
        && a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| same_element(x, y, d))
        && (!d.partial_indexes()
            || match (&a.where_clause, &b.where_clause) {
                (None, None) => true,
                (Some(x), Some(y)) => same_expr(x, y, d),
                _ => false,
            })
}

/// Whether unique index `i` is the unique constraint `name` on `columns`
/// (one object to the engines that keep a unique constraint as a unique
/// index, and to a dump that prints one as the other).
pub(super) fn is_unique_constraint(
    i: &CreateIndex,
    name: &Option<Ident>,
    columns: &[Ident],
    d: &dyn Dialect,
) -> bool {
    i.unique
        && name.as_ref() == Some(&i.name)
        && (i.where_clause.is_none() || !d.partial_indexes())
        && i.columns.len() == columns.len()
        && columns
            .iter()
            .zip(&i.columns)
            .all(|(c, e)| matches!(e, IndexColumn::Column(n) if n == c))
}

/// Whether table `t` has unique index `i` as a unique constraint.
fn is_constraint_in(i: &CreateIndex, t: &Table, d: &dyn Dialect) -> bool {
    t.def
        .unique
        .iter()
        .any(|u| is_unique_constraint(i, &u.name, &u.columns, d))
}

/// Compares the indexes of one table, `now` against `want`.
pub(super) fn compare(now: &Table, want: &Table, d: &dyn Dialect, steps: &mut Steps) {
    for i in now.indexes.values() {
        let kept = match want.indexes.get(&i.name) {
            Some(w) => same_index(i, w, d),
            None => is_constraint_in(i, want, d),
        };
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
        let kept = match now.indexes.get(&w.name) {
            Some(i) => same_index(i, w, d),
            None => is_constraint_in(w, now, d),
        };
        if !kept {
            let mut w = w.clone();
            w.concurrently = false;
            w.if_not_exists = false;
            steps.add_other.push(Op::CreateIndex(Box::new(w)));
        }
    }
}
