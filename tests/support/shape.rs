//! The shape of a schema on MariaDB and SQLite, read from the live catalog
//! and from `gen`'s schema model, as sorted lines that must be equal:
//! columns (nullability, auto-increment), keys and indexes (name where the
//! engine keeps it, uniqueness, columns in order), foreign keys (columns and
//! target) and, on MariaDB, check constraints by name. PostgreSQL has the
//! deeper `support/catalog.rs`.
//!
//! A test module uses it as `crate::support::shape` (it reads the catalog
//! through `support/live.rs`).
//!
//! Column order is not compared (a derived downgrade adds a dropped column
//! back at the end, as the engine does). SQLite names neither its
//! automatic key indexes nor its foreign keys: those are compared by
//! columns. On MariaDB the index `gen` keeps under a foreign key is in the
//! model (`index_name`); one InnoDB made itself is not (see
//! [`without_foreign_key_indexes`]).
#![allow(dead_code)]

use super::live::{self, Db, Kind};
use gen::model::Schema;
use gen::ops::ident::Ident;

fn joined(cols: &[Ident]) -> String {
    cols.iter().map(Ident::as_str).collect::<Vec<_>>().join(",")
}

/// The catalog's shape, sorted (the version table left out).
pub fn of_catalog(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    for table in db.tables() {
        if table == "alembic_version" {
            continue;
        }
        let t = &table;
        let lit = format!("'{}'", table.replace('\'', "''"));
        for (name, _, nullable) in db.columns(t) {
            let auto = match db.kind() {
                Kind::MariaDb => !db
                    .query(&format!(
                        "SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() \
                         AND table_name = {lit} AND column_name = '{name}' AND extra LIKE '%auto_increment%'"
                    ))
                    .is_empty(),
                _ => db
                    .query(&format!("SELECT sql FROM sqlite_schema WHERE name = {lit}"))
                    .into_iter()
                    .map(|row| row.join("\t"))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .lines()
                    .any(|l| {
                        l.trim_start().starts_with(&format!("{name} ")) && l.contains("AUTOINCREMENT")
                    }),
            };
            out.push(format!(
                "column {t}.{name} {}{}",
                if nullable { "null" } else { "not null" },
                if auto { " autoincrement" } else { "" }
            ));
        }
        for ix in db.indexes(t) {
            let name = if ix.name.starts_with("sqlite_autoindex_") {
                "<auto>".to_owned()
            } else {
                ix.name.clone()
            };
            out.push(format!(
                "index {t}.{name} {}({})",
                if ix.unique { "unique " } else { "" },
                ix.columns.join(",")
            ));
        }
        let fks = match db.kind() {
            Kind::MariaDb => db.query(&format!(
                "SELECT constraint_name, GROUP_CONCAT(column_name ORDER BY ordinal_position), \
                        referenced_table_name, \
                        GROUP_CONCAT(referenced_column_name ORDER BY ordinal_position) \
                 FROM information_schema.key_column_usage \
                 WHERE table_schema = DATABASE() AND table_name = {lit} \
                   AND referenced_table_name IS NOT NULL \
                 GROUP BY constraint_name, referenced_table_name"
            )),
            _ => db.query(&format!(
                "SELECT '<fk>', group_concat(\"from\"), \"table\", group_concat(\"to\") \
                 FROM (SELECT * FROM pragma_foreign_key_list({lit}) ORDER BY id, seq) GROUP BY id"
            )),
        };
        for r in fks {
            out.push(format!(
                "foreign key {t}.{} ({}) -> {} ({})",
                r[0], r[1], r[2], r[3]
            ));
        }
        if db.kind() == Kind::MariaDb {
            for r in db.query(&format!(
                "SELECT constraint_name FROM information_schema.check_constraints \
                 WHERE constraint_schema = DATABASE() AND table_name = {lit}"
            )) {
                out.push(format!("check {t}.{}", r[0]));
            }
        }
    }
    out.sort();
    out
}

