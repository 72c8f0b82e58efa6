//! `data-loss`: dropping a table or a column destroys its data (in an
//! upgrade, a written downgrade, or a derived one that drops what its
//! upgrade created), narrowing a column's type may cut or refuse its
//! values, and a derived downgrade that recreates a table or column brings
//! it back empty.

use super::{Finding, Level, LintCtx, Rule};
use crate::ops::Op;

pub const RULE: Rule = Rule {
    id: "data-loss",
    level: Level::Warning,
    why: "the data is gone once the statement runs; only a backup brings it back",
};

pub fn check(ctx: &LintCtx) -> Vec<Finding> {
    let derived = ctx.derived();
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
    use super::*;
    use crate::diag::error::OpList;
    use crate::dialect::PostgreSql;
    use crate::lint::RevisionState;
    use crate::model::Schema;

    fn schema() -> Schema {
        let mut s = Schema::new();
        let ops = crate::source::parse_ops(
            "- create_table: {name: items, columns: [{name: id, type: integer, primary_key: true}, {name: note, type: text}]}",
        )
        .unwrap();
        for op in &ops {
            s.apply(op).unwrap();
        }
        s
    }

    fn findings(yaml: &str, list: OpList) -> Vec<String> {
        let before = schema();
        let op = crate::source::parse_ops(yaml).unwrap().remove(0);
        check(&LintCtx {
            op: &op,
            list,
            before: &before,
            dialect: &PostgreSql,
            transactional: true,
            revision: &RevisionState::default(),
            facts: None,
        })
        .into_iter()
        .map(|f| format!("[{}] {}", f.rule, f.message))
        .collect()
    }

    /// A derived downgrade that drops what its upgrade created warns as a
    /// written drop does, with the same words.
    #[test]
    fn derived_drops_warn_as_written_ones_do() {
        for yaml in [
            "- drop_table: {name: items}",
            "- drop_column: {table: items, column: note}",
        ] {
            let written = findings(yaml, OpList::Upgrade);
            assert_eq!(written.len(), 1, "{yaml}: {written:?}");
            assert!(written[0].starts_with("[data-loss] drops "), "{written:?}");
            for list in [OpList::Downgrade, OpList::DerivedDowngrade] {
                assert_eq!(findings(yaml, list), written, "{yaml} in {list:?}");
            }
        }
    }

    /// Dropping a table that is not there (`if_exists`) loses nothing.
    #[test]
    fn dropping_nothing_is_no_loss() {
        let yaml = "- drop_table: {name: gone, if_exists: true}";
        assert!(findings(yaml, OpList::DerivedDowngrade).is_empty());
    }
}
