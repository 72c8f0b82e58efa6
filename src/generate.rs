//! The compiler driver: a plan in, a rendered [`Script`] out.
//!
//! It replays the schema up to the plan's start (deriving downgrades on the
//! way when the plan goes down), then walks the steps: each operation is
//! lowered against the schema before it, applied to the model, rendered and
//! parsed with sqlparser; each step gets its version-table statements. Every
//! error names the revision, the file and the operation; data-loss warnings
//! are collected both for stderr and for `-- WARNING:` comments.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, OpError, OpErrorKind, OpList, OpSite};
use crate::graph::{Node, RevisionGraph};
use crate::lower::{lower, LowerCtx};
use crate::ops::Op;
use crate::plan::{Direction, Plan, VersionChange};
use crate::render::Renderer;
use crate::revision::Revision;
use crate::schema::inverse::{replay_revision, Derived};
use crate::schema::Schema;
use crate::script::{Header, RenderedStatement, Script, ScriptStep};
use crate::span::Span;
use crate::statement::Statement;
use crate::validate;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

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
    pub warnings: Vec<Diagnostic>,
}

/// An operation to run, and where it came from (derived ones are owned).
struct SitedOp<'a> {
    op: Cow<'a, Op>,
    site: OpSite,
}

fn site(rev: &Revision, list: OpList, index: usize, op_name: &'static str) -> OpSite {
    OpSite {
        revision: rev.id.clone(),
        message: rev.message.clone(),
        file: rev.source.path.clone(),
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

/// Warnings an operation deserves, given the schema before it.
fn warnings_for(op: &Op, list: OpList, before: &Schema) -> Vec<String> {
    let derived = list == OpList::DerivedDowngrade;
    match op {
        Op::DropTable(o) if before.table(&o.qual_name()).is_some() => {
            vec![format!(
                "drops table `{}` and every row in it",
                o.qual_name()
            )]
        }
        Op::DropColumn(o) => {
            let with: Vec<String> = before
                .table(&o.qual_table())
                .map(|t| t.constraints_dropped_with(&o.column))
                .unwrap_or_default()
                .iter()
                .map(|c| c.describe())
                .collect();
            let also = if with.is_empty() {
                String::new()
            } else {
                format!(" (the engine drops its {} with it)", with.join(", "))
            };
            vec![format!(
                "drops column `{}.{}` and the data it holds{also}",
                o.qual_table(),
                o.column
            )]
        }
        Op::AlterColumn(o) => {
            let former = before
                .table(&o.qual_table())
                .and_then(|t| t.column(&o.column));
            let pair =
                o.ty.as_ref()
                    .and_then(|t| t.portable())
                    .zip(former.and_then(|c| c.ty.portable()));
            match pair {
                Some((to, from)) => crate::narrowing::narrowing(from, to)
                    .map(|why| {
                        format!(
                            "narrows column `{}.{}` from `{from}` to `{to}`: {why}",
                            o.qual_table(),
                            o.column
                        )
                    })
                    .into_iter()
                    .collect(),
                None => Vec::new(),
            }
        }
        Op::CreateTable(o) if derived => vec![format!(
            "recreates table `{}` empty: the rows it held before the upgrade are not restored",
            o.qual_name()
        )],
        Op::AddColumn(o) if derived => vec![format!(
            "recreates column `{}.{}` empty: the data it held before the upgrade is not restored",
            o.qual_table(),
            o.column.name
        )],
        _ => Vec::new(),
    }
}

struct Generator<'a> {
    graph: &'a RevisionGraph,
    config: &'a Config,
    renderer: Renderer,
    schema: Schema,
    warnings: Vec<Diagnostic>,
}

impl Generator<'_> {
    /// Renders and parses one statement (unless the user opted out).
    fn render(&self, stmt: &Statement, site: &OpSite) -> Result<String, Error> {
        self.render_checked(stmt, site).map(|(sql, _)| sql)
    }

    /// Renders one statement; also says whether it was parsed.
    fn render_checked(&self, stmt: &Statement, site: &OpSite) -> Result<(String, bool), Error> {
        let sql = self
            .renderer
            .statement(stmt)
            .map_err(|e| op_error(site, OpErrorKind::Render(e)))?;
        let (check, user_sql) = match stmt {
            Statement::Raw { validate, .. } => (*validate, true),
            _ => (true, false),
        };
        if check {
            if let Err(failure) = validate::check(self.renderer.dialect(), &sql) {
                return Err(op_error(
                    site,
                    OpErrorKind::Parse {
                        sql,
                        failure,
                        user_sql,
                    },
                ));
            }
        }
        Ok((sql, check))
    }

    /// Lowers, applies, renders and checks one operation.
    fn run_op(
        &mut self,
        sited: &SitedOp,
        transactional: bool,
        out: &mut Vec<RenderedStatement>,
    ) -> Result<(), Error> {
        let ctx = LowerCtx {
            dialect: self.renderer.dialect(),
            transactional,
        };
        let op: &Op = &sited.op;
        let lowered = lower(op, &self.schema, &ctx);
        let notes = warnings_for(op, sited.site.list, &self.schema);
        self.schema
            .apply(op)
            .map_err(|e| op_error(&sited.site, OpErrorKind::Schema(e)))?;
        let stmts = lowered.map_err(|e| op_error(&sited.site, OpErrorKind::Lower(e)))?;
        if matches!(op, Op::Execute(_)) {
            self.warnings.push(
                Diagnostic::warning(
                    "`execute` is opaque to the schema model: gen cannot check what it does",
                )
                .with_span(Span::path(&sited.site.file, sited.site.path()))
                .with_note(sited.site.note()),
            );
        }
        for n in &notes {
            self.warnings.push(
                Diagnostic::warning(n.clone())
                    .with_span(Span::path(&sited.site.file, sited.site.path()))
                    .with_note(sited.site.note()),
            );
        }
        for (i, stmt) in stmts.iter().enumerate() {
            let (sql, checked) = self.render_checked(stmt, &sited.site)?;
            out.push(RenderedStatement {
                sql,
                checked,
                warnings: if i == 0 { notes.clone() } else { Vec::new() },
            });
        }
        Ok(())
    }

    fn version_sql(&self, change: &VersionChange, rev: &Revision) -> Result<String, Error> {
        let table = self.config.version_table.clone();
        let stmt = match change {
            VersionChange::Insert(v) => Statement::VersionInsert {
                table,
                version: v.to_string(),
            },
            VersionChange::Update { from, to } => Statement::VersionUpdate {
                table,
                from: from.to_string(),
                to: to.to_string(),
            },
            VersionChange::Delete(v) => Statement::VersionDelete {
                table,
                version: v.to_string(),
            },
        };
        let site = OpSite {
            revision: rev.id.clone(),
            message: rev.message.clone(),
            file: rev.source.path.clone(),
            list: OpList::Upgrade,
            index: 0,
            op_name: "version table",
        };
        self.render(&stmt, &site)
    }

    fn fixed(&self, stmt: &Statement) -> Result<String, Error> {
        let sql = self
            .renderer
            .statement(stmt)
            .map_err(|e| Error::Usage(format!("version table: {e}")))?;
        validate::check(self.renderer.dialect(), &sql).map_err(|f| {
            Error::Internal(format!(
                "rendered version-table statement does not parse ({}): {sql}",
                f.message
            ))
        })?;
        Ok(sql)
    }
}

