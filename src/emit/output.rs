//! Writing the script: atomically to a file, or to stdout.
//!
//! A file is written to a temporary file in the same directory and renamed
//! over the target only once complete, so a failure never leaves a partial
//! script where a reviewer or an operator would pick it up, and a signal
//! leaves no temporary file ([`crate::emit::interrupt`]). The file gets
//! the mode a program's new file usually gets (0644 less the umask), or the
//! mode of the file it replaces. Text can be
//! streamed in as it is produced ([`Text`]) rather than built in memory
//! first: a long history's script is megabytes.
//!
//! `-o` only ever replaces a regular file ([`check_target`]): never a
//! symbolic link (it does not write through one), a directory, a device,
//! a FIFO or a socket, and never one of the run's inputs ([`Inputs`]: a
//! revision file, the project file, a template), compared by canonical
//! path and by device and inode (a hard link is the same file). It does
//! not create a missing directory: a mistyped path is an error, not a new
//! tree.

use crate::emit::interrupt;
use camino::{Utf8Path, Utf8PathBuf};
use std::fmt;
use std::fs::Metadata;
use std::io::{self, BufWriter, Write};

/// Text produced piece by piece into a sink (e.g. `Script::write_to`).
pub type Text<'t> = &'t dyn Fn(&mut dyn fmt::Write) -> fmt::Result;

/// A `fmt::Write` over an `io::Write`, keeping the first I/O error (which
/// `fmt::Error` cannot carry).
struct IoSink<'w> {
    out: &'w mut dyn Write,
    error: Option<io::Error>,
}

impl fmt::Write for IoSink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            fmt::Error
        })
    }
}

/// Writes the text `text` produces into `out` as it is produced (not
/// buffered here), with the I/O error if one stopped it.
pub(crate) fn write_text(
    out: &mut dyn Write,
    text: impl FnOnce(&mut dyn fmt::Write) -> fmt::Result,
) -> io::Result<()> {
    let mut sink = IoSink { out, error: None };
    text(&mut sink).map_err(|fmt::Error| {
        sink.error
            .unwrap_or_else(|| io::Error::other("the text could not be produced"))
    })
}

/// Streams `text` into `out`, buffered.
fn stream(out: &mut dyn Write, text: Text) -> io::Result<()> {
    let mut buffered = BufWriter::with_capacity(64 * 1024, out);
    write_text(&mut buffered, text)?;
    buffered.flush()
}

/// The files a run reads, which `-o` must never replace.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The migrations directory: its revision files.
    pub migrations: Option<Utf8PathBuf>,
    /// The project file (`gen.yaml`), whether or not it exists.
    pub project_file: Option<Utf8PathBuf>,
    /// The `--templates` directory: every file under it.
    pub templates: Option<Utf8PathBuf>,
}

/// Device and inode: the same file whatever path, link or hard link leads to it.
#[cfg(unix)]
fn file_id(meta: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &Metadata) -> Option<(u64, u64)> {
    None
}

/// More than one name for the file (hard links), so that only its device
/// and inode can tell whether it is an input.
#[cfg(unix)]
fn has_other_names(meta: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn has_other_names(_: &Metadata) -> bool {
    false
}

/// At most this many files under a templates directory are compared (a
/// template folder holds a few dozen).
const TEMPLATE_FILES_COMPARED: usize = 10_000;

impl Inputs {
    /// What the existing regular file at `path` (with `meta`, its own
    /// metadata) is among the inputs, if it is one.
    fn find(&self, path: &Utf8Path, meta: &Metadata) -> Option<&'static str> {
        let canonical = std::fs::canonicalize(path).ok()?;
        let id = file_id(meta);
        let same = |other: &std::path::Path| {
            std::fs::metadata(other)
                .ok()
                .is_some_and(|m| id.is_some() && file_id(&m) == id)
        };
        if let Some(project) = &self.project_file {
            if std::fs::canonicalize(project).is_ok_and(|p| p == canonical)
                || same(project.as_std_path())
            {
                return Some("the project file");
            }
        }
        if let Some(dir) = &self.templates {
            if let Ok(root) = std::fs::canonicalize(dir) {
                if canonical.starts_with(&root) {
                    return Some("a template (under --templates)");
                }
                if under(&root, TEMPLATE_FILES_COMPARED)
                    .iter()
                    .any(|p| same(p))
                {
                    return Some("a template (under --templates)");
                }
            }
        }
        if let Some(dir) = &self.migrations {
            let root = std::fs::canonicalize(dir).ok()?;
            let named = |p: &std::path::Path| {
                p.file_name()
                    .is_some_and(|n| crate::source::is_revision_name(n.as_encoded_bytes()))
            };
            if canonical.parent() == Some(root.as_path()) && named(&canonical) {
                return Some("a revision file");
            }
            // A revision file that is a link, or a target with several
            // names: only the device and inode tell.
            let linked = has_other_names(meta);
            for entry in std::fs::read_dir(&root).ok()?.flatten() {
                let path = entry.path();
                let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
                if named(&path) && (linked || is_link) && same(&path) {
                    return Some("a revision file");
                }
            }
        }
        None
    }
}

