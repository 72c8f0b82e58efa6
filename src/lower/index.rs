//! Lowering `create_index` and `drop_index`, and the index MySQL keeps
//! under a foreign key (created with the key, dropped with it). What the
//! dialect cannot do is refused (an expression index, a unique partial
//! index, `CONCURRENTLY` in a transaction) or recorded in the [`Facts`] for
//! the lint rules (a partial index built over every row, an index built
//! the ordinary way).

use super::context::{LowerCtx, Lowered};
use super::error::{concurrently_error, error, guard, LowerError};
use crate::diag::span::DocPath;
use crate::dialect::{Dialect, Guard};
use crate::lower::facts::{Facts, WidenedIndex};
use crate::lower::statement::Statement;
use crate::model::{Constraint, Schema};
use crate::ops::ident::{Ident, QualName};
use crate::ops::{CreateIndex, DropIndex, IndexColumn};

/// `CREATE INDEX`, with what the dialect cannot do refused or explained.
pub(super) fn create_index(
    d: &dyn Dialect,
    o: &CreateIndex,
    transactional: bool,
) -> Result<Lowered, LowerError> {
    if o.concurrently && d.concurrent_index() && transactional {
        return Err(concurrently_error());
    }
    let mut facts = Facts::default();
    if let Some(i) = o
        .columns
        .iter()
        .position(|c| matches!(c, IndexColumn::Expr(_)))
    {
        if !d.expression_indexes() {
            return Err(error(
                format!("{} cannot index an expression", d.name()),
                DocPath::root().key("columns").index(i),
                "index a column instead (e.g. a generated column holding the expression)",
            ));
        }
    }
    let mut where_clause = o.where_clause.clone();
    if where_clause.is_some() && !d.partial_indexes() {
        if o.unique {
            return Err(error(
                format!("{} has no partial indexes, and a unique index over every row would refuse rows the partial one allows", d.name()),
                DocPath::root().key("where"),
                "drop `where`, or make the index non-unique",
            ));
        }
        facts.widened_index = where_clause.take().map(|w| WidenedIndex {
            name: o.name.clone(),
            where_clause: w,
        });
    }
    if o.concurrently && !d.concurrent_index() {
        facts.index_not_concurrent = Some(o.name.clone());
    }
    Ok(Lowered {
        statements: vec![Statement::CreateIndex {
            name: o.name.clone(),
            table: o.qual_table(),
            columns: o.columns.clone(),
            unique: o.unique,
            where_clause,
            concurrently: o.concurrently && d.concurrent_index(),
            if_not_exists: guard(
                d,
                o.if_not_exists,
                Guard::CreateIndexIfNotExists,
                "CREATE INDEX IF NOT EXISTS",
            )?,
        }],
        facts,
    })
}

/// `DROP INDEX`, naming its table where the dialect needs it (the one the
/// operation gives, or the one the model knows the index on).
pub(super) fn drop_index(
    ctx: &LowerCtx,
    o: &DropIndex,
    before: &Schema,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    if o.concurrently && d.concurrent_index() && ctx.transactional {
        return Err(concurrently_error());
    }
    let owner = match &o.table {
        Some(t) => Some(QualName::new(o.schema.clone(), t.clone())),
        None => before.index_owner(&o.schema, &o.name).cloned(),
    };
    if owner.is_none() && d.drop_index_needs_table() {
        return Err(LowerError {
            message: format!("cannot tell which table index `{}` is on", o.name),
            at: DocPath::root().key("table"),
            help: Some("add `table:` to the operation".to_owned()),
        });
    }
    Ok(vec![Statement::DropIndex {
        name: o.name.clone(),
        schema: o.schema.clone(),
        table: owner,
        concurrently: o.concurrently && d.concurrent_index(),
        if_exists: guard(
            d,
            o.if_exists,
            Guard::DropIndexIfExists,
            "DROP INDEX IF EXISTS",
        )?,
    }]
    .into())
}

/// `CREATE INDEX` for the index MySQL keeps under a foreign key.
pub(super) fn foreign_key_index(name: &Ident, table: &QualName, columns: &[Ident]) -> Statement {
    Statement::CreateIndex {
        name: name.clone(),
        table: table.clone(),
        columns: columns.iter().cloned().map(IndexColumn::Column).collect(),
        unique: false,
        where_clause: None,
        concurrently: false,
        if_not_exists: false,
    }
}

/// `DROP INDEX` for the index a dropped foreign key `c` kept (MySQL), which
/// would otherwise stay behind, or shrink with a dropped column.
pub(super) fn drop_foreign_key_index(
    d: &dyn Dialect,
    c: &Constraint,
    table: &QualName,
) -> Option<Statement> {
    match c {
        Constraint::ForeignKey(fk) if d.explicit_foreign_key_indexes() => {
            Some(Statement::DropIndex {
                name: fk.index_name.clone()?,
                schema: table.schema.clone(),
                table: Some(table.clone()),
                concurrently: false,
                if_exists: false,
            })
        }
        _ => None,
    }
}
