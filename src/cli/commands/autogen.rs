//! `gen revision --autogenerate`, `gen diff --schema` and `gen check
//! --schema`: the schema the migrations replay to, compared with a schema
//! file (SQL DDL for the dialect), with no database.
//!
//! The file is read by `declare::read`; the renames come from `--rename`
//! and the file's `-- @renamed from=old` comments; `declare::diff` gives
//! the operations. `revision` writes them as a new revision on the head
//! (on an empty history, the baseline), each possible rename as a comment
//! above its add and a `warning[possible-rename]`; with no difference it
//! writes nothing and says so (Alembic writes an empty revision: an empty
//! revision is noise in a reviewed history). `diff` prints the operations
//! as the `upgrade:` list they would be (or JSON). `check` fails when
//! there is any difference.

use crate::cli::commands::revision::{
    check_labels, choose_id, dependencies, input, parent, write_checked, RevisionArgs,
};
use crate::cli::config::Config;
use crate::declare::diff::{diff, Diff, PossibleRename, Rename};
use crate::declare::read::{read_schema, Declared};
use crate::diag::diagnostic::Diagnostic;
use crate::diag::error::Error;
use crate::driver::schema_at;
use crate::history::graph::{Node, RevisionGraph};
use crate::ops::Op;
use crate::source::op_yaml::op_lines;
use crate::source::write::{create_date_now, NewRevision};
use camino::{Utf8Path, Utf8PathBuf};

/// What the autogenerate commands are given besides the command's own flags.
#[derive(Debug, Clone, Default)]
pub struct SchemaArgs {
    /// The schema file (SQL DDL for the dialect).
    pub file: Utf8PathBuf,
    /// `--rename OLD=NEW`, as written.
    pub renames: Vec<String>,
}

/// The diff between the schema at `nodes` and the file, and what was read.
pub struct Compared {
    pub diff: Diff,
    pub declared: Declared,
    pub tables: usize,
}

/// Reads the schema file for the configured dialect.
fn read(config: &Config, file: &Utf8Path) -> Result<Declared, Error> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::Read {
        path: file.to_owned(),
        message: e.to_string(),
    })?;
    read_schema(&text, file, &config.dialect).map_err(|e| {
        let mut d = Diagnostic::error(e.to_string());
        if let Some(help) = e.help() {
            d = d.with_help(help);
        }
        input(d)
    })
}

/// Compares the schema at `nodes` with the schema file.
pub fn compare(
    config: &Config,
    graph: &RevisionGraph,
    nodes: &[Node],
    args: &SchemaArgs,
) -> Result<Compared, Error> {
    let current = schema_at(graph, nodes, config.dialect.clone())?;
    let declared = read(config, &args.file)?;
    let mut renames = Vec::new();
    for written in &args.renames {
        renames.push(Rename::parse(written, &current).map_err(rename_error)?);
    }
    renames.extend(declared.renames.iter().map(Rename::from_hint));
    let diff = diff(&current, &declared.schema, &renames).map_err(rename_error)?;
    Ok(Compared {
        tables: declared.schema.tables().count(),
        diff,
        declared,
    })
}

fn rename_error(e: crate::declare::diff::DiffError) -> Error {
    let mut d = Diagnostic::error(e.to_string());
    let known = e.known();
    if !known.is_empty() {
        d = d.with_note(format!("the migrations have: {}", known.join(", ")));
    }
    if let Some(s) = e.suggestion() {
        return input(d.with_help(format!("did you mean `{s}`?")));
    }
    input(d.with_help(
        "`--rename TABLE=NEW_TABLE` renames a table, `--rename TABLE.COLUMN=NEW_COLUMN` a column, \
         both by their names in the migrations",
    ))
}

/// The warning for a possible rename.
pub fn possible_rename_warning(p: &PossibleRename) -> Diagnostic {
    Diagnostic::warning(p.to_string())
        .with_code("possible-rename")
        .with_help("gen never guesses a rename: without `--rename` the data is dropped")
}

/// The operation a possible rename's comment goes above (its add).
fn is_add_of(op: &Op, p: &PossibleRename) -> bool {
    match (op, &p.column) {
        (Op::AddColumn(o), Some(_)) => o.qual_table() == p.table && o.column.name == p.to,
        (Op::CreateTable(o), None) => o.schema == p.table.schema && o.name == p.to,
        _ => false,
    }
}

/// The operations as `upgrade:` list lines, a possible rename's comment
/// above its add.
pub fn upgrade_lines(diff: &Diff) -> Vec<String> {
    let mut out = Vec::new();
    for op in &diff.ops {
        for p in diff.possible_renames.iter().filter(|p| is_add_of(op, p)) {
            out.push(format!("  # possible-rename: {p}"));
        }
        if let Op::AddColumn(a) = op {
            if diff
                .recreated
                .iter()
                .any(|(q, c)| *q == a.qual_table() && *c == a.column.name)
            {
                out.push(format!(
                    "  {}",
                    crate::declare::diff::generated::recreated_note(
                        &a.qual_table().to_string(),
                        a.column.name.as_str()
                    )
                ));
            }
        }
        out.extend(op_lines(op));
    }
    out
}

