//! The JSON Schema (draft 2020-12) of revision files and of `gen.yaml`,
//! generated from the serde shapes that load them.
//!
//! The plain shapes (`CreateTable`, `ColumnDef`, `RevisionDoc`,
//! `ProjectFile`, ...) derive `JsonSchema` next to their `Deserialize`, so a
//! key added there appears here. The types that deserialize by hand (names,
//! types, literals, SQL text, id lists, and the operation list itself) get
//! their schema in this file, written to accept what their `Deserialize`
//! accepts: a one-key map per operation, a type name or per-dialect map, a
//! scalar or `{sql: ...}` default. [`OPERATIONS`], the operations the schema
//! offers, comes from the one table of operations (`crate::ops`).
//! The schemas are committed under `schema/` and printed by
//! `gen schema-json`; a test keeps the committed files current.
//!
//! One difference is deliberate: where YAML would read a bare number as
//! text (`name: 2024`), the loader takes the text but the schema asks for a
//! string, so editors suggest quoting it.

use crate::ops::ident::Ident;
use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::sqltype::{TypeSpec, TYPE_MAP_KEYS};
use crate::ops::{
    ArgsSchema, Collation, ConstraintKind, FkAction, IndexColumn, Initially, OpItem, SqlText,
    Validate,
};
use crate::source::revision::RevisionId;
use crate::source::schema_fields::schema;
use crate::source::{ProjectFile, RevisionDoc};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};
use std::borrow::Cow;

/// Every operation a revision may list: its key and the schema of its
/// arguments, generated from the table of operations in `crate::ops`.
pub const OPERATIONS: &[(&str, ArgsSchema)] = crate::ops::OP_SCHEMAS;

/// Where the committed schemas live, relative to the repository root.
pub const MIGRATION_SCHEMA_PATH: &str = "schema/migration.schema.json";
pub const PROJECT_SCHEMA_PATH: &str = "schema/gen.schema.json";

/// The file name `gen init` gives the schema next to the revisions, and
/// that new revision files name in their `yaml-language-server` modeline.
pub const SCHEMA_FILE_NAME: &str = "migration.schema.json";

fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12().into_generator()
}

fn to_text(root: Schema) -> String {
    let mut text = serde_json::to_string_pretty(&root.to_value())
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The schema of a revision file, as pretty-printed JSON ending in a newline.
pub fn migration_schema() -> String {
    let mut root = generator().into_root_schema_for::<RevisionDoc>();
    root.insert("title".into(), json!("gen revision file"));
    to_text(root)
}

/// The schema of `gen.yaml`, as pretty-printed JSON ending in a newline.
pub fn project_schema() -> String {
    let mut root = generator().into_root_schema_for::<ProjectFile>();
    root.insert("title".into(), json!("gen project file (gen.yaml)"));
    to_text(root)
}

/// `[aA][bB]...`: a case-insensitive word (JSON Schema patterns have no flags).
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn alternatives(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| any_case(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// What `SqlType::parse` accepts, as a pattern: the argument-less names,
/// `varchar|string|char[(n)]`, `numeric|decimal[(p[,s])]`, `enum(v,...)`.
fn portable_type_pattern() -> String {
    let simple = alternatives(&[
        "smallint",
        "integer",
        "int",
        "bigint",
        "boolean",
        "bool",
        "real",
        "float",
        "double",
        "text",
        "date",
        "time",
        "timestamp",
        "timestamptz",
        "interval",
        "uuid",
        "json",
        "binary",
        "blob",
    ]);
    let sized = alternatives(&["varchar", "string", "char"]);
    let numeric = alternatives(&["numeric", "decimal"]);
    let enumeration = any_case("enum");
    format!(
        r"^\s*(?:(?:{simple})|(?:{sized})(?:\s*\(\s*0*[1-9][0-9]*\s*\))?|(?:{numeric})(?:\s*\(\s*[0-9]+\s*(?:,\s*[0-9]+\s*)?\))?|{enumeration}\s*\(\s*[^,\s][^,]*(?:,\s*[^,\s][^,]*)*\))\s*$"
    )
}

/// The characters a native type in a per-dialect map may use.
const NATIVE_TYPE_PATTERN: &str =
    r"^[A-Za-z0-9 _(),\[\].]*[A-Za-z0-9_(),\[\].][A-Za-z0-9 _(),\[\].]*$";

/// Text with at least one non-blank character.
const NOT_BLANK: &str = r"\S";

impl JsonSchema for Ident {
    fn schema_name() -> Cow<'static, str> {
        "Name".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "The name of a database object, as written (quoted in the SQL only when it needs it).",
            "type": "string",
            "minLength": 1,
            "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]+$",
        }))
    }
}

