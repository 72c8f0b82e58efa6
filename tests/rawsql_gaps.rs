//! Keeps the dialects' `known_gaps` honest with the sqlparser in use, and
//! records which of the raw SQL forms real histories use it reads.
//!
//! Each gap has an example here: the example must still fail to parse
//! as written (a gap sqlparser closed is removed from the dialect) and
//! parse once the gap's rewrite is applied. A gap without an example fails
//! the test, so a new one comes with its proof.

use gen::dialect::{by_name, Dialect};
use sqlparser::parser::Parser;

/// One example statement per gap, by the gap's `why`.
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "postgresql",
        "DROP INDEX CONCURRENTLY",
        "DROP INDEX CONCURRENTLY ix_a",
    ),
    (
        "postgresql",
        "ALTER COLUMN ... DROP IDENTITY",
        "ALTER TABLE t ALTER COLUMN id DROP IDENTITY",
    ),
    (
        "postgresql",
        "E'...' label in CREATE TYPE",
        "CREATE TYPE e AS ENUM ('a', E'b\\\\c')",
    ),
    (
        "mssql",
        "ALTER COLUMN <type> [NOT] NULL",
        "ALTER TABLE t ALTER COLUMN c NVARCHAR(300) NOT NULL",
    ),
    (
        "mssql",
        "ADD CONSTRAINT ... DEFAULT ... FOR",
        "ALTER TABLE t ADD CONSTRAINT df_t_c DEFAULT N'x' FOR c",
    ),
    (
        "mysql",
        "ALTER TABLE ... COMMENT =",
        "ALTER TABLE t COMMENT = 'x'",
    ),
    (
        "postgresql",
        "E'...' label in ALTER TYPE",
        "ALTER TYPE mood ADD VALUE E'b\\\\c'",
    ),
    (
        "postgresql",
        "ALTER SEQUENCE",
        "ALTER SEQUENCE s INCREMENT BY 5 RESTART WITH 100 OWNED BY t.id",
    ),
    (
        "mysql",
        "ALTER SEQUENCE",
        "ALTER SEQUENCE s INCREMENT BY 5 RESTART WITH 100",
    ),
    (
        "mssql",
        "ALTER SEQUENCE",
        "ALTER SEQUENCE s INCREMENT BY 5 RESTART WITH 100",
    ),
    (
        "mysql",
        "FULLTEXT INDEX",
        "CREATE FULLTEXT INDEX ix_docs_body ON docs (body)",
    ),
    (
        "mssql",
        "computed column",
        "CREATE TABLE t (\n    a INT NOT NULL,\n    b AS (a + 1) PERSISTED\n)",
    ),
];

fn parses(d: &dyn Dialect, sql: &str) -> Result<(), String> {
    Parser::parse_sql(&*d.parser(), sql)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn every_known_gap_is_still_a_gap() {
    let mut seen = 0;
    for d in gen::dialect::all() {
        for gap in d.known_gaps() {
            let example = EXAMPLES
                .iter()
                .find(|(name, key, _)| *name == d.name() && gap.why.contains(key))
                .map(|e| e.2)
                .unwrap_or_else(|| {
                    panic!(
                        "{}: gap `{}` has no example in tests/rawsql_gaps.rs",
                        d.name(),
                        gap.why
                    )
                });
            assert!(
                parses(&*d, example).is_err(),
                "{}: sqlparser now parses `{example}`: remove the gap `{}`",
                d.name(),
                gap.why
            );
            let rewritten = (gap.rewrite)(example).unwrap_or_else(|| {
                panic!(
                    "{}: the gap `{}` does not rewrite `{example}`",
                    d.name(),
                    gap.why
                )
            });
            parses(&*d, &rewritten).unwrap_or_else(|e| {
                panic!(
                    "{}: the rewrite of `{example}` does not parse: {e}",
                    d.name()
                )
            });
            seen += 1;
        }
    }
    assert_eq!(seen, EXAMPLES.len(), "an example names no gap any more");
}

/// The raw SQL forms issue 22 found in real histories that sqlparser
/// refused, and what the sqlparser in use makes of each, per dialect:
/// `true` parses, `false` does not (an `execute` holding it warns with
/// `unparsed-sql`, and is written as is).
const FORMS: &[(&str, &str, bool)] = &[
    (
        "postgresql",
        "DO $$ BEGIN RAISE NOTICE 'x'; END $$",
        false,
    ),
    (
        "postgresql",
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN CREATE TYPE mood AS ENUM ('a'); END IF; END $$",
        false,
    ),
    (
        "postgresql",
        "ALTER SEQUENCE users_id_seq OWNED BY users.id",
        false,
    ),
    ("postgresql", "SELECT * FROM t WHERE x ISNULL", false),
    ("postgresql", "DELETE FROM t WHERE x ISNULL", false),
    (
        "mysql",
        "SELECT CAST(x AS CHAR CHARACTER SET utf8mb4) FROM t",
        false,
    ),
    (
        "mysql",
        "CREATE FULLTEXT INDEX ix_t_body ON t (body)",
        false,
    ),
    (
        "postgresql",
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$",
        true,
    ),
    (
        "postgresql",
        "CREATE TRIGGER trg_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()",
        true,
    ),
    (
        "sqlite",
        "CREATE TRIGGER trg_touch AFTER UPDATE ON t BEGIN UPDATE t SET n = n + 1 WHERE id = NEW.id; END",
        true,
    ),
    (
        "mysql",
        "CREATE TRIGGER trg_touch BEFORE UPDATE ON t FOR EACH ROW SET NEW.n = NEW.n + 1",
        false,
    ),
];

#[test]
fn the_real_history_forms_parse_or_warn_as_recorded() {
    let mut wrong = Vec::new();
    for (dialect, sql, want) in FORMS {
        let d = by_name(dialect).unwrap_or_else(|| panic!("no dialect {dialect}"));
        let got = parses(&*d, sql);
        if got.is_ok() != *want {
            wrong.push(format!(
                "{dialect}: {sql}: expected parses={want}, got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