/// Replays every revision up to `start` (inclusive), deriving downgrades for
/// the revisions in `derive_for`.
fn replay_to_start(
    graph: &RevisionGraph,
    start: &[Node],
    derive_for: &BTreeSet<Node>,
    schema: &mut Schema,
) -> Result<BTreeMap<Node, Derived>, Error> {
    let mut derived = BTreeMap::new();
    let mask = graph.ancestor_mask(start);
    for node in graph.in_topo_order(&mask) {
        let rev = graph.revision(node);
        let want = derive_for.contains(&node) && rev.downgrade.is_none();
        match replay_revision(&rev.upgrade, schema, want) {
            Ok(d) => {
                if want {
                    derived.insert(node, d);
                }
            }
            Err(boxed) => {
                let (i, e) = *boxed;
                let name = rev.upgrade.get(i).map_or("operation", Op::name);
                let s = site(rev, OpList::Upgrade, i, name);
                return Err(op_error(&s, OpErrorKind::Schema(e)));
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
    replay_to_start(graph, nodes, &BTreeSet::new(), &mut schema)?;
    Ok(schema)
}

/// Generates the script for `plan`.
pub fn generate(
    graph: &RevisionGraph,
    plan: &Plan,
    config: &Config,
    info: RunInfo,
) -> Result<Generated, Error> {
    let renderer = Renderer::new(config.dialect.clone(), config.templates.clone());
    let mut g = Generator {
        graph,
        config,
        renderer,
        schema: Schema::for_dialect(config.dialect.clone()),
        warnings: Vec::new(),
    };
    let down_nodes: BTreeSet<Node> = plan
        .steps
        .iter()
        .filter(|s| s.direction == Direction::Down)
        .map(|s| s.node)
        .collect();
    let start: Vec<Node> = plan
        .start_heads
        .iter()
        .map(|id| {
            graph
                .get(id)
                .ok_or_else(|| Error::Internal(format!("start revision {id} is not in the graph")))
        })
        .collect::<Result<_, _>>()?;
    let mut derived = replay_to_start(graph, &start, &down_nodes, &mut g.schema)?;

    let mut heads: BTreeSet<String> = plan.start_heads.iter().map(|id| id.to_string()).collect();
    let mut steps = Vec::with_capacity(plan.steps.len());
    let mut sources = Vec::with_capacity(plan.steps.len());
    for step in &plan.steps {
        let rev = g.graph.revision(step.node);
        sources.push((rev.source.path.to_string(), rev.source.sha256.clone()));
        let create_version_table = heads.is_empty();
        let ops = step_ops(rev, step.direction, step.node, &mut derived)?;
        let mut statements = Vec::new();
        for sited in &ops {
            g.run_op(sited, rev.transactional, &mut statements)?;
        }
        let version = step
            .version
            .iter()
            .map(|c| g.version_sql(c, rev))
            .collect::<Result<Vec<_>, _>>()?;
        for change in &step.version {
            apply_change(&mut heads, change);
        }
        steps.push(script_step(
            rev,
            step.direction,
            create_version_table,
            statements,
            version,
        ));
    }

    let table = config.version_table.clone();
    let version_table_create = g.fixed(&Statement::VersionTableCreate {
        table: table.clone(),
    })?;
    let reached_base = plan
        .steps
        .last()
        .is_some_and(|s| s.direction == Direction::Down)
        && heads.is_empty();
    let version_table_drop = if reached_base {
        Some(g.fixed(&Statement::VersionTableDrop { table })?)
    } else {
        None
    };
    let dialect = g.renderer.dialect();
    let (begin, commit) = if dialect.transactional_ddl() {
        (
            Some(
                g.renderer
                    .fragment("begin")
                    .map_err(|e| Error::Usage(e.message))?,
            ),
            Some(
                g.renderer
                    .fragment("commit")
                    .map_err(|e| Error::Usage(e.message))?,
            ),
        )
    } else {
        (None, None)
    };
    let script = Script {
        header: Header {
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            dialect: dialect.name().to_owned(),
            command: info.command,
            range: info.range,
            version_table: config.version_table.to_string(),
            sources,
            notes: info.notes,
        },
        steps,
        begin,
        commit,
        terminator: ";".to_owned(),
        version_table_create,
        version_table_drop,
        transaction_per_migration: config.transaction_per_migration,
    };
    Ok(Generated {
        script,
        warnings: g.warnings,
    })
}

fn apply_change(heads: &mut BTreeSet<String>, change: &VersionChange) {
    match change {
        VersionChange::Insert(v) => {
            heads.insert(v.to_string());
        }
        VersionChange::Update { from, to } => {
            heads.remove(from.as_str());
            heads.insert(to.to_string());
        }
        VersionChange::Delete(v) => {
            heads.remove(v.as_str());
        }
    }
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
    rev: &'a Revision,
    direction: Direction,
    node: Node,
    derived: &mut BTreeMap<Node, Derived>,
) -> Result<Vec<SitedOp<'a>>, Error> {
    let listed = |list: &'a [Op], which: OpList| -> Vec<SitedOp<'a>> {
        list.iter()
            .enumerate()
            .map(|(i, op)| SitedOp {
                op: Cow::Borrowed(op),
                site: site(rev, which, i, op.name()),
            })
            .collect()
    };
    match (direction, &rev.downgrade) {
        (Direction::Up, _) => Ok(listed(&rev.upgrade, OpList::Upgrade)),
        (Direction::Down, Some(list)) => Ok(listed(list, OpList::Downgrade)),
        (Direction::Down, None) => match derived.remove(&node) {
            Some(Ok(list)) => Ok(list
                .into_iter()
                .map(|d| {
                    let name = rev.upgrade.get(d.source).map_or(d.op.name(), Op::name);
                    SitedOp {
                        site: site(rev, OpList::DerivedDowngrade, d.source, name),
                        op: Cow::Owned(d.op),
                    }
                })
                .collect()),
            Some(Err(irr)) => {
                let s = site(rev, OpList::DerivedDowngrade, irr.op_index, irr.op_name);
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
