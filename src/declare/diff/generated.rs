//! Identity and computed columns compared. An identity's change is one
//! `alter_column identity:` (a plain `BY DEFAULT` identity is the same
//! column as `autoincrement`: every dialect writes them alike). A changed
//! generation expression (or STORED / VIRTUAL) is the column dropped and
//! added again: no engine alters a generation expression in place, so the
//! revision says so in a YAML comment above the add.

use super::same::same_expr;
use crate::dialect::Dialect;
use crate::ops::{ColumnDef, Computed, Identity};

fn plain(i: &Identity) -> bool {
    !i.always && i.start.is_none() && i.increment.is_none()
}

/// Whether the column counts by itself (autoincrement or a plain identity).
pub(super) fn counts(c: &ColumnDef) -> bool {
    c.autoincrement || c.identity.as_deref().is_some_and(plain)
}

/// The identity beyond a plain one, if any.
pub(super) fn identity(c: &ColumnDef) -> Option<Identity> {
    c.identity.as_deref().filter(|i| !plain(i)).cloned()
}

/// Whether two generation expressions are the same.
pub(super) fn same_computed(a: Option<&Computed>, b: Option<&Computed>, d: &dyn Dialect) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x.stored == y.stored && same_expr(&x.sql, &y.sql, d),
        _ => false,
    }
}

/// The YAML comment above a computed column's add.
pub fn recreated_note(table: &str, column: &str) -> String {
    format!("# `{table}.{column}`: its generation expression changed; no engine alters one in place, so the column is dropped and added again")
}