impl JsonSchema for RevisionId {
    fn schema_name() -> Cow<'static, str> {
        "RevisionId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "A revision id: 1 to 32 letters, digits or `_` (it must fit the version table's VARCHAR(32)). It is text as written: an id YAML reads as a number (479024506e05, 1234) needs no quotes.",
            "anyOf": [
                { "type": "string", "pattern": "^[A-Za-z0-9_]{1,32}$" },
                { "type": "number" },
            ],
        }))
    }
}

impl JsonSchema for TypeSpec {
    fn schema_name() -> Cow<'static, str> {
        "ColumnType".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let portable = portable_type_pattern();
        schema(json!({
            "description": "A portable type (case-insensitive): smallint, integer (int), bigint, boolean, numeric(p,s) (decimal), real, float, double, varchar(n) (string(n)), char(n), text, date, time, timestamp, timestamptz, interval, uuid, json, binary (blob), enum(a,b,...); or a map from dialect to type, e.g. {postgresql: tsvector, default: text}.",
            "anyOf": [
                {
                    "type": "string",
                    "pattern": portable,
                    "examples": ["integer", "bigint", "varchar(255)", "text", "boolean", "numeric(12,2)", "timestamptz", "uuid", "json", "enum(draft,sent,paid)"],
                },
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": { "enum": TYPE_MAP_KEYS },
                    "additionalProperties": {
                        "type": "string",
                        "anyOf": [
                            { "pattern": portable },
                            { "pattern": NATIVE_TYPE_PATTERN },
                        ],
                    },
                },
                {
                    "description": "A named enum type, shared by every column that names it (one PostgreSQL type; a per-column enum elsewhere).",
                    "type": "object",
                    "required": ["enum", "name"],
                    "additionalProperties": false,
                    "properties": {
                        "enum": {
                            "type": "array",
                            "minItems": 1,
                            "uniqueItems": true,
                            "items": { "type": "string", "minLength": 1 },
                        },
                        "name": { "type": "string", "minLength": 1 },
                    },
                    "examples": [{ "enum": ["sad", "ok", "happy"], "name": "mood" }],
                },
            ],
        }))
    }
}

impl JsonSchema for Literal {
    fn schema_name() -> Cow<'static, str> {
        "Literal".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "A literal value: a string, a number, a boolean or null.",
            "type": ["string", "number", "boolean", "null"],
        }))
    }
}

impl JsonSchema for DefaultValue {
    fn schema_name() -> Cow<'static, str> {
        "DefaultValue".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "A literal (strings are quoted, numbers and booleans rendered per dialect) or a raw SQL expression `{sql: \"now()\"}`.",
            "anyOf": [
                { "type": ["string", "number", "boolean"] },
                {
                    "type": "object",
                    "properties": { "sql": { "type": "string", "pattern": NOT_BLANK } },
                    "required": ["sql"],
                    "additionalProperties": false,
                },
            ],
        }))
    }
}

impl JsonSchema for FkAction {
    fn schema_name() -> Cow<'static, str> {
        "ForeignKeyAction".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let words = format!(
            r"^\s*(?:{}|{}[ _-](?:{}|{})|{}[ _-]{})\s*$",
            alternatives(&["cascade", "restrict"]),
            any_case("set"),
            any_case("null"),
            any_case("default"),
            any_case("no"),
            any_case("action"),
        );
        schema(json!({
            "description": "A referential action; case, spaces, `-` and `_` do not matter.",
            "type": "string",
            "anyOf": [
                { "enum": ["cascade", "restrict", "set null", "set default", "no action"] },
                { "pattern": words },
            ],
        }))
    }
}

impl JsonSchema for Initially {
    fn schema_name() -> Cow<'static, str> {
        "Initially".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "When a deferrable constraint is checked by default.",
            "type": "string",
            "pattern": format!(r"^\s*{}\s*$", alternatives(&["immediate", "deferred"])),
        }))
    }
}

impl JsonSchema for ConstraintKind {
    fn schema_name() -> Cow<'static, str> {
        "ConstraintType".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "A constraint's kind (Alembic's `type_` spellings are accepted too).",
            "type": "string",
            "anyOf": [
                { "enum": ["primary_key", "unique", "foreign_key", "check"] },
                { "pattern": format!(r"^\s*{}\s*$", alternatives(&["primary", "primary[ _-]key", "unique", "foreign[ _-]?key", "check"])) },
            ],
        }))
    }
}

