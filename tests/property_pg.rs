//! Property: for random valid chains of operations on a small schema, the
//! upgrade and then the derived downgrade, applied to a real PostgreSQL,
//! leave the catalog exactly as it started (and after the upgrade, the
//! catalog is what the model says).
//!
//! Chains come from a deterministic LCG, so a failure names its chain and
//! reproduces. Each candidate operation is checked against `gen`'s own model
//! first and kept only if valid; the generator also avoids what is valid to
//! the model but not to the engine (a type change under a key or check).
//! At least 5 chains, then as many as fit in about 40 seconds (at most 60):
//! the tests of the binary share its threads, so a busy run checks the
//! same 5 chains, only slower. Skips loudly without a server; fails under
//! `CI=true` (see `support/live.rs`).

use crate::support::catalog;
use crate::support::live;

use crate::support::gen::Gen;
use gen::model::{Constraint, Schema};
use gen::ops::ident::Ident;
use gen::ops::sqltype::SqlType;
use gen::ops::{IndexColumn, Op};
use std::path::Path;
use std::time::{Duration, Instant};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn coin(&mut self) -> bool {
        self.next() % 2 == 0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = self.below(items.len());
        items.get(i)
    }
}

const BASE: &str = "\
revision: p0
down_revision: null
upgrade:
  - create_table:
      name: a
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: n, type: integer, default: 1}
        - {name: s, type: varchar(20)}
        - {name: e, type: \"enum(p,q)\", nullable: false}
  - create_table:
      name: b
      comment: the b table
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: a_id, type: integer, references: {table: a, column: id, on_delete: cascade}}
        - {name: x, type: bigint}
        - {name: label, type: text, comment: a label}
  - create_index: {name: ix_b_x, table: b, columns: [x]}
";

/// Everything about a column the generator needs.
struct Col {
    name: String,
    ty: Option<SqlType>,
    busy: bool,
    has_default: bool,
    in_pk: bool,
}

fn columns(schema: &Schema, table: &str) -> Vec<Col> {
    let Some((q, t)) = schema.tables().find(|(q, _)| q.name.as_str() == table) else {
        return Vec::new();
    };
    let pk: Vec<String> = t
        .primary_key_columns()
        .iter()
        .map(|c| c.to_string())
        .collect();
    t.def
        .columns
        .iter()
        .map(|c| {
            let n = c.name.as_str();
            let in_constraint = t.constraints().iter().any(|k| match k {
                Constraint::Check(ck) => t.check_columns(schema.dialect(), &ck.expr).contains(&n),
                other => other.columns().iter().any(|x| x.as_str() == n),
            });
            let in_index = t.indexes.values().any(|i| {
                i.columns
                    .iter()
                    .any(|x| matches!(x, IndexColumn::Column(y) if y.as_str() == n))
            });
            let referenced = schema.tables().any(|(_, o)| {
                o.def.foreign_keys.iter().any(|fk| {
                    fk.references.qual_table() == *q
                        && fk.references.columns.iter().any(|x| x.as_str() == n)
                })
            });
            Col {
                name: n.to_owned(),
                ty: c.ty.portable().cloned(),
                busy: in_constraint || in_index || referenced || c.autoincrement,
                has_default: c.default.is_some(),
                in_pk: pk.iter().any(|p| p == n),
            }
        })
        .collect()
}

fn default_for(ty: &Option<SqlType>, rng: &mut Lcg) -> String {
    match ty {
        Some(SqlType::Integer | SqlType::BigInt) => format!("{}", rng.below(100)),
        Some(SqlType::Boolean) => "true".to_owned(),
        Some(SqlType::Enum { values }) => values.first().cloned().unwrap_or_default(),
        _ => "\"it's\"".to_owned(),
    }
}

