//! Which files of the migrations folder are revisions, and reading them.
//!
//! A revision file is an entry directly in the folder whose name ends in
//! `.yaml` or `.yml` and does not start with a dot: a regular file, or a
//! symbolic link to one (read through the link; the path shown is the
//! link's). A link to nothing, or to a directory or anything else, is an
//! error naming it, as is such a name that is not UTF-8 (shown with the bad
//! bytes replaced). Every other entry is ignored, whatever its name's
//! encoding. Files are read in name order, in parallel for long histories,
//! and every problem in every file is reported, not just the first.

use super::{parse_revision, LoadError};
use crate::source::checksum::Checksum;
use crate::source::revision::Revision;
use camino::{Utf8Path, Utf8PathBuf};
use std::fs::DirEntry;

/// Is this directory entry name (as bytes) a revision file's?
pub(crate) fn is_revision_name(name: &[u8]) -> bool {
    !name.starts_with(b".") && (name.ends_with(b".yaml") || name.ends_with(b".yml"))
}

/// The revision files of a directory, sorted by name; every entry that
/// looks like one but cannot be read as one is an error.
pub fn revision_files(dir: &Utf8Path) -> Result<Vec<Utf8PathBuf>, Vec<LoadError>> {
    let io = |e: std::io::Error| {
        vec![LoadError::Io {
            path: dir.to_owned(),
            message: e.to_string(),
        }]
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for entry in dir.as_std_path().read_dir().map_err(io)? {
        let entry = entry.map_err(io)?;
        match revision_entry(dir, &entry) {
            Ok(Some(path)) => files.push(path),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.to_string());
        return Err(errors);
    }
    // One directory: the paths' order is their names' (compared as text,
    // not component by component, which costs several times as much).
    files.sort_unstable_by(|a, b| a.as_str().cmp(b.as_str()));
    Ok(files)
}

/// One directory entry: `Some(path)` for a revision file to read.
fn revision_entry(dir: &Utf8Path, entry: &DirEntry) -> Result<Option<Utf8PathBuf>, LoadError> {
    let name = entry.file_name();
    if !is_revision_name(name.as_encoded_bytes()) {
        return Ok(None);
    }
    let Some(name) = name.to_str() else {
        return Err(LoadError::NameNotUtf8 {
            path: dir.join(name.to_string_lossy().as_ref()),
        });
    };
    let path = dir.join(name);
    let io = |e: std::io::Error| LoadError::Io {
        path: path.clone(),
        message: e.to_string(),
    };
    let kind = entry.file_type().map_err(io)?;
    if kind.is_file() {
        return Ok(Some(path));
    }
    if !kind.is_symlink() {
        // A folder or a special file with a revision-like name: not ours.
        return Ok(None);
    }
    match std::fs::metadata(&path) {
        Ok(target) if target.is_file() => Ok(Some(path)),
        Ok(target) => Err(LoadError::NotAFile {
            path,
            what: if target.is_dir() {
                "a directory"
            } else {
                "something that is not a regular file"
            },
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(LoadError::DanglingLink { path }),
        Err(e) => Err(io(e)),
    }
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
    let files = revision_files(dir)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yaml_files_count() {
        assert!(is_revision_name(b"a.yaml"));
        assert!(is_revision_name(b"a.yml"));
        assert!(is_revision_name(b"\xffa.yaml"));
        assert!(!is_revision_name(b".a.yaml"));
        assert!(!is_revision_name(b"README.md"));
        assert!(!is_revision_name(b"\xff.md"));
    }

    /// Enough files to be read on several threads: every one comes back,
    /// in name order, and an error stays with its file.
    #[test]
    fn a_long_history_loads_in_file_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8Path::from_path(dir.path()).unwrap();
        let n = PARALLEL_FROM * 3 + 1;
        for i in 0..n {
            let text = format!("revision: r{i:04}\ndown_revision: null\nupgrade: []\n");
            std::fs::write(root.join(format!("{i:04}.yaml")), text).unwrap();
        }
        let ids: Vec<String> = load_dir(root)
            .unwrap()
            .iter()
            .map(|r| r.id.as_str().to_owned())
            .collect();
        let want: Vec<String> = (0..n).map(|i| format!("r{i:04}")).collect();
        assert_eq!(ids, want);
        std::fs::write(root.join("0100.yaml"), "revision: [\n").unwrap();
        let errors = load_dir(root).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            format!("{:?}", errors[0]).contains("0100.yaml"),
            "{errors:?}"
        );
    }
}
