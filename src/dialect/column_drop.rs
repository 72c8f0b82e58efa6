//! What an engine's `DROP COLUMN` does to the things that use the column.
//!
//! Engines differ: PostgreSQL drops every index and constraint that uses
//! the column along with it; MariaDB takes the column out of a plain index
//! (the index shrinks, and goes once no column is left), drops a key,
//! unique key or check over that column alone, and refuses the drop while a
//! key or check spans other columns too, or while a foreign key uses it;
//! SQLite and SQL Server refuse the drop while anything uses the column.
//! [`ColumnUse`] names the user, [`OnColumnDrop`] is the engine's answer
//! (`Dialect::on_column_drop`); the schema model, lowering, the derived
//! downgrade and the lint all ask the same question, so they agree.

/// What kind of thing uses a column that is being dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UsedBy {
    PrimaryKey,
    /// A unique constraint (`unique:`, `create_unique_constraint`).
    UniqueConstraint,
    /// A foreign key whose local columns include it.
    ForeignKey,
    /// A check constraint whose expression names it.
    Check,
    /// A plain index (`create_index` without `unique`) over it.
    Index,
    /// A unique index (`create_index` with `unique: true`) over it.
    UniqueIndex,
    /// An index one of whose `{expr: ...}` elements names it.
    IndexExpression,
    /// A partial index whose `where` names it.
    IndexPredicate,
}

/// One user of a column, as the engine sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnUse {
    pub by: UsedBy,
    /// The column is all it covers (a key or index over that column only, a
    /// check naming no other column).
    pub alone: bool,
}

/// What `DROP COLUMN` does to one user of the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnColumnDrop {
    /// The engine drops it together with the column.
    DroppedWith,
    /// The engine takes the column out of it and keeps the rest (it goes
    /// once no column is left). Only an index can shrink: gen reads this
    /// answer about a constraint as [`OnColumnDrop::DroppedWith`].
    Shrinks,
    /// The engine refuses to drop the column while it exists: gen drops it
    /// first (or, where even that is impossible in place, rebuilds the
    /// table), so it goes with the column all the same.
    Refuses,
}

impl OnColumnDrop {
    /// Does it survive the drop (with fewer columns)?
    pub fn survives(self) -> bool {
        self == OnColumnDrop::Shrinks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::by_name;

    const ALL: [UsedBy; 8] = [
        UsedBy::PrimaryKey,
        UsedBy::UniqueConstraint,
        UsedBy::ForeignKey,
        UsedBy::Check,
        UsedBy::Index,
        UsedBy::UniqueIndex,
        UsedBy::IndexExpression,
        UsedBy::IndexPredicate,
    ];

    fn answers(dialect: &str, alone: bool) -> Vec<OnColumnDrop> {
        let d = by_name(dialect).unwrap();
        ALL.iter()
            .map(|by| d.on_column_drop(ColumnUse { by: *by, alone }))
            .collect()
    }

    /// What the live engines did (PostgreSQL 15, MariaDB 10.11, SQLite
    /// 3.40; see `tests/live_column_drop.rs`).
    #[test]
    fn each_engine_answers_as_it_behaves() {
        use OnColumnDrop::*;
        for alone in [true, false] {
            assert!(answers("postgresql", alone)
                .iter()
                .all(|a| *a == DroppedWith));
            assert!(answers("sqlite", alone).iter().all(|a| *a == Refuses));
            assert!(answers("mssql", alone).iter().all(|a| *a == Refuses));
        }
        assert_eq!(
            answers("mysql", true),
            [
                DroppedWith,
                DroppedWith,
                Refuses,
                DroppedWith,
                Shrinks,
                DroppedWith,
                Refuses,
                Refuses
            ]
        );
        assert_eq!(
            answers("mysql", false),
            [Refuses, Refuses, Refuses, Refuses, Shrinks, Refuses, Refuses, Refuses]
        );
    }
}
