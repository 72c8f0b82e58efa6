//! A schema model as sorted lines, with only the spellings the issue calls
//! equivalent made equal: types compare by how the dialect spells them
//! (`int4` = `integer`, MySQL's `CHAR(36)` for a uuid), an autoincrement
//! column's type by being an integer (SQLite's must be `INTEGER`),
//! expressions by `canonical_expr` (the parentheses and literal casts an
//! engine adds when it stores a check, `now()` = `CURRENT_TIMESTAMP`), a
//! foreign key's missing action = `NO ACTION`, and a unique constraint =
//! a unique index on the same plain columns (MySQL keeps both as one
//! `UNIQUE KEY`). Comments are left out where the engine keeps none.
//! Everything else (names, nullability, defaults, column order) counts.

use gen::declare::read::types::canonical_spec;
use gen::declare::read::value::canonical_expr;
use gen::dialect::{CommentStyle, Dialect};
use gen::model::Schema;
use gen::ops::literal::DefaultValue;
use gen::ops::{FkAction, IndexColumn};

fn action(a: Option<FkAction>) -> &'static str {
    a.unwrap_or(FkAction::NoAction).sql()
}

pub fn describe(schema: &Schema, dialect: &dyn Dialect) -> Vec<String> {
    let parser = dialect.parser();
    let expr = |s: &str| canonical_expr(s, &*parser);
    let comments = dialect.comment_style() != CommentStyle::Unsupported;
    let mut out = Vec::new();
    for (q, t) in schema.tables() {
        if comments {
            out.push(format!("{q} comment {:?}", t.def.comment));
        }
        let pk = t.primary_key_columns();
        for (i, c) in t.def.columns.iter().enumerate() {
            let ty = if c.autoincrement {
                "an integer".to_owned()
            } else {
                canonical_spec(&c.ty, dialect)
            };
            let default = match c.default.as_deref() {
                None => "none".to_owned(),
                Some(DefaultValue::Literal(l)) => l.to_string(),
                Some(DefaultValue::Sql(s)) => expr(s),
            };
            let nullable = c.is_nullable() && !pk.contains(&&c.name);
            out.push(format!(
                "{q}.{} #{i} {ty} nullable={nullable} default={default} autoincrement={}{}",
                c.name,
                c.autoincrement,
                if comments {
                    format!(" comment={:?}", c.comment)
                } else {
                    String::new()
                }
            ));
        }
        if let Some(p) = &t.def.primary_key {
            out.push(format!("{q} primary key {:?} {:?}", p.name, p.columns));
        }
        for u in &t.def.unique {
            out.push(format!("{q} unique {:?} {:?}", u.name, u.columns));
        }
        for fk in &t.def.foreign_keys {
            out.push(format!(
                "{q} foreign key {:?} {:?} -> {} {:?} on delete {} on update {} deferrable={:?} index={:?}",
                fk.name,
                fk.columns,
                fk.references.qual_table(),
                fk.references.columns,
                action(fk.on_delete),
                action(fk.on_update),
                fk.deferrable,
                fk.index_name
            ));
        }
        for ck in &t.def.checks {
            out.push(format!("{q} check {:?} {}", ck.name, expr(&ck.expr)));
        }
        for ix in t.indexes.values() {
            let name = &ix.name;
            let cols: Vec<String> = ix
                .columns
                .iter()
                .map(|c| match c {
                    IndexColumn::Column(n) => n.to_string(),
                    IndexColumn::Expr(e) => expr(e),
                })
                .collect();
            let plain = ix
                .columns
                .iter()
                .all(|c| matches!(c, IndexColumn::Column(_)));
            if ix.unique && plain && ix.where_clause.is_none() {
                out.push(format!(
                    "{q} unique Some(Ident({:?})) {:?}",
                    name.as_str(),
                    cols
                ));
            } else {
                out.push(format!(
                    "{q} index {name} {cols:?} unique={} where={:?}",
                    ix.unique,
                    ix.where_clause.as_deref().map(expr)
                ));
            }
        }
    }
    out.sort();
    out
}

/// The lines only one side has, `-` for the model, `+` for what was read.
pub fn differences(model: &[String], read: &[String]) -> Vec<String> {
    let mut out: Vec<String> = model
        .iter()
        .filter(|l| !read.contains(l))
        .map(|l| format!("- {l}"))
        .collect();
    out.extend(
        read.iter()
            .filter(|l| !model.contains(l))
            .map(|l| format!("+ {l}")),
    );
    out
}
