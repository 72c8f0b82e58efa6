//! The templates shipped in the binary, and the `--templates DIR` override.
//!
//! Every `templates/<dialect>/<kind>.sql.j2` is embedded at build time by
//! `build.rs`; `templates/common/` holds the forms several dialects share and
//! is used when a dialect has no file of its own. A user folder given with
//! `--templates DIR` has the same layout (`DIR/<dialect>/<kind>.sql.j2`,
//! `DIR/common/<kind>.sql.j2`) and wins file by file. Lookup order: the
//! user's dialect file, the built-in dialect file, the user's common file,
//! the built-in common file.
//!
//! The folder is a sandbox: a template name (a statement kind, or what a
//! template `include`s, `import`s or `extends`) is one or more `/`-separated
//! parts of letters, digits, `_`, `-` and `.` (never `.` or `..`), the file
//! it names must resolve, links followed, to a regular file inside DIR of
//! at most [`MAX_TEMPLATE_BYTES`], and anything else is an error naming it.
//! So a template cannot read files outside DIR, nor hang on a FIFO.

use camino::{Utf8Path, Utf8PathBuf};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// A template found, and whose it is.
enum Found {
    User(String),
    BuiltIn(&'static str),
}

/// Where templates come from.
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    pub overrides: Option<Utf8PathBuf>,
}

impl TemplateSource {
    /// The template for `kind` in `dialect` (see the module doc for the
    /// lookup order); `Ok(None)` if there is none.
    pub fn get(&self, dialect: &str, kind: &str) -> Result<Option<String>, String> {
        Ok(self.find(dialect, kind)?.map(|found| match found {
            Found::User(text) => text,
            Found::BuiltIn(text) => text.to_owned(),
        }))
    }

    /// Whether the template [`get`](Self::get) finds for `kind` is a
    /// built-in one (or there is none): no file of the user's comes first
    /// in the lookup order (a copy of a built-in template is still the
    /// user's file, and one that cannot be read is not built in).
    /// A user's macro file (`_macros`, `_column`, ...) changes what the
    /// built-in templates importing it write, so while one is in the
    /// user's folder no template counts as built in.
    pub fn is_built_in(&self, dialect: &str, kind: &str) -> bool {
        matches!(self.find(dialect, kind), Ok(None | Some(Found::BuiltIn(_))))
            && !self.overrides_macros(dialect)
    }

    /// Does the user's folder hold a macro file the built-in templates of
    /// `dialect` may import (one that cannot be read counts too)?
    fn overrides_macros(&self, dialect: &str) -> bool {
        if self.overrides.is_none() {
            return false;
        }
        let mut macro_names = EMBEDDED.iter().filter_map(|(rel, _)| {
            let (folder, file) = rel.split_once('/')?;
            let name = file.strip_suffix(".sql.j2")?;
            ((folder == dialect || folder == "common") && name.starts_with('_')).then_some(name)
        });
        macro_names.any(|name| {
            [dialect, "common"]
                .iter()
                .any(|folder| !matches!(self.user(&format!("{folder}/{name}.sql.j2")), Ok(None)))
        })
    }

    /// The first template for `kind` in the lookup order (module doc).
    fn find(&self, dialect: &str, kind: &str) -> Result<Option<Found>, String> {
        check_name(kind)?;
        for folder in [dialect, "common"] {
            let rel = format!("{folder}/{kind}.sql.j2");
            if let Some(text) = self.user(&rel)? {
                return Ok(Some(Found::User(text)));
            }
            if let Some(text) = embedded(&rel) {
                return Ok(Some(Found::BuiltIn(text)));
            }
        }
        Ok(None)
    }

