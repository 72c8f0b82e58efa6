//! The compiler driver: a plan in, a rendered [`Script`] out.
//!
//! It replays the schema up to the plan's start (deriving downgrades on the
//! way when the plan goes down), then walks the steps: each operation is
//! lowered against the schema before it, linted and applied to the model;
//! each step gets its version-table statements (filled into shapes made
//! once per run, [`VersionSql`]). The walk is sequential (each
//! step needs the schema the previous one left); rendering and parsing with
//! sqlparser need only the step, so they run on the other cores while the
//! walk goes on, and errors from both are put back in script order. Each
//! step is handed on as soon as it is rendered: kept in memory
//! ([`generate`]) or laid out into a temporary file ([`generate_spilled`],
//! what the commands use, which also drops each revision's operations once
//! applied, [`UpgradeOps`]), so a long history's script is not held twice. Every
//! error names the revision, the file and the operation; data-loss warnings
//! are collected both for stderr and for `-- WARNING:` comments.

pub mod parallel;
pub mod warning;

use crate::cli::commands::stamp::Stamp;
use crate::cli::config::Config;
use crate::diag::error::{Error, OpError, OpErrorKind, OpList, OpSite, SiteRevision, SqlSource};
use crate::dialect::Guard;
use crate::driver::warning::{Warning, WarningOut, WarningText, WARNING_BATCH};
use crate::emit::render::Renderer;
use crate::emit::script::{
    Body, Header, Layout, RenderedStatement, Script, ScriptStep, SpillWriter, StepWriter,
};
use crate::emit::validate;
use crate::emit::version_sql::{version_statement, VersionSql};
use crate::history::graph::{Node, RevisionGraph};
use crate::history::plan::{Direction, Plan, RowChange, VersionChange};
use crate::history::upgrade_ops::UpgradeOps;
use crate::lint::{lint, LintCtx, RevisionState};
use crate::lower::statement::Statement;
use crate::lower::{lower, LowerCtx};
use crate::model::inverse::{replay_revision_checked, Derived, Refused};
use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::Op;
use crate::source::revision::Revision;
use std::borrow::Cow;
use std::sync::Arc;

/// What the header says about the run.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub command: String,
    pub range: String,
    pub notes: Vec<String>,
}

/// A finished script and the warnings met on the way.
#[derive(Debug)]
pub struct Generated {
    pub script: Script,
    /// The warnings met, for a run that keeps them ([`generate`]);
    /// [`generate_spilled`] hands its warnings on instead and leaves this empty.
    pub warnings: Vec<Warning>,
}

/// An operation to run, and where it came from (derived ones are owned).
struct SitedOp<'a> {
    op: Cow<'a, Op>,
    site: OpSite,
    /// Lint rules its `allow:` silences (a derived operation inherits the
    /// list of the upgrade operation it undoes).
    allow: &'a [String],
}

/// What the sites of `rev`'s operations share.
fn site_revision(rev: &Revision) -> Arc<SiteRevision> {
    Arc::new(SiteRevision {
        id: rev.id.clone(),
        message: rev.message.as_deref().map(str::to_owned),
        file: rev.source.path.clone(),
        op_keys: rev.op_keys.clone(),
    })
}

fn site(revision: &Arc<SiteRevision>, list: OpList, index: usize, op_name: &'static str) -> OpSite {
    OpSite {
        revision: Arc::clone(revision),
        list,
        index,
        op_name,
    }
}

fn op_error(site: &OpSite, kind: OpErrorKind) -> Error {
    OpError {
        site: site.clone(),
        kind,
    }
    .into()
}

