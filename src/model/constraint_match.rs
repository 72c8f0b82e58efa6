//! The constraint a `drop_constraint` without a name means: the one
//! constraint of its table of that `type` whose columns are `columns` (in
//! any order; a check's are the columns it names) and, for a foreign key,
//! that references `references.table`. The model knows the name the engine
//! gave it (also a derived, conventional one), so the script can drop it,
//! which Alembic's `drop_constraint(None, ...)` cannot do offline. No
//! match, or more than one, is an error listing the candidates.

use super::{Constraint, Schema, SchemaError, Table};
use crate::diag::span::DocPath;
use crate::dialect::Dialect;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{ConstraintKind, DropConstraint};
use std::collections::BTreeSet;

impl Schema {
    /// The name `o` drops: its `name`, or the one matching constraint's.
    pub fn drop_constraint_name(&self, o: &DropConstraint) -> Result<Ident, SchemaError> {
        let qual = o.qual_table();
        let at = |key: &str| DocPath::root().key(key);
        if let Some(n) = &o.name {
            if o.columns.is_some() || o.references.is_some() {
                return Err(SchemaError::Invalid {
                    message: format!("`drop_constraint` of `{n}` names it: `columns` and `references` are for one without a name"),
                    at: at(if o.columns.is_some() { "columns" } else { "references" }),
                });
            }
            return Ok(n.clone());
        }
        let Some(kind) = o.kind else {
            return Err(SchemaError::Invalid {
                message: "`drop_constraint` without `name` needs `type` (primary_key, unique, foreign_key, check) and `columns` to find the constraint".to_owned(),
                at: DocPath::root(),
            });
        };
        if o.references.is_some() && kind != ConstraintKind::ForeignKey {
            return Err(SchemaError::Invalid {
                message: format!("`references` finds a foreign key, not a {kind}"),
                at: at("references"),
            });
        }
        let table = self.require_table(&qual, at("table"))?;
        let d = self.dialect();
        let of_kind: Vec<Constraint> = table
            .constraints()
            .into_iter()
            .filter(|c| c.kind() == kind)
            .collect();
        let found: Vec<&Constraint> = of_kind.iter().filter(|c| matches(d, table, o, c)).collect();
        match found.as_slice() {
            [one] => one.name().cloned().ok_or_else(|| SchemaError::Invalid {
                message: format!("the {} of `{qual}` has no name in the model", o.describe()),
                at: DocPath::root(),
            }),
            _ => Err(SchemaError::ConstraintMatch {
                table: qual,
                wanted: o.describe(),
                matched: found.len(),
                candidates: (if found.is_empty() {
                    of_kind.iter().collect()
                } else {
                    found
                })
                .into_iter()
                .map(|c| describe(d, table, c))
                .collect(),
                at: at(if o.columns.is_some() {
                    "columns"
                } else {
                    "type"
                }),
            }),
        }
    }
}

/// The columns `c` is over: its key, or the columns a check names.
fn columns<'a>(d: &dyn Dialect, table: &'a Table, c: &'a Constraint) -> Vec<&'a str> {
    match c {
        Constraint::Check(k) => table.check_columns(d, &k.expr),
        _ => c.columns().iter().map(Ident::as_str).collect(),
    }
}

fn matches(d: &dyn Dialect, table: &Table, o: &DropConstraint, c: &Constraint) -> bool {
    if let Some(want) = &o.columns {
        let want: BTreeSet<&str> = want.iter().map(Ident::as_str).collect();
        let have: BTreeSet<&str> = columns(d, table, c).into_iter().collect();
        if want != have {
            return false;
        }
    }
    match (&o.references, c) {
        (Some(r), Constraint::ForeignKey(fk)) => {
            fk.references.qual_table() == QualName::new(r.schema.clone(), r.table.clone())
        }
        (Some(_), _) => false,
        (None, _) => true,
    }
}

/// A candidate, as the error lists it: `` `fk_a` (a) -> `users` ``.
fn describe(d: &dyn Dialect, table: &Table, c: &Constraint) -> String {
    let name = c.name().map_or("<unnamed>", Ident::as_str);
    let mut s = format!("`{name}` ({})", columns(d, table, c).join(", "));
    if let Constraint::ForeignKey(fk) = c {
        s.push_str(&format!(" -> `{}`", fk.references.qual_table()));
    }
    s
}
