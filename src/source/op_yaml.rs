//! Operations written back as the YAML a revision file holds (the
//! `upgrade:` list `gen revision --autogenerate` writes), so that reading
//! the text gives the same operations.
//!
//! Each operation becomes a small tree of maps, lists and scalars, keys in
//! the contract's order and defaults left out; a map or list holding only
//! scalars (or lists of scalars) is written on one line in flow style,
//! anything larger as a block. Every scalar goes through
//! [`crate::source::yaml_scalar`] (quoted when plain text would read back
//! as something else), except numbers, booleans and `null`, which are
//! written plain on purpose.

use crate::ops::ident::Ident;
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::sqltype::TypeSpec;
use crate::ops::*;
use crate::source::yaml_scalar;
use std::collections::BTreeMap;

/// A YAML value: a scalar as written, a map (keys in order) or a list.
enum Y {
    S(String),
    M(Vec<(String, Y)>),
    L(Vec<Y>),
}

fn s(text: &str) -> Y {
    Y::S(yaml_scalar(text))
}

fn id(i: &Ident) -> Y {
    s(i.as_str())
}

fn ids(list: &[Ident]) -> Y {
    Y::L(list.iter().map(id).collect())
}

fn plain(text: &str) -> Y {
    Y::S(text.to_owned())
}

/// A map under construction, leaving out what is absent.
#[derive(Default)]
struct Map(Vec<(String, Y)>);

impl Map {
    fn put(mut self, key: &str, value: Y) -> Self {
        self.0.push((key.to_owned(), value));
        self
    }
    fn opt(self, key: &str, value: Option<Y>) -> Self {
        match value {
            Some(v) => self.put(key, v),
            None => self,
        }
    }
    fn flag(self, key: &str, on: bool) -> Self {
        self.opt(key, on.then(|| plain("true")))
    }
    fn done(self) -> Y {
        Y::M(self.0)
    }
}

fn literal(l: &Literal) -> Y {
    match l {
        Literal::Null => plain("null"),
        Literal::Bool(b) => plain(if *b { "true" } else { "false" }),
        Literal::Number(n) => plain(n),
        Literal::String(t) => s(t),
    }
}

fn default(v: &DefaultValue) -> Y {
    match v {
        DefaultValue::Literal(l) => literal(l),
        DefaultValue::Sql(t) => Map::default().put("sql", s(t)).done(),
    }
}

fn ty(t: &TypeSpec) -> Y {
    match t {
        TypeSpec::Portable(p) => s(&p.to_string()),
        TypeSpec::PerDialect(m) => Y::M(m.iter().map(|(k, v)| (k.clone(), s(v))).collect()),
        TypeSpec::Named(n) => Y::M(vec![
            (
                "enum".to_owned(),
                Y::L(n.values().iter().map(|v| s(v)).collect()),
            ),
            ("name".to_owned(), s(n.name.as_str())),
        ]),
    }
}

fn action(a: FkAction) -> Y {
    plain(match a {
        FkAction::Cascade => "cascade",
        FkAction::Restrict => "restrict",
        FkAction::SetNull => "set null",
        FkAction::SetDefault => "set default",
        FkAction::NoAction => "no action",
    })
}

fn sql_text(t: &SqlText) -> Y {
    match t {
        SqlText::All(text) => s(text),
        SqlText::PerDialect(m) => Y::M(m.iter().map(|(k, v)| (k.clone(), s(v))).collect()),
    }
}

fn column(c: &ColumnDef) -> Y {
    Map::default()
        .put("name", id(&c.name))
        .put("type", ty(&c.ty))
        .opt(
            "nullable",
            c.nullable.map(|n| plain(if n { "true" } else { "false" })),
        )
        .flag("primary_key", c.primary_key)
        .flag("autoincrement", c.autoincrement)
        .flag("unique", c.unique)
        .opt("default", c.default.as_deref().map(default))
        .opt("comment", c.comment.as_deref().map(s))
        .opt(
            "references",
            c.references.as_deref().map(|r| {
                Map::default()
                    .put("table", id(&r.table))
                    .opt("schema", r.schema.as_ref().map(id))
                    .put("column", id(&r.column))
                    .opt("on_delete", r.on_delete.map(action))
                    .opt("on_update", r.on_update.map(action))
                    .opt("index_name", r.index_name.as_ref().map(id))
                    .done()
            }),
        )
        .opt("identity", c.identity.as_deref().map(identity))
        .opt(
            "computed",
            c.computed.as_deref().map(|k| {
                Map::default()
                    .put("sql", s(&k.sql))
                    .opt("stored", (!k.stored).then(|| plain("false")))
                    .done()
            }),
        )
        .opt("collation", c.collation.as_deref().map(collation))
        .done()
}

