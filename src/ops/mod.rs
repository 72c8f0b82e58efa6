//! The operation vocabulary of a revision file: what each `upgrade:` /
//! `downgrade:` item may say, with the contract's keys and defaults.
//!
//! These are serde shapes (unknown keys are rejected with the list of allowed
//! keys), but independent of YAML: `load` is the only module that parses
//! text. Scalars are validated while deserializing (names, types, literals),
//! so a bad value is reported at its own line and column. This file holds the
//! one table of operations (`operations!`: a row per operation, naming its
//! variant, its arguments and its YAML key), from which [`Op`], [`OpKind`],
//! the names, the deserializer's dispatch and the JSON-schema rows are
//! generated, and the one-key-map deserializer; the argument shapes live in
//! one file per family: `table`, `column`, `constraint`, `index`, `data`,
//! `sequence`.

pub mod compact;
pub mod enum_type;
pub mod ident;
pub mod literal;
pub(crate) mod raw;
pub mod sqltype;

mod column;
mod constraint;
mod data;
mod index;
mod index_element;
mod sequence;
mod table;

pub use column::{
    AddColumn, AlterColumn, Collation, ColumnDef, Computed, DropColumn, Identity, InlineReference,
};
pub use constraint::DropReferences;
pub use constraint::{
    CheckDef, ConstraintKind, CreateCheckConstraint, CreateForeignKey, CreatePrimaryKey,
    CreateUniqueConstraint, DropConstraint, FkAction, ForeignKeyDef, Initially, PrimaryKeyDef,
    ReferencesDef, UniqueDef, ValidateConstraint,
};
pub use data::{BulkInsert, Execute, SqlText, Validate};
pub use index::{CreateIndex, DropIndex};
pub use index_element::{
    IndexColumn, IndexElement, IndexElementArgs, IndexKind, IndexMethod, IndexTarget, NullsOrder,
};
pub use sequence::{AlterSequence, CreateSequence, DropSequence, OwnedBy};
pub use table::{CreateTable, CreateTableComment, DropTable, DropTableComment, RenameTable};

use crate::ops::ident::{Ident, QualName};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;

/// Builds the JSON schema of one operation's arguments (`gen schema-json`).
pub type ArgsSchema = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

fn args_schema<T: schemars::JsonSchema>(
    generator: &mut schemars::SchemaGenerator,
) -> schemars::Schema {
    generator.subschema_for::<T>()
}

/// Expands the table of operations below into everything that lists them:
/// [`Op`], [`OpKind`], [`OpKind::name`], [`OP_NAMES`], [`Op::kind`], the
/// deserializer's dispatch by key and [`OP_SCHEMAS`]. Invoked once; the
/// matches it writes have no wildcard, so an operation is one row of the
/// table and a place that forgets it does not compile.
macro_rules! operations {
    ($($variant:ident($args:ty) = $name:literal,)*) => {
        /// One operation: a one-key map whose key names it (Alembic's `op.*` names).
        /// The shapes larger than the common ones are boxed: an operation is held
        /// from the load to the walk, and a long history holds hundreds of thousands.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Op {
            $($variant($args),)*
        }

        /// Which operation an [`Op`] is, without its arguments: one byte where
        /// only the name is kept (a derived downgrade's source operation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum OpKind {
            $($variant,)*
        }

        impl OpKind {
            /// The operation's key as written in YAML.
            pub const fn name(self) -> &'static str {
                match self {
                    $(OpKind::$variant => $name,)*
                }
            }
        }

        /// The operation names, for messages and suggestions.
        pub const OP_NAMES: &[&str] = &[$($name,)*];

        /// Every operation a revision may list: its key and the schema of
        /// its arguments, in the order of [`OP_NAMES`].
        pub const OP_SCHEMAS: &[(&str, ArgsSchema)] = &[$(($name, args_schema::<$args>),)*];

        impl Op {
            /// Which operation it is.
            pub fn kind(&self) -> OpKind {
                match self {
                    $(Op::$variant(_) => OpKind::$variant,)*
                }
            }
        }

        /// Reads the arguments of the operation `name` from `map`.
        fn op_value<'de, A: serde::de::MapAccess<'de>>(
            name: &str,
            map: &mut A,
        ) -> Result<Op, A::Error> {
            Ok(match name {
                $($name => Op::$variant(map.next_value()?),)*
                _ => return Err(unknown_operation(name)),
            })
        }
    };
}

