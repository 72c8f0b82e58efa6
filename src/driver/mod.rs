//! The compiler driver: a plan in, a rendered [`Script`] out. This file
//! holds the entry points only; each part of a run is a file of its own.
//!
//! A run replays the schema up to the plan's start ([`replay`], deriving
//! downgrades on the way when the plan goes down), then walks the steps
//! ([`walk`]): each operation ([`site`] says where it comes from) is lowered
//! against the schema before it, linted and applied to the model. The walk
//! is sequential (each step needs the schema the previous one left);
//! rendering and parsing with sqlparser need only the step, so they run on
//! the other cores while the walk goes on, and errors from both are put back
//! in script order ([`render_steps`]). Each step is handed on as soon as it
//! is rendered: kept in memory ([`generate`]) or laid out into a temporary
//! file ([`generate_spilled`], what the commands use, which also drops each
//! revision's operations once applied, [`UpgradeOps`]), so a long history's
//! script is not held twice. [`assemble`] writes what surrounds the steps
//! and the version-table statements; warnings ([`warning`]) travel with
//! their steps and are printed in batches ([`warning_batches`]). Every
//! error names the revision, the file and the operation.

mod assemble;
mod render_steps;
mod replay;
mod site;
mod timeouts;
pub mod upgrade_ops;
mod walk;
pub mod warning;
mod warning_batches;

pub use replay::schema_at;

use crate::diag::error::Error;
use crate::dialect::Dialect;
use crate::driver::upgrade_ops::UpgradeOps;
use crate::driver::warning::{Warning, WarningOut};
use crate::emit::render::Renderer;
use crate::emit::script::{Body, Script, SpillWriter, StepWriter};
use crate::emit::templates::TemplateSource;
use crate::history::graph::RevisionGraph;
use crate::history::plan::Plan;
use crate::history::stamp::Stamp;
use crate::ops::ident::QualName;
use std::collections::BTreeSet;
use std::sync::Arc;
use walk::Walker;

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

/// What a run needs from the project's settings (the command line and
/// `gen.yaml`, which the CLI settles into this).
#[derive(Clone)]
pub struct Settings {
    /// The dialect the script is written for.
    pub dialect: Arc<dyn Dialect>,
    pub templates: TemplateSource,
    pub version_table: QualName,
    pub transaction_per_migration: bool,
    /// Lint rules silenced for the whole project.
    pub allow: BTreeSet<&'static str>,
    /// gen.yaml's session timeouts, set at the top of the script.
    pub timeouts: crate::source::duration::Timeouts,
}

/// What every part of a run reads and nothing changes.
#[derive(Clone, Copy)]
struct Run<'a> {
    graph: &'a RevisionGraph,
    settings: &'a Settings,
    renderer: &'a Renderer,
}

impl Settings {
    fn renderer(&self) -> Renderer {
        Renderer::new(self.dialect.clone(), self.templates.clone())
    }
}

/// Generates the script for `plan`, its steps kept in memory.
pub fn generate(
    graph: &RevisionGraph,
    plan: &Plan,
    settings: impl Into<Settings>,
    info: RunInfo,
) -> Result<Generated, Error> {
    generate_into(
        graph,
        plan,
        settings.into(),
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
    settings: impl Into<Settings>,
    info: RunInfo,
    hand_on: WarningOut<'_>,
) -> Result<Generated, Error> {
    let start = replay::start_nodes(&graph, plan)?;
    let upgrades = UpgradeOps::taken(&mut graph, &start, plan);
    let keep = match SpillWriter::new() {
        Ok(spill) => Keep::Spill(spill),
        Err(_) => Keep::Memory,
    };
    generate_into(
        &graph,
        plan,
        settings.into(),
        info,
        keep,
        upgrades,
        Some(hand_on),
    )
}

/// Every problem `plan` meets (errors, warnings), not just the first: an
/// operation that fails is skipped and the walk goes on. For `gen check`.
pub fn check_plan(
    graph: &RevisionGraph,
    plan: &Plan,
    settings: impl Into<Settings>,
) -> (Vec<Error>, Vec<Warning>) {
    let settings = settings.into();
    let renderer = settings.renderer();
    let run = Run {
        graph,
        settings: &settings,
        renderer: &renderer,
    };
    let mut walker = Walker::new(run, UpgradeOps::borrowed(), true);
    // Only the problems matter here: each step is dropped once rendered.
    let errors = match render_steps::walk_and_render(&mut walker, plan, None, &mut |_| Ok(())) {
        Ok(rendered) => rendered.errors,
        Err(e) => vec![e],
    };
    (errors, walker.warnings)
}

/// The script for `gen stamp`: the version-table changes alone, one step
/// per Alembic stamp step, creating the table first (if it is missing)
/// before a step that finds no rows (adopting a database).
pub fn generate_stamp(
    graph: &RevisionGraph,
    stamp: &Stamp,
    settings: impl Into<Settings>,
    info: RunInfo,
) -> Result<Generated, Error> {
    let settings = settings.into();
    let renderer = settings.renderer();
    let run = Run {
        graph,
        settings: &settings,
        renderer: &renderer,
    };
    let steps = assemble::stamp_steps(run, stamp)?;
    let layout = assemble::layout(run)?;
    let script = assemble::script(run, layout, Body::Steps(steps), &[], false, info)?;
    Ok(Generated {
        script,
        warnings: Vec::new(),
    })
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
    settings: Settings,
    info: RunInfo,
    keep: Keep,
    upgrades: UpgradeOps,
    mut hand_on: Option<WarningOut<'_>>,
) -> Result<Generated, Error> {
    let renderer = settings.renderer();
    let run = Run {
        graph,
        settings: &settings,
        renderer: &renderer,
    };
    let mut walker = Walker::new(run, upgrades, false);
    // Laying steps out as they come needs the layout before the walk; a
    // broken template in it is still reported after the walk's errors, as
    // before (the steps are then kept in memory).
    let layout = assemble::layout(run);
    let (rendered, body) = match (keep, &layout) {
        (Keep::Memory, _) | (Keep::Spill(_), Err(_)) => {
            let mut steps = Vec::new();
            let rendered =
                render_steps::walk_and_render(&mut walker, plan, hand_on.as_mut(), &mut |step| {
                    steps.push(step);
                    Ok(())
                })?;
            (rendered, Body::Steps(steps))
        }
        (Keep::Spill(mut spill), Ok(layout)) => {
            let mut writer = StepWriter::new(layout);
            let rendered =
                render_steps::walk_and_render(&mut walker, plan, hand_on.as_mut(), &mut |step| {
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
    let layout = layout?;
    let Walker {
        schema,
        warnings,
        rebuilt,
        ..
    } = walker;
    // The model is done with: its memory goes to the header's lines.
    drop(schema);
    let script = assemble::script(run, layout, body, &rendered.sources, rebuilt, info)?;
    // The rest, once the script is sure to be written.
    if let Some(out) = hand_on {
        (out.print)(&rendered.unprinted);
    }
    Ok(Generated { script, warnings })
}
