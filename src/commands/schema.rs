//! `gen schema [REV]`: the schema the model holds at a revision, printed
//! as the `CREATE` statements that would build it from nothing.
//!
//! The model is turned back into operations (enum types come with their
//! tables, then indexes and comments), in a deterministic order: tables by
//! name, each after the tables its foreign keys point at; foreign keys that
//! close a cycle are added at the end with `ALTER TABLE`. Every operation
//! goes through the same lower + render + validate path as a migration, so
//! the output is valid SQL for the dialect.

use crate::config::Config;
use crate::error::Error;
use crate::generate::schema_at;
use crate::graph::RevisionGraph;
use crate::ident::QualName;
use crate::lower::{lower, LowerCtx};
use crate::ops::{CreateForeignKey, Op};
use crate::render::Renderer;
use crate::schema::Schema;
use crate::validate;
use std::collections::BTreeSet;

/// The model's schema as operations that build it, in a safe order.
pub fn build_ops(schema: &Schema) -> Vec<Op> {
    let mut remaining: Vec<(&QualName, &crate::schema::Table)> = schema.tables().collect();
    let mut done: BTreeSet<QualName> = BTreeSet::new();
    let mut ops = Vec::new();
    let mut deferred = Vec::new();
    while !remaining.is_empty() {
        let ready = |t: &crate::schema::Table, me: &QualName| {
            t.def.foreign_keys.iter().all(|fk| {
                let target = fk.references.qual_table();
                &target == me || done.contains(&target)
            })
        };
        let pick = remaining.iter().position(|(q, t)| ready(t, q)).unwrap_or(0);
        let (q, t) = remaining.remove(pick);
        let mut def = t.def.clone();
        let (now, later): (Vec<_>, Vec<_>) = def.foreign_keys.into_iter().partition(|fk| {
            let target = fk.references.qual_table();
            &target == q || done.contains(&target)
        });
        def.foreign_keys = now;
        deferred.extend(later.into_iter().map(|fk| {
            Op::CreateForeignKey(Box::new(CreateForeignKey {
                name: fk.name,
                table: q.name.clone(),
                schema: q.schema.clone(),
                columns: fk.columns,
                references: fk.references,
                on_delete: fk.on_delete,
                on_update: fk.on_update,
                deferrable: fk.deferrable,
                initially: fk.initially,
            }))
        }));
        ops.push(Op::CreateTable(Box::new(def)));
        ops.extend(t.indexes.values().map(|i| {
            let mut i = i.clone();
            i.concurrently = false;
            i.if_not_exists = false;
            Op::CreateIndex(Box::new(i))
        }));
        done.insert(q.clone());
    }
    ops.extend(deferred);
    ops
}

/// The `CREATE` script for the schema at `nodes` (empty: base).
pub fn schema_sql(
    graph: &RevisionGraph,
    nodes: &[usize],
    config: &Config,
    label: &str,
) -> Result<String, Error> {
    let schema = schema_at(graph, nodes, config.dialect.clone())?;
    let renderer = Renderer::new(config.dialect.clone(), config.templates.clone());
    let ctx = LowerCtx {
        dialect: renderer.dialect(),
        transactional: true,
        preview: None,
    };
    let mut built = Schema::for_dialect(config.dialect.clone());
    let mut out = format!(
        "-- The schema at {label} as gen's model holds it ({} tables, dialect {}).\n",
        schema.tables().count(),
        config.dialect.name()
    );
    let schemas: BTreeSet<String> = schema
        .tables()
        .filter_map(|(q, _)| q.schema.as_ref().map(|s| s.to_string()))
        .collect();
    if !schemas.is_empty() {
        out.push_str(&format!(
            "-- Database schemas are outside the model (`execute` makes them); these must exist: {}\n",
            schemas.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    for op in build_ops(&schema) {
        let preview = crate::lower::preview(&op, &mut built, ctx.dialect);
        let ctx = LowerCtx {
            preview: preview.as_ref(),
            ..ctx
        };
        let stmts = lower(&op, &built, &ctx)
            .map_err(|e| Error::Internal(format!("schema: {}: {e}", op.subject())))?;
        built
            .apply(&op)
            .map_err(|e| Error::Internal(format!("schema: {}: {e}", op.subject())))?;
        for stmt in &stmts.statements {
            let sql = renderer
                .statement(stmt)
                .map_err(|e| Error::Usage(format!("template `{}`: {}", e.template, e.message)))?;
            validate::check(renderer.dialect(), &sql).map_err(|f| {
                Error::Internal(format!(
                    "schema: rendered SQL does not parse ({}): {sql}",
                    f.message
                ))
            })?;
            out.push('\n');
            out.push_str(&sql);
            out.push_str(";\n");
        }
    }
    Ok(out)
}
