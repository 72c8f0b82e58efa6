//! Writing the script: atomically to a file, or to stdout.
//!
//! A file is written to a temporary file in the same directory and renamed
//! over the target only once complete, so a failure never leaves a partial
//! script where a reviewer or an operator would pick it up. The file gets
//! the mode a program's new file usually gets (0644 less the umask), or the
//! mode of the file it replaces. Text can be
//! streamed in as it is produced ([`Text`]) rather than built in memory
//! first: a long history's script is megabytes.

use camino::Utf8Path;
use std::fmt;
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

/// Writes `text` to `path` atomically, creating the parent directory.
pub fn write_atomic(path: &Utf8Path, text: &str) -> Result<(), String> {
    write_atomic_with(path, &|out| out.write_str(text))
}

/// Like [`write_atomic`], with the text streamed in as it is produced.
pub fn write_atomic_with(path: &Utf8Path, text: Text) -> Result<(), String> {
    let dir = match path.parent() {
        Some(p) if !p.as_str().is_empty() => p,
        _ => Utf8Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create directory `{dir}`: {e}"))?;
    let mut tmp = temporary_beside(dir)?;
    // A script replaced keeps the mode someone gave it.
    if let Ok(old) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(old.permissions())
            .map_err(|e| format!("cannot give the new file the mode of `{path}`: {e}"))?;
    }
    stream(tmp.as_file_mut(), text)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"))?;
    tmp.persist(path)
        .map_err(|e| format!("cannot move the finished file into place: {}", e.error))?;
    Ok(())
}

/// Writes a new file atomically: like [`write_atomic`], but fails rather
/// than replace a file that exists (`Err` names the problem).
pub fn write_new_atomic(path: &Utf8Path, text: &str) -> Result<(), String> {
    let dir = match path.parent() {
        Some(p) if !p.as_str().is_empty() => p,
        _ => Utf8Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create directory `{dir}`: {e}"))?;
    let mut tmp = temporary_beside(dir)?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"))?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            "it already exists".to_owned()
        } else {
            format!("cannot move the finished file into place: {}", e.error)
        }
    })?;
    Ok(())
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

    #[test]
    fn writes_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = camino::Utf8PathBuf::from_path_buf(dir.path().join("sub/out.sql")).unwrap();
        write_atomic(&path, "one").unwrap();
        write_atomic(&path, "two").unwrap();
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
        write_atomic_with(&path, &pieces).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 20_000);
        assert!(text.ends_with("SELECT 19999;\n"));
        // A producer that fails half-way: the old file stays as it was.
        let failing = |out: &mut dyn fmt::Write| -> fmt::Result {
            out.write_str("partial")?;
            Err(fmt::Error)
        };
        assert!(write_atomic_with(&path, &failing).is_err());
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
        write_atomic(&path("deploy.sql"), "one").unwrap();
        assert_eq!(mode(&path("deploy.sql")), usual);
        write_new_atomic(&path("rev.yaml"), "one").unwrap();
        assert_eq!(mode(&path("rev.yaml")), usual);
        let kept = std::fs::Permissions::from_mode(0o640);
        std::fs::set_permissions(path("deploy.sql"), kept).unwrap();
        write_atomic(&path("deploy.sql"), "two").unwrap();
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
}
