//! Reading a declared schema: SQL DDL (a `pg_dump --schema-only`,
//! `mariadb-dump --no-data`, `sqlite3 .schema`, SQLAlchemy's
//! `metadata.create_all`, or hand-written) into the operations that build
//! it from nothing and the model they replay into.
//!
//! The file is cut into statements by the dialect's tokenizer (`split`);
//! statements that only set up a session or grant rights are skipped and
//! counted; the rest are parsed by the dialect's sqlparser parser and read
//! (`table` for `CREATE TABLE`, `statements` for everything after it:
//! `ALTER TABLE`, indexes, comments, enum types, sequences). Then the
//! tables are ordered so a foreign key's target comes first (a cycle's
//! last key is added after every table), indexes follow, and the
//! operations are replayed through `model` for the dialect, so the result
//! is the same normalized schema the history replays into. Types and
//! defaults are read back into gen's vocabulary (`types`, `value`); the
//! version table (`alembic_version`) and SQLite's `sqlite_sequence` are
//! left out: they are not the user's schema.

mod error;
mod generated;
mod index;
mod names;
mod split;
mod statements;
mod table;
pub mod types;
pub mod value;

pub use error::{Place, ReadError, SUPPORTED};

use crate::dialect::Dialect;
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};
use crate::ops::{CreateForeignKey, CreateIndex, CreateTable, Op};
use camino::Utf8Path;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A declared schema: the operations that build it from nothing (in an
/// order the model accepts), the model they replay into, the renames the
/// file declares, and how many statements were skipped as not schema.
#[derive(Debug, Clone)]
pub struct Declared {
    pub ops: Vec<Op>,
    pub schema: Schema,
    pub renames: Vec<RenameHint>,
    pub skipped: usize,
}

/// A `-- @renamed from=old` comment: on a table's line, the table was
/// called `from` (`column` is `None`); on a column's line, the column of
/// `table` now called `column` was called `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameHint {
    pub table: QualName,
    pub column: Option<Ident>,
    pub from: Ident,
    pub line: usize,
}

/// Tables that are gen's or the engine's, never the user's.
const NOT_USER_TABLES: &[&str] = &["alembic_version", "sqlite_sequence"];

/// What reading has gathered so far.
pub(crate) struct Reader<'a> {
    file: &'a Utf8Path,
    dialect: Arc<dyn Dialect>,
    renamed: BTreeMap<usize, String>,
    renames: Vec<RenameHint>,
    /// Tables in the order the file declares them, with where.
    tables: Vec<(CreateTable, Place)>,
    by_name: BTreeMap<QualName, usize>,
    indexes: Vec<(CreateIndex, Place)>,
    /// Enum types by name (`CREATE TYPE ... AS ENUM`).
    enums: BTreeMap<String, Vec<String>>,
    /// Sequences not (yet) folded into a column, with where declared.
    sequences: BTreeMap<String, Place>,
    skipped: usize,
}

impl Reader<'_> {
    fn place_of(&self, line: u64, column: u64) -> Place {
        Place::new(self.file, line, column)
    }
    fn hint_at(&self, line: Option<u64>) -> Option<String> {
        let line = usize::try_from(line?).ok()?;
        self.renamed.get(&line).cloned()
    }
    fn rename(&mut self, table: QualName, column: Option<Ident>, from: String, line: usize) {
        if let Ok(from) = Ident::new(&from) {
            self.renames.push(RenameHint {
                table,
                column,
                from,
                line,
            });
        }
    }
    fn is_user_table(name: &QualName) -> bool {
        !NOT_USER_TABLES.contains(&name.name.as_str())
    }
    fn table_mut(&mut self, name: &QualName, at: &Place) -> Result<&mut CreateTable, ReadError> {
        match self.by_name.get(name) {
            Some(&i) => Ok(&mut self.tables[i].0),
            None => Err(ReadError::Model {
                at: at.clone(),
                message: format!(
                    "table `{name}` is not created before this statement (CREATE TABLE comes first)"
                ),
            }),
        }
    }
}