fn identity(i: &Identity) -> Y {
    Map::default()
        .flag("always", i.always)
        .opt("start", i.start.map(number))
        .opt("increment", i.increment.map(number))
        .done()
}

fn collation(c: &Collation) -> Y {
    match c {
        Collation::All(name) => s(name),
        Collation::PerDialect(m) => Y::M(m.iter().map(|(k, v)| (k.clone(), s(v))).collect()),
    }
}

fn boolean(b: bool) -> Y {
    plain(if b { "true" } else { "false" })
}

fn initially(i: Initially) -> Y {
    plain(match i {
        Initially::Immediate => "immediate",
        Initially::Deferred => "deferred",
    })
}

fn number(n: i64) -> Y {
    plain(&n.to_string())
}

fn element(e: &IndexElement) -> Y {
    match &e.target {
        IndexTarget::Column(c) => Map::default().put("name", id(c)),
        IndexTarget::Expr(x) => Map::default().put("expr", s(x)),
    }
    .flag("desc", e.desc)
    .opt(
        "nulls",
        e.nulls.map(|n| {
            plain(match n {
                NullsOrder::First => "first",
                NullsOrder::Last => "last",
            })
        }),
    )
    .opt("opclass", e.opclass.as_ref().map(|q| s(&q.to_string())))
    .opt("length", e.length.map(|l| plain(&l.to_string())))
    .done()
}

fn owned_by(o: &OwnedBy) -> Y {
    Map::default()
        .put("table", id(&o.table))
        .put("column", id(&o.column))
        .done()
}

fn references(r: &ReferencesDef) -> Y {
    Map::default()
        .put("table", id(&r.table))
        .opt("schema", r.schema.as_ref().map(id))
        .put("columns", ids(&r.columns))
        .done()
}

fn named_columns(name: &Option<Ident>, columns: &[Ident]) -> Y {
    Map::default()
        .opt("name", name.as_ref().map(id))
        .put("columns", ids(columns))
        .done()
}

fn on_table(table: &Ident, schema: &Option<Ident>) -> Map {
    Map::default()
        .put("table", id(table))
        .opt("schema", schema.as_ref().map(id))
}

