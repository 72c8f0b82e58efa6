//! The names a dialect derives for objects the user did not name: the
//! named type of a PostgreSQL enum column (`<table>_<column>_enum`), the
//! default constraint of a SQL Server column (`df_<table>_<column>`), the
//! index MySQL keeps under a foreign key (`ix_fk_<table>_<columns>`, cut to
//! fit with a hash), and the conventional name of an unnamed constraint
//! (`<table>_<columns>_<pkey|key|fkey|check>`). These are the defaults of
//! the `Dialect` naming questions; a dialect with its own convention
//! overrides the question in its file. Lowering, the schema model and the
//! derived downgrades all ask the dialect, so they agree.

use crate::ops::ident::Ident;
use crate::ops::ConstraintKind;
use sha2::{Digest, Sha256};

/// `<table>_<column>_enum`; `None` when that is no valid name.
pub(super) fn enum_type_name(table: &Ident, column: &Ident) -> Option<Ident> {
    Ident::new(&format!("{table}_{column}_enum")).ok()
}

/// `df_<table>_<column>`; `None` when that is no valid name.
pub(super) fn default_constraint_name(table: &Ident, column: &Ident) -> Option<Ident> {
    Ident::new(&format!("df_{table}_{column}")).ok()
}

/// `ix_fk_<table>_<columns>`, cut to the dialect's limit (`max` bytes) with a short hash
/// of the whole name appended when it is longer, so that two long names
/// still differ.
/// The `n`th choice (from 1) has `_<n>` after the columns from the second
/// on, for a table that has an index of the first name already.
pub(super) fn foreign_key_index_name(
    max: usize,
    table: &Ident,
    columns: &[Ident],
    n: usize,
) -> Option<Ident> {
    let cols: Vec<&str> = columns.iter().map(Ident::as_str).collect();
    let mut full = format!("ix_fk_{table}_{}", cols.join("_"));
    if n > 1 {
        full.push_str(&format!("_{n}"));
    }
    if full.len() <= max {
        return Ident::new(&full).ok();
    }
    let digest = Sha256::digest(full.as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let mut end = max.saturating_sub(hash.len() + 1);
    while !full.is_char_boundary(end) {
        end -= 1;
    }
    Ident::new(&format!("{}_{hash}", full[..end].trim_end_matches('_'))).ok()
}

/// The conventional name of an unnamed constraint on engines whose own
/// choice cannot be predicted: `<table>_<columns>_<pkey|key|fkey|check>`,
/// numbered while taken (the shape PostgreSQL uses, so models read alike).
pub(super) fn conventional_constraint_name(
    kind: ConstraintKind,
    table: &str,
    columns: &[&str],
    taken: &dyn Fn(&str) -> bool,
) -> String {
    let label = match kind {
        ConstraintKind::PrimaryKey => "pkey",
        ConstraintKind::Unique => "key",
        ConstraintKind::ForeignKey => "fkey",
        ConstraintKind::Check => "check",
    };
    let stem = match (kind, columns) {
        (ConstraintKind::PrimaryKey, _) | (ConstraintKind::Check, []) => table.to_owned(),
        _ => format!("{table}_{}", columns.join("_")),
    };
    let mut pass = 0;
    loop {
        let name = if pass == 0 {
            format!("{stem}_{label}")
        } else {
            format!("{stem}_{label}{pass}")
        };
        if !taken(&name) {
            return name;
        }
        pass += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{Dialect, MySql, PostgreSql};

    fn id(s: &str) -> Ident {
        Ident::new(s).unwrap()
    }

    #[test]
    fn derived_names_fit_the_dialect_and_stay_apart() {
        let d = MySql;
        let short = d
            .foreign_key_index_name(&id("posts"), &[id("user_id")], 1)
            .unwrap();
        assert_eq!(short.as_str(), "ix_fk_posts_user_id");
        let table = id("tournament_participant_score_adjustments");
        let a = d
            .foreign_key_index_name(&table, &[id("tournament_id"), id("participant_id")], 1)
            .unwrap();
        let b = d
            .foreign_key_index_name(&table, &[id("tournament_id"), id("participant_key")], 1)
            .unwrap();
        assert_eq!(a.as_str().len(), 64, "{a}");
        assert!(
            a.as_str()
                .starts_with("ix_fk_tournament_participant_score_adjustments_t"),
            "{a}"
        );
        assert_ne!(a, b);
        // The same inputs give the same name, run after run.
        assert_eq!(
            a,
            d.foreign_key_index_name(&table, &[id("tournament_id"), id("participant_id")], 1)
                .unwrap()
        );
        assert_eq!(
            a.as_str(),
            "ix_fk_tournament_participant_score_adjustments_tourname_023ecb9b"
        );
        // PostgreSQL's limit is 63.
        let p = PostgreSql
            .foreign_key_index_name(&table, &[id("tournament_id"), id("participant_id")], 1)
            .unwrap();
        assert!(p.as_str().len() <= 63);
        // Later choices differ, and a long one keeps to the limit.
        let second =
            d.foreign_key_index_name(&table, &[id("tournament_id"), id("participant_id")], 2);
        assert_ne!(
            second,
            d.foreign_key_index_name(&table, &[id("tournament_id"), id("participant_id")], 1)
        );
        assert!(second.is_some_and(|n| n.as_str().len() <= 64));
        assert_eq!(
            d.foreign_key_index_name(&id("posts"), &[id("user_id")], 2)
                .unwrap()
                .as_str(),
            "ix_fk_posts_user_id_2"
        );
    }
}
