//! The sequential walk: each step's operations lowered, linted and applied
//! in order.
//!
//! After the replay to the plan's start, every operation of every step is
//! checked (the user's SQL fragments and literals), lowered against the
//! schema before it, linted, filtered through the project's and the
//! operation's `allow:` lists, and applied to the model; its statements
//! are left for rendering ([`PendingStep`]). The walk is sequential: each
//! operation needs the schema the previous one left. An operation that
//! fails ends the walk, unless collecting (`gen check`): then it is
//! recorded and skipped.

use super::replay::{replay_to_start, start_nodes};
use super::site::{op_error, step_ops, SitedOp};
use super::warning_batches::Batches;
use super::Run;
use crate::diag::error::{Error, OpErrorKind, OpList, OpSite};
use crate::driver::upgrade_ops::UpgradeOps;
use crate::driver::warning::Warning;
use crate::history::graph::Node;
use crate::history::plan::{Direction, Plan, RowChange, VersionChange};
use crate::lint::{lint, LintCtx, RevisionState};
use crate::lower::statement::Statement;
use crate::lower::{lower, LowerCtx};
use crate::model::Schema;
use crate::ops::Op;
use crate::source::revision::runs_on;

/// Where in the walk something happened: step, then operation. Errors
/// found while rendering are merged with those found while walking in
/// this order.
pub(super) type Position = (usize, usize);

/// One operation lowered and applied, its statements not yet rendered.
pub(super) struct PendingOp {
    pub(super) site: OpSite,
    pub(super) statements: Vec<Statement>,
    /// The lint findings, as `-- WARNING` lines above its first statement.
    pub(super) notes: Vec<String>,
    /// Limited to other dialects (`dialects:`): the comment line the
    /// script shows in its place; it has no statements.
    pub(super) skipped: Option<Box<str>>,
}

/// One step walked: what rendering needs to turn it into a script step.
pub(super) struct PendingStep {
    pub(super) node: Node,
    pub(super) direction: Direction,
    pub(super) create_version_table: bool,
    pub(super) ops: Vec<PendingOp>,
    pub(super) version: Vec<VersionChange>,
    /// The warnings the step met, when they travel with it.
    pub(super) warnings: Vec<Warning>,
    /// A full batch of warnings is ready to print once this step's are.
    pub(super) ends_batch: bool,
}

/// What the walk leaves besides its steps (which it emits as it goes): the
/// sources and the errors it met with where it met them.
pub(super) struct Walked {
    pub(super) sources: Vec<Node>,
    pub(super) errors: Vec<(Position, Error)>,
}

/// The walk's state: the model, and what the run has met so far.
pub(super) struct Walker<'a> {
    pub(super) run: Run<'a>,
    pub(super) schema: Schema,
    /// The warnings met and not yet handed on.
    pub(super) warnings: Vec<Warning>,
    batches: Batches,
    /// Some table was rebuilt (the script may need foreign keys off).
    pub(super) rebuilt: bool,
    /// What the revision being walked has done so far (for the lint rules).
    revision: RevisionState,
    /// For `gen check`: an operation that fails is recorded and skipped, and
    /// the walk goes on; otherwise the first error ends the walk.
    collect: bool,
    /// Where each revision's upgrade operations come from.
    upgrades: UpgradeOps,
}

impl<'a> Walker<'a> {
    pub(super) fn new(run: Run<'a>, upgrades: UpgradeOps, collect: bool) -> Self {
        Walker {
            run,
            schema: Schema::for_dialect(run.settings.dialect.clone()),
            warnings: Vec::new(),
            batches: Batches::default(),
            rebuilt: false,
            revision: RevisionState::default(),
            collect,
            upgrades,
        }
    }

    /// Lowers, lints and applies one operation; its statements are rendered later.
    fn run_op(&mut self, sited: SitedOp, transactional: bool) -> Result<PendingOp, Error> {
        let op: &Op = &sited.op;
        let dialect = self.run.renderer.dialect();
        // An operation limited to other dialects does not exist here: it
        // is not checked, lowered, linted or applied, only shown skipped.
        if !runs_on(sited.dialects, dialect.name()) {
            let undoing = if sited.site.list == OpList::DerivedDowngrade {
                "undoing "
            } else {
                ""
            };
            return Ok(PendingOp {
                skipped: Some(
                    format!(
                        "skipped for {} (dialects: {}): {undoing}{}, {}",
                        dialect.name(),
                        sited.dialects.join(", "),
                        op.name(),
                        op.subject()
                    )
                    .into_boxed_str(),
                ),
                site: sited.site,
                statements: Vec::new(),
                notes: Vec::new(),
            });
        }
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
            dialect,
            transactional,
            revision: &self.revision,
            facts: lowered.as_ref().ok().map(|l| &l.facts),
        });
        // What the revision has done, once this operation has succeeded.
        let mut revision = self.revision.clone();
        revision.after(op, &self.schema, &findings);
        self.schema
            .apply(op)
            .map_err(|e| op_error(&sited.site, OpErrorKind::Schema(e)))?;
        let lowered = lowered.map_err(|e| op_error(&sited.site, OpErrorKind::Lower(e)))?;
        self.rebuilt |= lowered.facts.rebuilt.is_some();
        self.revision = revision;
        let project_allow = &self.run.settings.allow;
        findings.retain(|f| {
            !project_allow.contains(f.rule) && !sited.allow.iter().any(|a| a == f.rule)
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
            skipped: None,
        })
    }

    /// Replays to the plan's start, then lowers and applies every step,
    /// emitting each (with its index, and its warnings when they `stream`)
    /// for rendering. Errors before the first step are returned.
    pub(super) fn walk(
        &mut self,
        plan: &Plan,
        stream: bool,
        emit: &mut dyn FnMut((usize, PendingStep)),
    ) -> Result<Walked, Error> {
        let graph = self.run.graph;
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
            // A lock timeout from gen.yaml or the revision itself is set
            // before the revision's first statement.
            self.revision = RevisionState {
                lock_timeout: self.run.settings.timeouts.lock.is_some()
                    || rev.timeouts.as_ref().is_some_and(|t| t.lock.is_some()),
                ..RevisionState::default()
            };
            let mut pending = Vec::with_capacity(ops.len());
            for (op_index, sited) in ops.into_iter().enumerate() {
                match self.run_op(sited, rev.transactional) {
                    Ok(op) => pending.push(op),
                    Err(e) => {
                        walked.errors.push(((index, op_index), e));
                        if !self.collect {
                            // The statements before it are still rendered:
                            // an error there comes first.
                            let warnings = self.batches.step(&mut self.warnings, stream, true);
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
            let warnings = self.batches.step(&mut self.warnings, stream, false);
            emit(pending_step(pending, version, warnings));
        }
        Ok(walked)
    }
}