/// One random candidate operation (YAML flow text) for the current model.
fn candidate(schema: &Schema, rng: &mut Lcg, fresh: &mut usize) -> String {
    let tables: Vec<String> = schema.tables().map(|(q, _)| q.name.to_string()).collect();
    let Some(t) = rng.pick(&tables).cloned() else {
        *fresh += 1;
        return format!(
            "create_table: {{name: t{fresh}, columns: [{{name: id, type: integer, primary_key: true}}]}}"
        );
    };
    let cols = columns(schema, &t);
    let col = rng.below(cols.len());
    let c = &cols[col];
    *fresh += 1;
    let f = *fresh;
    let name = |rng: &mut Lcg, prefix: &str| {
        if rng.coin() {
            format!("name: {prefix}{f}, ")
        } else {
            String::new()
        }
    };
    match rng.below(15) {
        0 | 1 => {
            let ty = *rng
                .pick(&[
                    "integer",
                    "bigint",
                    "text",
                    "varchar(30)",
                    "boolean",
                    "\"enum(u,v)\"",
                ])
                .unwrap_or(&"text");
            let parsed = SqlType::parse(ty.trim_matches('"')).ok();
            let mut col = format!("{{name: c{f}, type: {ty}");
            if rng.coin() {
                col.push_str(&format!(", default: {}", default_for(&parsed, rng)));
            }
            if rng.coin() {
                col.push_str(", nullable: false");
            }
            if rng.below(3) == 0 && ty != "boolean" {
                col.push_str(", unique: true");
            }
            if rng.coin() {
                col.push_str(&format!(", comment: \"column {f}\""));
            }
            format!("add_column: {{table: {t}, column: {col}}}}}")
        }
        2 => format!("drop_column: {{table: {t}, column: {}}}", c.name),
        3 | 4 => {
            let mut parts = Vec::new();
            if rng.below(3) == 0 {
                parts.push(format!("new_name: r{f}"));
            }
            if !c.busy && !c.has_default && rng.coin() {
                let to = match &c.ty {
                    Some(SqlType::Integer) => Some("bigint"),
                    Some(SqlType::BigInt) => Some("integer"),
                    Some(SqlType::Text) => Some(if rng.coin() {
                        "varchar(40)"
                    } else {
                        "\"enum(u,v)\""
                    }),
                    Some(SqlType::Varchar { .. }) => Some("text"),
                    Some(SqlType::Enum { .. }) => Some(if rng.coin() {
                        "text"
                    } else {
                        "\"enum(p,q,w)\""
                    }),
                    _ => None,
                };
                if let Some(to) = to {
                    parts.push(format!("type: {to}"));
                }
            }
            if !c.in_pk && rng.coin() {
                parts.push(format!("nullable: {}", rng.coin()));
            }
            if c.ty != Some(SqlType::Boolean) && rng.below(3) == 0 {
                if c.has_default && rng.coin() {
                    parts.push("default: null".to_owned());
                } else if c.ty.is_some() && !matches!(c.ty, Some(SqlType::Enum { .. })) {
                    parts.push(format!("default: {}", default_for(&c.ty, rng)));
                }
            }
            if rng.below(3) == 0 {
                parts.push(if rng.coin() {
                    "comment: null".to_owned()
                } else {
                    format!("comment: \"changed {f}\"")
                });
            }
            if parts.is_empty() {
                parts.push(format!("comment: \"note {f}\""));
            }
            format!(
                "alter_column: {{table: {t}, column: {}, {}}}",
                c.name,
                parts.join(", ")
            )
        }
        5 => format!("rename_table: {{name: {t}, new_name: t{f}}}"),
        6 => format!(
            "create_index: {{name: ix{f}, table: {t}, columns: [{}], unique: {}}}",
            c.name,
            rng.coin()
        ),
        7 => {
            let idx: Vec<String> = schema
                .tables()
                .flat_map(|(_, tt)| tt.indexes.keys().map(|k| k.to_string()))
                .collect();
            match rng.pick(&idx) {
                Some(i) => format!("drop_index: {{name: {i}}}"),
                None => format!("create_table_comment: {{table: {t}, comment: \"table {f}\"}}"),
            }
        }
        8 => format!(
            "create_unique_constraint: {{{}table: {t}, columns: [{}]}}",
            name(rng, "uq"),
            c.name
        ),
        9 => format!(
            "create_check_constraint: {{{}table: {t}, expr: \"{} IS NULL OR {} IS NOT NULL\"}}",
            name(rng, "ck"),
            c.name,
            c.name
        ),
        10 => {
            // An integer column to another table's integer primary key.
            let target = rng.pick(&tables).cloned().unwrap_or_default();
            let tcols = columns(schema, &target);
            let pk: Vec<&Col> = tcols.iter().filter(|x| x.in_pk).collect();
            let ints = |x: &Option<SqlType>| matches!(x, Some(SqlType::Integer | SqlType::BigInt));
            match (pk.as_slice(), ints(&c.ty)) {
                ([key], true) if ints(&key.ty) => format!(
                    "create_foreign_key: {{{}table: {t}, columns: [{}], references: {{table: {target}, columns: [{}]}}, on_delete: {}, deferrable: {}}}",
                    name(rng, "fk"),
                    c.name,
                    key.name,
                    rng.pick(&["cascade", "set null", "restrict", "no action"]).unwrap_or(&"cascade"),
                    rng.coin()
                ),
                _ => format!("create_table_comment: {{table: {t}, comment: \"table {f}\"}}"),
            }
        }
        11 => {
            let names: Vec<String> = schema
                .tables()
                .find(|(q, _)| q.name.as_str() == t)
                .map(|(_, tt)| {
                    tt.constraints()
                        .iter()
                        .filter_map(|k| k.name().map(Ident::to_string))
                        .collect()
                })
                .unwrap_or_default();
            match rng.pick(&names) {
                Some(n) => format!("drop_constraint: {{name: {n}, table: {t}}}"),
                None => format!("drop_table_comment: {{table: {t}}}"),
            }
        }
        12 => {
            if rng.coin() {
                format!("create_table_comment: {{table: {t}, comment: \"table {f}\"}}")
            } else {
                format!("drop_table_comment: {{table: {t}}}")
            }
        }
        13 => {
            if rng.coin() {
                format!(
                    "create_table: {{name: t{f}, columns: [{{name: id, type: integer}}, {{name: v, type: text}}]}}"
                )
            } else {
                format!(
                    "create_primary_key: {{{}table: {t}, columns: [{}]}}",
                    name(rng, "pk"),
                    c.name
                )
            }
        }
        _ => format!("drop_table: {{name: {t}}}"),
    }
}

