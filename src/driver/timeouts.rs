//! The session timeouts in the script (`lock_timeout`, `statement_timeout`).
//!
//! gen.yaml's are set once, at the top of the script (after the dialect's
//! prologue, before the first transaction block): they hold for the whole
//! session. A revision's own are set at the start of its step and put back
//! after its last statement, before its version-table change: to gen.yaml's
//! value, or to the engine's default when gen.yaml sets none. Each is
//! spelled by the `set_timeout` template in the unit the dialect names
//! (`Dialect::session_timeout`) and parsed like every statement gen writes;
//! where the engine has no such setting, a comment says it is not applied.

use crate::diag::error::Error;
use crate::dialect::TimeoutKind;
use crate::emit::render::Renderer;
use crate::emit::script::RenderedStatement;
use crate::emit::validate;
use crate::lower::statement::Statement;
use crate::source::duration::{Duration, Timeouts};

/// A timeout set, or why it is not.
pub(super) enum Setting {
    Sql(String),
    /// The engine has no such setting: this comment instead.
    Comment(String),
}

impl Setting {
    /// As a statement of a step.
    pub(super) fn statement(self) -> RenderedStatement {
        match self {
            Setting::Sql(sql) => RenderedStatement {
                sql,
                checked: true,
                warnings: Vec::new(),
                skipped: None,
            },
            Setting::Comment(text) => RenderedStatement {
                sql: String::new(),
                checked: false,
                warnings: Vec::new(),
                skipped: Some(text.into_boxed_str()),
            },
        }
    }
}

fn each(t: &Timeouts) -> [(TimeoutKind, Option<Duration>); 2] {
    [
        (TimeoutKind::Lock, t.lock),
        (TimeoutKind::Statement, t.statement),
    ]
}

fn render(
    renderer: &Renderer,
    kind: TimeoutKind,
    value: Option<Duration>,
    from: &str,
) -> Result<Setting, Error> {
    let dialect = renderer.dialect();
    let Some(unit) = dialect.session_timeout(kind) else {
        let shown = value.map(|v| v.to_string()).unwrap_or_default();
        return Ok(Setting::Comment(format!(
            "{} {shown} ({from}) is not applied: {} has no session setting for it",
            kind.key(),
            dialect.name()
        )));
    };
    let stmt = Statement::SetTimeout {
        setting: kind.key(),
        value: value.map(|v| unit.value(v.millis())),
    };
    let sql = renderer
        .statement(&stmt)
        .map_err(|e| Error::Template(Box::new(e)))?;
    validate::check(dialect, &sql).map_err(|f| {
        Error::Internal(format!(
            "rendered timeout statement does not parse ({}): {sql}",
            f.message
        ))
    })?;
    Ok(Setting::Sql(sql))
}

/// gen.yaml's timeouts, for the top of the script.
pub(super) fn project(renderer: &Renderer, project: &Timeouts) -> Result<Vec<Setting>, Error> {
    each(project)
        .into_iter()
        .filter_map(|(kind, v)| v.map(|v| render(renderer, kind, Some(v), "gen.yaml")))
        .collect()
}

/// A revision's own timeouts: what its step starts with, and what puts
/// gen.yaml's (or the default) back after it. A setting the engine lacks
/// is a comment at the start and nothing at the end.
pub(super) fn revision(
    renderer: &Renderer,
    own: &Timeouts,
    project: &Timeouts,
) -> Result<(Vec<Setting>, Vec<Setting>), Error> {
    let mut start = Vec::new();
    let mut end = Vec::new();
    for ((kind, mine), (_, base)) in each(own).into_iter().zip(each(project)) {
        let Some(mine) = mine else { continue };
        let set = render(renderer, kind, Some(mine), "this revision")?;
        if matches!(set, Setting::Sql(_)) {
            end.push(render(renderer, kind, base, "gen.yaml")?);
        }
        start.push(set);
    }
    Ok((start, end))
}