struct Generator<'a> {
    graph: &'a RevisionGraph,
    config: &'a Config,
    renderer: &'a Renderer,
    schema: Schema,
    /// The warnings met and not yet handed on.
    warnings: Vec<Warning>,
    /// Warnings handed on with their steps since the last full batch.
    unbatched: usize,
    /// Some table was rebuilt (the script may need foreign keys off).
    rebuilt: bool,
    /// What the revision being walked has done so far (for the lint rules).
    revision: RevisionState,
    /// For `gen check`: an operation that fails is recorded and skipped, and
    /// the walk goes on; otherwise the first error ends the walk.
    collect: bool,
    /// Where each revision's upgrade operations come from.
    upgrades: UpgradeOps,
}

/// Renders and parses one statement (unless the user opted out); also says
/// whether it was parsed.
fn render_checked(
    renderer: &Renderer,
    stmt: &Statement,
    site: &OpSite,
) -> Result<(String, bool), Error> {
    let mut sql = renderer
        .statement(stmt)
        .map_err(|e| op_error(site, OpErrorKind::Render(e)))?;
    let (check, source) = match stmt {
        Statement::Raw { validate, .. } => (*validate, SqlSource::Execute),
        _ if stmt.holds_user_sql() => (true, SqlSource::Fragments),
        _ => (true, SqlSource::Gen),
    };
    if check {
        if let Err(failure) = validate::check(renderer.dialect(), &sql) {
            return Err(op_error(
                site,
                OpErrorKind::Parse {
                    sql,
                    failure,
                    source,
                },
            ));
        }
    }
    // The user's SQL may end in a `--` comment: the terminator written
    // after it goes on a line of its own, or the comment would swallow it.
    if source == SqlSource::Execute
        && crate::model::fragment::execute::ends_in_line_comment(renderer.dialect(), &sql)
    {
        sql.push('\n');
    }
    Ok((sql, check))
}

/// Where in the walk something happened: step, then operation. Errors
/// found while rendering are merged with those found while walking in
/// this order.
type Position = (usize, usize);

/// One operation lowered and applied, its statements not yet rendered.
struct PendingOp {
    site: OpSite,
    statements: Vec<Statement>,
    /// The lint findings, as `-- WARNING` lines above its first statement.
    notes: Vec<String>,
}

/// One step walked: what rendering needs to turn it into a [`ScriptStep`].
struct PendingStep {
    node: Node,
    direction: Direction,
    create_version_table: bool,
    ops: Vec<PendingOp>,
    version: Vec<VersionChange>,
    /// The warnings the step met, when they travel with it (see [`WarningOut`]).
    warnings: Vec<Warning>,
    /// A full batch of warnings is ready to print once this step's are.
    ends_batch: bool,
}

/// One step rendered: its text, the errors met rendering it, and its
/// warnings as text (when they travel with it).
struct RenderedStep {
    step: ScriptStep,
    errors: Vec<(Position, Error)>,
    warnings: String,
    ends_batch: bool,
}

/// What the walk leaves besides its steps (which it emits as it goes): the
/// sources and the errors it met with where it met them.
struct Walked {
    sources: Vec<Node>,
    errors: Vec<(Position, Error)>,
}

/// What walking and rendering leave once the steps are handed on: every
/// error of the walk and of rendering, in the order they occur in the script,
/// and the text of the warnings not yet printed.
struct Rendered {
    errors: Vec<Error>,
    sources: Vec<Node>,
    unprinted: String,
}

