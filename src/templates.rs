//! The templates shipped in the binary, and the `--templates DIR` override.
//!
//! Every `templates/<dialect>/<kind>.sql.j2` is embedded at build time by
//! `build.rs`; `templates/common/` holds the forms several dialects share and
//! is used when a dialect has no file of its own. A user folder given with
//! `--templates DIR` has the same layout (`DIR/<dialect>/<kind>.sql.j2`,
//! `DIR/common/<kind>.sql.j2`) and wins file by file. Lookup order: the
//! user's dialect file, the built-in dialect file, the user's common file,
//! the built-in common file.

use camino::{Utf8Path, Utf8PathBuf};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Where templates come from.
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    pub overrides: Option<Utf8PathBuf>,
}

impl TemplateSource {
    /// The template for `kind` in `dialect` (see the module doc for the
    /// lookup order); `Ok(None)` if there is none.
    pub fn get(&self, dialect: &str, kind: &str) -> Result<Option<String>, String> {
        for folder in [dialect, "common"] {
            let rel = format!("{folder}/{kind}.sql.j2");
            if let Some(text) = self.user(&rel)? {
                return Ok(Some(text));
            }
            if let Some(text) = embedded(&rel) {
                return Ok(Some(text.to_owned()));
            }
        }
        Ok(None)
    }

    fn user(&self, rel: &str) -> Result<Option<String>, String> {
        let Some(dir) = &self.overrides else {
            return Ok(None);
        };
        let path: Utf8PathBuf = Utf8Path::new(dir).join(rel);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read template `{path}`: {e}")),
        }
    }
}

impl TemplateSource {
    /// The file `<dialect>/<kind>.sql.j2` comes from, for messages: the
    /// override when it exists, else its place among the built-in templates
    /// (`templates/<dialect>/<kind>.sql.j2` in gen's own sources).
    pub fn origin(&self, dialect: &str, kind: &str) -> Utf8PathBuf {
        let rel = format!("{dialect}/{kind}.sql.j2");
        match &self.overrides {
            Some(dir) if dir.join(&rel).is_file() => dir.join(&rel),
            _ => Utf8Path::new("templates").join(&rel),
        }
    }
}

/// An embedded template by its path under `templates/`.
pub fn embedded(rel: &str) -> Option<&'static str> {
    EMBEDDED
        .binary_search_by(|(k, _)| (*k).cmp(rel))
        .ok()
        .map(|i| EMBEDDED[i].1)
}
