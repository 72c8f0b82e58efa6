//! Lowering `create_sequence`, `drop_sequence` and `alter_sequence`: one
//! statement each, refused where the engine has no sequences (SQLite) or
//! no owner for one (`owned_by` outside PostgreSQL: the sequence would
//! outlive the column the model says it goes with).

use super::context::Lowered;
use super::error::{error, LowerError};
use crate::diag::span::DocPath;
use crate::dialect::Dialect;
use crate::lower::statement::{OwnerSql, Statement};
use crate::ops::ident::{Ident, QualName};
use crate::ops::{AlterSequence, CreateSequence, DropSequence, OwnedBy};

/// Sequences at all: an error naming the dialect where it has none.
fn has_sequences(d: &dyn Dialect) -> Result<(), LowerError> {
    if d.sequences() {
        return Ok(());
    }
    Err(error(
        format!("{} has no sequences", d.name()),
        DocPath::root(),
        "limit the operation to the engines that have them (`dialects: [postgresql, mysql, mssql]`), or use an `autoincrement` column",
    ))
}

/// An owner, where the dialect has one (`Some(None)`: detach).
fn owner(
    d: &dyn Dialect,
    schema: &Option<Ident>,
    owned_by: Option<Option<&OwnedBy>>,
) -> Result<Option<Option<OwnerSql>>, LowerError> {
    let Some(owned_by) = owned_by else {
        return Ok(None);
    };
    if !d.sequence_owned_by() {
        return Err(error(
            format!(
                "{} cannot make a sequence belong to a column (`OWNED BY`): the sequence would outlive the column",
                d.name()
            ),
            DocPath::root().key("owned_by"),
            "remove `owned_by` (and drop the sequence yourself where the column goes), or limit the operation with `dialects: [postgresql]`",
        ));
    }
    Ok(Some(owned_by.map(|o| OwnerSql {
        table: QualName::new(schema.clone(), o.table.clone()),
        column: o.column.clone(),
    })))
}

pub(super) fn create(d: &dyn Dialect, o: &CreateSequence) -> Result<Lowered, LowerError> {
    has_sequences(d)?;
    let owned_by = owner(d, &o.schema, o.owned_by.as_ref().map(Some))?.flatten();
    Ok(vec![Statement::CreateSequence {
        name: o.qual_name(),
        start: o.first_value(),
        increment: o.increment,
        min_value: o.min_value,
        max_value: o.max_value,
        cycle: o.cycle,
        owned_by,
    }]
    .into())
}

pub(super) fn drop(d: &dyn Dialect, o: &DropSequence) -> Result<Lowered, LowerError> {
    has_sequences(d)?;
    Ok(vec![Statement::DropSequence {
        name: o.qual_name(),
    }]
    .into())
}

pub(super) fn alter(d: &dyn Dialect, o: &AlterSequence) -> Result<Lowered, LowerError> {
    has_sequences(d)?;
    let owned_by = owner(d, &o.schema, o.owned_by.as_ref().map(Option::as_ref))?;
    Ok(vec![Statement::AlterSequence {
        name: o.qual_name(),
        restart: o.restart,
        increment: o.increment,
        disown: matches!(owned_by, Some(None)),
        owned_by: owned_by.flatten(),
    }]
    .into())
}
