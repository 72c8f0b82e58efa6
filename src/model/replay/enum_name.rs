//! A named enum type (`{enum: [...], name: mood}`) is one type however many
//! columns use it: every column naming it, in the tables of one schema,
//! must list the same values. A column that disagrees is refused, naming
//! the column it disagrees with.

use super::{invalid, Schema, SchemaError};
use crate::diag::span::DocPath;
use crate::ops::ident::{Ident, QualName};
use crate::ops::sqltype::TypeSpec;
use crate::ops::ColumnDef;

/// A column's named enum type: its name and values.
fn named(c: &ColumnDef) -> Option<(&Ident, &[String])> {
    match &c.ty {
        TypeSpec::Named(n) => Some((&n.name, n.values())),
        _ => None,
    }
}

/// `c` (a column of `table`, or joining it) lists the values every other
/// column of the schema naming its enum type lists: the columns of `schema`
/// other than `table`'s `c`, and `own` (the columns the operation itself
/// defines). `path` is the column's `type`.
pub(super) fn check_named_enum(
    schema: &Schema,
    table: &QualName,
    c: &ColumnDef,
    own: &[ColumnDef],
    path: DocPath,
) -> Result<(), SchemaError> {
    let Some((name, values)) = named(c) else {
        return Ok(());
    };
    let in_schema = schema
        .tables()
        .filter(|(q, _)| q.schema == table.schema)
        .flat_map(|(q, t)| t.def.columns.iter().map(move |o| (q, o)))
        .filter(|(q, o)| !(*q == table && o.name == c.name));
    let same_op = own.iter().filter(|o| o.name != c.name).map(|o| (table, o));
    for (q, other) in same_op.chain(in_schema) {
        let Some((n, v)) = named(other) else { continue };
        if n == name && v != values {
            return Err(invalid(
                format!(
                    "enum type `{name}` of column `{table}.{}` lists ({}), but column `{q}.{}` uses it with ({}): every column naming one enum type lists the same values (a named type's values change only while one column uses it)",
                    c.name,
                    values.join(", "),
                    other.name,
                    v.join(", ")
                ),
                path,
            ));
        }
    }
    Ok(())
}
