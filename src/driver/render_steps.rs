//! Rendering the walked steps: each statement rendered and parsed, on the
//! other cores while the walk goes on, and the errors put back in order.
//!
//! Rendering and checking a statement with sqlparser needs only its step,
//! so the walk emits each step as soon as it is walked and
//! [`crate::parallel::pipeline`] renders it on another thread;
//! rendered steps come back in walk order and are handed on at once. The
//! errors of the walk and of rendering are merged by where they occur in
//! the script (step, then operation), the walk's first at one position.

use super::assemble::{render_version, script_step};
use super::site::op_error;
use super::walk::{PendingStep, Position, Walker};
use super::warning_batches::Printer;
use crate::diag::error::{Error, OpErrorKind, OpSite, SqlSource};
use crate::driver::warning::{WarningOut, WarningText};
use crate::emit::render::Renderer;
use crate::emit::script::{RenderedStatement, ScriptStep};
use crate::emit::validate;
use crate::emit::version_sql::VersionSql;
use crate::history::graph::{Node, RevisionGraph};
use crate::history::plan::Plan;
use crate::lower::statement::Statement;
use crate::ops::ident::QualName;

/// Below this many steps, rendering stays on the walking thread.
const PARALLEL_STEPS: usize = 32;

/// What walking and rendering leave once the steps are handed on: every
/// error of the walk and of rendering, in the order they occur in the script,
/// and the text of the warnings not yet printed.
pub(super) struct Rendered {
    pub(super) errors: Vec<Error>,
    pub(super) sources: Vec<Node>,
    pub(super) unprinted: String,
}

/// One step rendered: its text, the errors met rendering it, and its
/// warnings as text (when they travel with it).
struct RenderedStep {
    step: ScriptStep,
    errors: Vec<(Position, Error)>,
    warnings: String,
    ends_batch: bool,
}

/// What rendering a step needs besides the step.
struct StepRendering<'a> {
    graph: &'a RevisionGraph,
    renderer: &'a Renderer,
    versions: VersionSql,
    version_table: &'a QualName,
    /// Turns a step's warnings into text, when they travel with it.
    warnings: Option<&'a WarningText<'a>>,
}

/// Walks the plan and renders its steps: rendering and checking run on
/// the other cores while the walk goes on, and each step goes to `consume`,
/// in order, as soon as it is rendered. With `out`, each step's warnings
/// travel with it, are turned into text where it is rendered, and are
/// printed in full batches in walk order; the last part is returned
/// unprinted. Without, they stay in the walker.
pub(super) fn walk_and_render(
    walker: &mut Walker,
    plan: &Plan,
    out: Option<&mut WarningOut<'_>>,
    consume: &mut dyn FnMut(ScriptStep) -> Result<(), Error>,
) -> Result<Rendered, Error> {
    let run = walker.run;
    let version_table = &run.settings.version_table;
    let rendering = StepRendering {
        graph: run.graph,
        renderer: run.renderer,
        versions: VersionSql::new(run.renderer, version_table),
        version_table,
        warnings: out.as_ref().map(|o| o.render),
    };
    let stream = out.is_some();
    let mut printer = Printer::new(out);
    let mut errors = Vec::new();
    // The first step that could not be handed on ends the run.
    let mut lost: Option<Error> = None;
    let walked = crate::parallel::pipeline(
        plan.steps.len(),
        PARALLEL_STEPS,
        |emit| walker.walk(plan, stream, emit),
        |(index, step): (usize, PendingStep)| render_step(&rendering, index, step),
        &mut |result: Option<RenderedStep>| match result {
            Some(done) => {
                errors.extend(done.errors);
                if lost.is_none() {
                    lost = consume(done.step).err();
                }
                printer.step(&done.warnings, done.ends_batch);
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
        unprinted: printer.unprinted(),
    })
}

fn render_step(with: &StepRendering, index: usize, step: PendingStep) -> RenderedStep {
    let renderer = with.renderer;
    let mut errors = Vec::new();
    let mut statements = Vec::new();
    let op_count = step.ops.len();
    for (op_index, mut op) in step.ops.into_iter().enumerate() {
        if let Some(skipped) = op.skipped.take() {
            statements.push(RenderedStatement {
                sql: String::new(),
                checked: false,
                warnings: Vec::new(),
                skipped: Some(skipped),
            });
            continue;
        }
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
                    skipped: None,
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