/// The files under `dir` (following no links out of it), at most `limit`.
fn under(dir: &std::path::Path, limit: usize) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            if files.len() >= limit {
                return files;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => dirs.push(entry.path()),
                Ok(_) => files.push(entry.path()),
                Err(_) => {}
            }
        }
    }
    files
}

/// The directory `path` is written in.
fn parent_dir(path: &Utf8Path) -> &Utf8Path {
    match path.parent() {
        Some(p) if !p.as_str().is_empty() => p,
        _ => Utf8Path::new("."),
    }
}

/// What a file that is not a regular file is, for messages.
fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_file() {
        "a file"
    } else if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Whether `-o path` may be written: its directory exists, and `path` is
/// either missing or a regular file that is none of the `inputs` (see the
/// module doc). `Err` says what is wrong, and what to do.
pub fn check_target(path: &Utf8Path, inputs: &Inputs) -> Result<(), String> {
    let dir = parent_dir(path);
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(m) => return Err(format!("`{dir}` is {}, not a directory", kind_of(&m))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!(
                "directory `{dir}` does not exist; gen does not create directories: make it first"
            ))
        }
        Err(e) => return Err(format!("cannot use directory `{dir}`: {e}")),
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot look at `{path}`: {e}")),
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "`{path}` is a symbolic link; gen never writes through one: name the file itself, or remove the link"
        ));
    }
    if !meta.is_file() {
        return Err(format!(
            "`{path}` is {}; gen writes a script only to a regular file",
            kind_of(&meta)
        ));
    }
    if let Some(what) = inputs.find(path, &meta) {
        return Err(format!(
            "`{path}` is {what}, which this run reads; write the script somewhere else"
        ));
    }
    Ok(())
}

/// The temporary file a finished file is renamed from, in `dir`. It gets
/// the mode of any file a program creates (0644 less the umask), not
/// tempfile's 0600: the rename keeps it, and a script the operator's
/// account cannot read is no use.
fn temporary_beside(dir: &Utf8Path) -> Result<tempfile::NamedTempFile, String> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gen-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in `{dir}`: {e}"))
}

/// A temporary file beside `dir`'s future file, registered for removal on
/// a signal (see [`crate::emit::interrupt`]).
fn registered_temporary(dir: &Utf8Path) -> Result<tempfile::NamedTempFile, String> {
    let mut held = interrupt::hold();
    let tmp = temporary_beside(dir)?;
    held.register(tmp.path());
    Ok(tmp)
}

/// Ends a registered temporary file: `finish` renames it into place (or it
/// is deleted, on `Err` from `written` or `finish`), and it is forgotten,
/// both under the registry's lock.
fn settle(
    tmp: tempfile::NamedTempFile,
    written: Result<(), String>,
    finish: impl FnOnce(tempfile::NamedTempFile) -> Result<(), String>,
) -> Result<(), String> {
    let path = tmp.path().to_owned();
    let mut held = interrupt::hold();
    let result = written.and_then(|()| finish(tmp));
    held.release(&path);
    result
}

/// Writes `text` to `path` atomically (see [`check_target`] for what
/// `path` may be).
pub fn write_atomic(path: &Utf8Path, inputs: &Inputs, text: &str) -> Result<(), String> {
    write_atomic_with(path, inputs, &|out| out.write_str(text))
}