impl Generator<'_> {
    /// Lowers, lints and applies one operation; its statements are rendered later.
    fn run_op(&mut self, sited: SitedOp, transactional: bool) -> Result<PendingOp, Error> {
        let op: &Op = &sited.op;
        let dialect = self.renderer.dialect();
        // The user's SQL fragments and literals, before anything is built
        // from them.
        let check = crate::model::fragment::CheckCtx {
            dialect,
            transactional,
        };
        crate::model::fragment::check_op(op, &self.schema, &check)
            .map_err(|e| op_error(&sited.site, OpErrorKind::Fragment(e)))?;
        crate::model::literal_type::check_op(op, &self.schema, dialect)
            .map_err(|e| op_error(&sited.site, OpErrorKind::Literal(e)))?;
        let preview = crate::lower::preview(op, &mut self.schema, dialect);
        let ctx = LowerCtx {
            dialect,
            transactional,
            preview: preview.as_ref(),
        };
        let lowered = lower(op, &self.schema, &ctx);
        let mut findings = lint(&LintCtx {
            op,
            derived: sited.site.list == OpList::DerivedDowngrade,
            before: &self.schema,
            dialect: self.renderer.dialect(),
            transactional,
            revision: &self.revision,
            facts: lowered.as_ref().ok().map(|l| &l.facts),
        });
        // What the revision has done, once this operation has succeeded.
        let mut revision = self.revision.clone();
        revision.after(op, &findings);
        // The operation is done with once applied: one the run owns moves
        // into the model.
        self.schema
            .apply_cow(sited.op)
            .map_err(|e| op_error(&sited.site, OpErrorKind::Schema(e)))?;
        let lowered = lowered.map_err(|e| op_error(&sited.site, OpErrorKind::Lower(e)))?;
        self.rebuilt |= lowered.facts.rebuilt.is_some();
        self.revision = revision;
        findings.retain(|f| {
            !self.config.allow.contains(f.rule) && !sited.allow.iter().any(|a| a == f.rule)
        });
        let notes: Vec<String> = findings
            .iter()
            .map(|f| format!("[{}] {}", f.rule, f.message))
            .collect();
        self.warnings
            .extend(findings.into_iter().map(|finding| Warning {
                finding,
                site: sited.site.clone(),
            }));
        Ok(PendingOp {
            site: sited.site.clone(),
            statements: lowered.statements,
            notes,
        })
    }

    fn version_sql(&self, change: &VersionChange) -> Result<String, Error> {
        self.fixed(&version_statement(&self.config.version_table, change))
    }

    fn fixed(&self, stmt: &Statement) -> Result<String, Error> {
        render_fixed(self.renderer, stmt)
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
fn render_version(
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

/// Below this many steps, rendering stays on the walking thread.
const PARALLEL_STEPS: usize = 32;

/// What rendering a step needs besides the step.
struct StepRendering<'a> {
    graph: &'a RevisionGraph,
    renderer: &'a Renderer,
    versions: VersionSql,
    version_table: &'a QualName,
    /// Turns a step's warnings into text, when they travel with it.
    warnings: Option<&'a WarningText<'a>>,
}

fn render_step(with: &StepRendering, index: usize, step: PendingStep) -> RenderedStep {
    let renderer = with.renderer;
    let mut errors = Vec::new();
    let mut statements = Vec::new();
    let op_count = step.ops.len();
    for (op_index, mut op) in step.ops.into_iter().enumerate() {
        for (i, stmt) in op.statements.iter().enumerate() {
            match render_checked(renderer, stmt, &op.site) {
                Ok((sql, checked)) => statements.push(RenderedStatement {
                    sql,
                    checked,
                    warnings: if i == 0 {
                        std::mem::take(&mut op.notes)
                    } else {
                        Vec::new()
                    },
                }),
                Err(e) => {
                    errors.push(((index, op_index), e));
                    break;
                }
            }
        }
    }
    let mut version = Vec::with_capacity(step.version.len());
    for change in &step.version {
        match render_version(renderer, &with.versions, with.version_table, change) {
            Ok(sql) => version.push(sql),
            Err(e) => errors.push(((index, op_count), e)),
        }
    }
    let warnings = match with.warnings {
        Some(text) if !step.warnings.is_empty() => text(&step.warnings),
        _ => String::new(),
    };
    RenderedStep {
        step: script_step(
            with.graph.revision(step.node),
            step.direction,
            step.create_version_table,
            statements,
            version,
        ),
        errors,
        warnings,
        ends_batch: step.ends_batch,
    }
}

/// Derived downgrades by node: `None` where none was asked for, or once
/// taken. A vector, not a map: a long downgrade derives one per revision,
/// and the walk takes them back one by one.
type DerivedByNode = Vec<Option<Derived>>;

/// Replays every revision up to `start` (inclusive), deriving downgrades for
/// the nodes set in `derive_for` (by node; empty: none).
fn replay_to_start(
    graph: &RevisionGraph,
    start: &[Node],
    derive_for: &[bool],
    schema: &mut Schema,
    upgrades: &mut UpgradeOps,
) -> Result<DerivedByNode, Error> {
    let mut derived: DerivedByNode = Vec::new();
    if derive_for.contains(&true) {
        derived.resize_with(graph.len(), || None);
    }
    let mask = graph.ancestor_mask(start);
    for node in graph.in_topo_order(&mask) {
        let rev = graph.revision(node);
        let want = derive_for.get(node).copied().unwrap_or(false) && rev.downgrade.is_none();
        let upgrade = upgrades.get(graph, node)?;
        // What the model takes in passes the checks of a written operation:
        // a later rebuild writes its fragments again.
        let check = |op: &Op, before: &Schema| -> Result<(), OpErrorKind> {
            let dialect = before.dialect();
            let ctx = crate::model::fragment::CheckCtx {
                dialect,
                transactional: rev.transactional,
            };
            crate::model::fragment::check_op(op, before, &ctx).map_err(OpErrorKind::Fragment)?;
            crate::model::literal_type::check_op(op, before, dialect).map_err(OpErrorKind::Literal)
        };
        match replay_revision_checked(upgrade, schema, want, check) {
            Ok(d) => {
                if want {
                    if let Some(slot) = derived.get_mut(node) {
                        *slot = Some(d);
                    }
                }
            }
            Err(boxed) => {
                let (i, name, refused) = *boxed;
                let s = site(&site_revision(rev), OpList::Upgrade, i, name);
                let kind = match refused {
                    Refused::Schema(e) => OpErrorKind::Schema(e),
                    Refused::Check(kind) => kind,
                };
                return Err(op_error(&s, kind));
            }
        }
    }
    Ok(derived)
}

/// The schema after every revision up to `nodes` (inclusive) is applied,
/// with constraints named as `dialect` names them.
pub fn schema_at(
    graph: &RevisionGraph,
    nodes: &[Node],
    dialect: std::sync::Arc<dyn crate::dialect::Dialect>,
) -> Result<Schema, Error> {
    let mut schema = Schema::for_dialect(dialect);
    replay_to_start(graph, nodes, &[], &mut schema, &mut UpgradeOps::borrowed())?;
    Ok(schema)
}

/// Generates the script for `plan`, its steps kept in memory.
pub fn generate(
    graph: &RevisionGraph,
    plan: &Plan,
    config: &Config,
    info: RunInfo,
) -> Result<Generated, Error> {
    generate_into(
        graph,
        plan,
        config,
        info,
        Keep::Memory,
        UpgradeOps::borrowed(),
        None,
    )
}

/// Generates the script for `plan`, its steps laid out into a temporary
/// file as they are rendered (a long history's script is not held in
/// memory), or kept in memory when no temporary file can be made. The
/// text is the same either way. The run consumes `graph`: each revision's
/// upgrade operations are dropped once the run has used them for the last
/// time (see [`UpgradeOps`]). The warnings go to `hand_on`: each step's are
/// turned into text with its statements, and printed a full batch at a
/// time in walk order, the rest once the script is built (a run that fails
/// prints only the full batches before the failure). Every warning goes
/// with its step, so the result holds none.
pub fn generate_spilled(
    mut graph: RevisionGraph,
    plan: &Plan,
    config: &Config,
    info: RunInfo,
    hand_on: WarningOut<'_>,
) -> Result<Generated, Error> {
    let start = start_nodes(&graph, plan)?;
    let upgrades = UpgradeOps::taken(&mut graph, &start, plan);
    let keep = match SpillWriter::new() {
        Ok(spill) => Keep::Spill(spill),
        Err(_) => Keep::Memory,
    };
    generate_into(&graph, plan, config, info, keep, upgrades, Some(hand_on))
}

/// The nodes `plan` starts from.
fn start_nodes(graph: &RevisionGraph, plan: &Plan) -> Result<Vec<Node>, Error> {
    plan.start_heads
        .iter()
        .map(|id| {
            graph
                .get(id)
                .ok_or_else(|| Error::Internal(format!("start revision {id} is not in the graph")))
        })
        .collect()
}

/// Where the rendered steps go.
enum Keep {
    Memory,
    Spill(SpillWriter),
}

fn spill_error(e: std::io::Error) -> Error {
    Error::Io {
        path: "<temporary file for the script>".into(),
        message: e.to_string(),
    }
}

fn generate_into(
    graph: &RevisionGraph,
    plan: &Plan,
    config: &Config,
    info: RunInfo,
    keep: Keep,
    upgrades: UpgradeOps,
    mut hand_on: Option<WarningOut<'_>>,
) -> Result<Generated, Error> {
    let renderer = Renderer::new(config.dialect.clone(), config.templates.clone());
    let mut g = Generator::new(graph, config, &renderer);
    g.upgrades = upgrades;
    // Laying steps out as they come needs the layout before the walk; a
    // broken template in it is still reported after the walk's errors, as
    // before (the steps are then kept in memory).
    let layout = g.layout();
    let (rendered, body) = match (keep, &layout) {
        (Keep::Memory, _) | (Keep::Spill(_), Err(_)) => {
            let mut steps = Vec::new();
            let rendered = g.walk_and_render(plan, hand_on.as_mut(), &mut |step| {
                steps.push(step);
                Ok(())
            })?;
            (rendered, Body::Steps(steps))
        }
        (Keep::Spill(mut spill), Ok(layout)) => {
            let mut writer = StepWriter::new(layout);
            let rendered = g.walk_and_render(plan, hand_on.as_mut(), &mut |step| {
                spill.push(&mut writer, &step).map_err(spill_error)
            })?;
            if !rendered.errors.is_empty() {
                (rendered, Body::Steps(Vec::new()))
            } else {
                let spill = spill.finish().map_err(spill_error)?;
                (rendered, Body::Spilled(spill))
            }
        }
    };
    if let Some(first) = rendered.errors.into_iter().next() {
        return Err(first);
    }
    let generated = g.finish(layout?, body, &rendered.sources, info)?;
    // The rest, once the script is sure to be written.
    if let Some(out) = hand_on {
        (out.print)(&rendered.unprinted);
    }
    Ok(generated)
}

/// Every problem `plan` meets (errors, warnings), not just the first: an
/// operation that fails is skipped and the walk goes on. For `gen check`.
pub fn check_plan(
    graph: &RevisionGraph,
    plan: &Plan,
    config: &Config,
) -> (Vec<Error>, Vec<Warning>) {
    let renderer = Renderer::new(config.dialect.clone(), config.templates.clone());
    let mut g = Generator::new(graph, config, &renderer);
    g.collect = true;
    // Only the problems matter here: each step is dropped once rendered.
    let errors = match g.walk_and_render(plan, None, &mut |_| Ok(())) {
        Ok(rendered) => rendered.errors,
        Err(e) => vec![e],
    };
    (errors, g.warnings)
}

impl<'a> Generator<'a> {
    fn new(graph: &'a RevisionGraph, config: &'a Config, renderer: &'a Renderer) -> Self {
        Generator {
            graph,
            config,
            renderer,
            schema: Schema::for_dialect(config.dialect.clone()),
            warnings: Vec::new(),
            unbatched: 0,
            rebuilt: false,
            revision: RevisionState::default(),
            collect: false,
            upgrades: UpgradeOps::borrowed(),
        }
    }

    /// Walks the plan and renders its steps: rendering and checking run on
    /// the other cores while the walk goes on (see [`crate::driver::parallel::pipeline`]),
    /// and each step goes to `consume`, in order, as soon as it is rendered.
    /// With `out`, each step's warnings travel with it, are turned into text
    /// where it is rendered, and are printed in full batches in walk order;
    /// the last part is returned unprinted. Without, they stay in `self`.
    fn walk_and_render(
        &mut self,
        plan: &Plan,
        mut out: Option<&mut WarningOut<'_>>,
        consume: &mut dyn FnMut(ScriptStep) -> Result<(), Error>,
    ) -> Result<Rendered, Error> {
        let rendering = StepRendering {
            graph: self.graph,
            renderer: self.renderer,
            versions: VersionSql::new(self.renderer, &self.config.version_table),
            version_table: &self.config.version_table,
            warnings: out.as_ref().map(|o| o.render),
        };
        let stream = out.is_some();
        let mut errors = Vec::new();
        let mut unprinted = String::new();
        // The first step that could not be handed on ends the run.
        let mut lost: Option<Error> = None;
        let walked = crate::driver::parallel::pipeline(
            plan.steps.len(),
            PARALLEL_STEPS,
            |emit| self.walk(plan, stream, emit),
            |(index, step): (usize, PendingStep)| render_step(&rendering, index, step),
            &mut |result: Option<RenderedStep>| match result {
                Some(done) => {
                    errors.extend(done.errors);
                    if lost.is_none() {
                        lost = consume(done.step).err();
                    }
                    if let Some(out) = out.as_mut() {
                        unprinted.push_str(&done.warnings);
                        if done.ends_batch {
                            (out.print)(&unprinted);
                            unprinted.clear();
                        }
                    }
                }
                None => {
                    lost.get_or_insert_with(|| {
                        Error::Internal("a rendering thread stopped before its step".to_owned())
                    });
                }
            },
        );
        let mut walked = walked?;
        if let Some(e) = lost {
            return Err(e);
        }
        let mut all = std::mem::take(&mut walked.errors);
        all.extend(errors);
        // Stable: at one position, the walk's error stays first.
        all.sort_by_key(|(p, _)| *p);
        Ok(Rendered {
            errors: all.into_iter().map(|(_, e)| e).collect(),
            sources: walked.sources,
            unprinted,
        })
    }

    /// The warnings of the step just walked, when they travel with it
    /// (`stream`), and whether they end a batch. A step that failed ends
    /// none: what it met is printed only if the run succeeds.
    fn step_warnings(&mut self, stream: bool, failed: bool) -> (Vec<Warning>, bool) {
        if !stream {
            return (Vec::new(), false);
        }
        let warnings = std::mem::take(&mut self.warnings);
        self.unbatched += warnings.len();
        let ends_batch = !failed && self.unbatched >= WARNING_BATCH;
        if ends_batch {
            self.unbatched = 0;
        }
        (warnings, ends_batch)
    }

    /// Replays to the plan's start, then lowers and applies every step,
    /// emitting each (with its index, and its warnings when they `stream`)
    /// for rendering. An operation that fails ends the walk, unless
    /// collecting: then it is recorded and skipped. Errors before the first
    /// step are returned.
    fn walk(
        &mut self,
        plan: &Plan,
        stream: bool,
        emit: &mut dyn FnMut((usize, PendingStep)),
    ) -> Result<Walked, Error> {
        let graph = self.graph;
        let mut down_nodes = vec![false; graph.len()];
        for step in &plan.steps {
            if step.direction == Direction::Down {
                if let Some(down) = down_nodes.get_mut(step.node) {
                    *down = true;
                }
            }
        }
        let start = start_nodes(graph, plan)?;
        let mut derived = replay_to_start(
            graph,
            &start,
            &down_nodes,
            &mut self.schema,
            &mut self.upgrades,
        )?;

        // How many rows the version table holds: the plan is checked (each
        // insert adds a row, each delete removes one), so the count says
        // when the table is empty.
        let mut rows = plan.start_heads.len();
        let mut walked = Walked {
            sources: Vec::with_capacity(plan.steps.len()),
            errors: Vec::new(),
        };
        'steps: for (index, step) in plan.steps.iter().enumerate() {
            let rev = graph.revision(step.node);
            walked.sources.push(step.node);
            let create_version_table = rows == 0;
            // An irreversible revision ends the walk even when collecting:
            // what comes after it would be replayed on a wrong schema.
            let ops = match step_ops(
                graph,
                step.node,
                step.direction,
                &mut derived,
                &mut self.upgrades,
            ) {
                Ok(ops) => ops,
                Err(e) => {
                    walked.errors.push(((index, 0), e));
                    break;
                }
            };
            let pending_step = |ops, version, (warnings, ends_batch)| {
                let step = PendingStep {
                    node: step.node,
                    direction: step.direction,
                    create_version_table,
                    ops,
                    version,
                    warnings,
                    ends_batch,
                };
                (index, step)
            };
            self.revision = RevisionState::default();
            let mut pending = Vec::with_capacity(ops.len());
            for (op_index, sited) in ops.into_iter().enumerate() {
                match self.run_op(sited, rev.transactional) {
                    Ok(op) => pending.push(op),
                    Err(e) => {
                        walked.errors.push(((index, op_index), e));
                        if !self.collect {
                            // The statements before it are still rendered:
                            // an error there comes first.
                            let warnings = self.step_warnings(stream, true);
                            emit(pending_step(pending, Vec::new(), warnings));
                            break 'steps;
                        }
                    }
                }
            }
            for change in &step.version {
                match change {
                    RowChange::Insert(_) => rows += 1,
                    RowChange::Delete(_) => rows = rows.saturating_sub(1),
                    RowChange::Update(..) => {}
                }
            }
            let version = step.version.iter().map(|c| c.ids(graph)).collect();
            let warnings = self.step_warnings(stream, false);
            emit(pending_step(pending, version, warnings));
        }
        Ok(walked)
    }
}

