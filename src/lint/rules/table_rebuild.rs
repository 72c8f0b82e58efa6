//! `table-rebuild`: where `ALTER TABLE` cannot make a change in place
//! (SQLite), lowering rebuilds the table: a new table, every row copied,
//! the old one dropped, the new one renamed, its indexes recreated.
//! Time and disk then grow with the table.

use crate::lint::{Finding, Level, LintCtx, Rule};
use crate::dialect::InPlace;

pub const RULE: Rule = Rule {
    id: "table-rebuild",
    level: Level::Warning,
    why: "every row is copied into a new table: time and disk grow with the table",
    check: Some(check),
};

/// What the dialect cannot do in place, said for the message.
fn why(change: InPlace) -> &'static str {
    match change {
        InPlace::AddPrimaryKeyColumn => "cannot add a primary-key column in place",
        InPlace::AddUniqueColumn => "cannot add a UNIQUE column in place",
        InPlace::AddNotNullWithoutDefault => {
            "cannot add a NOT NULL column without a default in place"
        }
        InPlace::AddExpressionDefault => {
            "cannot add a column whose default is an expression in place"
        }
        InPlace::AddReferenceWithDefault => {
            "cannot add a foreign-key column with a non-null default in place"
        }
        InPlace::DropUniqueColumn => {
            "cannot drop a column a UNIQUE or other constraint uses in place"
        }
        InPlace::ChangeConstraint => "cannot add or drop a constraint in place",
        InPlace::AlterColumn => "cannot change a column's type, nullability or default in place",
        InPlace::AddStoredComputedColumn => "cannot add a stored generated column in place",
    }
}

fn check(ctx: &LintCtx) -> Vec<Finding> {
    let Some(r) = &ctx.facts().rebuilt else {
        return Vec::new();
    };
    vec![Finding::new(
        &RULE,
        format!(
            "{} {}: table `{}` is rebuilt (new table, rows copied, old one dropped, renamed, indexes recreated)",
            ctx.dialect.name(),
            why(r.because),
            r.table
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};

    const SETUP: &str = "- create_table: {name: items, columns: [{name: id, type: integer}, {name: code, type: text}]}";
    const UNIQUE: &str = "- create_unique_constraint: {table: items, columns: [code]}";

    #[test]
    fn a_sqlite_rebuild_warns_and_says_why() {
        assert_eq!(
            lint_errors(&RULE, Case::new("sqlite", SETUP, UNIQUE)),
            ["sqlite cannot add or drop a constraint in place: table `items` is rebuilt (new table, rows copied, old one dropped, renamed, indexes recreated)"]
        );
    }

    #[test]
    fn a_change_made_in_place_is_fine() {
        lint_ok(&RULE, Case::new("postgresql", SETUP, UNIQUE));
        let add = "- add_column: {table: items, column: {name: note, type: text}}";
        lint_ok(&RULE, Case::new("sqlite", SETUP, add));
    }
}
