//! Words a revision file or `gen.yaml` may write whose meaning a later
//! stage owns: the lint rule ids an `allow:` list may name
//! ([`LINT_RULE_IDS`], whose rules live in `lint`'s registry) and the
//! dialects' canonical names ([`DIALECT_NAMES`], whose dialects live in
//! `dialect`). They are listed here, as text, so that the loader and the
//! JSON Schema (in `source`, before those stages) can check and offer them
//! without importing what comes after; a test below checks each list
//! against its owner's registry, in the same order, so forgetting one is a
//! failing test rather than a silently refused word.

/// Every lint rule's id, in the order of `lint::RULES`.
pub const LINT_RULE_IDS: &[&str] = &[
    "data-loss",
    "dropped-with-column",
    "not-null-without-default",
    "index-not-concurrent",
    "volatile-default",
    "missing-lock-timeout",
    "identifier-at-limit",
    "execute-opaque",
    "fk-not-valid",
    "check-not-valid",
    "type-change-rewrites",
    "set-not-null-scan",
    "rename-breaks-code",
    "partial-index-unsupported",
    "concurrent-index-unsupported",
    "table-rebuild",
    "concurrently-in-transaction",
    "irreversible",
];

/// Every dialect's canonical name, in the order of `dialect::DIALECT_NAMES`.
pub const DIALECT_NAMES: &[&str] = &["postgresql", "mysql", "sqlite", "mssql"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lint_rule_ids_are_the_registry_s() {
        let registry: Vec<&str> = crate::lint::RULES.iter().map(|r| r.id).collect();
        assert_eq!(LINT_RULE_IDS, registry);
    }

    #[test]
    fn dialect_names_are_the_dialects() {
        assert_eq!(DIALECT_NAMES, crate::dialect::DIALECT_NAMES);
    }
}
