//! `identifier-at-limit`: a name exactly as long as the engine allows
//! works, but leaves no room (derived names such as `<table>_<column>_enum`
//! or a tool's own prefixes then fail or get truncated).

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "identifier-at-limit",
    level: Level::Warning,
    why: "names derived from it will not fit, and tools that truncate may make two names collide",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    #[test]
    fn a_name_exactly_at_the_limit_warns() {
        let at = "a".repeat(63);
        let op = format!("- create_table: {{name: {at}, columns: [{{name: id, type: integer}}]}}");
        let found = lint_errors(&RULE, Case::new("postgresql", "", &op));
        assert_eq!(found, [format!("name `{at}` is 63 bytes, the most postgresql allows")]);
        // MySQL allows 64: the same name has room there.
        lint_ok(&RULE, Case::new("mysql", "", &op));
    }

    #[test]
    fn a_shorter_name_is_fine() {
        let op = format!("- create_index: {{name: {}, table: t, columns: [id]}}", "i".repeat(62));
        let setup = "- create_table: {name: t, columns: [{name: id, type: integer}]}";
        lint_ok(&RULE, Case::new("postgresql", setup, &op));
    }
}
