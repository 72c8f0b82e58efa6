//! The operation vocabulary of a revision file: what each `upgrade:` /
//! `downgrade:` item may say, with the contract's keys and defaults.
//!
//! These are serde shapes (unknown keys are rejected with the list of allowed
//! keys), but independent of YAML: `load` is the only module that parses
//! text. Scalars are validated while deserializing (names, types, literals),
//! so a bad value is reported at its own line and column. This file holds the
//! [`Op`] enum and its one-key-map deserializer; the argument shapes live in
//! one file per family: `table`, `column`, `constraint`, `index`, `data`.

pub mod compact;
pub mod ident;
pub mod literal;
pub mod sqltype;

mod column;
mod constraint;
mod data;
mod index;
mod table;

pub use column::{AddColumn, AlterColumn, ColumnDef, DropColumn, InlineReference};
pub use constraint::{
    CheckDef, ConstraintKind, CreateCheckConstraint, CreateForeignKey, CreatePrimaryKey,
    CreateUniqueConstraint, DropConstraint, FkAction, ForeignKeyDef, Initially, PrimaryKeyDef,
    ReferencesDef, UniqueDef, ValidateConstraint,
};
pub use data::{BulkInsert, Execute, SqlText};
pub use index::{CreateIndex, DropIndex, IndexColumn};
pub use table::{CreateTable, CreateTableComment, DropTable, DropTableComment, RenameTable};

use crate::ops::ident::{Ident, QualName};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;

/// One operation: a one-key map whose key names it (Alembic's `op.*` names).
/// The shapes larger than the common ones are boxed: an operation is held
/// from the load to the walk, and a long history holds hundreds of thousands.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    CreateTable(Box<CreateTable>),
    DropTable(DropTable),
    RenameTable(RenameTable),
    AddColumn(Box<AddColumn>),
    DropColumn(DropColumn),
    AlterColumn(Box<AlterColumn>),
    CreateIndex(Box<CreateIndex>),
    DropIndex(DropIndex),
    CreatePrimaryKey(Box<CreatePrimaryKey>),
    CreateUniqueConstraint(Box<CreateUniqueConstraint>),
    CreateForeignKey(Box<CreateForeignKey>),
    CreateCheckConstraint(Box<CreateCheckConstraint>),
    DropConstraint(DropConstraint),
    ValidateConstraint(ValidateConstraint),
    CreateTableComment(CreateTableComment),
    DropTableComment(DropTableComment),
    Execute(Execute),
    BulkInsert(BulkInsert),
}

/// Which operation an [`Op`] is, without its arguments: one byte where
/// only the name is kept (a derived downgrade's source operation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    CreateTable,
    DropTable,
    RenameTable,
    AddColumn,
    DropColumn,
    AlterColumn,
    CreateIndex,
    DropIndex,
    CreatePrimaryKey,
    CreateUniqueConstraint,
    CreateForeignKey,
    CreateCheckConstraint,
    DropConstraint,
    ValidateConstraint,
    CreateTableComment,
    DropTableComment,
    Execute,
    BulkInsert,
}

impl OpKind {
    /// The operation's key as written in YAML.
    pub const fn name(self) -> &'static str {
        match self {
            OpKind::CreateTable => "create_table",
            OpKind::DropTable => "drop_table",
            OpKind::RenameTable => "rename_table",
            OpKind::AddColumn => "add_column",
            OpKind::DropColumn => "drop_column",
            OpKind::AlterColumn => "alter_column",
            OpKind::CreateIndex => "create_index",
            OpKind::DropIndex => "drop_index",
            OpKind::CreatePrimaryKey => "create_primary_key",
            OpKind::CreateUniqueConstraint => "create_unique_constraint",
            OpKind::CreateForeignKey => "create_foreign_key",
            OpKind::CreateCheckConstraint => "create_check_constraint",
            OpKind::DropConstraint => "drop_constraint",
            OpKind::ValidateConstraint => "validate_constraint",
            OpKind::CreateTableComment => "create_table_comment",
            OpKind::DropTableComment => "drop_table_comment",
            OpKind::Execute => "execute",
            OpKind::BulkInsert => "bulk_insert",
        }
    }
}

