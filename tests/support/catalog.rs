//! One normalized text description of a PostgreSQL schema, built two ways:
//! from the live catalog (`pg_class`, `pg_attribute`, `pg_constraint`,
//! `pg_index`, `pg_type`) and from `gen`'s schema model. Equal descriptions
//! mean the model tells the truth about types, nullability, identity,
//! generated columns, collations, defaults, comments, constraints (names,
//! kinds, columns, foreign-key targets and actions, deferrability),
//! indexes, enum types and sequences (start, step, bounds, cycle, owning
//! column).
//!
//! A test module uses it as `crate::support::catalog` (it reads the
//! catalog through `support/live.rs`).
//!
//! Check expressions and index expressions are compared by presence only
//! (the engine re-spells them).
#![allow(dead_code)]

use super::live::Db;
use gen::dialect::{Dialect, PostgreSql};
use gen::model::{Constraint, Schema};
use gen::ops::ident::{Ident, QualName};
use gen::ops::literal::{DefaultValue, Literal};
use gen::ops::sqltype::{DialectType, SqlType};
use gen::ops::{ColumnDef, FkAction, Initially};

const USER_SCHEMAS: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') \
                            AND n.nspname NOT LIKE 'pg_temp%'";

fn qual(schema: &str, name: &str) -> String {
    if schema == "public" {
        name.to_owned()
    } else {
        format!("{schema}.{name}")
    }
}

fn comment(c: Option<&str>) -> String {
    c.map(|c| format!(" comment={c:?}")).unwrap_or_default()
}

/// A default as text the catalog and the model agree on: casts stripped,
/// quoted numbers unquoted, lower case.
fn norm_default(s: &str) -> String {
    let mut s = s.trim().to_owned();
    loop {
        // Strip a trailing `::type` outside quotes.
        let bytes = s.as_bytes();
        let mut in_quote = false;
        let mut cut = None;
        let mut i = 0;
        while i + 1 < bytes.len() {
            match bytes[i] {
                b'\'' => in_quote = !in_quote,
                b':' if !in_quote && bytes[i + 1] == b':' => cut = Some(i),
                _ => {}
            }
            i += 1;
        }
        match cut {
            Some(at)
                if s[at + 2..]
                    .chars()
                    .all(|c| c.is_alphanumeric() || " _.\"(),".contains(c)) =>
            {
                s.truncate(at);
            }
            _ => break,
        }
    }
    if let Some(inner) = s.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        if inner.parse::<f64>().is_ok() {
            s = inner.to_owned();
        }
    }
    if s.starts_with('(') && s.ends_with(')') && s[1..s.len() - 1].parse::<f64>().is_ok() {
        s = s[1..s.len() - 1].to_owned();
    }
    s.to_lowercase()
}

fn action(code: &str) -> &'static str {
    match code {
        "r" => "restrict",
        "c" => "cascade",
        "n" => "set null",
        "d" => "set default",
        _ => "no action",
    }
}

