//! Reading migration files and `gen.yaml`: the only code that names serde_yaml.
//!
//! `load_dir` reads every `*.yaml` / `*.yml` directly in the migrations
//! directory (dot-files and other files are ignored), in file-name order,
//! computes each file's SHA-256 and turns it into a [`Revision`]. Every
//! problem in every file is collected, not just the first, each with the file,
//! line and column the YAML parser reported and, for unknown keys, a
//! "did you mean". `load_project` reads the optional project file.

use crate::ops::Op;
use crate::revision::{Revision, RevisionId, Source};
use crate::span::Span;
use crate::suggest::did_you_mean;
use camino::{Utf8Path, Utf8PathBuf};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// A problem reading or parsing a file.
#[derive(Debug)]
pub enum LoadError {
    /// The directory or file could not be read.
    Io { path: Utf8PathBuf, message: String },
    /// The file is not UTF-8 text.
    NotUtf8 { path: Utf8PathBuf },
    /// YAML syntax, an unknown key, a wrong type or a bad value.
    Invalid {
        span: Span,
        message: String,
        help: Option<String>,
    },
    /// More than one YAML document in a revision file.
    SeveralDocuments { path: Utf8PathBuf },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, message } => write!(f, "cannot read `{path}`: {message}"),
            LoadError::NotUtf8 { path } => write!(f, "`{path}` is not UTF-8 text"),
            LoadError::Invalid { message, .. } => f.write_str(message),
            LoadError::SeveralDocuments { path } => write!(
                f,
                "`{path}` holds several YAML documents; a revision file holds exactly one"
            ),
        }
    }
}

/// Parents: `null`, one id, or a list of ids. The key itself is required.
#[derive(Debug)]
struct DownRevision(Vec<String>);

impl<'de> Deserialize<'de> for DownRevision {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IdListVisitor(
            "`null` (a root), a revision id, or a list of ids (a merge)",
        ))
        .map(DownRevision)
    }
}

/// A list of strings that may also be written as one string.
#[derive(Debug, Default)]
struct StringList(Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IdListVisitor("a name or a list of names"))
            .map(StringList)
    }
}

