//! `concurrently-in-transaction`: PostgreSQL refuses `CREATE INDEX
//! CONCURRENTLY` and `DROP INDEX CONCURRENTLY` inside a transaction block.
//! Lowering refuses such an operation with this code in brackets
//! (`lower::facts::CONCURRENTLY_IN_TRANSACTION`); it is listed here so that
//! every code a user may meet is documented in one place.

use crate::lint::{Level, Rule};
use crate::lower::facts::CONCURRENTLY_IN_TRANSACTION;

pub const RULE: Rule = Rule {
    id: CONCURRENTLY_IN_TRANSACTION,
    level: Level::Error,
    why: "PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY inside a transaction block",
    // Lowering refuses the operation; there is no finding to make.
    check: None,
};

#[cfg(test)]
mod tests {
    use crate::lint::testing::Case;

    #[test]
    fn lowering_refuses_concurrently_in_a_transaction_with_this_code() {
        let setup = "- create_table: {name: items, columns: [{name: id, type: integer}]}";
        let op = "- create_index: {name: ix, table: items, columns: [id], concurrently: true}";
        let refusal = Case::new("postgresql", setup, op).refusal();
        assert!(
            refusal.is_some_and(|m| m.ends_with(&format!("[{}]", super::RULE.id))),
            "{op}"
        );
        let outside = Case::new("postgresql", setup, op).outside_transaction();
        assert_eq!(outside.refusal(), None);
        // MySQL builds it the ordinary way instead.
        assert_eq!(Case::new("mysql", setup, op).refusal(), None);
    }
}