/// Like [`write_atomic`], with the text streamed in as it is produced.
pub fn write_atomic_with(path: &Utf8Path, inputs: &Inputs, text: Text) -> Result<(), String> {
    check_target(path, inputs)?;
    let mut tmp = registered_temporary(parent_dir(path))?;
    let written = (|| {
        // A script replaced keeps the mode someone gave it.
        if let Ok(old) = std::fs::metadata(path) {
            tmp.as_file()
                .set_permissions(old.permissions())
                .map_err(|e| format!("cannot give the new file the mode of `{path}`: {e}"))?;
        }
        stream(tmp.as_file_mut(), text)
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| format!("cannot write: {e}"))?;
        // Writing took a while: what is at `path` now is what is replaced.
        check_target(path, inputs)
    })();
    settle(tmp, written, |tmp| {
        tmp.persist(path)
            .map(drop)
            .map_err(|e| format!("cannot move the finished file into place: {}", e.error))
    })
}

/// Writes a new file atomically, creating its directory: like
/// [`write_atomic`], but fails rather than replace a file that exists
/// (`Err` names the problem).
pub fn write_new_atomic(path: &Utf8Path, text: &str) -> Result<(), String> {
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create directory `{dir}`: {e}"))?;
    let mut tmp = registered_temporary(dir)?;
    let written = tmp
        .write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"));
    settle(tmp, written, |tmp| {
        tmp.persist_noclobber(path).map(drop).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                "it already exists".to_owned()
            } else {
                format!("cannot move the finished file into place: {}", e.error)
            }
        })
    })
}

/// Writes `text` to stdout (a closed pipe is not an error).
pub fn write_stdout(text: &str) -> Result<(), String> {
    write_stdout_with(&|out| out.write_str(text))
}

