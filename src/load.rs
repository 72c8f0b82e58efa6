//! Reading migration files and `gen.yaml`: the only code that names serde_yaml.
//!
//! `load_dir` reads every `*.yaml` / `*.yml` directly in the migrations
//! directory (dot-files and other files are ignored), in file-name order,
//! computes each file's SHA-256 and turns it into a [`Revision`]. Every
//! problem in every file is collected, not just the first, each with the file,
//! line and column the YAML parser reported and, for unknown keys, a
//! "did you mean". `load_project` reads the optional project file.

use crate::checksum::Checksum;
use crate::ops::{Op, OpItem};
use crate::revision::{Revision, RevisionId, Source};
use crate::span::Span;
use crate::suggest::did_you_mean;
use camino::{Utf8Path, Utf8PathBuf};
use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
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
    /// More than one YAML document in a revision file; `line` is where the
    /// second one starts.
    SeveralDocuments { path: Utf8PathBuf, line: usize },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, message } => write!(f, "cannot read `{path}`: {message}"),
            LoadError::NotUtf8 { path } => write!(f, "`{path}` is not UTF-8 text"),
            LoadError::Invalid { message, .. } => f.write_str(message),
            LoadError::SeveralDocuments { path, .. } => write!(
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
        // Checked inside the visitor, so that serde_yaml reports the error at
        // the value itself rather than at the start of the enclosing mapping.
        struct V;
        impl Visitor<'_> for V {
            type Value = RevisionId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a revision id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RevisionId, E> {
                RevisionId::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RevisionId, E> {
                Err(integer_id(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RevisionId, E> {
                Err(integer_id(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A revision file, as written. Its JSON Schema is derived from this shape
/// (see `json_schema`), so the doc comments below are what editors show.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a revision: a mapping with `revision`, `down_revision` and `upgrade`"
)]
pub(crate) struct RevisionDoc {
    /// This revision's id, unique in the migrations directory.
    revision: RevisionId,
    /// The parents: null for a root, one id, or a list of ids for a merge.
    #[schemars(schema_with = "crate::json_schema::down_revision")]
    down_revision: DownRevision,
    /// Branch labels (unique across the directory), usable as `label@head`.
    #[serde(default)]
    #[schemars(schema_with = "crate::json_schema::name_list")]
    branch_labels: StringList,
    /// Revision ids, id prefixes or branch labels applied before this one (not parents).
    #[serde(default)]
    #[schemars(schema_with = "crate::json_schema::name_list")]
    depends_on: StringList,
    /// A one-line description.
    #[serde(default)]
    message: Option<String>,
    /// When the revision was written (informational).
    #[serde(default)]
    #[schemars(schema_with = "crate::json_schema::create_date")]
    create_date: Option<DateText>,
    /// false: run outside any transaction block (default true).
    #[serde(default)]
    transactional: Option<bool>,
    /// The operations, in order (may be empty).
    upgrade: Vec<OpItem>,
    /// The operations that undo `upgrade`; derived from it when absent.
    #[serde(default)]
    downgrade: Option<Vec<OpItem>>,
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
/// "at line N column M" marks, and a suggestion for unknown keys/operations
/// or a hint for a missing required key.
///
/// A syntax error may carry a second mark, where the construct being parsed
/// started ("while parsing a flow mapping at line 6 column 16"); it is kept
/// in the message as "that starts at line L column C". A problem found at the
/// very end of the text is moved to the end of the last line, so that the
/// snippet shows where something is missing.
fn yaml_error(path: &Utf8Path, text: &str, err: &serde_yaml::Error) -> LoadError {
    let full = err.to_string();
    let message = match err.location() {
        Some(_) => strip_marks(&full),
        None => full,
    };
    let span = match err.location() {
        Some(loc) => {
            let (line, column) = clamp_to_text(text, loc.line(), loc.column());
            Span::pos(path, line, column)
        }
        None => Span::file(path),
    };
    // Say it in the words of the format: keys and lists, not fields and
    // sequences; a one-key path prefix repeats what the snippet shows.
    let message = strip_top_level_path(&message)
        .replace("unknown field `", "unknown key `")
        .replace("missing field `", "missing key `")
        .replace(", expected a sequence", ", expected a list");
    LoadError::Invalid {
        help: unknown_name_help(&message).or_else(|| missing_key_help(&message)),
        span,
        message,
    }
}

/// serde_yaml prefixes a message with the path of the value (`a.b[0].c: `).
/// For a top-level key (`revision: `) that only repeats the snippet: drop it.
fn strip_top_level_path(message: &str) -> String {
    match message.split_once(": ") {
        Some((key, rest))
            if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
        {
            rest.to_owned()
        }
        _ => message.to_owned(),
    }
}

/// Removes " at line N column M" marks; a mark after ", while parsing ..."
/// becomes " that starts at line N column M".
fn strip_marks(full: &str) -> String {
    let (problem, context) = match full.split_once(", while parsing ") {
        Some((p, c)) => (p, Some(c)),
        None => (full, None),
    };
    let cut = |s: &str| match s.rfind(" at line ") {
        Some(i) if s[i + 9..].contains(" column ") => {
            (s[..i].to_owned(), Some(s[i + 4..].to_owned()))
        }
        _ => (s.to_owned(), None),
    };
    let (problem, _) = cut(problem);
    match context.map(cut) {
        Some((ctx, Some(mark))) => format!("{problem}, while parsing {ctx} that starts at {mark}"),
        Some((ctx, None)) => format!("{problem}, while parsing {ctx}"),
        None => problem,
    }
}

/// A position past the last line (the end of the input) becomes the end of
/// the last non-blank line.
fn clamp_to_text(text: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    if line <= lines.len() {
        return (line, column);
    }
    match lines.iter().rposition(|l| !l.trim().is_empty()) {
        Some(i) => (i + 1, lines[i].chars().count() + 1),
        None => (1, 1),
    }
}

/// For "missing key `x`": what the required key looks like.
fn missing_key_help(message: &str) -> Option<String> {
    let rest = message.split_once("missing key `")?.1;
    let key = rest.split_once('`')?.0;
    Some(match key {
        "down_revision" => "every revision names its parents: `down_revision: null` for a root, \
             one id, or a list of ids for a merge"
            .to_owned(),
        "upgrade" => {
            "every revision lists its operations: write `upgrade: []` if it has none".to_owned()
        }
        "revision" => "every revision file starts with its id: `revision: <id>`".to_owned(),
        other => format!("add `{other}:`"),
    })
}

/// For "unknown key `x`, expected one of `a`, `b`" (or `operation`): the
/// closest allowed name, and the full list.
fn unknown_name_help(message: &str) -> Option<String> {
    let at = message
        .find("unknown key `")
        .or_else(|| message.find("unknown operation `"))
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

/// `text` as a YAML scalar for a file `gen` writes: plain when YAML reads
/// it back as the same string (and it cannot break a flow list), else
/// double-quoted (a JSON string is a valid YAML double-quoted scalar).
pub fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.contains(['\n', '\r', '\t', ',', '[', ']', '{', '}', '"', '\''])
        && text.trim() == text
        && matches!(
            serde_yaml::from_str::<serde_yaml::Value>(text),
            Ok(serde_yaml::Value::String(s)) if s == text
        );
    if plain {
        text.to_owned()
    } else {
        let mut quoted = String::with_capacity(text.len() + 2);
        quoted.push('"');
        for c in text.chars() {
            match c {
                '"' => quoted.push_str("\\\""),
                '\\' => quoted.push_str("\\\\"),
                '\n' => quoted.push_str("\\n"),
                '\r' => quoted.push_str("\\r"),
                '\t' => quoted.push_str("\\t"),
                c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => quoted.push(c),
            }
        }
        quoted.push('"');
        quoted
    }
}

/// Parses one revision file's text.
pub fn parse_revision(
    path: &Utf8Path,
    text: &str,
    sha256: Checksum,
) -> Result<Revision, LoadError> {
    let mut docs = serde_yaml::Deserializer::from_str(text);
    let first = docs.next().filter(|_| !is_blank(text));
    let Some(first) = first else {
        return Err(LoadError::Invalid {
            span: Span::pos(path, 1, 1),
            message:
                "the file is empty; a revision needs `revision`, `down_revision` and `upgrade`"
                    .to_owned(),
            help: None,
        });
    };
    let doc = RevisionDoc::deserialize(first).map_err(|e| yaml_error(path, text, &e))?;
    if docs.next().is_some() {
        return Err(LoadError::SeveralDocuments {
            path: path.to_owned(),
            line: second_document_line(text),
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
        .collect::<Result<Box<[_]>, _>>()?;
    // `allow:` lists name lint rules; an unknown one is a mistake to report.
    let lists = [
        ("upgrade", Some(&doc.upgrade)),
        ("downgrade", doc.downgrade.as_ref()),
    ];
    for (key, items) in lists {
        for (i, item) in items.into_iter().flatten().enumerate() {
            for (j, id) in item.allow.iter().enumerate() {
                if crate::lint::rule(id).is_none() {
                    let ids = crate::lint::RULES.iter().map(|r| r.id);
                    return Err(LoadError::Invalid {
                        span: Span::path(
                            path,
                            crate::span::DocPath::root()
                                .key(key)
                                .index(i)
                                .key("allow")
                                .index(j),
                        ),
                        message: format!("unknown lint rule `{id}` in `allow:`"),
                        help: Some(match did_you_mean(id, ids) {
                            Some(s) => {
                                format!("did you mean `{s}`? (the rules are in docs/lint.md)")
                            }
                            None => "the rules are listed in docs/lint.md".to_owned(),
                        }),
                    });
                }
            }
        }
    }
    // Most operations silence nothing: the `allow` list ends at the last
    // operation that does, and is empty (no allocation) when none does.
    let split = |items: Vec<OpItem>| -> (Vec<Op>, Vec<Vec<String>>) {
        let mut ops = Vec::with_capacity(items.len());
        let mut allow = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            if !item.allow.is_empty() {
                allow.resize_with(i, Vec::new);
                allow.push(item.allow);
            }
            ops.push(item.op);
        }
        (ops, allow)
    };
    let (upgrade, upgrade_allow) = split(doc.upgrade);
    let (downgrade, downgrade_allow) = match doc.downgrade.map(split) {
        Some((ops, allow)) => (Some(ops.into_boxed_slice()), allow),
        None => (None, Vec::new()),
    };
    Ok(Revision {
        id: doc.revision,
        down_revisions,
        depends_on: doc.depends_on.0.into_boxed_slice(),
        branch_labels: doc.branch_labels.0.into_boxed_slice(),
        message: doc.message.map(String::into_boxed_str),
        create_date: doc.create_date.map(|d| d.0.into_boxed_str()),
        transactional: doc.transactional.unwrap_or(true),
        upgrade,
        downgrade,
        upgrade_allow: upgrade_allow.into_boxed_slice(),
        downgrade_allow: downgrade_allow.into_boxed_slice(),
        source: Source {
            path: path.to_owned(),
            sha256,
        },
    })
}

/// Only blank lines and comments: serde_yaml still yields one (null) document.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    })
}

/// The line of the `---` that starts the second document (1 if not found).
fn second_document_line(text: &str) -> usize {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let marker = line.strip_prefix("---");
        if marker.is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t'])) {
            if seen_content {
                return i + 1;
            }
        } else if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            seen_content = true;
        }
    }
    1
}

/// A list of operations from YAML text (for tests and tools that build
/// operations without a revision file), through the loader's own shapes.
pub fn parse_ops(yaml: &str) -> Result<Vec<Op>, String> {
    serde_yaml::from_str(yaml).map_err(|e| e.to_string())
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
    // One directory: the paths' order is their names' (compared as text,
    // not component by component, which costs several times as much).
    files.sort_unstable_by(|a, b| a.as_str().cmp(b.as_str()));
    Ok(files)
}

/// Reads and parses one file.
pub fn load_file(path: &Utf8Path) -> Result<Revision, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let sha = Checksum::of(&bytes);
    let text = std::str::from_utf8(&bytes).map_err(|_| LoadError::NotUtf8 {
        path: path.to_owned(),
    })?;
    parse_revision(path, text, sha)
}

/// Below this many files, loading stays on one thread (starting threads
/// would cost more than it saves).
const PARALLEL_FROM: usize = 64;

/// Loads `files` on every core, results in file order.
fn load_files(files: &[Utf8PathBuf]) -> Vec<Result<Revision, LoadError>> {
    crate::parallel::map(files, PARALLEL_FROM, |f| load_file(f))
}

/// Loads every revision of a directory; all errors are returned together.
pub fn load_dir(dir: &Utf8Path) -> Result<Vec<Revision>, Vec<LoadError>> {
    let files = revision_files(dir).map_err(|e| vec![e])?;
    let mut revisions = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for result in load_files(&files) {
        match result {
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
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "project settings: a mapping of keys such as `migrations` and `dialect`"
)]
pub struct ProjectFile {
    /// Directory of revision files (default `migrations`).
    #[serde(default)]
    #[schemars(schema_with = "crate::json_schema::path")]
    pub migrations: Option<Utf8PathBuf>,
    /// Target database dialect (default postgresql).
    #[serde(default)]
    #[schemars(schema_with = "crate::json_schema::dialect_name")]
    pub dialect: Option<String>,
    /// Version table name (default alembic_version).
    #[serde(default)]
    pub version_table: Option<String>,
    /// Schema of the version table (default none).
    #[serde(default)]
    pub version_table_schema: Option<String>,
    /// Folder overriding the built-in templates file by file.
    #[serde(default)]
    #[schemars(schema_with = "crate::json_schema::path")]
    pub templates: Option<Utf8PathBuf>,
    /// One transaction per revision instead of one for the whole run.
    #[serde(default)]
    pub transaction_per_migration: Option<bool>,
    /// Relative `-o` paths are written under this folder.
    #[serde(default)]
    #[schemars(schema_with = "crate::json_schema::path")]
    pub output_dir: Option<Utf8PathBuf>,
    /// Lint rule ids silenced for the whole project.
    #[serde(default)]
    pub allow: Vec<String>,
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
        .map_err(|e| yaml_error(path, &text, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Revision, LoadError> {
        parse_revision(Utf8Path::new("m/r.yaml"), text, Checksum::default())
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
        assert_eq!(*r.branch_labels, ["billing"]);
        assert!(r.transactional);
        assert!(matches!(r.upgrade[0], Op::CreateTable(_)));
    }

    /// An operation's lists are held from the load to the walk, and many
    /// end up in the model: each is read into an allocation of its length.
    #[test]
    fn operation_lists_are_read_without_spare_room() {
        let cols: String = (0..5)
            .map(|i| format!("        - {{name: c{i}, type: integer}}\n"))
            .collect();
        let r = parse(&format!(
            "revision: a1\ndown_revision: null\nupgrade:\n  - create_table:\n      name: t\n      columns:\n{cols}      unique:\n        - {{columns: [c0, c1, c2]}}\n        - {{columns: [c3]}}\n        - {{columns: [c4]}}\n  - create_index: {{name: ix, table: t, columns: [c0, c1, c2, c3, c4]}}\n"
        ))
        .unwrap();
        let (Op::CreateTable(t), Op::CreateIndex(ix)) = (&r.upgrade[0], &r.upgrade[1]) else {
            panic!("{:?}", r.upgrade);
        };
        assert_eq!((t.columns.len(), t.columns.capacity()), (5, 5));
        assert_eq!((t.unique.len(), t.unique.capacity()), (3, 3));
        assert_eq!(t.unique[0].columns.capacity(), 3);
        assert_eq!((ix.columns.len(), ix.columns.capacity()), (5, 5));
    }

    #[test]
    fn allow_lists_end_at_the_last_operation_that_has_one() {
        let ops = "  - execute: {sql: SELECT 1}\n  - drop_table: {name: t}\n    allow: [data-loss]\n  - execute: {sql: SELECT 2}\n";
        let r = parse(&format!(
            "revision: a1\ndown_revision: null\nupgrade:\n{ops}downgrade:\n{ops}"
        ))
        .unwrap();
        let expected = vec![Vec::new(), vec!["data-loss".to_owned()]];
        assert_eq!(r.upgrade.len(), 3);
        assert_eq!(*r.upgrade_allow, expected);
        assert_eq!(*r.downgrade_allow, expected);
        let r =
            parse("revision: a1\ndown_revision: null\nupgrade:\n  - execute: {sql: SELECT 1}\n")
                .unwrap();
        assert!(r.upgrade_allow.is_empty());
    }

    #[test]
    fn down_revision_key_is_required() {
        let (line, _, msg, _) = invalid("revision: a1\nupgrade: []\n");
        assert_eq!(line, 1);
        assert!(msg.contains("missing key `down_revision`"), "{msg}");
    }

    #[test]
    fn unknown_key_names_the_allowed_ones() {
        let (line, col, msg, help) = invalid(
            "revision: a1\ndown_revision: null\nupgrade:\n  - create_table:\n      name: t\n      colums: []\n",
        );
        assert_eq!((line, col), (6, 7), "{msg}");
        assert!(msg.contains("unknown key `colums`"), "{msg}");
        assert_eq!(help.as_deref(), Some("did you mean `columns`?"));
    }

    #[test]
    fn unknown_operation_suggests_one() {
        let (line, _, msg, help) =
            invalid("revision: a1\ndown_revision: null\nupgrade:\n  - create_tabel: {name: t}\n");
        assert_eq!(line, 4);
        assert!(msg.contains("unknown operation `create_tabel`"), "{msg}");
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
    fn syntax_error_marks_move_into_the_message() {
        assert_eq!(
            strip_marks("did not find expected ',' at line 7 column 1, while parsing a flow mapping at line 6 column 16"),
            "did not find expected ',', while parsing a flow mapping that starts at line 6 column 16"
        );
        assert_eq!(clamp_to_text("a: [x\n\n", 3, 1), (1, 6));
        assert_eq!(strip_top_level_path("revision: bad id"), "bad id");
        assert_eq!(strip_top_level_path("invalid type: x"), "invalid type: x");
        assert_eq!(strip_top_level_path("upgrade[0]: x"), "upgrade[0]: x");
    }

    #[test]
    fn empty_files_and_second_documents() {
        let (line, col, msg, _) = invalid("# only a comment\n\n");
        assert_eq!((line, col), (1, 1));
        assert!(msg.contains("the file is empty"), "{msg}");
        assert_eq!(second_document_line("---\na: 1\n--- \nb: 2\n"), 3);
        match parse("revision: a1\ndown_revision: null\nupgrade: []\n---\nrevision: b2\n") {
            Err(LoadError::SeveralDocuments { line, .. }) => assert_eq!(line, 4),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn scalars_read_back_as_written() {
        for text in [
            "add email",
            "123456789012",
            "1e10",
            "true",
            "null",
            "a: b",
            "x # y",
            "- item",
            "it's \"quoted\"",
            "two\nlines",
            " padded ",
            "",
            "back\\slash",
            "tab\there",
            "[x]",
            "~",
        ] {
            let yaml = format!("k: {}\n", yaml_scalar(text));
            let v: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(v["k"], serde_yaml::Value::String(text.to_owned()), "{yaml}");
        }
        assert_eq!(yaml_scalar("add email"), "add email");
        assert_eq!(yaml_scalar("3e790e4a29bd"), "3e790e4a29bd");
        assert_eq!(yaml_scalar("123456789012"), "\"123456789012\"");
    }

    #[test]
    fn only_yaml_files_count() {
        assert!(is_revision_file("a.yaml"));
        assert!(is_revision_file("a.yml"));
        assert!(!is_revision_file(".a.yaml"));
        assert!(!is_revision_file("README.md"));
    }
}
