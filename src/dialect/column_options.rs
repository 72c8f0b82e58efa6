//! The column options an engine may lack (`identity`, a virtual
//! `computed` column, `NOT NULL` or a collation on a computed column,
//! `alter_column`'s `using`), asked as [`ColumnFeature`]s through
//! `Dialect::column_feature`, and what gen says when the dialect lacks
//! one: the option, the dialect, and what to write instead. Also the
//! stand-in sqlparser parses for a computed column written without a type.

/// A column option that not every engine has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnFeature {
    /// `identity: {...}`: a standard identity column with its options.
    Identity,
    /// `computed: {stored: false}`: a generated column computed on read.
    VirtualComputed,
    /// `nullable: false` on a generated column.
    ComputedNotNull,
    /// `collation` on a generated column.
    ComputedCollation,
    /// `alter_column`'s `using`: an expression converting the values to
    /// the new type.
    AlterUsing,
    /// `alter_column` changing a generated column's nullability.
    AlterComputed,
}

impl ColumnFeature {
    /// The option's key in the operation, under the column's path.
    pub fn key(self) -> &'static [&'static str] {
        match self {
            ColumnFeature::Identity => &["identity"],
            ColumnFeature::VirtualComputed => &["computed", "stored"],
            ColumnFeature::ComputedNotNull => &["nullable"],
            ColumnFeature::ComputedCollation => &["collation"],
            ColumnFeature::AlterUsing => &["using"],
            ColumnFeature::AlterComputed => &["nullable"],
        }
    }

    /// What `dialect` lacks, said as an error message.
    pub fn refusal(self, dialect: &str) -> String {
        match self {
            ColumnFeature::Identity => format!("{dialect} has no `identity` column"),
            ColumnFeature::VirtualComputed => {
                format!("{dialect} has no virtual (`stored: false`) generated column")
            }
            ColumnFeature::ComputedNotNull => {
                format!("{dialect} cannot declare a generated column `NOT NULL`")
            }
            ColumnFeature::ComputedCollation => {
                format!("{dialect} cannot give a generated column a collation")
            }
            ColumnFeature::AlterUsing => {
                format!("{dialect} has no `USING` expression for a column's type change")
            }
            ColumnFeature::AlterComputed => {
                format!("{dialect} cannot alter a generated (computed) column")
            }
        }
    }

    /// What to write instead.
    pub fn help(self) -> &'static str {
        match self {
            ColumnFeature::Identity => {
                "use `autoincrement: true`, the portable shorthand, on an integer primary-key column"
            }
            ColumnFeature::VirtualComputed => {
                "use `stored: true` (PostgreSQL before 18 has only stored generated columns)"
            }
            ColumnFeature::ComputedNotNull => {
                "leave `nullable` out: MariaDB refuses NOT NULL on a generated column; the expression decides whether it is NULL"
            }
            ColumnFeature::ComputedCollation => {
                "remove `collation`, or collate inside the expression"
            }
            ColumnFeature::AlterUsing => {
                "remove `using` (the engine converts the values itself), or convert the values in an `execute`"
            }
            ColumnFeature::AlterComputed => {
                "drop the generated column and add it again with the definition you want"
            }
        }
    }
}

/// A sqlparser gap (SQL Server's): a computed column without a type,
/// `c AS (expr) [PERSISTED]`, is parsed as the generated column `c INT
/// GENERATED ALWAYS AS (expr)` (the expression is still parsed).
pub(super) fn untyped_computed(sql: &str) -> Option<String> {
    if !sql.starts_with("CREATE TABLE ") && !sql.starts_with("ALTER TABLE ") {
        return None;
    }
    let lines: Vec<String> = sql
        .split('\n')
        .map(|line| {
            // `<name> AS (` starting a column line, or after `ALTER TABLE t ADD `.
            let (lead, col) = match line.split_once(" ADD ") {
                Some((head, col)) if head.starts_with("ALTER TABLE ") => {
                    (format!("{head} ADD "), col)
                }
                _ => (
                    " ".repeat(line.len() - line.trim_start().len()),
                    line.trim_start(),
                ),
            };
            match col.split_once(" AS (") {
                Some((name, expr))
                    if !name.contains(' ') || name.starts_with('[') && name.ends_with(']') =>
                {
                    let expr = expr.replacen(") PERSISTED", ")", 1);
                    format!("{lead}{name} INT GENERATED ALWAYS AS ({expr}")
                }
                _ => line.to_owned(),
            }
        })
        .collect();
    let out = lines.join("\n");
    (out != sql).then_some(out)
}
