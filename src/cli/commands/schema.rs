//! `gen schema [REV]`: the schema the model holds at a revision, printed
//! as the `CREATE` statements that would build it from nothing.
//!
//! The model is turned back into operations (enum types come with their
//! tables, then indexes and comments, sequences last), in a deterministic order: tables by
//! name, each after the tables its foreign keys point at; foreign keys that
//! close a cycle are added at the end with `ALTER TABLE`. Every operation
//! goes through the same lower + render + validate path as a migration, so
//! the output is valid SQL for the dialect.

use crate::cli::config::Config;
use crate::diag::error::Error;
use crate::driver::schema_at;
use crate::emit::comment;
use crate::emit::render::Renderer;
use crate::emit::validate;
use crate::history::graph::RevisionGraph;
use crate::lower::{lower, LowerCtx};
use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::{CreateForeignKey, Op};
use std::collections::{BTreeSet, HashMap};

/// The model's schema as operations that build it, in a safe order: each
/// time, the first table by name whose foreign keys point only at itself or
/// at tables already created; when none is, the first table left, its other
/// foreign keys added at the end. Counting what each table still waits for
/// makes this linear in tables and keys (scanning the tables left for the
/// next one made 100,000 revisions take minutes).
pub fn build_ops(schema: &Schema) -> Vec<Op> {
    let tables: Vec<(&QualName, &crate::model::Table)> = schema.tables().collect();
    let index: HashMap<&QualName, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, (q, _))| (*q, i))
        .collect();
    // What each table waits for (other tables, each once), and who waits
    // for each table. A key to a table the model lacks is never met.
    let mut waiting: Vec<usize> = Vec::with_capacity(tables.len());
    let mut waiters: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    for (i, (q, t)) in tables.iter().enumerate() {
        let targets: BTreeSet<QualName> = t
            .def
            .foreign_keys
            .iter()
            .map(|fk| fk.references.qual_table())
            .filter(|target| target != *q)
            .collect();
        waiting.push(targets.len());
        for target in &targets {
            if let Some(&j) = index.get(target) {
                waiters[j].push(i);
            }
        }
    }
    let mut left: BTreeSet<usize> = (0..tables.len()).collect();
    let mut ready: BTreeSet<usize> = (0..tables.len()).filter(|&i| waiting[i] == 0).collect();
    let mut ops = Vec::new();
    let mut deferred = Vec::new();
    while let Some(pick) = ready.pop_first().or_else(|| left.first().copied()) {
        left.remove(&pick);
        let (q, t) = tables[pick];
        let mut def = t.def.clone();
        let (now, later): (Vec<_>, Vec<_>) = def.foreign_keys.into_iter().partition(|fk| {
            let target = fk.references.qual_table();
            // Created already: no longer left.
            &target == q || index.get(&target).is_some_and(|j| !left.contains(j))
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
                index_name: fk.index_name,
                not_valid: false,
            }))
        }));
        ops.push(Op::CreateTable(Box::new(def)));
        ops.extend(t.indexes.values().map(|i| {
            let mut i = i.clone();
            i.concurrently = false;
            i.if_not_exists = false;
            Op::CreateIndex(Box::new(i))
        }));
        for &w in &waiters[pick] {
            waiting[w] -= 1;
            if waiting[w] == 0 && left.contains(&w) {
                ready.insert(w);
            }
        }
    }
    ops.extend(deferred);
    // Sequences last, in name order: the column one belongs to exists.
    ops.extend(
        schema
            .sequences()
            .map(|s| Op::CreateSequence(Box::new(s.clone()))),
    );
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
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = comment::line(
        &mut out,
        format_args!(
            "The schema at {label} as gen's model holds it ({} tables, dialect {}).",
            schema.tables().count(),
            config.dialect.name()
        ),
    );
    let sequences = schema.sequences().count();
    if sequences > 0 {
        let _ = comment::line(
            &mut out,
            format_args!("And {sequences} sequences, created after the tables."),
        );
    }
    let schemas: BTreeSet<String> = schema
        .tables()
        .filter_map(|(q, _)| q.schema.as_ref().map(|s| s.to_string()))
        .collect();
    if !schemas.is_empty() {
        let _ = comment::line(
            &mut out,
            format_args!(
                "Database schemas are outside the model (`execute` makes them); these must exist: {}",
                schemas.into_iter().collect::<Vec<_>>().join(", ")
            ),
        );
    }
    for op in build_ops(&schema) {
        let preview = crate::lower::preview(&op, &mut built, ctx.dialect);
        let ctx = LowerCtx {
            preview: preview.as_ref(),
            ..ctx
        };
        let stmts = lower(&op, &built, &ctx).map_err(|e| {
            let message = format!("schema: {}: {e}", op.subject());
            // A sequence where the dialect has none is the user's history,
            // not a broken model.
            match op {
                Op::CreateSequence(_) => Error::Usage(message),
                _ => Error::Internal(message),
            }
        })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables in creation order and the keys deferred, as first
    /// written: scan the tables left for the first one ready, else take the
    /// first. Quadratic; the reference for the counting order.
    fn scanning_order(schema: &Schema) -> (Vec<String>, Vec<String>) {
        let mut remaining: Vec<(&QualName, &crate::model::Table)> = schema.tables().collect();
        let mut done: BTreeSet<QualName> = BTreeSet::new();
        let (mut order, mut deferred) = (Vec::new(), Vec::new());
        while !remaining.is_empty() {
            let ready = |t: &crate::model::Table, me: &QualName| {
                t.def.foreign_keys.iter().all(|fk| {
                    let target = fk.references.qual_table();
                    &target == me || done.contains(&target)
                })
            };
            let pick = remaining.iter().position(|(q, t)| ready(t, q)).unwrap_or(0);
            let (q, t) = remaining.remove(pick);
            for fk in &t.def.foreign_keys {
                let target = fk.references.qual_table();
                if &target != q && !done.contains(&target) {
                    deferred.push(format!("{q} -> {target}"));
                }
            }
            order.push(q.to_string());
            done.insert(q.clone());
        }
        (order, deferred)
    }

    /// The same two lists, read off the operations `build_ops` gives.
    fn built_order(ops: &[Op]) -> (Vec<String>, Vec<String>) {
        let (mut order, mut deferred) = (Vec::new(), Vec::new());
        for op in ops {
            match op {
                Op::CreateTable(t) => order.push(t.qual_name().to_string()),
                Op::CreateForeignKey(fk) => deferred.push(format!(
                    "{} -> {}",
                    fk.qual_table(),
                    fk.references.qual_table()
                )),
                _ => {}
            }
        }
        (order, deferred)
    }

    #[test]
    fn the_counting_order_is_the_scanning_order() {
        let yaml = "
- create_table: {name: z_root, columns: [{name: id, type: integer, primary_key: true}]}
- create_table:
    name: m_child
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: root_id, type: integer, references: {table: z_root, column: id}}
- create_table: {name: a_one, columns: [{name: id, type: integer, primary_key: true}, {name: b_id, type: integer}]}
- create_table:
    name: b_one
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: a_id, type: integer, references: {table: a_one, column: id}}
- create_foreign_key: {table: a_one, columns: [b_id], references: {table: b_one, columns: [id]}}
- create_table:
    name: c_self
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: parent_id, type: integer, references: {table: c_self, column: id}}
      - {name: child_id, type: integer, references: {table: m_child, column: id}}
- create_table:
    name: d_twice
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: r1, type: integer, references: {table: z_root, column: id}}
      - {name: r2, type: integer, references: {table: z_root, column: id}}
- create_table:
    name: e_late
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: d_id, type: integer, references: {table: d_twice, column: id}}
      - {name: b_id, type: integer, references: {table: b_one, column: id}}
";
        let mut schema = Schema::new();
        for op in crate::source::parse_ops(yaml).unwrap() {
            schema.apply(&op).unwrap();
        }
        let (order, deferred) = built_order(&build_ops(&schema));
        assert_eq!((order.clone(), deferred.clone()), scanning_order(&schema));
        // Waiting tables come after what they point at, in name order when
        // several are ready; the cycle a_one <-> b_one breaks at a_one.
        assert_eq!(
            order,
            ["z_root", "d_twice", "m_child", "c_self", "a_one", "b_one", "e_late"]
        );
        assert_eq!(deferred, ["a_one -> b_one"]);
    }
}
