//! `data-loss`: dropping a table or a column destroys its data (in an
//! upgrade, a written downgrade, or a derived one that drops what its
//! upgrade created), narrowing a column's type may cut or refuse its
//! values, and a derived downgrade that recreates a table or column brings
//! it back empty.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "data-loss",
    level: Level::Warning,
    why: "the data is gone once the statement runs; only a backup brings it back",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    let derived = ctx.derived;
    let message = match ctx.op {
        // Written or derived alike: a derived downgrade drops what its
        // upgrade created, which may hold rows by the time it runs.
        Op::DropTable(o) if ctx.before.table(&o.qual_name()).is_some() => {
            format!("drops table `{}` and every row in it", o.qual_name())
        }
        // What goes with the column is `dropped-with-column`'s to say.
        Op::DropColumn(o) => format!(
            "drops column `{}.{}` and the data it holds",
            o.qual_table(),
            o.column
        ),
        Op::AlterColumn(o) => {
            let former = ctx
                .before
                .table(&o.qual_table())
                .and_then(|t| t.column(&o.column));
            let pair =
                o.ty.as_ref()
                    .and_then(|t| t.portable())
                    .zip(former.and_then(|c| c.ty.portable()));
            let Some((to, from)) = pair else {
                return Vec::new();
            };
            let Some(why) = crate::model::narrowing::narrowing(ctx.dialect, from, to) else {
                return Vec::new();
            };
            format!(
                "narrows column `{}.{}` from `{from}` to `{to}`: {why}",
                o.qual_table(),
                o.column
            )
        }
        Op::CreateTable(o) if derived => format!(
            "recreates table `{}` empty: the rows it held before the upgrade are not restored",
            o.qual_name()
        ),
        Op::AddColumn(o) if derived => format!(
            "recreates column `{}.{}` empty: the data it held before the upgrade is not restored",
            o.qual_table(),
            o.column.name
        ),
        _ => return Vec::new(),
    };
    vec![Finding::new(&RULE, message)]
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: id, type: integer, primary_key: true}, {name: note, type: text}, {name: qty, type: bigint}]}";

    /// A derived downgrade that drops what its upgrade created warns as a
    /// written drop does, with the same words.
    #[test]
    fn derived_drops_warn_as_written_ones_do() {
        for (op, said) in [
            ("- drop_table: {name: items}", "drops table `items` and every row in it"),
            (
                "- drop_column: {table: items, column: note}",
                "drops column `items.note` and the data it holds",
            ),
        ] {
            let written = lint_errors(&RULE, Case::new("postgresql", SETUP, op));
            assert_eq!(written, [said]);
            assert_eq!(lint_errors(&RULE, Case::new("postgresql", SETUP, op).derived()), written);
        }
    }

    #[test]
    fn narrowing_a_column_and_recreating_one_empty_warn() {
        let narrow = "- alter_column: {table: items, column: qty, type: smallint}";
        let found = lint_errors(&RULE, Case::new("postgresql", SETUP, narrow));
        assert!(found[0].starts_with("narrows column `items.qty` from `bigint` to `smallint`"), "{found:?}");
        let add = "- add_column: {table: items, column: {name: gone, type: text}}";
        let found = lint_errors(&RULE, Case::new("postgresql", SETUP, add).derived());
        assert!(found[0].starts_with("recreates column `items.gone` empty"), "{found:?}");
        // The same column written by the user is new, not lost.
        lint_ok(&RULE, Case::new("postgresql", SETUP, add));
    }

    /// Dropping a table that is not there (`if_exists`) loses nothing, nor
    /// does widening a column.
    #[test]
    fn dropping_nothing_or_widening_is_no_loss() {
        let op = "- drop_table: {name: gone, if_exists: true}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, op).derived());
        let widen = "- alter_column: {table: items, column: qty, type: 'numeric(30,0)'}";
        lint_ok(&RULE, Case::new("postgresql", SETUP, widen));
    }
}