impl Generator<'_> {
    /// How the script lays out statements and steps: what writing a step
    /// needs (the version table's creation, the transaction statements).
    fn layout(&self) -> Result<Layout, Error> {
        let version_table_create = self.fixed(&Statement::VersionTableCreate {
            table: self.config.version_table.clone(),
            if_not_exists: self
                .renderer
                .dialect()
                .has_guard(Guard::CreateTableIfNotExists),
        })?;
        let template = |e| Error::Template(Box::new(e));
        let dialect = self.renderer.dialect();
        let (begin, commit) = if dialect.transactional_ddl() {
            (
                Some(self.renderer.fragment("begin").map_err(template)?),
                Some(self.renderer.fragment("commit").map_err(template)?),
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
            transaction_per_migration: self.config.transaction_per_migration,
        })
    }

    /// Wraps rendered steps into a script: what comes before and after
    /// them (header, prologue and epilogue, dropping the version table).
    /// `sources` are the revisions walked, for the header.
    fn finish(
        self,
        layout: Layout,
        body: Body,
        sources: &[Node],
        info: RunInfo,
    ) -> Result<Generated, Error> {
        let Generator {
            graph,
            config,
            renderer,
            schema,
            warnings,
            rebuilt,
            ..
        } = self;
        // The model is done with: its memory goes to the header's lines.
        drop(schema);
        let sources = sources
            .iter()
            .map(|&node| {
                let source = &graph.revision(node).source;
                (source.path.to_string(), source.sha256.to_string())
            })
            .collect();
        let template = |e| Error::Template(Box::new(e));
        let dialect = renderer.dialect();
        let fragment = |kind: &str| renderer.optional_fragment(kind).map_err(template);
        let mut prologue: Vec<String> = fragment("prologue")?.into_iter().collect();
        let mut epilogue = Vec::new();
        if rebuilt && dialect.rebuild_needs_foreign_keys_off() {
            prologue.extend(fragment("foreign_keys_off")?);
            epilogue.extend(fragment("foreign_keys_on")?);
        }
        let script = Script {
            header: Header {
                tool_version: env!("CARGO_PKG_VERSION").to_owned(),
                dialect: dialect.name().to_owned(),
                command: info.command,
                range: info.range,
                version_table: config.version_table.to_string(),
                sources,
                notes: {
                    let mut notes = info.notes;
                    notes.extend(dialect.pinned_settings().iter().map(|s| (*s).to_owned()));
                    notes
                },
            },
            layout,
            body,
            prologue,
            epilogue,
        };
        Ok(Generated { script, warnings })
    }
}

