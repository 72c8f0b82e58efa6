//! The operation vocabulary of a revision file: what each `upgrade:` /
//! `downgrade:` item may say, with the contract's keys and defaults.
//!
//! These are serde shapes (unknown keys are rejected with the list of allowed
//! keys), but independent of YAML: `load` is the only module that parses
//! text. Scalars are validated while deserializing (names, types, literals),
//! so a bad value is reported at its own line and column.

use crate::ident::{Ident, QualName};
use crate::literal::DefaultValue;
use crate::sqltype::TypeSpec;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;

/// One operation: a one-key map whose key names it (Alembic's `op.*` names).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    CreateTable(CreateTable),
    DropTable(DropTable),
    AddColumn(AddColumn),
    DropColumn(DropColumn),
    CreateIndex(CreateIndex),
    DropIndex(DropIndex),
    Execute(Execute),
}

/// The operation names, for messages and suggestions.
pub const OP_NAMES: &[&str] = &[
    "create_table",
    "drop_table",
    "add_column",
    "drop_column",
    "create_index",
    "drop_index",
    "execute",
];

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OpVisitor;
        impl<'de> serde::de::Visitor<'de> for OpVisitor {
            type Value = Op;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an operation: a one-key map such as `create_table: {...}`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Op, A::Error> {
                let Some(name) = map.next_key::<String>()? else {
                    return Err(serde::de::Error::custom(
                        "an operation needs a key naming it, e.g. `create_table:`",
                    ));
                };
                let op = match name.as_str() {
                    "create_table" => Op::CreateTable(map.next_value()?),
                    "drop_table" => Op::DropTable(map.next_value()?),
                    "add_column" => Op::AddColumn(map.next_value()?),
                    "drop_column" => Op::DropColumn(map.next_value()?),
                    "create_index" => Op::CreateIndex(map.next_value()?),
                    "drop_index" => Op::DropIndex(map.next_value()?),
                    "execute" => Op::Execute(map.next_value()?),
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
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(serde::de::Error::custom(format!(
                        "an operation is a one-key map, but `{extra}` follows `{name}`; start a new list item with `- {extra}:` or indent its arguments under `{name}:`"
                    )));
                }
                Ok(op)
            }
        }
        d.deserialize_map(OpVisitor)
    }
}

impl Op {
    /// The operation's key as written in YAML.
    pub fn name(&self) -> &'static str {
        match self {
            Op::CreateTable(_) => "create_table",
            Op::DropTable(_) => "drop_table",
            Op::AddColumn(_) => "add_column",
            Op::DropColumn(_) => "drop_column",
            Op::CreateIndex(_) => "create_index",
            Op::DropIndex(_) => "drop_index",
            Op::Execute(_) => "execute",
        }
    }

    /// The object it acts on, for messages: `table users`, `index ix_a on users`.
    pub fn subject(&self) -> String {
        match self {
            Op::CreateTable(o) => format!("table `{}`", o.qual_name()),
            Op::DropTable(o) => format!("table `{}`", o.qual_name()),
            Op::AddColumn(o) => format!("column `{}.{}`", o.qual_table(), o.column.name),
            Op::DropColumn(o) => format!("column `{}.{}`", o.qual_table(), o.column),
            Op::CreateIndex(o) => format!("index `{}` on `{}`", o.name, o.qual_table()),
            Op::DropIndex(o) => format!("index `{}`", o.name),
            Op::Execute(_) => "raw SQL".to_owned(),
        }
    }
}

fn default_true() -> bool {
    true
}

/// A referential action (`on_delete`, `on_update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    Cascade,
    Restrict,
    SetNull,
    SetDefault,
    NoAction,
}

impl FkAction {
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::Cascade => "CASCADE",
            FkAction::Restrict => "RESTRICT",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
            FkAction::NoAction => "NO ACTION",
        }
    }
}

impl<'de> Deserialize<'de> for FkAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::ident::deserialize_checked(d, "a foreign key action", |s| {
            let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
            Ok(match norm.as_str() {
                "cascade" => FkAction::Cascade,
                "restrict" => FkAction::Restrict,
                "set_null" => FkAction::SetNull,
                "set_default" => FkAction::SetDefault,
                "no_action" => FkAction::NoAction,
                _ => return Err(format!(
                    "unknown action `{s}`; expected one of cascade, restrict, set null, set default, no action"
                )),
            })
        })
    }
}

/// An inline foreign key on a column: `references: {table, column}`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineReference {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub column: Ident,
    #[serde(default)]
    pub on_delete: Option<FkAction>,
    #[serde(default)]
    pub on_update: Option<FkAction>,
}

/// A column definition.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub name: Ident,
    #[serde(rename = "type")]
    pub ty: TypeSpec,
    /// `None` = nullable unless part of the primary key.
    #[serde(default)]
    pub nullable: Option<bool>,
    #[serde(default)]
    pub primary_key: bool,
    #[serde(default)]
    pub autoincrement: bool,
    #[serde(default)]
    pub unique: bool,
    #[serde(default)]
    pub default: Option<DefaultValue>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub references: Option<InlineReference>,
}

/// `primary_key: {name?, columns}` on a table.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKeyDef {
    #[serde(default)]
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
}

/// One of a table's `unique: [{name?, columns}]`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueDef {
    #[serde(default)]
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
}

/// The referenced side of a table-level foreign key.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferencesDef {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub columns: Vec<Ident>,
}