struct IdListVisitor(&'static str);

fn integer_id<E: de::Error>(v: impl fmt::Display) -> E {
    E::custom(format!(
        "`{v}` was read as a number; revision ids and labels are text: write it in quotes, e.g. '{v}'"
    ))
}

impl<'de> Visitor<'de> for IdListVisitor {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(vec![v.to_owned()])
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Err(integer_id(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Err(integer_id(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(s) = seq.next_element::<IdText>()? {
            out.push(s.0);
        }
        Ok(out)
    }
}

/// One id or label as text (numbers are refused with a hint to quote them).
struct IdText(String);

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IdText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a revision id or label")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdText, E> {
                Ok(IdText(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdText, E> {
                Err(integer_id(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdText, E> {
                Err(integer_id(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RevisionId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let IdText(s) = IdText::deserialize(d)?;
        RevisionId::parse(&s).map_err(de::Error::custom)
    }
}

/// A revision file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionDoc {
    revision: RevisionId,
    down_revision: DownRevision,
    #[serde(default)]
    branch_labels: StringList,
    #[serde(default)]
    depends_on: StringList,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    create_date: Option<DateText>,
    #[serde(default)]
    transactional: Option<bool>,
    upgrade: Vec<Op>,
    #[serde(default)]
    downgrade: Option<Vec<Op>>,
}

/// `create_date`: informational text (YAML may read it as a string or number).
#[derive(Debug)]
struct DateText(String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_yaml::Value::deserialize(d)?;
        match v {
            serde_yaml::Value::String(s) => Ok(DateText(s)),
            serde_yaml::Value::Number(n) => Ok(DateText(n.to_string())),
            _ => Err(de::Error::custom(
                "`create_date` is a date-time text, e.g. 2026-11-21 10:00:00",
            )),
        }
    }
}

/// Turns serde_yaml's error into ours: position, message without the
/// trailing "at line N column M", and a suggestion for unknown keys/variants.
fn yaml_error(path: &Utf8Path, err: &serde_yaml::Error) -> LoadError {
    let full = err.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if err.location().is_some() => full[..i].to_owned(),
        _ => full,
    };
    let span = match err.location() {
        Some(loc) => Span::pos(path, loc.line(), loc.column()),
        None => Span::file(path),
    };
    LoadError::Invalid {
        help: unknown_name_help(&message),
        span,
        message,
    }
}

/// For "unknown field `x`, expected one of `a`, `b`" (or `variant`): the
/// closest allowed name, and the full list.
fn unknown_name_help(message: &str) -> Option<String> {
    let at = message
        .find("unknown field `")
        .or_else(|| message.find("unknown variant `"))?;
    let rest = message[at..].split_once('`')?.1;
    let (got, tail) = rest.split_once('`')?;
    let allowed: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    match did_you_mean(got, allowed.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if !allowed.is_empty() => Some(format!(
            "allowed here: {}",
            allowed
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    }
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Parses one revision file's text.
pub fn parse_revision(path: &Utf8Path, text: &str, sha256: String) -> Result<Revision, LoadError> {
    let mut docs = serde_yaml::Deserializer::from_str(text);
    let Some(first) = docs.next() else {
        return Err(LoadError::Invalid {
            span: Span::file(path),
            message:
                "the file is empty; a revision needs `revision`, `down_revision` and `upgrade`"
                    .to_owned(),
            help: None,
        });
    };
    let doc = RevisionDoc::deserialize(first).map_err(|e| yaml_error(path, &e))?;
    if docs.next().is_some() {
        return Err(LoadError::SeveralDocuments {
            path: path.to_owned(),
        });
    }
    let down_revisions = doc
        .down_revision
        .0
        .iter()
        .enumerate()
        .map(|(i, s)| {
            RevisionId::parse(s).map_err(|message| LoadError::Invalid {
                span: Span::path(
                    path,
                    crate::span::DocPath::root().key("down_revision").index(i),
                ),
                message,
                help: None,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Revision {
        id: doc.revision,
        down_revisions,
        depends_on: doc.depends_on.0,
        branch_labels: doc.branch_labels.0,
        message: doc.message,
        create_date: doc.create_date.map(|d| d.0),
        transactional: doc.transactional.unwrap_or(true),
        upgrade: doc.upgrade,
        downgrade: doc.downgrade,
        source: Source {
            path: path.to_owned(),
            sha256,
        },
    })
}

/// Is this directory entry a revision file?
fn is_revision_file(name: &str) -> bool {
    !name.starts_with('.') && (name.ends_with(".yaml") || name.ends_with(".yml"))
}

/// The revision files of a directory, sorted by name.
pub fn revision_files(dir: &Utf8Path) -> Result<Vec<Utf8PathBuf>, LoadError> {
    let io = |e: std::io::Error| LoadError::Io {
        path: dir.to_owned(),
        message: e.to_string(),
    };
    let mut files = Vec::new();
    for entry in dir.read_dir_utf8().map_err(io)? {
        let entry = entry.map_err(io)?;
        if is_revision_file(entry.file_name()) && entry.file_type().map_err(io)?.is_file() {
            files.push(entry.path().to_owned());
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and parses one file.
pub fn load_file(path: &Utf8Path) -> Result<Revision, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let sha = sha256_hex(&bytes);
    let text = std::str::from_utf8(&bytes).map_err(|_| LoadError::NotUtf8 {
        path: path.to_owned(),
    })?;
    parse_revision(path, text, sha)
}

/// Loads every revision of a directory; all errors are returned together.
pub fn load_dir(dir: &Utf8Path) -> Result<Vec<Revision>, Vec<LoadError>> {
    let files = revision_files(dir).map_err(|e| vec![e])?;
    let mut revisions = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for f in &files {
        match load_file(f) {
            Ok(r) => revisions.push(r),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(revisions)
    } else {
        Err(errors)
    }
}

/// The project file `gen.yaml`: defaults for the command line.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    #[serde(default)]
    pub migrations: Option<Utf8PathBuf>,
    #[serde(default)]
    pub dialect: Option<String>,
    #[serde(default)]
    pub version_table: Option<String>,
    #[serde(default)]
    pub version_table_schema: Option<String>,
    #[serde(default)]
    pub templates: Option<Utf8PathBuf>,
    #[serde(default)]
    pub transaction_per_migration: Option<bool>,
    #[serde(default)]
    pub output_dir: Option<Utf8PathBuf>,
}

/// Reads `gen.yaml` if it exists (`Ok(None)` when it does not).
pub fn load_project(path: &Utf8Path) -> Result<Option<ProjectFile>, LoadError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(LoadError::Io {
                path: path.to_owned(),
                message: e.to_string(),
            })
        }
    };
    if text.trim().is_empty() {
        return Ok(Some(ProjectFile::default()));
    }
    serde_yaml::from_str(&text)
        .map(Some)
        .map_err(|e| yaml_error(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Revision, LoadError> {
        parse_revision(Utf8Path::new("m/r.yaml"), text, String::new())
    }

    fn invalid(text: &str) -> (usize, usize, String, Option<String>) {
        match parse(text) {
            Err(LoadError::Invalid {
                span,
                message,
                help,
            }) => match span.at {
                crate::span::At::Pos(lc) => (lc.line, lc.column, message, help),
                other => panic!("no position: {other:?} {message}"),
            },
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn reads_a_revision() {
        let r = parse(
            "revision: a1\ndown_revision: [b2, c3]\nbranch_labels: billing\nupgrade:\n  - create_table:\n      name: t\n      columns:\n        - {name: id, type: integer, primary_key: true}\n",
        )
        .unwrap();
        assert_eq!(r.id.as_str(), "a1");
        assert_eq!(r.down_revisions.len(), 2);
        assert_eq!(r.branch_labels, vec!["billing".to_owned()]);
        assert!(r.transactional);
        assert!(matches!(r.upgrade[0], Op::CreateTable(_)));
    }

    #[test]
    fn down_revision_key_is_required() {
        let (line, _, msg, _) = invalid("revision: a1\nupgrade: []\n");
        assert_eq!(line, 1);
        assert!(msg.contains("missing field `down_revision`"), "{msg}");
    }

    #[test]
    fn unknown_key_names_the_allowed_ones() {
        let (line, col, msg, help) = invalid(
            "revision: a1\ndown_revision: null\nupgrade:\n  - create_table:\n      name: t\n      colums: []\n",
        );
        assert_eq!((line, col), (6, 7), "{msg}");
        assert!(msg.contains("unknown field `colums`"), "{msg}");
        assert_eq!(help.as_deref(), Some("did you mean `columns`?"));
    }

    #[test]
    fn unknown_operation_suggests_one() {
        let (line, _, msg, help) =
            invalid("revision: a1\ndown_revision: null\nupgrade:\n  - create_tabel: {name: t}\n");
        assert_eq!(line, 4);
        assert!(msg.contains("unknown variant `create_tabel`"), "{msg}");
        assert_eq!(help.as_deref(), Some("did you mean `create_table`?"));
    }

    #[test]
    fn bad_values_are_located() {
        let (line, col, msg, _) = invalid(
            "revision: a1\ndown_revision: null\nupgrade:\n  - add_column:\n      table: t\n      column: {name: c, type: varchar(x)}\n",
        );
        assert_eq!(line, 6, "{msg} {col}");
        assert!(msg.contains("whole number"), "{msg}");
        let (line, _, msg, _) = invalid("revision: 1234\ndown_revision: null\nupgrade: []\n");
        assert_eq!(line, 1);
        assert!(msg.contains("in quotes"), "{msg}");
        let (_, _, msg, _) = invalid("revision: a-1\ndown_revision: null\nupgrade: []\n");
        assert!(msg.contains("only letters, digits"), "{msg}");
    }

    #[test]
    fn syntax_errors_are_located() {
        let (line, _, _, _) = invalid("revision: a1\ndown_revision: [x\nupgrade: []\n");
        assert!(line >= 2);
    }

    #[test]
    fn only_yaml_files_count() {
        assert!(is_revision_file("a.yaml"));
        assert!(is_revision_file("a.yml"));
        assert!(!is_revision_file(".a.yaml"));
        assert!(!is_revision_file("README.md"));
    }
}