fn args(op: &Op) -> Y {
    match op {
        Op::CreateTable(t) => Map::default()
            .put("name", id(&t.name))
            .opt("schema", t.schema.as_ref().map(id))
            .put("columns", Y::L(t.columns.iter().map(column).collect()))
            .opt(
                "primary_key",
                t.primary_key
                    .as_ref()
                    .map(|p| named_columns(&p.name, &p.columns)),
            )
            .opt(
                "unique",
                (!t.unique.is_empty()).then(|| {
                    Y::L(
                        t.unique
                            .iter()
                            .map(|u| named_columns(&u.name, &u.columns))
                            .collect(),
                    )
                }),
            )
            .opt(
                "foreign_keys",
                (!t.foreign_keys.is_empty()).then(|| {
                    Y::L(
                        t.foreign_keys
                            .iter()
                            .map(|f| {
                                Map::default()
                                    .opt("name", f.name.as_ref().map(id))
                                    .put("columns", ids(&f.columns))
                                    .put("references", references(&f.references))
                                    .opt("on_delete", f.on_delete.map(action))
                                    .opt("on_update", f.on_update.map(action))
                                    .opt("index_name", f.index_name.as_ref().map(id))
                                    .done()
                            })
                            .collect(),
                    )
                }),
            )
            .opt(
                "checks",
                (!t.checks.is_empty()).then(|| {
                    Y::L(
                        t.checks
                            .iter()
                            .map(|c| {
                                Map::default()
                                    .opt("name", c.name.as_ref().map(id))
                                    .put("expr", s(&c.expr))
                                    .done()
                            })
                            .collect(),
                    )
                }),
            )
            .opt("comment", t.comment.as_deref().map(s))
            .flag("if_not_exists", t.if_not_exists)
            .done(),
        Op::DropTable(t) => Map::default()
            .put("name", id(&t.name))
            .opt("schema", t.schema.as_ref().map(id))
            .flag("if_exists", t.if_exists)
            .done(),
        Op::RenameTable(t) => Map::default()
            .put("name", id(&t.name))
            .opt("schema", t.schema.as_ref().map(id))
            .put("new_name", id(&t.new_name))
            .done(),
        Op::AddColumn(o) => on_table(&o.table, &o.schema)
            .put("column", column(&o.column))
            .done(),
        Op::DropColumn(o) => on_table(&o.table, &o.schema)
            .put("column", id(&o.column))
            .done(),
        Op::AlterColumn(o) => on_table(&o.table, &o.schema)
            .put("column", id(&o.column))
            .opt("new_name", o.new_name.as_ref().map(id))
            .opt("type", o.ty.as_ref().map(ty))
            .opt(
                "nullable",
                o.nullable.map(|n| plain(if n { "true" } else { "false" })),
            )
            .opt(
                "default",
                o.default
                    .as_ref()
                    .map(|d| d.as_ref().map(default).unwrap_or_else(|| plain("null"))),
            )
            .opt(
                "comment",
                o.comment
                    .as_ref()
                    .map(|c| c.as_deref().map(s).unwrap_or_else(|| plain("null"))),
            )
            .opt(
                "autoincrement",
                o.autoincrement
                    .map(|a| plain(if a { "true" } else { "false" })),
            )
            .opt("using", o.using.as_deref().map(s))
            .opt(
                "identity",
                o.identity
                    .as_ref()
                    .map(|i| i.as_ref().map(identity).unwrap_or_else(|| plain("null"))),
            )
            .done(),
        Op::CreateIndex(i) => Map::default()
            .put("name", id(&i.name))
            .put("table", id(&i.table))
            .opt("schema", i.schema.as_ref().map(id))
            .put(
                "columns",
                Y::L(
                    i.columns
                        .iter()
                        .map(|c| match c {
                            IndexColumn::Column(c) => id(c),
                            IndexColumn::Expr(e) => Map::default().put("expr", s(e)).done(),
                            IndexColumn::Ordered(e) => element(e),
                        })
                        .collect(),
                ),
            )
            .flag("unique", i.unique)
            .opt("where", i.where_clause.as_deref().map(s))
            .flag("concurrently", i.concurrently)
            .flag("if_not_exists", i.if_not_exists)
            .opt("using", i.using.map(|m| plain(m.name())))
            .opt("include", i.include.as_deref().map(|c| ids(c)))
            .opt("kind", i.kind.map(|k| plain(k.name())))
            .done(),
        Op::DropIndex(i) => Map::default()
            .put("name", id(&i.name))
            .opt("table", i.table.as_ref().map(id))
            .opt("schema", i.schema.as_ref().map(id))
            .flag("concurrently", i.concurrently)
            .flag("if_exists", i.if_exists)
            .done(),
        Op::CreatePrimaryKey(o) => Map::default()
            .opt("name", o.name.as_ref().map(id))
            .put("table", id(&o.table))
            .opt("schema", o.schema.as_ref().map(id))
            .put("columns", ids(&o.columns))
            .opt("deferrable", o.deferrable.map(boolean))
            .opt("initially", o.initially.map(initially))
            .done(),
        Op::CreateUniqueConstraint(o) => Map::default()
            .opt("name", o.name.as_ref().map(id))
            .put("table", id(&o.table))
            .opt("schema", o.schema.as_ref().map(id))
            .put("columns", ids(&o.columns))
            .opt("deferrable", o.deferrable.map(boolean))
            .opt("initially", o.initially.map(initially))
            .done(),
        Op::CreateForeignKey(o) => Map::default()
            .opt("name", o.name.as_ref().map(id))
            .put("table", id(&o.table))
            .opt("schema", o.schema.as_ref().map(id))
            .put("columns", ids(&o.columns))
            .put("references", references(&o.references))
            .opt("on_delete", o.on_delete.map(action))
            .opt("on_update", o.on_update.map(action))
            .opt("deferrable", o.deferrable.map(boolean))
            .opt("initially", o.initially.map(initially))
            .opt("index_name", o.index_name.as_ref().map(id))
            .flag("not_valid", o.not_valid)
            .done(),
        Op::CreateCheckConstraint(o) => Map::default()
            .opt("name", o.name.as_ref().map(id))
            .put("table", id(&o.table))
            .opt("schema", o.schema.as_ref().map(id))
            .put("expr", s(&o.expr))
            .flag("not_valid", o.not_valid)
            .done(),
        Op::DropConstraint(o) => Map::default()
            .opt("name", o.name.as_ref().map(id))
            .put("table", id(&o.table))
            .opt("schema", o.schema.as_ref().map(id))
            .opt("type", o.kind.map(|k| plain(k.name())))
            .opt("columns", o.columns.as_deref().map(ids))
            .opt(
                "references",
                o.references.as_deref().map(|r| {
                    Map::default()
                        .put("table", id(&r.table))
                        .opt("schema", r.schema.as_ref().map(id))
                        .done()
                }),
            )
            .done(),
        Op::ValidateConstraint(o) => Map::default()
            .put("name", id(&o.name))
            .put("table", id(&o.table))
            .opt("schema", o.schema.as_ref().map(id))
            .done(),
        Op::CreateTableComment(o) => on_table(&o.table, &o.schema)
            .put("comment", s(&o.comment))
            .done(),
        Op::DropTableComment(o) => on_table(&o.table, &o.schema)
            .opt("comment", o.comment.as_deref().map(s))
            .done(),
        Op::Execute(o) => Map::default()
            .put("sql", sql_text(&o.sql))
            .opt("reverse_sql", o.reverse_sql.as_ref().map(sql_text))
            .opt(
                "validate",
                match o.validate {
                    crate::ops::Validate::Warn => None,
                    crate::ops::Validate::Strict => Some(plain("strict")),
                    crate::ops::Validate::Off => Some(plain("false")),
                },
            )
            .done(),
        Op::CreateSequence(o) => Map::default()
            .put("name", id(&o.name))
            .opt("schema", o.schema.as_ref().map(id))
            .opt("start", o.start.map(number))
            .opt("increment", o.increment.map(number))
            .opt("min_value", o.min_value.map(number))
            .opt("max_value", o.max_value.map(number))
            .flag("cycle", o.cycle)
            .opt("owned_by", o.owned_by.as_ref().map(owned_by))
            .done(),
        Op::DropSequence(o) => Map::default()
            .put("name", id(&o.name))
            .opt("schema", o.schema.as_ref().map(id))
            .done(),
        Op::AlterSequence(o) => Map::default()
            .put("name", id(&o.name))
            .opt("schema", o.schema.as_ref().map(id))
            .opt("restart", o.restart.map(number))
            .opt("increment", o.increment.map(number))
            .opt(
                "owned_by",
                o.owned_by
                    .as_ref()
                    .map(|b| b.as_ref().map(owned_by).unwrap_or_else(|| plain("null"))),
            )
            .done(),
        Op::BulkInsert(o) => on_table(&o.table, &o.schema)
            .put("rows", Y::L(o.rows.iter().map(row).collect()))
            .done(),
    }
}