/// One of a table's `foreign_keys:`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeyDef {
    #[serde(default)]
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub references: ReferencesDef,
    #[serde(default)]
    pub on_delete: Option<FkAction>,
    #[serde(default)]
    pub on_update: Option<FkAction>,
}

/// One of a table's `checks: [{name?, expr}]`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckDef {
    #[serde(default)]
    pub name: Option<Ident>,
    pub expr: String,
}

/// `create_table`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTable {
    pub name: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub columns: Vec<ColumnDef>,
    #[serde(default)]
    pub primary_key: Option<PrimaryKeyDef>,
    #[serde(default)]
    pub unique: Vec<UniqueDef>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKeyDef>,
    #[serde(default)]
    pub checks: Vec<CheckDef>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub if_not_exists: bool,
}

impl CreateTable {
    pub fn qual_name(&self) -> QualName {
        QualName::new(self.schema.clone(), self.name.clone())
    }
}

/// `drop_table`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropTable {
    pub name: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    #[serde(default)]
    pub if_exists: bool,
}

impl DropTable {
    pub fn qual_name(&self) -> QualName {
        QualName::new(self.schema.clone(), self.name.clone())
    }
}

/// `add_column`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddColumn {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub column: ColumnDef,
}

impl AddColumn {
    pub fn qual_table(&self) -> QualName {
        QualName::new(self.schema.clone(), self.table.clone())
    }
}

/// `drop_column`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropColumn {
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub column: Ident,
}

impl DropColumn {
    pub fn qual_table(&self) -> QualName {
        QualName::new(self.schema.clone(), self.table.clone())
    }
}

/// An index element: a column name or `{expr: ...}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum IndexColumn {
    Column(Ident),
    Expr(String),
}

impl<'de> Deserialize<'de> for IndexColumn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ExprItem {
            expr: String,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Expr(ExprItem),
        }
        match Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "an index element is a column name or `{expr: \"lower(email)\"}`",
            )
        })? {
            Raw::Name(n) => Ident::new(&n)
                .map(IndexColumn::Column)
                .map_err(serde::de::Error::custom),
            Raw::Expr(e) if e.expr.trim().is_empty() => {
                Err(serde::de::Error::custom("`expr:` needs an expression"))
            }
            Raw::Expr(e) => Ok(IndexColumn::Expr(e.expr)),
        }
    }
}

impl fmt::Display for IndexColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexColumn::Column(c) => c.fmt(f),
            IndexColumn::Expr(e) => write!(f, "({e})"),
        }
    }
}

/// `create_index`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIndex {
    pub name: Ident,
    pub table: Ident,
    #[serde(default)]
    pub schema: Option<Ident>,
    pub columns: Vec<IndexColumn>,
    #[serde(default)]
    pub unique: bool,
    #[serde(default, rename = "where")]
    pub where_clause: Option<String>,
    #[serde(default)]
    pub concurrently: bool,
    #[serde(default)]
    pub if_not_exists: bool,
}

impl CreateIndex {
    pub fn qual_table(&self) -> QualName {
        QualName::new(self.schema.clone(), self.table.clone())
    }
}

/// `drop_index`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropIndex {
    pub name: Ident,
    #[serde(default)]
    pub table: Option<Ident>,
    #[serde(default)]
    pub schema: Option<Ident>,
    #[serde(default)]
    pub concurrently: bool,
    #[serde(default)]
    pub if_exists: bool,
}

/// SQL text for `execute`: one string, or a map dialect -> string.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlText {
    All(String),
    PerDialect(BTreeMap<String, String>),
}

impl SqlText {
    /// The text for a dialect (its names tried in order, then `default`).
    pub fn for_dialect(&self, names: &[&str]) -> Option<&str> {
        match self {
            SqlText::All(s) => Some(s),
            SqlText::PerDialect(m) => names
                .iter()
                .find_map(|n| m.get(*n))
                .or_else(|| m.get("default"))
                .map(String::as_str),
        }
    }
    /// The dialects a per-dialect map names (for messages).
    pub fn keys(&self) -> Vec<&str> {
        match self {
            SqlText::All(_) => Vec::new(),
            SqlText::PerDialect(m) => m.keys().map(String::as_str).collect(),
        }
    }
}

impl<'de> Deserialize<'de> for SqlText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Map(BTreeMap<String, String>),
        }
        let raw = Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "SQL is a string, or a map from dialect to string such as `{postgresql: \"...\", default: \"...\"}`",
            )
        })?;
        match raw {
            Raw::One(s) if s.trim().is_empty() => {
                Err(serde::de::Error::custom("SQL cannot be empty"))
            }
            Raw::One(s) => Ok(SqlText::All(s)),
            Raw::Map(m) => {
                if let Some(k) = m
                    .keys()
                    .find(|k| !crate::sqltype::TYPE_MAP_KEYS.contains(&k.as_str()))
                {
                    return Err(serde::de::Error::custom(format!(
                        "unknown dialect `{k}`; expected one of {}",
                        crate::sqltype::TYPE_MAP_KEYS.join(", ")
                    )));
                }
                Ok(SqlText::PerDialect(m))
            }
        }
    }
}

/// `execute`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Execute {
    pub sql: SqlText,
    #[serde(default)]
    pub reverse_sql: Option<SqlText>,
    #[serde(default = "default_true")]
    pub validate: bool,
}
