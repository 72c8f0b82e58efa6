//! Lowering `create_index` and `drop_index`, and the index MySQL keeps
//! under a foreign key (created with the key, dropped with it). What the
//! dialect cannot do is refused (an expression index, a unique partial
//! index, `CONCURRENTLY` in a transaction, an index option outside its
//! `Dialect::index_support`) or recorded in the [`Facts`] for
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
use crate::ops::{CreateIndex, DropIndex, IndexColumn, IndexKind, IndexMethod};

/// Refuses the index options (`using`, `include`, `kind`, and an element's
/// `nulls`, `opclass`, `length`) the dialect lacks (its
/// [`Dialect::index_support`]), naming the dialect and what it has.
fn options(d: &dyn Dialect, o: &CreateIndex) -> Result<(), LowerError> {
    let s = d.index_support();
    let names = |v: &mut dyn Iterator<Item = &'static str>| {
        let v: Vec<String> = v.map(|n| format!("`{n}`")).collect();
        v.join(", ")
    };
    if let Some(m) = o.using {
        if !s.methods.contains(&m) {
            let help = match s.methods {
                [] => format!(
                    "drop `using`: {} names no index method (PostgreSQL has `{}`)",
                    d.name(),
                    m.name()
                ),
                have => format!(
                    "{} accepts {}; or drop `using`",
                    d.name(),
                    names(&mut have.iter().map(|m| m.name()))
                ),
            };
            return Err(error(
                format!("{} has no index method `{}`", d.name(), m.name()),
                DocPath::root().key("using"),
                &help,
            ));
        }
    }
    if let Some(k) = o.kind {
        if !s.kinds.contains(&k) {
            return Err(error(
                format!(
                    "{} has no {} index (`kind: {}`)",
                    d.name(),
                    k.name(),
                    k.name()
                ),
                DocPath::root().key("kind"),
                "drop `kind` (fulltext and spatial indexes are MySQL/MariaDB's)",
            ));
        }
    }
    if !o.include().is_empty() && !s.include {
        return Err(error(
            format!("{} has no covering indexes (`include`)", d.name()),
            DocPath::root().key("include"),
            "add the columns to `columns` instead, or drop `include` (PostgreSQL 11+ and SQL Server have it)",
        ));
    }
    for (i, c) in o.columns.iter().enumerate() {
        let Some(e) = c.options() else { continue };
        let at = |key: &str| DocPath::root().key("columns").index(i).key(key);
        if e.nulls.is_some() && !s.nulls_order {
            return Err(error(
                format!(
                    "{} cannot say where NULLs sort in an index (`nulls`)",
                    d.name()
                ),
                at("nulls"),
                "drop `nulls` (PostgreSQL has it); `desc` alone is accepted everywhere",
            ));
        }
        if e.opclass.is_some() && !s.opclass {
            return Err(error(
                format!("{} has no operator classes (`opclass`)", d.name()),
                at("opclass"),
                "drop `opclass` (PostgreSQL has it)",
            ));
        }
        if e.length.is_some() && !s.prefix_length {
            return Err(error(
                format!("{} cannot index a prefix of a column (`length`)", d.name()),
                at("length"),
                "drop `length` (MySQL/MariaDB have it); index the whole column, or an expression such as `left(col, 20)` where the dialect indexes expressions",
            ));
        }
    }
    Ok(())
}

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
    options(d, o)?;
    if let Some(i) = o.columns.iter().position(|c| c.expr().is_some()) {
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
            using: o.using.map(IndexMethod::name),
            include: o.include().to_vec(),
            index_kind: o.kind.map(IndexKind::name),
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
        using: None,
        include: Vec::new(),
        index_kind: None,
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