/// The script for `gen stamp`: the version-table changes alone, one step
/// per Alembic stamp step, creating the table first (if it is missing)
/// before a step that finds no rows (adopting a database).
pub fn generate_stamp(
    graph: &RevisionGraph,
    stamp: &Stamp,
    config: &Config,
    info: RunInfo,
) -> Result<Generated, Error> {
    let renderer = Renderer::new(config.dialect.clone(), config.templates.clone());
    let g = Generator::new(graph, config, &renderer);
    let ids = |nodes: &mut dyn Iterator<Item = Node>| -> Vec<String> {
        nodes.map(|n| graph.id(n).to_string()).collect()
    };
    let mut steps = Vec::with_capacity(stamp.steps.len());
    for step in &stamp.steps {
        let version = step
            .changes
            .iter()
            .map(|c| g.version_sql(&c.ids(graph)))
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
    let layout = g.layout()?;
    g.finish(layout, Body::Steps(steps), &[], info)
}

fn script_step(
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

/// The operations of one step: the upgrade, the explicit downgrade, or the
/// derived one (an error if the revision cannot be undone).
fn step_ops<'a>(
    graph: &'a RevisionGraph,
    node: Node,
    direction: Direction,
    derived: &mut DerivedByNode,
    upgrades: &mut UpgradeOps,
) -> Result<Vec<SitedOp<'a>>, Error> {
    let rev = graph.revision(node);
    let at = site_revision(rev);
    let listed = |list: Cow<'a, [Op]>, allows: &'a [Vec<String>], which: OpList| {
        let sited = |(i, op): (usize, Cow<'a, Op>)| SitedOp {
            site: site(&at, which, i, op.name()),
            allow: allows.get(i).map_or(&[], Vec::as_slice),
            op,
        };
        crate::ops::one_by_one(list)
            .into_iter()
            .enumerate()
            .map(sited)
            .collect()
    };
    match (direction, &rev.downgrade) {
        (Direction::Up, _) => Ok(listed(
            upgrades.get(graph, node)?,
            &rev.upgrade_allow,
            OpList::Upgrade,
        )),
        (Direction::Down, Some(list)) => Ok(listed(
            Cow::Borrowed(list),
            &rev.downgrade_allow,
            OpList::Downgrade,
        )),
        (Direction::Down, None) => match derived.get_mut(node).and_then(Option::take) {
            Some(Ok(list)) => Ok(list
                .into_iter()
                .map(|d| SitedOp {
                    site: site(&at, OpList::DerivedDowngrade, d.source(), d.source_name()),
                    allow: rev.upgrade_allow.get(d.source()).map_or(&[], Vec::as_slice),
                    op: Cow::Owned(d.op),
                })
                .collect()),
            Some(Err(irr)) => {
                let s = site(&at, OpList::DerivedDowngrade, irr.op_index, irr.op_name);
                Err(op_error(
                    &s,
                    OpErrorKind::Irreversible { reason: irr.reason },
                ))
            }
            None => Err(Error::Internal(format!(
                "no derived downgrade for revision {}",
                rev.id
            ))),
        },
    }
}