/// A random valid chain: the upgrade list of revision `p1`.
fn chain(base: &Schema, rng: &mut Lcg, len: usize) -> (Vec<String>, Schema) {
    let mut schema = base.clone();
    let mut kept = Vec::new();
    let mut fresh = 0;
    let mut attempts = 0;
    while kept.len() < len && attempts < len * 20 {
        attempts += 1;
        let text = candidate(&schema, rng, &mut fresh);
        let op: Op = match serde_yaml::from_str(&text) {
            Ok(op) => op,
            Err(e) => panic!("generator wrote bad YAML {text}: {e}"),
        };
        let mut next = schema.clone();
        if next.apply(&op).is_ok() {
            schema = next;
            kept.push(text);
        }
    }
    (kept, schema)
}

fn gen_script(dir: &Path, args: &[&str], out: &Path) {
    Gen::new()
        .arg("--migrations")
        .arg(dir)
        .args(args)
        .script(out);
}

#[test]
fn random_chains_upgrade_then_derived_downgrade_restore_the_catalog() {
    let Some(pg) = live::pg() else { return };
    let budget = Duration::from_secs(40);
    let started = Instant::now();
    let base: Schema = {
        #[derive(serde::Deserialize)]
        struct Rev {
            upgrade: Vec<Op>,
        }
        let rev: Rev = serde_yaml::from_str(
            &BASE
                .lines()
                .filter(|l| !l.starts_with("revision") && !l.starts_with("down_revision"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
        .expect("base revision");
        let mut s = Schema::new();
        for op in &rev.upgrade {
            s.apply(op).expect("base applies");
        }
        s
    };
    // GEN_PROP_SEED explores other chains; the default keeps CI reproducible.
    let seed = std::env::var("GEN_PROP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0f9e_u64);
    let mut rng = Lcg(seed);
    let mut chains = 0;
    let mut ops = 0;
    while (chains < 5 || started.elapsed() < budget) && chains < 60 {
        let len = 4 + rng.below(9);
        let (list, after) = chain(&base, &mut rng, len);
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("p0.yaml"), BASE).expect("write");
        let body: String = list.iter().map(|o| format!("  - {o}\n")).collect();
        let p1 = format!("revision: p1\ndown_revision: p0\nupgrade:\n{body}");
        std::fs::write(dir.path().join("p1.yaml"), &p1).expect("write");
        let (up0, up1, down) = (
            dir.path().join("up0.sql"),
            dir.path().join("up1.sql"),
            dir.path().join("down.sql"),
        );
        gen_script(dir.path(), &["upgrade", "p0"], &up0);
        gen_script(dir.path(), &["upgrade", "p0:heads"], &up1);
        gen_script(dir.path(), &["downgrade", "heads:p0"], &down);

        let db = pg.fresh_db(&format!("prop{chains}"));
        let show = |what: &str, e: String| -> ! {
            panic!(
                "seed {seed}, chain #{chains}: {what}\n--- p1.yaml\n{p1}\n--- up\n{}\n--- down\n{}\n--- error\n{e}",
                std::fs::read_to_string(&up1).unwrap_or_default(),
                std::fs::read_to_string(&down).unwrap_or_default()
            )
        };
        db.apply_file(&up0)
            .unwrap_or_else(|e| show("base upgrade failed", e));
        let start = catalog::describe_catalog(&db);
        db.apply_file(&up1)
            .unwrap_or_else(|e| show("upgrade failed", e));
        let upgraded = catalog::describe_catalog(&db).join("\n");
        let model = catalog::describe_model(&after).join("\n");
        if upgraded != model {
            show(
                "catalog after upgrade differs from the model",
                format!("catalog:\n{upgraded}\nmodel:\n{model}"),
            );
        }
        db.apply_file(&down)
            .unwrap_or_else(|e| show("derived downgrade failed", e));
        let end = catalog::describe_catalog(&db);
        if end != start {
            show(
                "catalog after the downgrade differs from the start",
                format!("start:\n{}\nend:\n{}", start.join("\n"), end.join("\n")),
            );
        }
        chains += 1;
        ops += list.len();
    }
    eprintln!(
        "property (seed {seed}): {chains} chains, {ops} operations, {:?}",
        started.elapsed()
    );
}
