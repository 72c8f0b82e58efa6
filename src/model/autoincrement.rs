//! What `alter_column` may do to an autoincrement column, and to a column
//! it makes one (`autoincrement: true` / `false`).
//!
//! A column whose values are generated (identity, `AUTO_INCREMENT`,
//! SQLite's `AUTOINCREMENT`) is an integer in the primary key, without a
//! default. While it stays one, a type change must keep it an integer (a
//! wider one keeps the identity: PostgreSQL and MariaDB carry it over);
//! `autoincrement: false` stops the generation, after which any type will
//! do. `autoincrement: true` starts it on an integer primary-key column
//! whose default goes (or is already gone). `default: null` on an
//! autoincrement column changes nothing: it has no default to drop.

use super::{SchemaError, Table};
use crate::diag::span::DocPath;
use crate::ops::{AlterColumn, ColumnDef};

fn invalid(message: String, key: &str) -> SchemaError {
    SchemaError::Invalid {
        message,
        at: DocPath::root().key(key),
    }
}

/// Checks `o` against `col` (its column in `table`, before the change).
pub(super) fn check_alter(
    table: &Table,
    col: &ColumnDef,
    o: &AlterColumn,
) -> Result<(), SchemaError> {
    let after = o.autoincrement.unwrap_or(col.autoincrement);
    if !after {
        return Ok(());
    }
    let name = &o.column;
    let starts = !col.autoincrement;
    if let Some(t) = o.ty.as_ref().unwrap_or(&col.ty).portable() {
        if !t.is_integer() {
            return Err(if starts {
                invalid(
                    format!("`autoincrement` needs an integer column, but `{name}` is `{t}`"),
                    "autoincrement",
                )
            } else {
                invalid(
                    format!(
                        "`autoincrement` column `{name}` must stay an integer; add `autoincrement: false` to stop generating its values first"
                    ),
                    "type",
                )
            });
        }
    }
    if let Some(Some(_)) = &o.default {
        return Err(invalid(
            format!(
                "`autoincrement` column `{name}` takes its values from a sequence; it cannot have a default"
            ),
            "default",
        ));
    }
    if starts {
        if col.default.is_some() && o.default.is_none() {
            return Err(invalid(
                format!(
                    "column `{name}` has a default; drop it (`default: null`) to generate its values"
                ),
                "autoincrement",
            ));
        }
        if !table.primary_key_columns().contains(&name) {
            return Err(invalid(
                format!("`autoincrement` column `{name}` must be part of the primary key"),
                "autoincrement",
            ));
        }
    }
    Ok(())
}
