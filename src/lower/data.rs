//! Lowering what moves data or runs the user's SQL: `execute` (the SQL
//! for this dialect, as written) and `bulk_insert` (one `INSERT` per run
//! of rows with the same columns).

use super::context::Lowered;
use super::error::LowerError;
use crate::diag::span::DocPath;
use crate::dialect::Dialect;
use crate::lower::statement::Statement;
use crate::model::Schema;
use crate::ops::ident::Ident;
use crate::ops::literal::Literal;
use crate::ops::{BulkInsert, Execute, SqlText};

/// The user's SQL, as one statement the validator parses unless told not to.
pub(super) fn execute(d: &dyn Dialect, o: &Execute) -> Result<Lowered, LowerError> {
    Ok(vec![Statement::Raw {
        sql: sql_for(d, &o.sql, DocPath::root().key("sql"))?,
        validate: o.validate,
    }]
    .into())
}

/// The user's SQL for this dialect, without its final `;` and blank space.
pub fn sql_for(d: &dyn Dialect, text: &SqlText, at: DocPath) -> Result<String, LowerError> {
    let Some(sql) = text.for_dialect(d.map_keys()) else {
        return Err(LowerError {
            message: format!(
                "no SQL for {}: the map names {} and has no `default`",
                d.name(),
                text.keys()
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            at,
            help: Some(format!("add a `{}:` or `default:` entry", d.name())),
        });
    };
    Ok(crate::model::fragment::execute::body(d, sql))
}

/// One `INSERT` per run of consecutive rows with the same columns, the
/// columns in table order.
pub(super) fn bulk_insert(o: &BulkInsert, before: &Schema) -> Vec<Statement> {
    let table = o.qual_table();
    let order: Vec<Ident> = before
        .table(&table)
        .map(|t| t.def.columns.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    let mut out: Vec<Statement> = Vec::new();
    for row in &o.rows {
        let mut columns: Vec<Ident> = order
            .iter()
            .filter(|c| row.contains_key(*c))
            .cloned()
            .collect();
        columns.extend(row.keys().filter(|k| !order.contains(k)).cloned());
        let values: Vec<Literal> = columns
            .iter()
            .map(|c| row.get(c).cloned().unwrap_or(Literal::Null))
            .collect();
        match out.last_mut() {
            Some(Statement::Insert {
                columns: cols,
                rows,
                ..
            }) if *cols == columns => rows.push(values),
            _ => out.push(Statement::Insert {
                table: table.clone(),
                columns,
                rows: vec![values],
            }),
        }
    }
    out
}
