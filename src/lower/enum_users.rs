//! Which columns use an enum type, for the types several columns share
//! (`{enum: [...], name: mood}` on PostgreSQL): a shared type is created
//! with its first user only and dropped with its last. A type of a column's
//! own (`<table>_<column>_enum`) has one user, so the same rules hold.

use super::column::{enum_type_name, named_enum};
use crate::dialect::Dialect;
use crate::lower::statement::Statement;
use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::ColumnDef;

/// Does a column of `before` other than those `skip` accepts (table, column)
/// use the enum type `name`?
pub(super) fn used_elsewhere(
    d: &dyn Dialect,
    before: &Schema,
    name: &QualName,
    skip: impl Fn(&QualName, &ColumnDef) -> bool,
) -> bool {
    before.tables().any(|(q, t)| {
        t.def
            .columns
            .iter()
            .any(|c| !skip(q, c) && enum_type_name(d, q, c).is_some_and(|n| &n == name))
    })
}

/// `CREATE TYPE` for the enum types of `columns` (joining `table`) that no
/// column of `before` uses yet, each once.
pub(super) fn create_types(
    d: &dyn Dialect,
    before: &Schema,
    table: &QualName,
    columns: &[ColumnDef],
) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    for (name, values) in columns.iter().filter_map(|c| named_enum(d, table, c)) {
        let made = out
            .iter()
            .any(|s| matches!(s, Statement::CreateEnumType { name: n, .. } if n == &name));
        if !made && !used_elsewhere(d, before, &name, |_, _| false) {
            out.push(Statement::CreateEnumType { name, values });
        }
    }
    out
}

/// `DROP TYPE` for the enum types of `columns` (leaving `table`) that no
/// column of `before` outside `gone` uses, each once.
pub(super) fn drop_types(
    d: &dyn Dialect,
    before: &Schema,
    table: &QualName,
    columns: &[&ColumnDef],
    gone: impl Fn(&QualName, &ColumnDef) -> bool,
) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    for name in columns.iter().filter_map(|c| enum_type_name(d, table, c)) {
        let dropped = out
            .iter()
            .any(|s| matches!(s, Statement::DropEnumType { name: n } if n == &name));
        if !dropped && !used_elsewhere(d, before, &name, &gone) {
            out.push(Statement::DropEnumType { name });
        }
    }
    out
}