/// The model's shape as `kind` should show it, sorted.
pub fn of_model(schema: &Schema, kind: Kind) -> Vec<String> {
    let mut out = Vec::new();
    for (name, table) in schema.tables() {
        let t = name.name.as_str();
        let pk = table.primary_key_columns();
        for c in &table.def.columns {
            out.push(format!(
                "column {t}.{} {}{}",
                c.name,
                if c.is_nullable() && !pk.contains(&&c.name) {
                    "null"
                } else {
                    "not null"
                },
                if c.autoincrement {
                    " autoincrement"
                } else {
                    ""
                }
            ));
        }
        // A one-column `INTEGER` primary key is SQLite's rowid.
        let rowid = matches!(pk.as_slice(), [one] if table.column(one).is_some_and(|c| {
            c.autoincrement || c.ty.portable() == Some(&gen::ops::sqltype::SqlType::Integer)
        }));
        if let Some(key) = &table.def.primary_key {
            match kind {
                Kind::MariaDb => out.push(format!(
                    "index {t}.PRIMARY unique ({})",
                    joined(&key.columns)
                )),
                // `INTEGER PRIMARY KEY` is the rowid: no index.
                _ if rowid => {}
                _ => out.push(format!(
                    "index {t}.<auto> unique ({})",
                    joined(&key.columns)
                )),
            }
        }
        for u in &table.def.unique {
            let n = match kind {
                Kind::MariaDb => u.name.as_ref().map_or("<unnamed>", Ident::as_str),
                _ => "<auto>",
            };
            out.push(format!("index {t}.{n} unique ({})", joined(&u.columns)));
        }
        for ix in table.indexes.values() {
            let cols: Vec<String> = ix
                .columns
                .iter()
                .map(|c| {
                    c.column()
                        .map_or_else(|| "<expr>".to_owned(), Ident::to_string)
                })
                .collect();
            out.push(format!(
                "index {t}.{} {}({})",
                ix.name,
                if ix.unique { "unique " } else { "" },
                cols.join(",")
            ));
        }
        for fk in &table.def.foreign_keys {
            if let (Some(index), live::Kind::MariaDb) = (&fk.index_name, kind) {
                out.push(format!("index {t}.{index} ({})", joined(&fk.columns)));
            }
            let n = match kind {
                Kind::MariaDb => fk.name.as_ref().map_or("<unnamed>", Ident::as_str),
                _ => "<fk>",
            };
            out.push(format!(
                "foreign key {t}.{n} ({}) -> {} ({})",
                joined(&fk.columns),
                fk.references.table,
                joined(&fk.references.columns)
            ));
        }
        if kind == Kind::MariaDb {
            for ck in &table.def.checks {
                out.push(format!(
                    "check {t}.{}",
                    ck.name.as_ref().map_or("<unnamed>", Ident::as_str)
                ));
            }
        }
    }
    out.sort();
    out
}

/// MariaDB: the catalog's indexes that are not in the model but InnoDB
/// made for a foreign key that has no index of its own in the model
/// (`create_foreign_key` without `index_name`): their leading columns are
/// its columns. Left out of `catalog` so the rest compares with
/// [`of_model`].
pub fn without_foreign_key_indexes(catalog: Vec<String>, schema: &Schema) -> Vec<String> {
    let model = of_model(schema, Kind::MariaDb);
    let fk_columns: Vec<(String, String)> = schema
        .tables()
        .flat_map(|(q, t)| {
            t.def
                .foreign_keys
                .iter()
                .filter(|fk| fk.index_name.is_none())
                .map(move |fk| (q.name.to_string(), joined(&fk.columns)))
        })
        .collect();
    catalog
        .into_iter()
        .filter(|line| {
            if model.contains(line) {
                return true;
            }
            let Some(rest) = line.strip_prefix("index ") else {
                return true;
            };
            let table = rest.split('.').next().unwrap_or_default();
            let cols = rest
                .rsplit('(')
                .next()
                .unwrap_or_default()
                .trim_end_matches(')');
            !fk_columns
                .iter()
                .any(|(t, c)| t == table && (cols == c || cols.starts_with(&format!("{c},"))))
        })
        .collect()
}
