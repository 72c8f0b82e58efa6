//! The project file `gen.yaml`: defaults for the command line, read with
//! the same YAML reader as the revision files (a BOM is skipped, a repeated
//! key is an error at the second one, every error has its line and column).

use super::LoadError;
use camino::{Utf8Path, Utf8PathBuf};
use schemars::JsonSchema;
use serde::Deserialize;

/// The project file `gen.yaml`: defaults for the command line.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "project settings: a mapping of keys such as `migrations` and `dialect`"
)]
pub struct ProjectFile {
    /// Directory of revision files (default `migrations`).
    #[serde(default)]
    #[schemars(schema_with = "crate::source::schema_fields::path")]
    pub migrations: Option<Utf8PathBuf>,
    /// Target database dialect (default postgresql).
    #[serde(default)]
    #[schemars(schema_with = "crate::source::schema_fields::dialect_name")]
    pub dialect: Option<String>,
    /// Version table name (default alembic_version).
    #[serde(default)]
    pub version_table: Option<String>,
    /// Schema of the version table (default none).
    #[serde(default)]
    pub version_table_schema: Option<String>,
    /// Folder overriding the built-in templates file by file.
    #[serde(default)]
    #[schemars(schema_with = "crate::source::schema_fields::path")]
    pub templates: Option<Utf8PathBuf>,
    /// One transaction per revision instead of one for the whole run.
    #[serde(default)]
    pub transaction_per_migration: Option<bool>,
    /// Relative `-o` paths are written under this folder.
    #[serde(default)]
    #[schemars(schema_with = "crate::source::schema_fields::path")]
    pub output_dir: Option<Utf8PathBuf>,
    /// Lint rule ids silenced for the whole project.
    #[serde(default)]
    pub allow: Vec<String>,
    /// How long a statement waits for a lock (`5s`), set once at the top of
    /// every script, per dialect (docs/migration-format.md, "Timeouts").
    #[serde(default)]
    pub lock_timeout: Option<crate::source::duration::Duration>,
    /// How long a statement may run (`2min`), set likewise.
    #[serde(default)]
    pub statement_timeout: Option<crate::source::duration::Duration>,
}

/// Reads `gen.yaml` if it exists (`Ok(None)` when it does not).
pub fn load_project(path: &Utf8Path) -> Result<Option<ProjectFile>, LoadError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(LoadError::Io {
                path: path.to_owned(),
                message: e.to_string(),
            })
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8 {
        path: path.to_owned(),
    })?;
    parse_project(path, &text).map(Some)
}

/// Parses the text of a project file (empty: all defaults).
pub(crate) fn parse_project(path: &Utf8Path, text: &str) -> Result<ProjectFile, LoadError> {
    let doc = super::document(path, text).map_err(|e| match e {
        LoadError::SeveralDocuments { path, line } => LoadError::Invalid {
            message: format!("`{path}` holds several YAML documents; it holds exactly one"),
            span: crate::diag::span::Span::pos(&path, line, 1),
            help: Some("remove the extra `---` and what follows it".to_owned()),
        },
        other => other,
    })?;
    if doc.is_empty() {
        return Ok(ProjectFile::default());
    }
    super::deserialize(path, text, &doc)
}
