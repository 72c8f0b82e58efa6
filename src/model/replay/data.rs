//! Comments and data: `create_table_comment` / `drop_table_comment` and the
//! rows of a `bulk_insert` checked against the table's columns (a
//! generated column, or an `always` identity, takes no value).

use super::{at, invalid, Schema, SchemaError};
use crate::diag::suggest::did_you_mean;
use crate::ops::literal::Literal;
use crate::ops::{BulkInsert, CreateTableComment, DropTableComment};

impl Schema {
    /// `create_table_comment`: the table's comment, replaced.
    pub(super) fn create_table_comment(
        &mut self,
        o: &CreateTableComment,
    ) -> Result<(), SchemaError> {
        let t = self.table_mut(&o.qual_table(), at(&["table"]))?;
        t.def.comment = Some(o.comment.clone());
        Ok(())
    }

    pub(super) fn drop_table_comment(&mut self, o: &DropTableComment) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let t = self.table_mut(&qual, at(&["table"]))?;
        if let Some(expected) = &o.comment {
            if t.def.comment.as_ref() != Some(expected) {
                return Err(invalid(
                    match &t.def.comment {
                        Some(c) => format!("the comment on `{qual}` is {c:?}, not {expected:?}"),
                        None => format!("table `{qual}` has no comment"),
                    },
                    at(&["comment"]),
                ));
            }
        }
        t.def.comment = None;
        Ok(())
    }

    pub(super) fn check_rows(&self, o: &BulkInsert) -> Result<(), SchemaError> {
        let qual = o.qual_table();
        let t = self.require_table(&qual, at(&["table"]))?;
        if o.rows.is_empty() {
            return Err(invalid(
                "`bulk_insert` needs at least one row".to_owned(),
                at(&["rows"]),
            ));
        }
        for (i, row) in o.rows.iter().enumerate() {
            let path = at(&["rows"]).index(i);
            if row.is_empty() {
                return Err(invalid("a row needs at least one value".to_owned(), path));
            }
            for (col, value) in row {
                let Some(c) = t.column(col) else {
                    return Err(SchemaError::NoSuchColumn {
                        table: qual,
                        column: col.to_string(),
                        suggestion: did_you_mean(col.as_str(), t.column_names()).map(str::to_owned),
                        at: path.key(col.as_str()),
                    });
                };
                if c.computed.is_some() {
                    return Err(invalid(
                        format!("column `{qual}.{col}` is generated: the engine computes it, and refuses a value for it; leave it out of the row"),
                        path.key(col.as_str()),
                    ));
                }
                if c.identity.as_ref().is_some_and(|i| i.always) {
                    return Err(invalid(
                        format!("identity column `{qual}.{col}` is `always: true`: the engine refuses a value for it; leave it out of the row, or make it `always: false`"),
                        path.key(col.as_str()),
                    ));
                }
                if *value == Literal::Null && !c.is_nullable() {
                    return Err(invalid(
                        format!("column `{qual}.{col}` is NOT NULL, but the row gives it null"),
                        path.key(col.as_str()),
                    ));
                }
            }
        }
        Ok(())
    }
}
