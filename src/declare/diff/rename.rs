//! Renames the user asked for: `--rename users.name=full_name`,
//! `--rename old_table=new_table`, and the schema file's
//! `-- @renamed from=old` comments. They become `rename_table` and
//! `alter_column new_name`, applied to the current schema before anything
//! is compared, so the rows stay. Nothing is ever renamed on a guess.
//!
//! `A.B=C` names a column `B` of table `A`, unless the schema has a table
//! `B` in database schema `A` (then it renames that table); `S.T.C=N` is a
//! column of `S.T`. A rename must name a table (and column) the migrations
//! have, and a new name the schema file declares.

use super::DiffError;
use crate::declare::read::RenameHint;
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{AlterColumn, Op, RenameTable};

/// One rename: `table` (its name in the migrations), the `column` of it
/// to rename (none: the table itself), and the new name.
#[derive(Debug, Clone, PartialEq)]
pub struct Rename {
    pub table: QualName,
    pub column: Option<Ident>,
    pub to: Ident,
    /// As the user wrote it, for messages.
    pub written: String,
    /// From a comment in the schema file: skipped when it has nothing to do.
    pub lenient: bool,
}

fn ident(part: &str, written: &str) -> Result<Ident, DiffError> {
    Ident::new(part.trim()).map_err(|m| DiffError::RenameSyntax {
        written: written.to_owned(),
        why: m,
    })
}

impl Rename {
    /// Reads `--rename` text against the current schema.
    pub fn parse(written: &str, current: &Schema) -> Result<Rename, DiffError> {
        let syntax = |why: &str| DiffError::RenameSyntax {
            written: written.to_owned(),
            why: why.to_owned(),
        };
        let (old, new) = written.split_once('=').ok_or_else(|| {
            syntax("expected OLD=NEW, e.g. `users.name=full_name` or `old_table=new_table`")
        })?;
        let to = ident(new, written)?;
        if to.as_str().contains('.') {
            return Err(syntax(
                "the new name is one name, without a table or schema",
            ));
        }
        let parts: Vec<&str> = old.split('.').collect();
        let (table, column) = match parts.as_slice() {
            [t] => (QualName::new(None, ident(t, written)?), None),
            [a, b] => {
                let as_table = QualName::new(Some(ident(a, written)?), ident(b, written)?);
                if current.table(&as_table).is_some() {
                    (as_table, None)
                } else {
                    (
                        QualName::new(None, ident(a, written)?),
                        Some(ident(b, written)?),
                    )
                }
            }
            [s, t, c] => (
                QualName::new(Some(ident(s, written)?), ident(t, written)?),
                Some(ident(c, written)?),
            ),
            _ => {
                return Err(syntax(
                    "expected TABLE=NEW, TABLE.COLUMN=NEW or SCHEMA.TABLE.COLUMN=NEW",
                ))
            }
        };
        Ok(Rename {
            table,
            column,
            to,
            written: written.to_owned(),
            lenient: false,
        })
    }

    /// A schema file's `-- @renamed from=old`. It is lenient: when the
    /// migrations no longer have the old name (the comment stayed after
    /// the rename was done) or the table is new, it is nothing to do.
    pub fn from_hint(hint: &RenameHint) -> Rename {
        match &hint.column {
            None => Rename {
                written: format!("-- @renamed from={} (line {})", hint.from, hint.line),
                table: QualName::new(hint.table.schema.clone(), hint.from.clone()),
                column: None,
                to: hint.table.name.clone(),
                lenient: true,
            },
            Some(column) => Rename {
                written: format!("-- @renamed from={} (line {})", hint.from, hint.line),
                table: hint.table.clone(),
                column: Some(hint.from.clone()),
                to: column.clone(),
                lenient: true,
            },
        }
    }

    /// Whether a lenient rename has something to do in `schema`.
    fn applies(&self, schema: &Schema) -> bool {
        let Some(t) = schema.table(&self.table) else {
            return false;
        };
        match &self.column {
            None => schema
                .table(&QualName::new(self.table.schema.clone(), self.to.clone()))
                .is_none(),
            Some(c) => t.column(c).is_some() && t.column(&self.to).is_none(),
        }
    }
}

/// Applies `renames` to `current`: tables first, then columns (a column
/// rename may name its table by the old name or the new one). Returns
/// the operations, and `current` renamed.
pub fn apply(
    renames: &[Rename],
    current: &Schema,
    desired: &Schema,
) -> Result<(Vec<Op>, Schema), DiffError> {
    let mut schema = current.clone();
    let mut ops = Vec::new();
    let mut moved: Vec<(QualName, QualName)> = Vec::new();
    for r in renames.iter().filter(|r| r.column.is_none()) {
        if r.lenient && !r.applies(&schema) {
            continue;
        }
        let new = QualName::new(r.table.schema.clone(), r.to.clone());
        check_table(r, &schema)?;
        if desired.table(&new).is_none() {
            return Err(DiffError::RenameTargetMissing {
                written: r.written.clone(),
                what: format!("table `{new}`"),
            });
        }
        let op = Op::RenameTable(RenameTable {
            name: r.table.name.clone(),
            schema: r.table.schema.clone(),
            new_name: r.to.clone(),
        });
        apply_one(&mut schema, &op, r)?;
        ops.push(op);
        moved.push((r.table.clone(), new));
    }
    for r in renames.iter().filter(|r| r.column.is_some()) {
        let mut r = r.clone();
        if let Some((_, new)) = moved.iter().find(|(old, _)| old == &r.table) {
            r.table = new.clone();
        }
        let Some(column) = r.column.clone() else {
            continue;
        };
        if r.lenient && !r.applies(&schema) {
            continue;
        }
        check_table(&r, &schema)?;
        let has = |s: &Schema, c: &Ident| s.table(&r.table).is_some_and(|t| t.column(c).is_some());
        if !has(&schema, &column) {
            return Err(DiffError::RenameUnknown {
                written: r.written.clone(),
                what: format!("column `{}.{column}`", r.table),
                missing: column.to_string(),
                known: schema
                    .table(&r.table)
                    .map(|t| t.column_names().map(str::to_owned).collect())
                    .unwrap_or_default(),
            });
        }
        if !has(desired, &r.to) {
            return Err(DiffError::RenameTargetMissing {
                written: r.written.clone(),
                what: format!("column `{}.{}`", r.table, r.to),
            });
        }
        let op = Op::AlterColumn(Box::new(AlterColumn {
            table: r.table.name.clone(),
            schema: r.table.schema.clone(),
            column,
            new_name: Some(r.to.clone()),
            ty: None,
            nullable: None,
            default: None,
            comment: None,
            autoincrement: None,
            using: None,
            identity: None,
        }));
        apply_one(&mut schema, &op, &r)?;
        ops.push(op);
    }
    Ok((ops, schema))
}

fn check_table(r: &Rename, schema: &Schema) -> Result<(), DiffError> {
    if schema.table(&r.table).is_some() {
        return Ok(());
    }
    Err(DiffError::RenameUnknown {
        written: r.written.clone(),
        what: format!("table `{}`", r.table),
        missing: r.table.to_string(),
        known: schema.tables().map(|(q, _)| q.to_string()).collect(),
    })
}

fn apply_one(schema: &mut Schema, op: &Op, r: &Rename) -> Result<(), DiffError> {
    schema
        .apply(op)
        .map(|_| ())
        .map_err(|e| DiffError::RenameRefused {
            written: r.written.clone(),
            why: e.to_string(),
        })
}
