//! What can go wrong reading the migrations folder, a revision file or
//! `gen.yaml`, and how a YAML problem becomes a [`LoadError`] the user
//! reads: the file, the line and column of the node, the path to it when it
//! is not a top-level key (`upgrade[0].create_table: ...`), and a help line
//! (a "did you mean" for an unknown key, operation or dialect, what a
//! required key looks like, what to do about a repeated key).

use super::events::{Pos, ReadError};
use super::yaml::{self, PathSeg};
use crate::diag::span::Span;
use crate::diag::suggest::did_you_mean;
use camino::{Utf8Path, Utf8PathBuf};
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
    /// A revision file that is a symbolic link to nothing.
    DanglingLink { path: Utf8PathBuf },
    /// A revision file name that is a symbolic link to something other
    /// than a file; `what` says what (`a directory`).
    NotAFile {
        path: Utf8PathBuf,
        what: &'static str,
    },
    /// A file in the migrations folder named like a revision file whose
    /// name is not UTF-8; `path` shows it with the bad bytes replaced.
    NameNotUtf8 { path: Utf8PathBuf },
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
            LoadError::DanglingLink { path } => write!(
                f,
                "`{path}` is a symbolic link to a file that does not exist"
            ),
            LoadError::NotAFile { path, what } => write!(
                f,
                "`{path}` is a symbolic link to {what}, not to a revision file"
            ),
            LoadError::NameNotUtf8 { path } => write!(
                f,
                "the name of `{path}` is not UTF-8, so it cannot be read as a revision file"
            ),
        }
    }
}

impl LoadError {
    /// What to do about a problem with a file as a whole.
    pub fn file_help(&self) -> Option<&'static str> {
        match self {
            LoadError::DanglingLink { .. } => {
                Some("point the link at an existing revision file, or remove it")
            }
            LoadError::NotAFile { .. } => Some(
                "revision files are read from the migrations folder itself, not from folders inside it; remove the link or rename it so it does not end in `.yaml`/`.yml`",
            ),
            LoadError::NameNotUtf8 { .. } => {
                Some("rename the file: revision file names must be UTF-8 text")
            }
            LoadError::NotUtf8 { .. } => Some("save the file as UTF-8"),
            _ => None,
        }
    }
}

/// A document that is not YAML (or not one document), as a `LoadError`.
pub(crate) fn from_read(path: &Utf8Path, text: &str, e: ReadError) -> LoadError {
    match e {
        ReadError::Syntax { at, message, help } => LoadError::Invalid {
            span: span_at(path, text, at),
            message,
            help,
        },
        ReadError::SeveralDocuments { line } => LoadError::SeveralDocuments {
            path: path.to_owned(),
            line,
        },
    }
}

/// A document that does not fit its shape, as a `LoadError`.
pub(crate) fn from_yaml(path: &Utf8Path, text: &str, e: yaml::Error) -> LoadError {
    let e = e.into_inner();
    // The path says where the node is when the snippet alone would not:
    // not for a top-level key (`revision: ...`), which the snippet shows.
    let nested = e.path.len() > 1 || matches!(e.path.first(), Some(PathSeg::Index(_)));
    let mut message = if nested {
        format!("{}: {}", yaml::path_text(&e.path), e.message)
    } else {
        e.message
    };
    if let Some(alias) = e.via_alias {
        message.push_str(&format!(
            " (in the node that the alias at line {} column {} repeats)",
            alias.line, alias.column
        ));
    }
    let help = e
        .help
        .or_else(|| unknown_name_help(&message))
        .or_else(|| missing_key_help(&message));
    let span = match e.at {
        Some(at) => span_at(path, text, at),
        None => Span::file(path),
    };
    LoadError::Invalid {
        span,
        message,
        help,
    }
}

fn span_at(path: &Utf8Path, text: &str, at: Pos) -> Span {
    let (line, column) = clamp_to_text(text, at.line, at.column);
    Span::pos(path, line, column)
}

/// A position past the last line (the end of the input) becomes the end of
/// the last non-blank line, so that the snippet shows where something is
/// missing.
pub(crate) fn clamp_to_text(text: &str, line: usize, column: usize) -> (usize, usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
pub(crate) fn missing_key_help(message: &str) -> Option<String> {
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

/// For "unknown key `x`, expected one of `a`, `b`" (or an operation, a
/// variant, a dialect): the closest allowed name, or the full list.
pub(crate) fn unknown_name_help(message: &str) -> Option<String> {
    let at = [
        "unknown key `",
        "unknown operation `",
        "unknown variant `",
        "unknown dialect `",
    ]
    .iter()
    .find_map(|m| message.find(m))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_the_text_is_the_end_of_its_last_line() {
        assert_eq!(clamp_to_text("a: [x\n\n", 3, 1), (1, 6));
        assert_eq!(clamp_to_text("\u{feff}a: [x\n", 2, 1), (1, 6));
        assert_eq!(clamp_to_text("a: 1\n", 1, 4), (1, 4));
    }

    #[test]
    fn unknown_names_get_the_closest_allowed_one() {
        assert_eq!(
            unknown_name_help("unknown key `colums`, expected one of `name`, `columns`").as_deref(),
            Some("did you mean `columns`?")
        );
        assert_eq!(
            unknown_name_help(
                "unknown dialect `postgres` in a type map, expected one of `postgresql`, `mysql`"
            )
            .as_deref(),
            Some("did you mean `postgresql`?")
        );
        assert_eq!(
            unknown_name_help("unknown key `zzzzzz`, expected one of `name`, `columns`").as_deref(),
            Some("allowed here: `name`, `columns`")
        );
        assert_eq!(
            missing_key_help("missing key `table`").as_deref(),
            Some("add `table:`")
        );
    }
}
