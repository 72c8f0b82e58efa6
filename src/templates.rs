//! The templates shipped in the binary, and the `--templates DIR` override.
//!
//! Every `templates/<dialect>/<kind>.sql.j2` is embedded at build time by
//! `build.rs`. A user folder given with `--templates DIR` has the same layout
//! (`DIR/<dialect>/<kind>.sql.j2`) and wins file by file: a kind it does not
//! have comes from the binary.

use camino::{Utf8Path, Utf8PathBuf};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Where templates come from.
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    pub overrides: Option<Utf8PathBuf>,
}

impl TemplateSource {
    /// The text of `<dialect>/<kind>.sql.j2`: the override if present, else
    /// the embedded one; `Ok(None)` if neither exists.
    pub fn get(&self, dialect: &str, kind: &str) -> Result<Option<String>, String> {
        let rel = format!("{dialect}/{kind}.sql.j2");
        if let Some(dir) = &self.overrides {
            let path: Utf8PathBuf = Utf8Path::new(dir).join(&rel);
            match std::fs::read_to_string(&path) {
                Ok(text) => return Ok(Some(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("cannot read template `{path}`: {e}")),
            }
        }
        Ok(embedded(&rel).map(str::to_owned))
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
