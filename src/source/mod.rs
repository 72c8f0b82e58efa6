//! Reading migration files and `gen.yaml`: the only code that reads YAML.
//!
//! `load_dir` reads every revision file of the migrations directory (see
//! [`files`] for which entries those are), in file-name order, computes
//! each file's SHA-256 (of its bytes, a BOM included) and turns it into a
//! [`Revision`](crate::source::revision::Revision). Every problem in every file is
//! collected, not just the first, each with the file, line and column of
//! the node it is about and, for unknown keys, a "did you mean".
//! `load_project` reads the optional project file.
//!
//! The YAML is read in two steps of our own over `yaml-rust2`'s event
//! parser: [`events`] turns a text into one document's events with their
//! positions (BOM, anchors, tags, one document per file), and [`yaml`] is
//! the serde deserializer over them (plain scalars resolved by [`scalar`],
//! repeated keys refused, aliases replayed within a budget, scalars as
//! written for the types that ask through [`crate::ops::raw`]). [`scalar::yaml_scalar`]
//! writes scalars back for the files `gen` creates.

pub mod checksum;
pub mod duration;
pub mod json_schema;
pub mod revision;
pub(crate) mod schema_fields;
pub mod write;

mod error;
mod events;
mod files;
mod op_dialects;
pub mod op_keys;
pub mod op_yaml;
mod project;
mod revision_doc;
pub(crate) mod scalar;
mod yaml;

pub use error::LoadError;
pub(crate) use files::is_revision_name;
pub use files::{load_dir, load_file, revision_files};
pub use project::{load_project, ProjectFile};
pub use revision_doc::parse_revision;
pub(crate) use revision_doc::RevisionDoc;
pub use scalar::yaml_scalar;

use crate::ops::Op;
use camino::Utf8Path;

/// The one document of a file's text.
fn document(path: &Utf8Path, text: &str) -> Result<events::Document, LoadError> {
    events::read(text).map_err(|e| error::from_read(path, text, e))
}

/// A document as a `T`.
fn deserialize<'a, T: serde::Deserialize<'a>>(
    path: &Utf8Path,
    text: &str,
    doc: &'a events::Document,
) -> Result<T, LoadError> {
    yaml::from_document(doc).map_err(|e| error::from_yaml(path, text, e))
}

/// A `T` from YAML text, or the error as text (for tests and tools that
/// build values without a file).
pub(crate) fn from_str<T: serde::de::DeserializeOwned>(yaml: &str) -> Result<T, String> {
    let path = Utf8Path::new("<yaml>");
    document(path, yaml)
        .and_then(|doc| deserialize(path, yaml, &doc))
        .map_err(|e| match e {
            LoadError::Invalid {
                span:
                    crate::diag::span::Span {
                        at: crate::diag::span::At::Pos(at),
                        ..
                    },
                message,
                ..
            } => format!("{message} at line {} column {}", at.line, at.column),
            other => other.to_string(),
        })
}

/// A list of operations from YAML text (for tests and tools that build
/// operations without a revision file), through the loader's own shapes.
pub fn parse_ops(yaml: &str) -> Result<Vec<Op>, String> {
    from_str(yaml)
}
