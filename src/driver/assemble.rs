//! Script assembly: what surrounds the rendered steps, and the
//! version-table statements.
//!
//! A script is its header (the run's facts and the sources walked), a
//! prologue and epilogue (foreign keys off around a rebuild where the
//! dialect needs it), the layout every step is written with (transaction
//! statements, the version table's creation) and the steps. The statements
//! gen writes itself are rendered and parsed like any other, a failure being
//! a template error or a bug; a step's version-table changes are filled into
//! shapes made once per run ([`VersionSql`]) where their kind allows.

use super::{Run, RunInfo};
use crate::diag::error::Error;
use crate::dialect::Guard;
use crate::emit::render::Renderer;
use crate::emit::script::{Body, Header, Layout, RenderedStatement, Script, ScriptStep};
use crate::emit::validate;
use crate::emit::version_sql::{version_statement, VersionSql};
use crate::history::graph::Node;
use crate::history::plan::{Direction, VersionChange};
use crate::history::stamp::Stamp;
use crate::lower::statement::Statement;
use crate::ops::ident::QualName;
use crate::source::revision::Revision;

/// How the script lays out statements and steps: what writing a step
/// needs (the version table's creation, the transaction statements).
pub(super) fn layout(run: Run) -> Result<Layout, Error> {
    let renderer = run.renderer;
    let version_table_create = render_fixed(
        renderer,
        &Statement::VersionTableCreate {
            table: run.settings.version_table.clone(),
            if_not_exists: renderer.dialect().has_guard(Guard::CreateTableIfNotExists),
        },
    )?;
    let template = |e| Error::Template(Box::new(e));
    let dialect = renderer.dialect();
    let (begin, commit) = if dialect.transactional_ddl() {
        (
            Some(renderer.fragment("begin").map_err(template)?),
            Some(renderer.fragment("commit").map_err(template)?),
        )
    } else {
        (None, None)
    };
    Ok(Layout {
        begin,
        commit,
        terminator: ";".to_owned(),
        separator: dialect.batch_separator().map(str::to_owned),
        version_table_create,
        transaction_per_migration: run.settings.transaction_per_migration,
    })
}

/// Wraps rendered steps into a script: what comes before and after
/// them (header, prologue and epilogue, dropping the version table).
/// `sources` are the revisions walked, for the header; `rebuilt`, whether
/// some table was rebuilt.
pub(super) fn script(
    run: Run,
    layout: Layout,
    body: Body,
    sources: &[Node],
    rebuilt: bool,
    info: RunInfo,
) -> Result<Script, Error> {
    let sources = sources
        .iter()
        .map(|&node| {
            let source = &run.graph.revision(node).source;
            (source.path.to_string(), source.sha256.to_string())
        })
        .collect();
    let renderer = run.renderer;
    let template = |e| Error::Template(Box::new(e));
    let dialect = renderer.dialect();
    let fragment = |kind: &str| renderer.optional_fragment(kind).map_err(template);
    let mut prologue: Vec<String> = fragment("prologue")?.into_iter().collect();
    let mut epilogue = Vec::new();
    let mut timeout_notes = Vec::new();
    for setting in super::timeouts::project(renderer, &run.settings.timeouts)? {
        match setting {
            super::timeouts::Setting::Sql(sql) => prologue.push(sql),
            super::timeouts::Setting::Comment(note) => timeout_notes.push(note),
        }
    }
    if rebuilt && dialect.rebuild_needs_foreign_keys_off() {
        prologue.extend(fragment("foreign_keys_off")?);
        epilogue.extend(fragment("foreign_keys_on")?);
    }
    Ok(Script {
        header: Header {
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            dialect: dialect.name().to_owned(),
            command: info.command,
            range: info.range,
            version_table: run.settings.version_table.to_string(),
            sources,
            notes: {
                let mut notes = info.notes;
                notes.extend(dialect.pinned_settings().iter().map(|s| (*s).to_owned()));
                notes.extend(timeout_notes);
                notes
            },
        },
        layout,
        body,
        prologue,
        epilogue,
    })
}

/// The steps of a `gen stamp` script: the version-table changes alone.
pub(super) fn stamp_steps(run: Run, stamp: &Stamp) -> Result<Vec<ScriptStep>, Error> {
    let graph = run.graph;
    let ids = |nodes: &mut dyn Iterator<Item = Node>| -> Vec<String> {
        nodes.map(|n| graph.id(n).to_string()).collect()
    };
    let mut steps = Vec::with_capacity(stamp.steps.len());
    for step in &stamp.steps {
        let version = step
            .changes
            .iter()
            .map(|c| {
                let change = c.ids(graph);
                render_fixed(
                    run.renderer,
                    &version_statement(&run.settings.version_table, &change),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        steps.push(ScriptStep {
            verb: "stamp_revision",
            from: ids(&mut step.from.iter().copied()),
            to: ids(&mut step.to.into_iter()),
            transactional: true,
            create_version_table: step.empty_before,
            statements: Vec::new(),
            version,
        });
    }
    Ok(steps)
}

/// A walked step as the script writes it.
pub(super) fn script_step(
    rev: &Revision,
    direction: Direction,
    create_version_table: bool,
    statements: Vec<RenderedStatement>,
    version: Vec<String>,
) -> ScriptStep {
    let parents: Vec<String> = rev.down_revisions.iter().map(|r| r.to_string()).collect();
    let me = vec![rev.id.to_string()];
    let (verb, from, to) = match direction {
        Direction::Up => ("upgrade", parents, me),
        Direction::Down => ("downgrade", me, parents),
    };
    ScriptStep {
        verb,
        from,
        to,
        transactional: rev.transactional,
        create_version_table,
        statements,
        version,
    }
}

/// Renders and parses a statement gen writes itself (version table,
/// transactions): a failure is a template error or a bug, not the user's.
fn render_fixed(renderer: &Renderer, stmt: &Statement) -> Result<String, Error> {
    let sql = renderer
        .statement(stmt)
        .map_err(|e| Error::Template(Box::new(e)))?;
    validate::check(renderer.dialect(), &sql).map_err(|f| {
        Error::Internal(format!(
            "rendered version-table statement does not parse ({}): {sql}",
            f.message
        ))
    })?;
    Ok(sql)
}

/// The SQL of a step's version-table change: its kind's shape filled in,
/// or rendered and parsed like any statement gen writes (see [`VersionSql`]).
pub(super) fn render_version(
    renderer: &Renderer,
    versions: &VersionSql,
    table: &QualName,
    change: &VersionChange,
) -> Result<String, Error> {
    match versions.fill(change) {
        Some(sql) => Ok(sql),
        None => render_fixed(renderer, &version_statement(table, change)),
    }
}