fn row(r: &BTreeMap<Ident, Literal>) -> Y {
    Y::M(
        r.iter()
            .map(|(k, v)| (yaml_scalar(k.as_str()), literal(v)))
            .collect(),
    )
}

/// Whether `y` is written on one line.
fn flat(y: &Y) -> bool {
    match y {
        Y::S(_) => true,
        Y::L(items) => items.iter().all(|i| matches!(i, Y::S(_))),
        Y::M(entries) => entries.iter().all(|(_, v)| match v {
            Y::M(inner) => inner
                .iter()
                .all(|(_, v)| matches!(v, Y::S(_)) || flat_list(v)),
            other => flat(other),
        }),
    }
}

fn flat_list(y: &Y) -> bool {
    matches!(y, Y::L(items) if items.iter().all(|i| matches!(i, Y::S(_))))
}

fn inline(y: &Y) -> String {
    match y {
        Y::S(t) => t.clone(),
        Y::L(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Y::M(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Writes the entries of a block map at `indent`.
fn block(entries: &[(String, Y)], indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    for (k, v) in entries {
        match v {
            Y::M(inner) if !flat(v) => {
                out.push(format!("{pad}{k}:"));
                block(inner, indent + 2, out);
            }
            Y::L(items) if !flat(v) => {
                out.push(format!("{pad}{k}:"));
                for item in items {
                    match item {
                        Y::M(inner) if !flat(item) => {
                            let mut lines = Vec::new();
                            block(inner, indent + 4, &mut lines);
                            if let Some(first) = lines.first_mut() {
                                *first = format!("{pad}  - {}", first.trim_start());
                            }
                            out.extend(lines);
                        }
                        other => out.push(format!("{pad}  - {}", inline(other))),
                    }
                }
            }
            other => out.push(format!("{pad}{k}: {}", inline(other))),
        }
    }
}

/// `op` as an item of an `upgrade:` list, indented by two spaces, one
/// string per line.
pub fn op_lines(op: &Op) -> Vec<String> {
    let a = args(op);
    match &a {
        Y::M(entries) if !flat(&a) => {
            let mut out = vec![format!("  - {}:", op.name())];
            block(entries, 6, &mut out);
            out
        }
        other => vec![format!("  - {}: {}", op.name(), inline(other))],
    }
}

#[cfg(test)]
#[path = "op_yaml_tests.rs"]
mod tests;