/// The catalog's description, sorted.
pub fn describe_catalog(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    let skip = "c.relname <> 'alembic_version'";
    for r in db.query(&format!(
        "SELECT n.nspname, c.relname, coalesce(obj_description(c.oid, 'pg_class'), chr(1)) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind = 'r' AND {USER_SCHEMAS} AND {skip}"
    )) {
        let c = (r[2] != "\u{1}").then_some(r[2].as_str());
        out.push(format!("table {}{}", qual(&r[0], &r[1]), comment(c)));
    }
    for r in db.query(&format!(
        "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), \
                a.attnotnull, a.attidentity <> '', coalesce(pg_get_expr(d.adbin, d.adrelid), chr(1)), \
                coalesce(col_description(c.oid, a.attnum), chr(1)), a.attgenerated <> '', \
                coalesce((SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation \
                  AND a.attcollation <> (SELECT t.typcollation FROM pg_type t WHERE t.oid = a.atttypid)), chr(1)) \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND {USER_SCHEMAS} AND {skip}"
    )) {
        let mut line = format!(
            "column {}.{} {} {}",
            qual(&r[0], &r[1]),
            r[2],
            r[3],
            if r[4] == "t" { "not null" } else { "null" }
        );
        if r[5] == "t" {
            line.push_str(" identity");
        }
        // A generated column's expression is in pg_attrdef too.
        if r[9] != "\u{1}" {
            line.push_str(&format!(" collate={}", r[9]));
        }
        if r[8] == "t" {
            line.push_str(" generated");
        } else if r[6] != "\u{1}" {
            line.push_str(&format!(" default={}", norm_default(&r[6])));
        }
        line.push_str(&comment((r[7] != "\u{1}").then_some(r[7].as_str())));
        out.push(line);
    }
    let cols = |key: &str, rel: &str| {
        format!(
            "array_to_string(ARRAY(SELECT a.attname FROM unnest(con.{key}) WITH ORDINALITY k(num, ord) \
             JOIN pg_attribute a ON a.attrelid = con.{rel} AND a.attnum = k.num ORDER BY k.ord), ',')"
        )
    };
    for r in db.query(&format!(
        "SELECT n.nspname, c.relname, con.conname, con.contype, {}, \
                coalesce(fn.nspname, ''), coalesce(fc.relname, ''), {}, \
                con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred \
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
         LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
         WHERE con.contype IN ('p', 'u', 'f', 'c') AND {USER_SCHEMAS} AND {skip}",
        cols("conkey", "conrelid"),
        cols("confkey", "confrelid"),
    )) {
        let head = format!("constraint {}.{}", qual(&r[0], &r[1]), r[2]);
        out.push(match r[3].as_str() {
            "p" => format!("{head} primary key ({})", r[4]),
            "u" => format!("{head} unique ({})", r[4]),
            "c" => format!("{head} check"),
            _ => format!(
                "{head} foreign key ({}) -> {} ({}) on delete {} on update {}{}{}",
                r[4],
                qual(&r[5], &r[6]),
                r[7],
                action(&r[8]),
                action(&r[9]),
                if r[10] == "t" { " deferrable" } else { "" },
                if r[11] == "t" {
                    " initially deferred"
                } else {
                    ""
                },
            ),
        });
    }
    for r in db.query(&format!(
        "SELECT n.nspname, c.relname, i.relname, ix.indisunique, ix.indpred IS NOT NULL, \
                array_to_string(ARRAY(SELECT CASE WHEN ix.indkey[k - 1] = 0 THEN '<expr>' \
                  ELSE (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = ix.indkey[k - 1]) END \
                  FROM generate_series(1, ix.indnkeyatts) AS k ORDER BY k), ',') \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {USER_SCHEMAS} AND {skip} AND NOT EXISTS (SELECT 1 FROM pg_constraint k \
           WHERE k.conindid = ix.indexrelid AND k.contype IN ('p', 'u', 'x'))"
    )) {
        out.push(format!(
            "index {}.{} {}({}){}",
            qual(&r[0], &r[1]),
            r[2],
            if r[3] == "t" { "unique " } else { "" },
            r[5],
            if r[4] == "t" { " partial" } else { "" },
        ));
    }
    for r in db.query(&format!(
        "SELECT n.nspname, t.typname, array_to_string(ARRAY(SELECT e.enumlabel FROM pg_enum e \
           WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), ',') \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE t.typtype = 'e' AND {USER_SCHEMAS}"
    )) {
        out.push(format!("type {} enum({})", qual(&r[0], &r[1]), r[2]));
    }
    // Sequences of their own (not an identity column's), with the column
    // that owns one (`OWNED BY`: an automatic dependency).
    for r in db.query(&format!(
        "SELECT n.nspname, c.relname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle, \
                coalesce((SELECT t.relname || '.' || a.attname FROM pg_depend d \
                  JOIN pg_class t ON t.oid = d.refobjid \
                  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a' \
                    AND d.refclassid = 'pg_class'::regclass), '-') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_sequence s ON s.seqrelid = c.oid \
         WHERE c.relkind = 'S' AND {USER_SCHEMAS} AND NOT EXISTS (SELECT 1 FROM pg_depend d \
           WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')"
    )) {
        out.push(format!(
            "sequence {} start {} increment {} min {} max {} cycle {} owned_by {}",
            qual(&r[0], &r[1]),
            r[2],
            r[3],
            r[4],
            r[5],
            r[6] == "t",
            r[7]
        ));
    }
    out.sort();
    out
}

fn q(name: &QualName) -> String {
    qual(
        name.schema.as_ref().map_or("public", Ident::as_str),
        name.name.as_str(),
    )
}

/// A column's enum type: its named type (`{enum: [...], name: x}`) or its own.
fn enum_type(table: &QualName, c: &ColumnDef) -> String {
    let name = c.ty.enum_name().cloned().unwrap_or_else(|| {
        Ident::new(&format!("{}_{}_enum", table.name, c.name)).expect("enum name")
    });
    q(&QualName::new(table.schema.clone(), name))
}

/// How `format_type` spells a portable type.
fn pg_type(t: &SqlType) -> String {
    match t {
        SqlType::SmallInt => "smallint".into(),
        SqlType::Integer => "integer".into(),
        SqlType::BigInt => "bigint".into(),
        SqlType::Boolean => "boolean".into(),
        SqlType::Numeric { precision, scale } => match (precision, scale) {
            (Some(p), Some(s)) => format!("numeric({p},{s})"),
            (Some(p), None) => format!("numeric({p},0)"),
            _ => "numeric".into(),
        },
        SqlType::Real => "real".into(),
        SqlType::Float | SqlType::Double => "double precision".into(),
        SqlType::Varchar { length: Some(n) } => format!("character varying({n})"),
        SqlType::Varchar { length: None } => "character varying".into(),
        SqlType::Char { length } => format!("character({})", length.unwrap_or(1)),
        SqlType::Text => "text".into(),
        SqlType::Date => "date".into(),
        SqlType::Time => "time without time zone".into(),
        SqlType::Timestamp => "timestamp without time zone".into(),
        SqlType::TimestampTz => "timestamp with time zone".into(),
        SqlType::Interval => "interval".into(),
        SqlType::Uuid => "uuid".into(),
        SqlType::Json => "json".into(),
        SqlType::Binary => "bytea".into(),
        SqlType::Enum { .. } => "enum".into(),
    }
}