/// What `gen revision --autogenerate` did.
pub enum Written {
    Revision {
        path: Utf8PathBuf,
        operations: usize,
    },
    Nothing,
}

/// `gen revision --autogenerate`: writes the difference as a new revision.
pub fn revision(
    config: &Config,
    graph: &RevisionGraph,
    args: &RevisionArgs,
    schema: &SchemaArgs,
) -> Result<(Written, Vec<Diagnostic>), Error> {
    let parents = parent(graph, args)?;
    check_labels(graph, &args.branch_labels)?;
    let compared = compare(config, graph, &parents, schema)?;
    let warnings: Vec<Diagnostic> = compared
        .diff
        .possible_renames
        .iter()
        .map(possible_rename_warning)
        .collect();
    if compared.diff.is_empty() {
        return Ok((Written::Nothing, warnings));
    }
    let mut trailer = vec![format!(
        "Written by `gen revision --autogenerate` from {} ({} tables, {} statements skipped as not schema).",
        schema.file, compared.tables, compared.declared.skipped
    )];
    trailer.push("`downgrade:` is left out: gen derives it from `upgrade`.".to_owned());
    if !compared.diff.possible_renames.is_empty() {
        trailer.push(
            "Review the possible renames above: a drop + add loses the data a rename keeps."
                .to_owned(),
        );
    }
    let new = NewRevision {
        id: choose_id(graph, args.rev_id.as_deref())?,
        down_revisions: parents.iter().map(|n| graph.id(*n).to_string()).collect(),
        branch_labels: args.branch_labels.clone(),
        depends_on: dependencies(graph, &args.depends_on)?,
        message: args.message.clone(),
        create_date: create_date_now(),
        upgrade: upgrade_lines(&compared.diff),
        trailer,
    };
    let path = write_checked(config, graph, &new)?;
    Ok((
        Written::Revision {
            path,
            operations: compared.diff.ops.len(),
        },
        warnings,
    ))
}

/// The nodes a `[REV]` argument names (default: heads).
pub fn nodes(graph: &RevisionGraph, rev: Option<&str>) -> Result<Vec<Node>, Error> {
    crate::history::target::Target::parse(rev.unwrap_or("heads"))
        .and_then(|t| t.resolve(graph, crate::history::target::Role::Start))
        .map(|r| r.nodes)
        .map_err(|e| Error::Plan(e.into()))
}

/// `gen diff` as text: the operations as the `upgrade:` list they would be.
pub fn diff_text(compared: &Compared, label: &str, file: &Utf8Path, dialect: &str) -> String {
    let n = compared.diff.ops.len();
    if n == 0 {
        return format!(
            "# no differences: the migrations at {label} give the schema of {file} ({dialect})\n"
        );
    }
    let mut out = format!(
        "# {n} operation{} the migrations at {label} into the schema of {file} ({dialect}):\nupgrade:\n",
        if n == 1 { " turns" } else { "s turn" }
    );
    for line in upgrade_lines(&compared.diff) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `gen diff --format json`: `{from, schema, dialect, operations:
/// [{operation, subject, yaml}], possible_renames: [{message, rename}]}`.
pub fn diff_json(compared: &Compared, label: &str, file: &Utf8Path, dialect: &str) -> String {
    let operations: Vec<serde_json::Value> = compared
        .diff
        .ops
        .iter()
        .map(|op| {
            let yaml: Vec<String> = op_lines(op).iter().map(|l| l[4..].to_owned()).collect();
            serde_json::json!({
                "operation": op.name(),
                "subject": op.subject(),
                "yaml": yaml.join("\n"),
            })
        })
        .collect();
    let renames: Vec<serde_json::Value> = compared
        .diff
        .possible_renames
        .iter()
        .map(|p| serde_json::json!({"message": p.to_string(), "rename": p.flag()}))
        .collect();
    let doc = serde_json::json!({
        "from": label,
        "schema": file.as_str(),
        "dialect": dialect,
        "operations": operations,
        "possible_renames": renames,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// `gen check --schema`: clean, or the error listing the differences.
pub fn check(compared: &Compared, file: &Utf8Path) -> Result<String, Box<Diagnostic>> {
    let n = compared.diff.ops.len();
    if n == 0 {
        return Ok(format!(
            "the migrations at heads give the schema of {file} ({} tables)\n",
            compared.tables
        ));
    }
    let mut d = Diagnostic::error(format!(
        "the migrations at heads do not give the schema of {file}: {n} operation{} missing",
        if n == 1 { " is" } else { "s are" }
    ));
    for op in &compared.diff.ops {
        d = d.with_note(format!("{} {}", op.name(), op.subject()));
    }
    Err(Box::new(d.with_help(format!(
        "write them as a revision: `gen revision --autogenerate -m MESSAGE --schema {file}`, \
         or see them with `gen diff --schema {file}`"
    ))))
}
