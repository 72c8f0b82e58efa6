//! The rarer column options together: `identity`, `computed` and
//! `collation`, on a column definition and through `alter_column`.
//!
//! A column's values come from one place: the engine's sequence
//! (`autoincrement`, the portable shorthand, or `identity`, its standard
//! form with options), an expression over the row (`computed`), or what
//! is inserted, with its `default`. So at most one of `autoincrement`,
//! `identity`, `computed` and `default` is given. An identity's increment
//! is not 0. A collation's name holds only letters, digits, `_`, `-` and
//! `.`, so it is one word in every engine's syntax, and it is for a text
//! column. A `using` comes with the `type` it converts to. A generated
//! column, and a column one is computed from, keep their type (engines
//! differ on recomputing: drop the generated column and add it again).
//! (Whether an engine has each option is the dialect's question, asked
//! when the operation is lowered; the columns a `computed` expression
//! names are the fragment check's.) Every column of a replay passes here:
//! the common case (no option) allocates nothing.

use super::{expr, SchemaError, Table};
use crate::diag::span::DocPath;
use crate::dialect::Dialect;
use crate::ops::{AlterColumn, ColumnDef, Identity};

fn invalid(message: String, at: DocPath) -> SchemaError {
    SchemaError::Invalid { message, at }
}

/// The sources of `c`'s values, by key, and whether it declares each.
fn sources(c: &ColumnDef) -> [(&'static str, bool); 4] {
    [
        ("autoincrement", c.autoincrement),
        ("identity", c.identity.is_some()),
        ("computed", c.computed.is_some()),
        ("default", c.default.is_some()),
    ]
}

/// Checks the options of column definition `c` (at `path`).
pub(super) fn check_def(c: &ColumnDef, path: &DocPath) -> Result<(), SchemaError> {
    check_sources(c, path, None)?;
    if let Some(i) = &c.identity {
        check_identity(i, path.clone().key("identity"))?;
        check_integer(c, path.clone().key("identity"))?;
    }
    if let Some(col) = &c.collation {
        check_collation_type(c, path.clone().key("collation"))?;
        if let Some((name, p)) = col.problem() {
            return Err(invalid(
                format!(
                    "the collation `{}` of column `{}` {p}",
                    name.escape_debug(),
                    c.name
                ),
                path.clone().key("collation"),
            ));
        }
    }
    Ok(())
}

/// At most one source of values; `blame` is the key an `alter_column`
/// gave (the error points at it), else the later of the two.
fn check_sources(c: &ColumnDef, path: &DocPath, blame: Option<&str>) -> Result<(), SchemaError> {
    let all = sources(c);
    let mut found = all.iter().filter(|(_, on)| *on).map(|(k, _)| *k);
    if let (Some(first), Some(second)) = (found.next(), found.next()) {
        let key = blame.unwrap_or(second);
        let other = if key == first { second } else { first };
        return Err(invalid(
            format!(
                "column `{}` cannot have both `{first}` and `{second}`: its values come from one of them; remove `{key}`{}",
                c.name,
                if blame.is_some() {
                    format!(" or set `{other}` to null (or false) in the same `alter_column`")
                } else {
                    String::new()
                }
            ),
            path.clone().key(key),
        ));
    }
    Ok(())
}

/// A collation is for a text column (a native type is the engine's to judge).
fn check_collation_type(c: &ColumnDef, at: DocPath) -> Result<(), SchemaError> {
    use crate::ops::sqltype::SqlType;
    let text = |t: &SqlType| {
        matches!(
            t,
            SqlType::Varchar { .. } | SqlType::Char { .. } | SqlType::Text
        )
    };
    match (&c.collation, c.ty.portable()) {
        (Some(_), Some(t)) if !text(t) => Err(invalid(
            format!(
                "column `{}` has a collation, which is for text, but its type is `{t}`",
                c.name
            ),
            at,
        )),
        _ => Ok(()),
    }
}

/// An identity column is an integer, and NOT NULL.
fn check_integer(c: &ColumnDef, at: DocPath) -> Result<(), SchemaError> {
    if c.identity.is_none() {
        return Ok(());
    }
    if c.is_nullable() {
        return Err(invalid(
            format!(
                "identity column `{}` must be NOT NULL (the engine makes it so); add `nullable: false`",
                c.name
            ),
            at,
        ));
    }
    match c.ty.portable() {
        Some(t) if !t.is_integer() => Err(invalid(
            format!(
                "`identity` needs an integer column, but `{}` is `{t}`",
                c.name
            ),
            at,
        )),
        _ => Ok(()),
    }
}

fn check_identity(i: &Identity, at: DocPath) -> Result<(), SchemaError> {
    if i.increment == Some(0) {
        return Err(invalid(
            "an identity's `increment` cannot be 0; give a positive or negative step".to_owned(),
            at.key("increment"),
        ));
    }
    Ok(())
}

/// Checks `o`'s `using` and `identity` against `col` (the column before,
/// in `table`), and the column it leaves (`changed`).
pub(super) fn check_alter(
    d: &dyn Dialect,
    table: &Table,
    col: &ColumnDef,
    changed: &ColumnDef,
    o: &AlterColumn,
) -> Result<(), SchemaError> {
    let root = DocPath::root();
    if o.ty.is_some() {
        let user = table.def.columns.iter().find(|g| {
            g.computed.as_deref().is_some_and(|c| {
                g.name != col.name && !expr::mentioned(d, &c.sql, [col.name.as_str()]).is_empty()
            })
        });
        let why = match (&col.computed, user) {
            (Some(_), _) => Some(format!("`{}` is a generated column", col.name)),
            (None, Some(g)) => Some(format!(
                "generated column `{}` is computed from `{}`",
                g.name, col.name
            )),
            (None, None) => None,
        };
        if let Some(why) = why {
            return Err(invalid(
                format!("cannot change the type: {why}; drop the generated column, change the type, then add it again"),
                root.key("type"),
            ));
        }
    }
    check_collation_type(changed, root.clone().key("type"))?;
    if o.using.is_some() && o.ty.as_ref().is_none_or(|t| *t == col.ty) {
        return Err(invalid(
            format!(
                "`using` converts the values to a new `type`; give the `type` too (one other than `{}`'s own)",
                col.name
            ),
            root.key("using"),
        ));
    }
    if let Some(Some(i)) = &o.identity {
        check_identity(i, root.clone().key("identity"))?;
    }
    if let Some(None) = &o.identity {
        if col.identity.is_none() {
            return Err(invalid(
                format!(
                    "column `{}` is not an identity; `identity: null` has nothing to stop",
                    col.name
                ),
                root.key("identity"),
            ));
        }
    }
    let blame = if o.identity.is_some() {
        Some("identity")
    } else if matches!(o.default, Some(Some(_))) {
        Some("default")
    } else if o.autoincrement == Some(true) {
        Some("autoincrement")
    } else {
        None
    };
    check_sources(changed, &root, blame)?;
    let key = match (o.ty.is_some(), o.nullable.is_some()) {
        (true, _) => "type",
        (false, true) => "nullable",
        (false, false) => "identity",
    };
    check_integer(changed, root.key(key))
}
