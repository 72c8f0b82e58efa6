//! `possible-rename`: a revision drops a column (or a table) and adds one
//! of the same shape: if that is a rename, the data of the dropped one is
//! lost for nothing. `gen revision --autogenerate` writes such pairs when
//! it was not told about a rename (it never guesses one); this rule keeps
//! them visible until the revision says `alter_column new_name` /
//! `rename_table`, or `allow: [possible-rename]` on the add says the drop
//! is meant. What counts as the same shape is the diff's own question
//! (`declare::diff::alike`).

use crate::declare::diff::alike::{columns_alike, tables_alike};
use crate::lint::{Dropped, Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "possible-rename",
    level: Level::Warning,
    why: "a drop and an add of the same shape may be a rename written as drop + add, which loses the data; rename instead, or allow it if the drop is meant",
    check: Some(check),
};

fn check(ctx: &LintCtx) -> Vec<Finding> {
    if ctx.derived {
        return Vec::new();
    }
    let found = match ctx.op {
        Op::AddColumn(o) => {
            let q = o.qual_table();
            ctx.revision.dropped.iter().find_map(|d| match d {
                Dropped::Column(t, c) if t == &q && columns_alike(c, &o.column, ctx.dialect) => {
                    Some(format!(
                        "column `{q}.{}` was dropped earlier in this revision and `{q}.{}` has its type: \
                         if it is a rename, write `alter_column: {{table: {}, column: {}, new_name: {}}}` to keep the data",
                        c.name, o.column.name, q.name, c.name, o.column.name
                    ))
                }
                _ => None,
            })
        }
        Op::CreateTable(o) => ctx.revision.dropped.iter().find_map(|d| match d {
            Dropped::Table(t) if t.schema == o.schema && tables_alike(t, o, ctx.dialect) => {
                Some(format!(
                    "table `{}` was dropped earlier in this revision and `{}` has its columns: \
                     if it is a rename, write `rename_table: {{name: {}, new_name: {}}}` to keep the rows",
                    t.qual_name(),
                    o.qual_name(),
                    t.name,
                    o.name
                ))
            }
            _ => None,
        }),
        _ => None,
    };
    found.map(|m| Finding::new(&RULE, m)).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::testing::{lint_errors, lint_ok, Case};
    use crate::lint::{Dropped, RevisionState};
    use crate::model::Schema;

    const SETUP: &str = "- create_table: {name: users, columns: [{name: id, type: integer}, {name: name, type: text}]}";

    /// The revision state once `ops` ran on the setup.
    fn after(ops: &str) -> RevisionState {
        let mut schema = Schema::new();
        for op in crate::source::parse_ops(SETUP).unwrap() {
            schema.apply(&op).unwrap();
        }
        let mut state = RevisionState::default();
        for op in crate::source::parse_ops(ops).unwrap() {
            state.after(&op, &schema, &[]);
            schema.apply(&op).unwrap();
        }
        state
    }

    #[test]
    fn a_drop_then_an_add_of_the_same_shape_is_reported() {
        let dropped = after("- drop_column: {table: users, column: name}");
        assert!(matches!(dropped.dropped[0], Dropped::Column(..)));
        let add = "- add_column: {table: users, column: {name: full_name, type: text}}";
        let setup = "- create_table: {name: users, columns: [{name: id, type: integer}]}";
        assert_eq!(
            lint_errors(&RULE, Case::new("postgresql", setup, add).after(dropped.clone())),
            ["column `users.name` was dropped earlier in this revision and `users.full_name` has its type: \
              if it is a rename, write `alter_column: {table: users, column: name, new_name: full_name}` to keep the data"]
        );
        let table = after("- drop_table: {name: users}");
        let create = "- create_table: {name: people, columns: [{name: id, type: integer}, {name: name, type: text}]}";
        assert_eq!(
            lint_errors(&RULE, Case::new("sqlite", "[]", create).after(table)),
            ["table `users` was dropped earlier in this revision and `people` has its columns: \
              if it is a rename, write `rename_table: {name: users, new_name: people}` to keep the rows"]
        );
    }

    #[test]
    fn another_shape_no_drop_or_a_derived_add_is_fine() {
        let setup = "- create_table: {name: users, columns: [{name: id, type: integer}]}";
        let dropped = after("- drop_column: {table: users, column: name}");
        let other = "- add_column: {table: users, column: {name: age, type: integer}}";
        lint_ok(&RULE, Case::new("postgresql", setup, other).after(dropped.clone()));
        let add = "- add_column: {table: users, column: {name: full_name, type: text}}";
        lint_ok(&RULE, Case::new("postgresql", setup, add));
        lint_ok(&RULE, Case::new("postgresql", setup, add).after(dropped).derived());
    }
}