/// Like [`write_stdout`], with the text streamed in as it is produced.
pub fn write_stdout_with(text: Text) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match stream(&mut lock, text) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to stdout: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Inputs {
        Inputs::default()
    }

    #[test]
    fn writes_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = camino::Utf8PathBuf::from_path_buf(dir.path().join("sub/out.sql")).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        write_atomic(&path, &none(), "one").unwrap();
        write_atomic(&path, &none(), "two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn streamed_text_arrives_whole_and_failures_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = camino::Utf8PathBuf::from_path_buf(dir.path().join("s.sql")).unwrap();
        let pieces = |out: &mut dyn fmt::Write| -> fmt::Result {
            for i in 0..20_000 {
                writeln!(out, "SELECT {i};")?;
            }
            Ok(())
        };
        write_atomic_with(&path, &none(), &pieces).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 20_000);
        assert!(text.ends_with("SELECT 19999;\n"));
        // A producer that fails half-way: the old file stays as it was.
        let failing = |out: &mut dyn fmt::Write| -> fmt::Result {
            out.write_str("partial")?;
            Err(fmt::Error)
        };
        assert!(write_atomic_with(&path, &none(), &failing).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }

    #[cfg(unix)]
    #[test]
    fn files_get_the_usual_mode_and_replaced_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |p: &camino::Utf8Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| camino::Utf8PathBuf::from_path_buf(dir.path().join(name)).unwrap();
        // What the umask leaves of 0666 for a file created the plain way.
        std::fs::write(path("plain"), "").unwrap();
        let usual = 0o644 & mode(&path("plain"));
        if usual == 0o600 {
            eprintln!("warning: the umask leaves 0600, as tempfile's own mode: this test cannot tell them apart");
        }
        write_atomic(&path("deploy.sql"), &none(), "one").unwrap();
        assert_eq!(mode(&path("deploy.sql")), usual);
        write_new_atomic(&path("rev.yaml"), "one").unwrap();
        assert_eq!(mode(&path("rev.yaml")), usual);
        let kept = std::fs::Permissions::from_mode(0o640);
        std::fs::set_permissions(path("deploy.sql"), kept).unwrap();
        write_atomic(&path("deploy.sql"), &none(), "two").unwrap();
        assert_eq!(mode(&path("deploy.sql")), 0o640);
    }

    #[test]
    fn new_files_never_replace_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = camino::Utf8PathBuf::from_path_buf(dir.path().join("new.yaml")).unwrap();
        write_new_atomic(&path, "one").unwrap();
        let err = write_new_atomic(&path, "two").unwrap_err();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
    }

    fn utf8(p: std::path::PathBuf) -> Utf8PathBuf {
        Utf8PathBuf::from_path_buf(p).unwrap()
    }

    /// Each kind of target `-o` refuses, with the reason in the message,
    /// and nothing written or created.
    #[cfg(unix)]
    #[test]
    fn refuses_links_special_files_directories_inputs_and_missing_directories() {
        let dir = tempfile::tempdir().unwrap();
        let root = utf8(dir.path().to_owned());
        let mig = root.join("migrations");
        let tpl = root.join("templates");
        std::fs::create_dir_all(mig.join("sub")).unwrap();
        std::fs::create_dir_all(tpl.join("postgresql")).unwrap();
        std::fs::write(mig.join("a.yaml"), "revision: a").unwrap();
        std::fs::write(root.join("elsewhere.yaml"), "revision: b").unwrap();
        std::os::unix::fs::symlink(root.join("elsewhere.yaml"), mig.join("b.yaml")).unwrap();
        std::fs::write(tpl.join("postgresql/begin.sql.j2"), "BEGIN").unwrap();
        std::fs::write(root.join("gen.yaml"), "dialect: sqlite").unwrap();
        std::fs::write(root.join("target.sql"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("target.sql"), root.join("link.sql")).unwrap();
        std::fs::hard_link(mig.join("a.yaml"), root.join("hard.sql")).unwrap();
        std::fs::hard_link(
            tpl.join("postgresql/begin.sql.j2"),
            root.join("hard-tpl.sql"),
        )
        .unwrap();
        std::fs::hard_link(root.join("gen.yaml"), root.join("hard-gen.sql")).unwrap();
        std::os::unix::net::UnixListener::bind(root.join("socket.sql")).unwrap();
        let inputs = Inputs {
            migrations: Some(mig.clone()),
            project_file: Some(root.join("gen.yaml")),
            templates: Some(tpl.clone()),
        };
        let cases: &[(Utf8PathBuf, &str)] = &[
            (root.join("link.sql"), "is a symbolic link"),
            (mig.join("b.yaml"), "is a symbolic link"),
            (root.join("migrations"), "is a directory"),
            (root.join("socket.sql"), "is a socket"),
            (root.join("nowhere/deploy.sql"), "directory `"),
            (root.join("target.sql/x.sql"), "not a directory"),
            (mig.join("a.yaml"), "is a revision file"),
            (mig.join("sub/../a.yaml"), "is a revision file"),
            (root.join("hard.sql"), "is a revision file"),
            (root.join("elsewhere.yaml"), "is a revision file"),
            (root.join("gen.yaml"), "is the project file"),
            (root.join("hard-gen.sql"), "is the project file"),
            (tpl.join("postgresql/begin.sql.j2"), "is a template"),
            (tpl.join("postgresql/new.sql"), "is a template"),
            (root.join("hard-tpl.sql"), "is a template"),
        ];
        for (target, why) in cases {
            if target.as_str() == tpl.join("postgresql/new.sql").as_str() {
                std::fs::write(target, "x").unwrap();
            }
            let content = |p: &Utf8Path| match std::fs::symlink_metadata(p) {
                Ok(m) if m.is_file() => std::fs::read(p).ok(),
                _ => None,
            };
            let before = content(target);
            let err = write_atomic(target, &inputs, "SELECT 1;").expect_err(target.as_str());
            assert!(err.contains(why), "{target}: {err}");
            assert_eq!(content(target), before, "{target}");
        }
        assert!(!root.join("nowhere").exists());
        // Devices are asked about, never written to: were the refusal to
        // break, writing would replace the machine's /dev/null.
        for device in ["/dev/null", "/dev/full"] {
            let err = check_target(Utf8Path::new(device), &inputs).expect_err(device);
            assert!(err.contains("is a device"), "{device}: {err}");
        }
        #[cfg(target_os = "linux")]
        {
            let fifo = root.join("fifo.sql");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                let err = write_atomic(&fifo, &inputs, "x").unwrap_err();
                assert!(err.contains("is a FIFO"), "{err}");
            }
        }
        // Nothing was left behind, and an ordinary file is still written.
        write_atomic(&root.join("target.sql"), &inputs, "SELECT 1;").unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("target.sql")).unwrap(),
            "SELECT 1;"
        );
        let leftovers: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".gen-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