/// Reads the schema file `text` (named `path` in messages) for `dialect`.
pub fn read_schema(
    text: &str,
    path: &Utf8Path,
    dialect: &Arc<dyn Dialect>,
) -> Result<Declared, ReadError> {
    let parser = dialect.parser();
    let split = split::split(text, path, &*parser)?;
    let mut reader = Reader {
        file: path,
        dialect: dialect.clone(),
        renamed: split.renamed,
        renames: Vec::new(),
        tables: Vec::new(),
        by_name: BTreeMap::new(),
        indexes: Vec::new(),
        enums: BTreeMap::new(),
        sequences: BTreeMap::new(),
        skipped: split.meta_lines,
    };
    for chunk in &split.chunks {
        if split::is_skipped(chunk) {
            if !chunk.is_empty() || chunk.tokens.iter().any(is_conditional_comment) {
                reader.skipped += 1;
            }
            continue;
        }
        reader.statement(chunk, &*parser)?;
    }
    if let Some((name, at)) = reader.sequences.iter().next() {
        return Err(ReadError::Unsupported {
            at: at.clone(),
            what: format!("sequence `{name}` is not a column's autoincrement"),
            help: "gen's model holds a sequence only as a column's autoincrement (serial, identity, or CREATE SEQUENCE + OWNED BY + DEFAULT nextval(...)); a free-standing sequence is not read yet".to_owned(),
        });
    }
    let (ops, places) = reader.ordered_ops();
    let mut schema = Schema::for_dialect(dialect.clone());
    for (op, at) in ops.iter().zip(&places) {
        schema.apply(op).map_err(|e| ReadError::Model {
            at: at.clone(),
            message: format!("{}: {e}", op.subject()),
        })?;
    }
    Ok(Declared {
        ops,
        schema,
        renames: reader.renames,
        skipped: reader.skipped,
    })
}

fn is_conditional_comment(t: &sqlparser::tokenizer::TokenWithSpan) -> bool {
    use sqlparser::tokenizer::{Token, Whitespace};
    matches!(&t.token, Token::Whitespace(Whitespace::MultiLineComment(c)) if c.starts_with('!') || c.starts_with("M!"))
}

impl Reader<'_> {
    /// The operations in an order the model accepts: each table after the
    /// tables its foreign keys point at (in file order when several are
    /// ready); when none is ready, the first left, its keys to tables not
    /// yet created added after every table; then the indexes.
    fn ordered_ops(&mut self) -> (Vec<Op>, Vec<Place>) {
        let tables = std::mem::take(&mut self.tables);
        let mut left: BTreeSet<usize> = (0..tables.len()).collect();
        let mut done: BTreeSet<QualName> = BTreeSet::new();
        let (mut ops, mut places) = (Vec::new(), Vec::new());
        let (mut later, mut later_places) = (Vec::new(), Vec::new());
        let ready = |t: &CreateTable, done: &BTreeSet<QualName>| {
            let me = t.qual_name();
            t.foreign_keys.iter().all(|fk| {
                let target = fk.references.qual_table();
                target == me || done.contains(&target)
            })
        };
        while let Some(&first) = left.first() {
            let pick = left
                .iter()
                .copied()
                .find(|&i| ready(&tables[i].0, &done))
                .unwrap_or(first);
            left.remove(&pick);
            let (mut def, at) = tables[pick].clone();
            let me = def.qual_name();
            let (now, deferred): (Vec<_>, Vec<_>) = def.foreign_keys.into_iter().partition(|fk| {
                let target = fk.references.qual_table();
                target == me || done.contains(&target)
            });
            def.foreign_keys = now;
            for fk in deferred {
                later.push(Op::CreateForeignKey(Box::new(CreateForeignKey {
                    name: fk.name,
                    table: me.name.clone(),
                    schema: me.schema.clone(),
                    columns: fk.columns,
                    references: fk.references,
                    on_delete: fk.on_delete,
                    on_update: fk.on_update,
                    deferrable: fk.deferrable,
                    initially: fk.initially,
                    index_name: fk.index_name,
                    not_valid: false,
                })));
                later_places.push(at.clone());
            }
            done.insert(me);
            ops.push(Op::CreateTable(Box::new(def)));
            places.push(at);
        }
        for (ix, at) in std::mem::take(&mut self.indexes) {
            ops.push(Op::CreateIndex(Box::new(ix)));
            places.push(at);
        }
        ops.extend(later);
        places.extend(later_places);
        (ops, places)
    }
}

#[cfg(test)]
mod tests;