/// The operations of a list one by one: borrowed from a borrowed list,
/// owned from an owned one (each is then dropped once the walk has run it).
pub fn one_by_one(list: Cow<'_, [Op]>) -> Vec<Cow<'_, Op>> {
    match list {
        Cow::Borrowed(ops) => ops.iter().map(Cow::Borrowed).collect(),
        Cow::Owned(ops) => ops.into_iter().map(Cow::Owned).collect(),
    }
}

/// The operation names, for messages and suggestions.
pub const OP_NAMES: &[&str] = &[
    OpKind::CreateTable.name(),
    OpKind::DropTable.name(),
    OpKind::RenameTable.name(),
    OpKind::AddColumn.name(),
    OpKind::DropColumn.name(),
    OpKind::AlterColumn.name(),
    OpKind::CreateIndex.name(),
    OpKind::DropIndex.name(),
    OpKind::CreatePrimaryKey.name(),
    OpKind::CreateUniqueConstraint.name(),
    OpKind::CreateForeignKey.name(),
    OpKind::CreateCheckConstraint.name(),
    OpKind::DropConstraint.name(),
    OpKind::ValidateConstraint.name(),
    OpKind::CreateTableComment.name(),
    OpKind::DropTableComment.name(),
    OpKind::Execute.name(),
    OpKind::BulkInsert.name(),
];

/// One item of an `upgrade:` / `downgrade:` list: the operation, and the
/// lint rules silenced for it (`allow: [rule-id]`, a key beside the
/// operation's own).
#[derive(Debug, Clone, PartialEq)]
pub struct OpItem {
    pub op: Op,
    pub allow: Vec<String>,
}

/// Reads the arguments of the operation `name` from `map`.
fn op_value<'de, A: serde::de::MapAccess<'de>>(name: &str, map: &mut A) -> Result<Op, A::Error> {
    Ok(match name {
        "create_table" => Op::CreateTable(map.next_value()?),
        "drop_table" => Op::DropTable(map.next_value()?),
        "rename_table" => Op::RenameTable(map.next_value()?),
        "add_column" => Op::AddColumn(map.next_value()?),
        "drop_column" => Op::DropColumn(map.next_value()?),
        "alter_column" => Op::AlterColumn(map.next_value()?),
        "create_index" => Op::CreateIndex(map.next_value()?),
        "drop_index" => Op::DropIndex(map.next_value()?),
        "create_primary_key" => Op::CreatePrimaryKey(map.next_value()?),
        "create_unique_constraint" => Op::CreateUniqueConstraint(map.next_value()?),
        "create_foreign_key" => Op::CreateForeignKey(map.next_value()?),
        "create_check_constraint" => Op::CreateCheckConstraint(map.next_value()?),
        "drop_constraint" => Op::DropConstraint(map.next_value()?),
        "validate_constraint" => Op::ValidateConstraint(map.next_value()?),
        "create_table_comment" => Op::CreateTableComment(map.next_value()?),
        "drop_table_comment" => Op::DropTableComment(map.next_value()?),
        "execute" => Op::Execute(map.next_value()?),
        "bulk_insert" => Op::BulkInsert(map.next_value()?),
        _ => {
            return Err(serde::de::Error::custom(format!(
                "unknown operation `{name}`, expected one of {}",
                OP_NAMES
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    })
}

impl<'de> Deserialize<'de> for OpItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> serde::de::Visitor<'de> for ItemVisitor {
            type Value = OpItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an operation: a one-key map such as `create_table: {...}`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OpItem, A::Error> {
                let mut op: Option<(String, Op)> = None;
                let mut allow: Option<Vec<String>> = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "allow" {
                        if allow.is_some() {
                            return Err(serde::de::Error::duplicate_field("allow"));
                        }
                        allow = Some(map.next_value()?);
                        continue;
                    }
                    if let Some((name, _)) = &op {
                        return Err(serde::de::Error::custom(format!(
                            "an operation is a one-key map (plus an optional `allow:`), but `{key}` follows `{name}`; start a new list item with `- {key}:` or indent its arguments under `{name}:`"
                        )));
                    }
                    let value = op_value(&key, &mut map)?;
                    op = Some((key, value));
                }
                match op {
                    Some((_, op)) => Ok(OpItem {
                        op,
                        allow: allow.unwrap_or_default(),
                    }),
                    None => Err(serde::de::Error::custom(
                        "an operation needs a key naming it, e.g. `create_table:`",
                    )),
                }
            }
        }
        d.deserialize_map(ItemVisitor)
    }
}

impl<'de> Deserialize<'de> for Op {
    /// An operation alone (an `allow:` beside it is read and not kept).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        OpItem::deserialize(d).map(|item| item.op)
    }
}