// The table of operations: `Variant(arguments) = "yaml_key"`, in the order
// messages and the JSON schema list them.
operations! {
    CreateTable(Box<CreateTable>) = "create_table",
    DropTable(DropTable) = "drop_table",
    RenameTable(RenameTable) = "rename_table",
    AddColumn(Box<AddColumn>) = "add_column",
    DropColumn(DropColumn) = "drop_column",
    AlterColumn(Box<AlterColumn>) = "alter_column",
    CreateIndex(Box<CreateIndex>) = "create_index",
    DropIndex(DropIndex) = "drop_index",
    CreatePrimaryKey(Box<CreatePrimaryKey>) = "create_primary_key",
    CreateUniqueConstraint(Box<CreateUniqueConstraint>) = "create_unique_constraint",
    CreateForeignKey(Box<CreateForeignKey>) = "create_foreign_key",
    CreateCheckConstraint(Box<CreateCheckConstraint>) = "create_check_constraint",
    DropConstraint(Box<DropConstraint>) = "drop_constraint",
    ValidateConstraint(ValidateConstraint) = "validate_constraint",
    CreateTableComment(CreateTableComment) = "create_table_comment",
    DropTableComment(DropTableComment) = "drop_table_comment",
    Execute(Execute) = "execute",
    BulkInsert(BulkInsert) = "bulk_insert",
    CreateSequence(Box<CreateSequence>) = "create_sequence",
    DropSequence(DropSequence) = "drop_sequence",
    AlterSequence(Box<AlterSequence>) = "alter_sequence",
}

/// The operations of a list one by one: borrowed from a borrowed list,
/// owned from an owned one (each is then dropped once the walk has run it).
pub fn one_by_one(list: Cow<'_, [Op]>) -> Vec<Cow<'_, Op>> {
    match list {
        Cow::Borrowed(ops) => ops.iter().map(Cow::Borrowed).collect(),
        Cow::Owned(ops) => ops.into_iter().map(Cow::Owned).collect(),
    }
}

/// One item of an `upgrade:` / `downgrade:` list: the operation, the
/// lint rules silenced for it (`allow: [rule-id]`, a key beside the
/// operation's own) and the dialects it is limited to (`dialects:
/// [postgresql]`, likewise; `None` when absent, checked by `source`).
#[derive(Debug, Clone, PartialEq)]
pub struct OpItem {
    pub op: Op,
    pub allow: Vec<String>,
    pub dialects: Option<Vec<String>>,
}

/// The error for a key that names no operation.
fn unknown_operation<E: serde::de::Error>(name: &str) -> E {
    E::custom(format!(
        "unknown operation `{name}`, expected one of {}",
        OP_NAMES
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
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
                let mut dialects: Option<Vec<String>> = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "dialects" {
                        if dialects.is_some() {
                            return Err(serde::de::Error::duplicate_field("dialects"));
                        }
                        dialects = Some(map.next_value()?);
                        continue;
                    }
                    if key == "allow" {
                        if allow.is_some() {
                            return Err(serde::de::Error::duplicate_field("allow"));
                        }
                        allow = Some(map.next_value()?);
                        continue;
                    }
                    if let Some((name, _)) = &op {
                        return Err(serde::de::Error::custom(format!(
                            "an operation is a one-key map (plus an optional `allow:` and `dialects:`), but `{key}` follows `{name}`; start a new list item with `- {key}:` or indent its arguments under `{name}:`"
                        )));
                    }
                    let value = op_value(&key, &mut map)?;
                    op = Some((key, value));
                }
                match op {
                    Some((_, op)) => Ok(OpItem {
                        op,
                        allow: allow.unwrap_or_default(),
                        dialects,
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
    /// An operation alone (an `allow:` or `dialects:` beside it is read and not kept).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        OpItem::deserialize(d).map(|item| item.op)
    }
}

impl Op {
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
            Op::DropConstraint(o) => match &o.name {
                Some(n) => format!("constraint `{n}` on `{}`", o.qual_table()),
                None => format!("the {} of `{}`", o.describe(), o.qual_table()),
            },
            Op::ValidateConstraint(o) => {
                format!("constraint `{}` on `{}`", o.name, o.qual_table())
            }
            Op::CreateTableComment(o) => format!("the comment on `{}`", o.qual_table()),
            Op::DropTableComment(o) => format!("the comment on `{}`", o.qual_table()),
            Op::Execute(_) => "raw SQL".to_owned(),
            Op::BulkInsert(o) => format!("rows of `{}`", o.qual_table()),
            Op::CreateSequence(o) => format!("sequence `{}`", o.qual_name()),
            Op::DropSequence(o) => format!("sequence `{}`", o.qual_name()),
            Op::AlterSequence(o) => format!("sequence `{}`", o.qual_name()),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each key of the table is read by the dispatch (a key it missed would
    /// be "unknown"), once, and a key outside the table is refused.
    #[test]
    fn every_key_deserializes_to_its_operation() {
        let mut seen = std::collections::BTreeSet::new();
        for name in OP_NAMES {
            assert!(seen.insert(*name), "{name} twice");
            let err = serde_json::from_str::<Op>(&format!("{{\"{name}\": {{\"x_\": 1}}}}"))
                .unwrap_err()
                .to_string();
            assert!(!err.contains("unknown operation"), "{name}: {err}");
        }
        let err = serde_json::from_str::<Op>("{\"create_tabel\": {}}").unwrap_err();
        assert!(err.to_string().contains("unknown operation `create_tabel`"));
    }
}
