//! What differs between database engines, asked as questions.
//!
//! The [`Dialect`] trait answers what templates cannot: how to quote an
//! identifier (only when it needs it) and a literal, which native type a
//! portable type becomes, how long a name may be, whether DDL is
//! transactional, how enums are spelled, and which sqlparser dialect checks
//! the output. Code elsewhere asks capabilities (`dialect.named_enum_types()`),
//! never identities; syntax lives in `templates/<dialect>/`.

mod postgresql;

pub use postgresql::PostgreSql;

use crate::literal::Literal;
use crate::ops::ConstraintKind;
use crate::sqltype::SqlType;

/// How a portable `enum(...)` column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumStyle {
    /// A named type `<table>_<column>_enum`, created before the table.
    NamedType,
    /// An inline `ENUM(...)` column type.
    Inline,
    /// A `VARCHAR` sized to the longest value.
    Varchar,
}

/// An engine's answers.
pub trait Dialect: Send + Sync {
    /// The canonical name, also the templates folder: `postgresql`.
    fn name(&self) -> &'static str;
    /// Names a per-dialect map may use for this dialect, most specific first.
    fn map_keys(&self) -> &'static [&'static str];
    /// Does this identifier need quoting (reserved word, case, odd characters)?
    fn needs_quoting(&self, ident: &str) -> bool;
    /// Quotes an identifier in the dialect's style.
    fn quote(&self, ident: &str) -> String;
    /// The longest identifier allowed, in bytes.
    fn max_identifier_len(&self) -> usize;
    /// A literal, escaped; `Err` when the engine cannot store it.
    fn literal(&self, value: &Literal) -> Result<String, String>;
    /// The native spelling of a portable type (enums per [`Self::enum_style`]).
    fn type_sql(&self, ty: &SqlType) -> String;
    /// How enums are spelled.
    fn enum_style(&self) -> EnumStyle;
    /// Is DDL transactional (may the script wrap it in BEGIN/COMMIT)?
    fn transactional_ddl(&self) -> bool;
    /// Are comments separate statements (`COMMENT ON`) rather than inline?
    fn separate_comments(&self) -> bool;
    /// Can an index be built without locking writes (`CONCURRENTLY`)?
    fn concurrent_index(&self) -> bool;
    /// Must `DROP INDEX` name the table (indexes are per table)?
    fn drop_index_needs_table(&self) -> bool;
    /// Must a column's type change say how to convert the values
    /// (PostgreSQL: `USING <column>::<type>`)?
    fn alter_type_using_cast(&self) -> bool;
    /// The name the engine gives a constraint created without one, so the
    /// model can drop it and derived downgrades can name it. `columns`: the
    /// key columns (for a check, the columns its expression mentions);
    /// `taken` says whether a candidate name is already in use.
    fn implicit_constraint_name(
        &self,
        kind: ConstraintKind,
        table: &str,
        columns: &[&str],
        taken: &dyn Fn(&str) -> bool,
    ) -> String;
    /// Does `CREATE TABLE` silently drop a unique key that repeats the
    /// primary key or another key (PostgreSQL does)? Then such keys are
    /// added with `ALTER TABLE` after it.
    fn create_table_merges_duplicate_keys(&self) -> bool;
    /// The sqlparser dialect that must accept every rendered statement.
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect>;

    /// An identifier, quoted only if needed.
    fn ident(&self, ident: &str) -> String {
        if self.needs_quoting(ident) {
            self.quote(ident)
        } else {
            ident.to_owned()
        }
    }
}

/// Every dialect's canonical name, for `--dialect` and messages.
pub const DIALECT_NAMES: &[&str] = &["postgresql"];

/// The dialect for a name or alias (`postgres`, `pg`).
pub fn by_name(name: &str) -> Option<std::sync::Arc<dyn Dialect>> {
    match name.to_ascii_lowercase().as_str() {
        "postgresql" | "postgres" | "pg" => Some(std::sync::Arc::new(PostgreSql)),
        _ => None,
    }
}