    fn user(&self, rel: &str) -> Result<Option<String>, String> {
        let Some(dir) = &self.overrides else {
            return Ok(None);
        };
        let path: Utf8PathBuf = Utf8Path::new(dir).join(rel);
        let resolved = match std::fs::canonicalize(&path) {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read template `{path}`: {e}")),
        };
        let root = std::fs::canonicalize(dir)
            .map_err(|e| format!("cannot read the templates folder `{dir}`: {e}"))?;
        if !resolved.starts_with(&root) {
            return Err(format!(
                "template `{path}` leads outside the templates folder `{dir}` (through a link); templates are read only from inside it"
            ));
        }
        // Its type and size are checked before it is opened (a FIFO blocks).
        let meta = std::fs::metadata(&resolved)
            .map_err(|e| format!("cannot read template `{path}`: {e}"))?;
        if !meta.is_file() {
            return Err(format!("template `{path}` is not a regular file"));
        }
        if meta.len() > MAX_TEMPLATE_BYTES {
            return Err(format!(
                "template `{path}` is larger than {MAX_TEMPLATE_BYTES} bytes"
            ));
        }
        std::fs::read_to_string(&resolved)
            .map(Some)
            .map_err(|e| format!("cannot read template `{path}`: {e}"))
    }
}

/// The largest template file read from `--templates DIR`.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Whether `name` may name a template (see the module doc); `Err` says why not.
fn check_name(name: &str) -> Result<(), String> {
    let part_ok = |p: &str| {
        !p.is_empty()
            && p != "."
            && p != ".."
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    if name.split('/').all(part_ok) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a template name: use `/`-separated parts of letters, digits, `_`, `-` and `.` (not `..`), relative to the templates folder",
            crate::emit::comment::escaped(name)
        ))
    }
}

impl TemplateSource {
    /// The file the template `kind` of `dialect` comes from, for messages,
    /// in the lookup order of [`get`](Self::get): the override when it
    /// exists, else its place among the built-in templates
    /// (`templates/common/_macros.sql.j2` in gen's own sources);
    /// `templates/<dialect>/<kind>.sql.j2` when there is none.
    pub fn origin(&self, dialect: &str, kind: &str) -> Utf8PathBuf {
        for folder in [dialect, "common"] {
            let rel = format!("{folder}/{kind}.sql.j2");
            match &self.overrides {
                Some(dir) if dir.join(&rel).is_file() => return dir.join(&rel),
                _ if embedded(&rel).is_some() => return Utf8Path::new("templates").join(&rel),
                _ => {}
            }
        }
        Utf8Path::new("templates").join(format!("{dialect}/{kind}.sql.j2"))
    }
}

/// An embedded template by its path under `templates/`.
pub fn embedded(rel: &str) -> Option<&'static str> {
    EMBEDDED
        .binary_search_by(|(k, _)| (*k).cmp(rel))
        .ok()
        .map(|i| EMBEDDED[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_means_no_file_of_the_users_comes_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8PathBuf::from_path_buf(dir.path().to_owned()).unwrap();
        for rel in [
            "common/add_column.sql.j2",
            "common/rename_table.sql.j2",
            "sqlite/drop_table.sql.j2",
        ] {
            std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
            std::fs::write(root.join(rel), "SELECT 1").unwrap();
        }
        let user = TemplateSource {
            overrides: Some(root),
        };
        // postgresql has its own add_column, which comes before common/.
        assert!(user.is_built_in("postgresql", "add_column"));
        // mysql has none: the user's common/ file is used.
        assert!(!user.is_built_in("mysql", "rename_table"));
        assert!(!user.is_built_in("sqlite", "drop_table"));
        assert!(user.is_built_in("mysql", "drop_table"));
        assert!(TemplateSource::default().is_built_in("sqlite", "drop_table"));
        // Each answer agrees with what `get` finds.
        assert_eq!(
            user.get("mysql", "rename_table").unwrap().as_deref(),
            Some("SELECT 1")
        );
        assert_ne!(
            user.get("postgresql", "add_column").unwrap().as_deref(),
            Some("SELECT 1")
        );
    }

    #[test]
    fn origin_follows_the_lookup_order() {
        let none = TemplateSource::default();
        assert_eq!(
            none.origin("postgresql", "_macros"),
            "templates/common/_macros.sql.j2"
        );
        assert_eq!(
            none.origin("mysql", "_column"),
            "templates/mysql/_column.sql.j2"
        );
        assert_eq!(
            none.origin("mysql", "no_such"),
            "templates/mysql/no_such.sql.j2"
        );
    }
}
