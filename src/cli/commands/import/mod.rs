//! `gen import alembic PATH`: an Alembic script directory to gen revision
//! files with the same ids, so a database whose `alembic_version` points
//! into the history continues with `gen upgrade REV:heads`.
//!
//! The flow: the embedded recorder runs every revision module's
//! `upgrade()` and `downgrade()` in the user's Python once per dialect
//! (`recorder`), the recorded calls become operations (`translate`,
//! `types`), the dialects' lists are merged with `dialects: [...]` where
//! they differ (`branches`), what could not be translated gets a
//! placeholder that fails `gen check` (`assemble`), every
//! file is parsed back and written into a temporary folder, and only then
//! moved into the output folder (`yaml_out`, here). The report goes to
//! stderr; the exit code is 0 when every revision imported cleanly and 3
//! when some need hand work.

mod assemble;
mod branches;
mod columns;
mod recorder;
mod report;
mod table;
mod translate;
mod types;
pub mod verify;
mod yaml_out;

pub use recorder::RECORDER;

use crate::diag::error::Error;
use crate::source::checksum::Checksum;
use crate::source::parse_revision;
use crate::source::write::slug;
use camino::{Utf8Path, Utf8PathBuf};
use report::Report;

/// The flags of `gen import alembic`.
#[derive(Debug, Clone, Default)]
pub struct ImportArgs {
    /// The script directory (with `versions/`) or the versions folder.
    pub path: Utf8PathBuf,
    /// Where the revision files go.
    pub output: Utf8PathBuf,
    /// gen dialect names to record (all four when none was asked).
    pub dialects: Vec<String>,
    pub python: String,
    /// Extra folders for `sys.path` (the app's own package).
    pub pythonpath: Vec<Utf8PathBuf>,
    pub force: bool,
    /// Stub the modules the migrations import that are not installed.
    pub stub_missing: bool,
    /// Compare with Alembic's own offline script afterwards (`verify`).
    pub verify: bool,
}

/// The versions folder of `path`, and the folders whose packages the
/// migrations may import (the script directory's parents).
fn versions_of(path: &Utf8Path) -> Result<(Utf8PathBuf, Vec<String>), Error> {
    let versions = if path.join("versions").is_dir() {
        path.join("versions")
    } else {
        path.to_owned()
    };
    if !versions.is_dir() {
        return Err(Error::Usage(format!(
            "`{path}` is not an Alembic script directory (a folder with `versions/`) nor a versions folder"
        )));
    }
    let abs = versions
        .canonicalize_utf8()
        .unwrap_or_else(|_| versions.clone());
    let parents = abs
        .ancestors()
        .skip(1)
        .take(6)
        .map(|p| p.to_string())
        .collect();
    Ok((versions, parents))
}

/// Runs the import; `Ok` when every revision imported cleanly.
pub fn run(args: &ImportArgs) -> Result<(), Error> {
    let (versions, parents) = versions_of(&args.path)?;
    let mut paths: Vec<String> = args.pythonpath.iter().map(|p| p.to_string()).collect();
    paths.extend(parents);
    let recorded = recorder::record(
        &args.python,
        &versions,
        &args.dialects,
        &paths,
        args.stub_missing,
    )
    .map_err(Error::Usage)?;
    let mut report = Report::default();
    let mut files = Vec::new();
    let mut hand_work = std::collections::BTreeSet::new();
    for rec in &recorded {
        let before = report.hand_work.len();
        let Some(rev) = assemble::revision(rec, &args.dialects, &mut report) else {
            continue;
        };
        if report.hand_work.len() > before {
            hand_work.insert(rev.id.clone());
        }
        let text = rev.to_yaml();
        let name = if slug(&rev.message).is_empty() {
            format!("{}.yaml", rev.id)
        } else {
            format!("{}_{}.yaml", rev.id, slug(&rev.message))
        };
        let path = args.output.join(&name);
        parse_revision(&path, &text, Checksum::default()).map_err(|e| {
            Error::Internal(format!(
                "the import of {} does not read back ({e:?}); please report it",
                rec.file
            ))
        })?;
        files.push((name, text));
    }
    write_all(&args.output, &files, args.force)?;
    report.print(&args.output, files.len());
    if args.verify
        && !verify::run(
            &args.python,
            &versions,
            &args.output,
            &args.dialects,
            &paths,
            &hand_work,
        )?
    {
        return Err(Error::CheckFailed { code: 1 });
    }
    if report.needs_hand_work() {
        return Err(Error::CheckFailed { code: 3 });
    }
    Ok(())
}

/// Writes every file into a temporary folder beside the output, then moves
/// them in: an error leaves the output folder as it was.
fn write_all(out: &Utf8Path, files: &[(String, String)], force: bool) -> Result<(), Error> {
    let existing: Vec<&str> = files
        .iter()
        .filter(|(name, _)| out.join(name).exists())
        .map(|(name, _)| name.as_str())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Error::Usage(format!(
            "{} file(s) already exist in `{out}` (e.g. `{}`); pass --force to replace them",
            existing.len(),
            existing.first().copied().unwrap_or_default()
        )));
    }
    let io = |what: &str, e: std::io::Error| Error::Usage(format!("{what}: {e}"));
    std::fs::create_dir_all(out).map_err(|e| io(&format!("cannot create `{out}`"), e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".gen-import-")
        .tempdir_in(out)
        .map_err(|e| io(&format!("cannot make a temporary folder in `{out}`"), e))?;
    for (name, text) in files {
        std::fs::write(tmp.path().join(name), text)
            .map_err(|e| io(&format!("cannot write `{name}`"), e))?;
    }
    for (name, _) in files {
        std::fs::rename(tmp.path().join(name), out.join(name))
            .map_err(|e| io(&format!("cannot move `{name}` into `{out}`"), e))?;
    }
    Ok(())
}