fn fk_action(a: Option<FkAction>) -> &'static str {
    match a {
        Some(FkAction::Cascade) => "cascade",
        Some(FkAction::Restrict) => "restrict",
        Some(FkAction::SetNull) => "set null",
        Some(FkAction::SetDefault) => "set default",
        Some(FkAction::NoAction) | None => "no action",
    }
}

fn joined(cols: &[Ident]) -> String {
    cols.iter().map(Ident::as_str).collect::<Vec<_>>().join(",")
}

/// The model's description, sorted.
pub fn describe_model(schema: &Schema) -> Vec<String> {
    let d = PostgreSql;
    let mut out = Vec::new();
    for (name, table) in schema.tables() {
        let tq = q(name);
        out.push(format!(
            "table {tq}{}",
            comment(table.def.comment.as_deref())
        ));
        for c in &table.def.columns {
            let ty = match c.ty.for_dialect(d.map_keys()).expect("type for postgresql") {
                DialectType::Portable(SqlType::Enum { values }) => {
                    let t = enum_type(name, c);
                    out.push(format!("type {t} enum({})", values.join(",")));
                    t
                }
                DialectType::Portable(p) => pg_type(&p),
                DialectType::Native(n) => n.to_lowercase(),
            };
            let mut line = format!(
                "column {tq}.{} {ty} {}",
                c.name,
                if c.is_nullable() { "null" } else { "not null" }
            );
            if c.autoincrement || c.identity.is_some() {
                line.push_str(" identity");
            }
            if let Some(n) = c
                .collation
                .as_deref()
                .and_then(|n| n.for_dialect(d.map_keys()))
            {
                line.push_str(&format!(" collate={n}"));
            }
            if c.computed.is_some() {
                line.push_str(" generated");
            }
            match c.default.as_deref() {
                // PostgreSQL prints a text default `'...'`, quotes doubled,
                // whether the script wrote it so or as `E'...'`.
                Some(DefaultValue::Literal(Literal::String(text))) => line.push_str(&format!(
                    " default={}",
                    norm_default(&format!("'{}'", text.replace('\'', "''")))
                )),
                Some(DefaultValue::Literal(l)) => line.push_str(&format!(
                    " default={}",
                    norm_default(&d.literal(l).expect("literal"))
                )),
                Some(DefaultValue::Sql(s)) => {
                    line.push_str(&format!(" default={}", norm_default(s)))
                }
                None => {}
            }
            line.push_str(&comment(c.comment.as_deref()));
            out.push(line);
        }
        for c in table.constraints() {
            let head = format!(
                "constraint {tq}.{}",
                c.name().map_or("<unnamed>", Ident::as_str)
            );
            out.push(match &c {
                Constraint::PrimaryKey(k) => format!("{head} primary key ({})", joined(&k.columns)),
                Constraint::Unique(k) => format!("{head} unique ({})", joined(&k.columns)),
                Constraint::Check(_) => format!("{head} check"),
                Constraint::ForeignKey(fk) => format!(
                    "{head} foreign key ({}) -> {} ({}) on delete {} on update {}{}{}",
                    joined(&fk.columns),
                    q(&fk.references.qual_table()),
                    joined(&fk.references.columns),
                    fk_action(fk.on_delete),
                    fk_action(fk.on_update),
                    if fk.deferrable == Some(true) {
                        " deferrable"
                    } else {
                        ""
                    },
                    if fk.initially == Some(Initially::Deferred) {
                        " initially deferred"
                    } else {
                        ""
                    },
                ),
            });
        }
        for idx in table.indexes.values() {
            let iname = &idx.name;
            let cols: Vec<String> = idx
                .columns
                .iter()
                .map(|c| {
                    c.column()
                        .map_or_else(|| "<expr>".to_owned(), Ident::to_string)
                })
                .collect();
            out.push(format!(
                "index {tq}.{iname} {}({}){}",
                if idx.unique { "unique " } else { "" },
                cols.join(","),
                if idx.where_clause.is_some() {
                    " partial"
                } else {
                    ""
                },
            ));
        }
    }
    for s in schema.sequences() {
        let up = s.step() > 0;
        out.push(format!(
            "sequence {} start {} increment {} min {} max {} cycle {} owned_by {}",
            q(&s.qual_name()),
            s.first_value(),
            s.step(),
            s.min_value.unwrap_or(if up { 1 } else { i64::MIN }),
            s.max_value.unwrap_or(if up { i64::MAX } else { -1 }),
            s.cycle,
            s.owned_by
                .as_ref()
                .map_or_else(|| "-".to_owned(), |o| format!("{}.{}", o.table, o.column)),
        ));
    }
    out.sort();
    // A named enum type several columns use is one type.
    out.dedup_by(|a, b| a == b && a.starts_with("type "));
    out
}