impl JsonSchema for IndexColumn {
    fn schema_name() -> Cow<'static, str> {
        "IndexElement".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let name = generator.subschema_for::<Ident>();
        // The map form is derived from the struct the loader reads it with;
        // exactly one of `name` and `expr` is required.
        let element = generator.subschema_for::<crate::ops::IndexElementArgs>();
        schema(json!({
            "description": "A column name, an expression `{expr: \"lower(email)\"}`, or either with options: `{name: col, desc: true, nulls: last, opclass: jsonb_path_ops, length: 20}`.",
            "anyOf": [
                name,
                {
                    "allOf": [
                        element,
                        { "oneOf": [ { "required": ["name"] }, { "required": ["expr"] } ] },
                    ],
                },
            ],
        }))
    }
}

impl JsonSchema for Collation {
    fn schema_name() -> Cow<'static, str> {
        "Collation".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let name = json!({ "type": "string", "pattern": "^[A-Za-z0-9_.-]{1,63}$" });
        schema(json!({
            "description": "A collation: one name, or a map from dialect (or `default`) to a name; a dialect without one keeps the engine's default collation.",
            "anyOf": [
                name,
                {
                    "type": "object",
                    "propertyNames": { "enum": TYPE_MAP_KEYS },
                    "additionalProperties": name,
                },
            ],
        }))
    }
}

impl JsonSchema for SqlText {
    fn schema_name() -> Cow<'static, str> {
        "SqlText".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "SQL: one string, or a map from dialect (or `default`) to a string.",
            "anyOf": [
                { "type": "string", "pattern": NOT_BLANK },
                {
                    "type": "object",
                    "propertyNames": { "enum": TYPE_MAP_KEYS },
                    "additionalProperties": { "type": "string" },
                },
            ],
        }))
    }
}

impl JsonSchema for Validate {
    fn schema_name() -> Cow<'static, str> {
        "Validate".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "How `execute`'s SQL is parsed: `true` (default; SQL sqlparser cannot read is an `unparsed-sql` warning), `strict` (an error), `false` (not parsed).",
            "anyOf": [
                { "type": "boolean" },
                { "enum": ["strict"] },
            ],
        }))
    }
}

impl JsonSchema for OpItem {
    fn schema_name() -> Cow<'static, str> {
        "Operation".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let rules: Vec<&str> = crate::lint::RULES.iter().map(|r| r.id).collect();
        let allow = json!({
            "description": "Lint rules silenced for this operation (docs/lint.md).",
            "type": "array",
            "items": { "enum": rules },
        });
        let dialect_names: Vec<&str> = crate::dialect::all()
            .iter()
            .flat_map(|d| {
                std::iter::once(d.name())
                    .chain(d.map_keys().iter().copied())
                    .chain(d.aliases().iter().copied())
            })
            .collect();
        let mut dialect_names = dialect_names;
        dialect_names.dedup();
        let dialects = json!({
            "description": "The dialects this operation exists on (as `--dialect` names them); elsewhere it is skipped, with a comment in the script.",
            "type": "array",
            "minItems": 1,
            "items": { "enum": dialect_names },
        });
        let variants: Vec<Value> = OPERATIONS
            .iter()
            .map(|(name, args)| {
                json!({
                    "type": "object",
                    "properties": { *name: args(generator), "allow": allow, "dialects": dialects },
                    "required": [name],
                    "additionalProperties": false,
                })
            })
            .collect();
        schema(json!({
            "description": "One operation: a map whose key names it (Alembic's `op.*` names) and whose value holds its arguments, plus an optional `allow:` list of lint rules and an optional `dialects:` list.",
            "oneOf": variants,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_in_the_migration_schema() {
        let v: Value = serde_json::from_str(&migration_schema()).unwrap();
        let text = v.to_string();
        for (name, _) in OPERATIONS {
            assert!(
                text.contains(&format!("\"required\":[\"{name}\"]")),
                "{name}"
            );
        }
    }

    #[test]
    fn schemas_are_draft_2020_12_json() {
        for text in [migration_schema(), project_schema()] {
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        }
    }

    #[test]
    fn case_insensitive_words() {
        assert_eq!(any_case("int_1"), "[iI][nN][tT]_1");
    }
}