impl Op {
    /// Which operation it is.
    pub fn kind(&self) -> OpKind {
        match self {
            Op::CreateTable(_) => OpKind::CreateTable,
            Op::DropTable(_) => OpKind::DropTable,
            Op::RenameTable(_) => OpKind::RenameTable,
            Op::AddColumn(_) => OpKind::AddColumn,
            Op::DropColumn(_) => OpKind::DropColumn,
            Op::AlterColumn(_) => OpKind::AlterColumn,
            Op::CreateIndex(_) => OpKind::CreateIndex,
            Op::DropIndex(_) => OpKind::DropIndex,
            Op::CreatePrimaryKey(_) => OpKind::CreatePrimaryKey,
            Op::CreateUniqueConstraint(_) => OpKind::CreateUniqueConstraint,
            Op::CreateForeignKey(_) => OpKind::CreateForeignKey,
            Op::CreateCheckConstraint(_) => OpKind::CreateCheckConstraint,
            Op::DropConstraint(_) => OpKind::DropConstraint,
            Op::ValidateConstraint(_) => OpKind::ValidateConstraint,
            Op::CreateTableComment(_) => OpKind::CreateTableComment,
            Op::DropTableComment(_) => OpKind::DropTableComment,
            Op::Execute(_) => OpKind::Execute,
            Op::BulkInsert(_) => OpKind::BulkInsert,
        }
    }

    /// The operation's key as written in YAML.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// The object it acts on, for messages: `table users`, `index ix_a on users`.
    pub fn subject(&self) -> String {
        let constraint = |name: &Option<Ident>, table: QualName| match name {
            Some(n) => format!("constraint `{n}` on `{table}`"),
            None => format!("a constraint on `{table}`"),
        };
        match self {
            Op::CreateTable(o) => format!("table `{}`", o.qual_name()),
            Op::DropTable(o) => format!("table `{}`", o.qual_name()),
            Op::RenameTable(o) => format!("table `{}`", o.qual_name()),
            Op::AddColumn(o) => format!("column `{}.{}`", o.qual_table(), o.column.name),
            Op::DropColumn(o) => format!("column `{}.{}`", o.qual_table(), o.column),
            Op::AlterColumn(o) => format!("column `{}.{}`", o.qual_table(), o.column),
            Op::CreateIndex(o) => format!("index `{}` on `{}`", o.name, o.qual_table()),
            Op::DropIndex(o) => format!("index `{}`", o.name),
            Op::CreatePrimaryKey(o) => constraint(&o.name, o.qual_table()),
            Op::CreateUniqueConstraint(o) => constraint(&o.name, o.qual_table()),
            Op::CreateForeignKey(o) => constraint(&o.name, o.qual_table()),
            Op::CreateCheckConstraint(o) => constraint(&o.name, o.qual_table()),
            Op::DropConstraint(o) => format!("constraint `{}` on `{}`", o.name, o.qual_table()),
            Op::ValidateConstraint(o) => {
                format!("constraint `{}` on `{}`", o.name, o.qual_table())
            }
            Op::CreateTableComment(o) => format!("the comment on `{}`", o.qual_table()),
            Op::DropTableComment(o) => format!("the comment on `{}`", o.qual_table()),
            Op::Execute(_) => "raw SQL".to_owned(),
            Op::BulkInsert(o) => format!("rows of `{}`", o.qual_table()),
        }
    }
}

fn default_true() -> bool {
    true
}

/// For `Option<Option<T>>` fields: absent key -> `None` (with
/// `#[serde(default)]`), `null` -> `Some(None)`, a value -> `Some(Some(v))`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A table-level name from the `table` / `schema` keys of an operation.
fn qual(schema: &Option<Ident>, table: &Ident) -> QualName {
    QualName::new(schema.clone(), table.clone())
}
