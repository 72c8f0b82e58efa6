//! The schemas of single fields of a revision file and `gen.yaml` that
//! their serde shapes name in `#[schemars(schema_with = ...)]`. They sit
//! apart from the schema's assembly (`json_schema.rs`, which reads those
//! shapes), so that the shapes and the assembly do not name each other.

use crate::source::revision::RevisionId;
use schemars::{Schema, SchemaGenerator};
use serde_json::json;

/// `down_revision`: null (a root), one id, or a list of ids (a merge).
pub(crate) fn down_revision(generator: &mut SchemaGenerator) -> Schema {
    let id = generator.subschema_for::<RevisionId>();
    schema(json!({
        "description": "The parents: null for a root, one revision id, or a list of ids for a merge.",
        "anyOf": [
            { "type": "null" },
            id,
            { "type": "array", "items": id },
        ],
    }))
}

/// `branch_labels`, `depends_on`: one name or a list of names.
pub(crate) fn name_list(_: &mut SchemaGenerator) -> Schema {
    // Names are text as written, also those YAML reads as numbers.
    schema(json!({
        "anyOf": [
            { "type": "null" },
            { "type": ["string", "number"] },
            { "type": "array", "items": { "type": ["string", "number"] } },
        ],
    }))
}

/// `create_date`: informational text.
pub(crate) fn create_date(_: &mut SchemaGenerator) -> Schema {
    schema(json!({
        "description": "When the revision was written (informational), e.g. 2026-11-21 10:00:00.",
        "type": ["string", "number", "null"],
    }))
}

/// `dialect` in `gen.yaml`: checked (with aliases) when the settings resolve.
pub(crate) fn dialect_name(_: &mut SchemaGenerator) -> Schema {
    schema(json!({
        "description": format!("Target database dialect: {}.", dialect_list()),
        "type": ["string", "null"],
        "examples": &*crate::dialect::DIALECT_NAMES,
    }))
}

/// A path setting in `gen.yaml`.
pub(crate) fn path(_: &mut SchemaGenerator) -> Schema {
    schema(json!({ "type": ["string", "null"] }))
}

/// `postgresql, mysql (mariadb), sqlite or mssql`: each dialect, with the
/// other engines it serves.
fn dialect_list() -> String {
    let parts: Vec<String> = crate::dialect::all()
        .iter()
        .map(|d| {
            let others: Vec<&str> = d
                .map_keys()
                .iter()
                .copied()
                .filter(|k| *k != d.name())
                .collect();
            if others.is_empty() {
                d.name().to_owned()
            } else {
                format!("{} ({})", d.name(), others.join(", "))
            }
        })
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => parts.join(""),
    }
}

/// A schema from a JSON object literal (anything else is `true`, which never
/// happens for the literals above).
pub(crate) fn schema(value: serde_json::Value) -> Schema {
    match value {
        serde_json::Value::Object(map) => Schema::from(map),
        _ => Schema::from(true),
    }
}
