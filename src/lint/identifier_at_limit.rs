//! `identifier-at-limit`: a name exactly as long as the engine allows
//! works, but leaves no room (derived names such as `<table>_<column>_enum`
//! or a tool's own prefixes then fail or get truncated).

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "identifier-at-limit",
    level: Level::Warning,
    why: "names derived from it will not fit, and tools that truncate may make two names collide",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    let mut names: Vec<&str> = Vec::new();
    match ctx.op {
        Op::CreateTable(o) => {
            names.push(o.name.as_str());
            names.extend(o.columns.iter().map(|c| c.name.as_str()));
            names.extend(
                o.unique
                    .iter()
                    .filter_map(|u| u.name.as_ref().map(|n| n.as_str())),
            );
            names.extend(
                o.foreign_keys
                    .iter()
                    .filter_map(|f| f.name.as_ref().map(|n| n.as_str())),
            );
            names.extend(
                o.checks
                    .iter()
                    .filter_map(|c| c.name.as_ref().map(|n| n.as_str())),
            );
        }
        Op::AddColumn(o) => names.push(o.column.name.as_str()),
        Op::CreateIndex(o) => names.push(o.name.as_str()),
        _ => {}
    }
    let max = ctx.dialect.max_identifier_len();
    names
        .into_iter()
        .filter(|n| n.len() == max)
        .map(|n| {
            Finding::new(
                &RULE,
                format!(
                    "name `{n}` is {max} bytes, the most {} allows",
                    ctx.dialect.name()
                ),
            )
        })
        .collect()
}
