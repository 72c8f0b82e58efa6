//! Lowering what moves data or runs the user's SQL: `execute` (the SQL
//! for this dialect, as written) and `bulk_insert` (one `INSERT` per run
//! of rows with the same columns).

use super::context::Lowered;
use super::error::LowerError;
use crate::diag::span::DocPath;
use crate::dialect::Dialect;
use crate::lower::statement::{RawParse, Statement};
use crate::model::fragment::execute;
use crate::model::Schema;
use crate::ops::ident::Ident;
use crate::ops::literal::Literal;
use crate::ops::{BulkInsert, Execute, SqlText, Validate};

/// The user's SQL, as one statement. Unless told otherwise it is parsed
/// here: SQL sqlparser cannot read is kept (the engine is its judge) with
/// the fact that it was not read; with `validate: strict` it is parsed
/// when rendered, and refused. Whatever the `validate`, it is written only
/// once it is known that the database client would hand it on as written
/// (`execute::hazard`): SQL that parses can still hold a psql `:name` or
/// a sqlcmd `$(` inside a literal.
pub(super) fn execute(d: &dyn Dialect, o: &Execute) -> Result<Lowered, LowerError> {
    let at = || DocPath::root().key("sql");
    let sql = sql_for(d, &o.sql, at())?;
    let mut unparsed_sql = None;
    let parse = match o.validate {
        Validate::Strict => RawParse::Strict,
        Validate::Warn => match execute::parse_failure(d, &sql) {
            None => RawParse::Parsed,
            Some(message) => {
                unparsed_sql = Some(message.into_boxed_str());
                RawParse::Unparsed
            }
        },
        Validate::Off => RawParse::Unparsed,
    };
    // Parsed or not, the client reads the text before the server does.
    if let Some(hazard) = execute::hazard(d, &sql) {
        let help = if parse != RawParse::Unparsed {
            "the SQL is written as is, so it must not hold what the database client would act on itself or cut elsewhere, even where the SQL parses; write it without that"
        } else {
            "SQL gen cannot parse is written as is, so it must not hold what the database client would act on itself or cut elsewhere; write it so that it parses, or as separate plain statements"
        };
        return Err(LowerError {
            message: format!(
                "the SQL cannot be written into the {} script: {hazard}",
                d.name()
            ),
            at: at(),
            help: Some(help.to_owned()),
        });
    }
    let mut lowered: Lowered = vec![Statement::Raw { sql, parse }].into();
    lowered.facts.unparsed_sql = unparsed_sql;
    Ok(lowered)
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
    Ok(execute::body(d, sql))
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
