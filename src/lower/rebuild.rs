//! The SQLite table rebuild: where `ALTER TABLE` cannot make a change in
//! place, a new table is created from the model's definition after the
//! change, the rows copied, the old table dropped, the new one renamed,
//! its indexes recreated and its foreign keys checked. Generated columns
//! are not copied: the new table computes them. The [`Facts`] say so
//! (the script then needs foreign keys off, and the lint rule
//! `table-rebuild` warns).

use super::context::{table_after, LowerCtx, Lowered};
use super::error::LowerError;
use super::index::create_index;
use super::table::create_table;
use crate::diag::span::DocPath;
use crate::dialect::InPlace;
use crate::lower::facts::{Facts, Rebuilt};
use crate::lower::statement::Statement;
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};
use crate::ops::Op;

/// Rebuilds `table` with `op` applied: new table, copy the rows, drop the
/// old one, rename, recreate the indexes, check foreign keys. Both
/// definitions come from the model.
pub(super) fn rebuild(
    ctx: &LowerCtx,
    op: &Op,
    before: &Schema,
    table: &QualName,
    change: InPlace,
) -> Result<Lowered, LowerError> {
    let d = ctx.dialect;
    // A missing table or column is the replay's error to report, with its
    // own message; there is nothing to rebuild then.
    let (Some(old), Some(new)) = (before.table(table), table_after(ctx, op, before, table)) else {
        return Ok(Lowered::default());
    };
    let temp =
        Ident::new(&format!("_gen_rebuild_{}", table.name)).map_err(|message| LowerError {
            message,
            at: DocPath::root(),
            help: None,
        })?;
    let temp = QualName::new(table.schema.clone(), temp);
    let mut def = new.def.clone();
    def.if_not_exists = false;
    // A check naming `table.column` names the new table while it is built.
    for ck in &mut def.checks {
        ck.expr = crate::model::fragment::columns::rename_table(
            d,
            &ck.expr,
            table.name.as_str(),
            temp.name.as_str(),
        );
    }
    for c in &mut def.columns {
        if let Some(g) = &mut c.computed {
            g.sql = crate::model::fragment::columns::rename_table(
                d,
                &g.sql,
                table.name.as_str(),
                temp.name.as_str(),
            );
        }
    }
    let mut statements = create_table(d, &def, &temp, false)?;
    statements.push(Statement::CopyRows {
        from: table.clone(),
        to: temp.clone(),
        columns: new
            .def
            .columns
            .iter()
            .filter(|c| c.computed.is_none() && old.column(&c.name).is_some())
            .map(|c| c.name.clone())
            .collect(),
    });
    statements.push(Statement::DropTable {
        table: table.clone(),
        if_exists: false,
    });
    statements.push(Statement::RenameTable {
        table: temp,
        new_name: table.name.clone(),
    });
    for index in new.indexes.values() {
        let mut index = index.clone();
        index.if_not_exists = false;
        index.concurrently = false;
        statements.extend(create_index(d, &index, false)?.statements);
    }
    statements.push(Statement::ForeignKeyCheck {
        table: table.clone(),
    });
    Ok(Lowered {
        statements,
        facts: Facts {
            rebuilt: Some(Rebuilt {
                table: table.clone(),
                because: change,
            }),
            ..Facts::default()
        },
    })
}
