//! `dropped-with-column`: dropping a column also drops the indexes and
//! constraints that use it (or, on MariaDB, takes it out of a plain index),
//! which the YAML does not spell out. The finding names each one, as the
//! model and the engine agree (`Table::column_drop`).

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::ident::Ident;
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "dropped-with-column",
    level: Level::Warning,
    why: "queries that relied on those indexes or constraints lose them with the column; a derived downgrade puts them back",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    let Op::DropColumn(o) = ctx.op else {
        return Vec::new();
    };
    if ctx.derived {
        return Vec::new();
    }
    let Some(table) = ctx.before.table(&o.qual_table()) else {
        return Vec::new();
    };
    let taken = table.column_drop(&o.column, ctx.dialect);
    let mut gone: Vec<String> = taken
        .constraints
        .iter()
        .map(|(c, _)| c.describe())
        .collect();
    gone.extend(
        taken
            .indexes
            .iter()
            .map(|(index, _)| format!("index `{}`", index.name)),
    );
    let mut parts = Vec::new();
    if !gone.is_empty() {
        parts.push(format!("also drops {}", gone.join(", ")));
    }
    for index in &taken.shrunk {
        let left: Vec<&str> = index
            .columns
            .iter()
            .filter_map(|c| c.column().filter(|n| *n != &o.column).map(Ident::as_str))
            .collect();
        parts.push(format!(
            "leaves index `{}` on ({}) only ({} keeps the rest of an index)",
            index.name,
            left.join(", "),
            ctx.dialect.name()
        ));
    }
    if parts.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        &RULE,
        format!(
            "dropping column `{}.{}` {}",
            o.qual_table(),
            Ident::as_str(&o.column),
            parts.join("; ")
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "
- create_table: {name: items, columns: [{name: id, type: integer, primary_key: true}, {name: code, type: text}, {name: kind, type: text}, {name: note, type: text}]}
- create_index: {name: ix_items_code, table: items, columns: [code]}
- create_index: {name: ix_items_kind_code, table: items, columns: [kind, code]}
";

    #[test]
    fn dropping_a_column_names_what_goes_with_it() {
        let op = "- drop_column: {table: items, column: code}";
        let found = lint_errors(&RULE, Case::new("postgresql", SETUP, op));
        assert_eq!(
            found,
            ["dropping column `items.code` also drops index `ix_items_code`, index `ix_items_kind_code`"]
        );
    }

    #[test]
    fn a_column_nothing_uses_or_a_derived_drop_is_fine() {
        lint_ok(&RULE, Case::new("postgresql", SETUP, "- drop_column: {table: items, column: note}"));
        let op = "- drop_column: {table: items, column: code}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, op).derived());
    }
}
