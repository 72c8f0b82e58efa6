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
//! Templates share fragments through files whose names start with `_`,
//! which no statement renders by itself: `<dialect>/_column.sql.j2`, the
//! dialect's column definition, which `create_table`, `add_column` (and
//! MySQL's `modify_column`) include with the column as `c` (`{% include
//! "_column" %}`). An include is found in the same lookup order, so a
//! user's fragment is used by every template that includes it, the
//! built-in ones too. (Includes, not minijinja macros: an import and its
//! macro calls cost about 12% of a whole run, an include about 1%.)
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
    /// A user's fragment file (`_column`, ...) changes what the built-in
    /// templates including it write, so while one is in the user's folder
    /// no template counts as built in.
    pub fn is_built_in(&self, dialect: &str, kind: &str) -> bool {
        matches!(self.find(dialect, kind), Ok(None | Some(Found::BuiltIn(_))))
            && !self.overrides_fragments(dialect)
    }

    /// Does the user's folder hold a fragment file the built-in templates
    /// of `dialect` may include (one that cannot be read counts too)?
    fn overrides_fragments(&self, dialect: &str) -> bool {
        if self.overrides.is_none() {
            return false;
        }
        let mut fragments = EMBEDDED.iter().filter_map(|(rel, _)| {
            let (folder, file) = rel.split_once('/')?;
            let name = file.strip_suffix(".sql.j2")?;
            ((folder == dialect || folder == "common") && name.starts_with('_')).then_some(name)
        });
        fragments.any(|name| {
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
    /// (`templates/common/insert.sql.j2` in gen's own sources);
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
            none.origin("postgresql", "insert"),
            "templates/common/insert.sql.j2"
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

    use crate::dialect::ColumnType;
    use crate::emit::render::Renderer;
    use crate::lower::statement::Statement;

    fn pg(source: TemplateSource) -> Renderer {
        Renderer::new(crate::dialect::by_name("postgresql").unwrap(), source)
    }

    fn user_templates(files: &[(&str, &str)]) -> (tempfile::TempDir, TemplateSource) {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8PathBuf::from_path_buf(dir.path().to_owned()).unwrap();
        for (rel, text) in files {
            std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
            std::fs::write(root.join(rel), text).unwrap();
        }
        let source = TemplateSource {
            overrides: Some(root),
        };
        (dir, source)
    }

    fn add_column() -> Statement {
        use crate::lower::statement::ColumnSql;
        use crate::ops::ident::{Ident, QualName};
        use crate::ops::sqltype::SqlType;
        let id = |s: &str| Ident::new(s).unwrap();
        Statement::AddColumn {
            table: QualName::new(None, id("t")),
            column: ColumnSql {
                name: id("a"),
                ty: ColumnType::Portable(SqlType::Integer),
                nullable: false,
                default: None,
                autoincrement: false,
                unique: true,
                references: None,
                comment: None,
                default_name: None,
                inline_primary_key: false,
                primary_key: false,
                primary_key_name: None,
                unique_name: None,
                references_index: None,
                identity: None,
                computed: None,
                collation: None,
            },
        }
    }

    /// Issue 21.7: the built-in templates include their shared fragments
    /// (`_column`) by name, in the lookup order of any template: a user's
    /// fragment first, then the built-in one.
    #[test]
    fn fragments_resolve_from_the_users_folder_first() {
        let built_in = pg(TemplateSource::default())
            .statement(&add_column())
            .unwrap();
        assert_eq!(
            built_in,
            "ALTER TABLE t ADD COLUMN a INTEGER NOT NULL UNIQUE"
        );
        // The user's own add_column includes the built-in fragment.
        let (_dir, source) = user_templates(&[(
            "postgresql/add_column.sql.j2",
            "{% set c = column %}ALTER TABLE {{ table | qname }} ADD {% include \"_column\" %} -- mine",
        )]);
        let renderer = pg(source);
        assert!(!renderer.is_built_in("add_column"));
        assert_eq!(
            renderer.statement(&add_column()).unwrap(),
            "ALTER TABLE t ADD a INTEGER NOT NULL UNIQUE -- mine"
        );
        // The user's fragment, in the built-in add_column: a dialect's
        // own comes first, a common one only where the dialect has none.
        for (folder, expected) in [
            ("postgresql", "ALTER TABLE t ADD COLUMN a -- INTEGER"),
            ("common", built_in.as_str()),
        ] {
            let (_dir, source) = user_templates(&[(
                &format!("{folder}/_column.sql.j2"),
                "{{ c.name | ident }} -- {{ c.type | sqltype }}",
            )]);
            let renderer = pg(source);
            assert_eq!(renderer.statement(&add_column()).unwrap(), expected);
            assert!(!renderer.is_built_in("version_insert"), "{folder}");
        }
        // A name refused inside the fragment is told as it is elsewhere.
        let long = "a".repeat(70);
        let mut stmt = add_column();
        if let Statement::AddColumn { column, .. } = &mut stmt {
            column.name = crate::ops::ident::Ident::new(&long).unwrap();
        }
        let e = pg(TemplateSource::default()).statement(&stmt).unwrap_err();
        assert_eq!(e.name.as_deref(), Some(long.as_str()));
        assert!(e.message.contains("is 70 bytes long"), "{}", e.message);
    }
}
