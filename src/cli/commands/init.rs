//! `gen init [DIR]`: a new project, ready to run.
//!
//! Writes `DIR/gen.yaml` (the settings, with the optional ones as
//! comments), the migrations folder with the JSON Schema that editors use
//! (`migration.schema.json`, named by every revision's modeline) and a first
//! revision that creates an `accounts` table, so `gen upgrade heads` works
//! at once and shows the shape of a revision. Nothing that exists is
//! overwritten: an existing `gen.yaml` or non-empty migrations folder is an
//! error naming it, checked before anything is written.

use crate::cli::commands::revision::input;
use crate::diag::diagnostic::Diagnostic;
use crate::diag::error::Error;
use crate::emit::output::write_new_atomic;
use crate::source::json_schema::{migration_schema, SCHEMA_FILE_NAME};
use crate::source::write::{create_date_now, new_id, NewRevision};
use crate::source::yaml_scalar;
use camino::{Utf8Path, Utf8PathBuf};
use std::collections::BTreeSet;

/// What `gen init` writes.
#[derive(Debug, Clone)]
pub struct InitArgs {
    /// The project folder (created if missing).
    pub dir: Utf8PathBuf,
    /// The project file's name in it.
    pub config_file: Utf8PathBuf,
    /// The migrations folder, as `gen.yaml` will name it.
    pub migrations: Utf8PathBuf,
    pub dialect: String,
    pub version_table: String,
}

fn exists_error(path: &Utf8Path, what: &str) -> Error {
    input(
        Diagnostic::error(format!("`{path}` already exists{what}"))
            .with_help("gen init never overwrites anything: pick another folder, or remove it"),
    )
}

fn project_text(args: &InitArgs) -> String {
    format!(
        "# gen project settings; command-line flags override them.\n\
         migrations: {}\n\
         dialect: {}\n\
         version_table: {}\n\
         # version_table_schema: public\n\
         # templates: templates   # overrides templates/<dialect>/<kind>.sql.j2 file by file\n\
         transaction_per_migration: false\n\
         # output_dir: out        # relative `-o` paths are written under it\n",
        yaml_scalar(args.migrations.as_str()),
        yaml_scalar(&args.dialect),
        yaml_scalar(&args.version_table),
    )
}

fn first_revision() -> NewRevision {
    let upgrade = [
        "  - create_table:",
        "      name: accounts",
        "      columns:",
        "        - {name: id, type: bigint, primary_key: true, autoincrement: true}",
        "        - {name: email, type: varchar(255), nullable: false}",
        "        - {name: created_at, type: timestamptz, nullable: false, default: {sql: CURRENT_TIMESTAMP}}",
        "  - create_index: {name: ux_accounts_email, table: accounts, columns: [email], unique: true}",
    ];
    NewRevision {
        id: new_id(&BTreeSet::new()),
        down_revisions: Vec::new(),
        branch_labels: Vec::new(),
        depends_on: Vec::new(),
        message: "create accounts".to_owned(),
        create_date: create_date_now(),
        upgrade: upgrade.iter().map(|l| (*l).to_owned()).collect(),
        trailer: vec![
            "The first revision, written by `gen init`: edit or replace it.".to_owned(),
            "No `downgrade:`: gen derives it (drop_index, drop_table).".to_owned(),
            "Next: `gen revision -m \"add a column\"`, then `gen upgrade heads`.".to_owned(),
        ],
    }
}

/// Creates the project; returns the files written, in order.
pub fn init(args: &InitArgs) -> Result<Vec<Utf8PathBuf>, Error> {
    let project = args.dir.join(&args.config_file);
    let folder = args.dir.join(&args.migrations);
    if project.exists() {
        return Err(exists_error(&project, ""));
    }
    if folder.is_file() {
        return Err(exists_error(&folder, " and is a file"));
    }
    if folder.is_dir() {
        let mut entries = folder
            .read_dir_utf8()
            .map_err(|e| input(Diagnostic::error(format!("cannot read `{folder}`: {e}"))))?;
        if entries.next().is_some() {
            return Err(exists_error(&folder, " and is not empty"));
        }
    }
    let first = first_revision();
    let files = [
        (project, project_text(args)),
        (folder.join(SCHEMA_FILE_NAME), migration_schema()),
        (folder.join(first.file_name()), first.to_yaml()),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        write_new_atomic(&path, &text)
            .map_err(|m| input(Diagnostic::error(format!("cannot write `{path}`: {m}"))))?;
        written.push(path);
    }
    Ok(written)
}
