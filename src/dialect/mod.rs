//! What differs between database engines, asked as questions.
//!
//! The [`Dialect`] trait answers what templates cannot: how to quote an
//! identifier (only when it needs it) and a literal, which native type a
//! portable type becomes, how long a name may be, whether DDL is
//! transactional, how enums and comments are spelled, which names it reads
//! as one, what `ALTER TABLE` can do in place, and which sqlparser dialect
//! checks the output (and the forms that parser lacks). Code elsewhere
//! asks capabilities (`dialect.named_default_constraints()`), never
//! identities; syntax lives in `templates/<dialect>/`.
//!
//! A dialect is one file, `<name>.rs`, holding all of its answers: its
//! reserved words, type map, literals, naming (folding, namespaces,
//! implicit constraint names), capabilities and sqlparser gaps. The list of
//! dialects is [`REGISTRY`], here, once: `--dialect`'s values, the project
//! file's names, the JSON schema and `--dialect all` all come from it.

mod column_drop;
mod column_options;
mod column_type;
mod index_support;
mod mssql;
mod mysql;
mod mysql_words;
mod names;
mod naming;
mod postgresql;
mod sqlite;
mod timeouts;

pub use column_drop::{ColumnUse, OnColumnDrop, UsedBy};
pub use column_options::ColumnFeature;
pub use column_type::ColumnType;
pub use index_support::IndexSupport;
pub use mssql::MsSql;
pub use mysql::MySql;
pub use names::{Folding, NameKind, Namespace};
pub use postgresql::PostgreSql;
pub use sqlite::Sqlite;
pub use timeouts::{TimeoutKind, TimeoutUnit};

use crate::ops::ident::Ident;
use crate::ops::literal::Literal;
use crate::ops::sqltype::SqlType;
use crate::ops::ConstraintKind;
use std::sync::{Arc, LazyLock};

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

/// Where table and column comments go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStyle {
    /// Statements of their own after the table (`COMMENT ON`, extended properties).
    Separate,
    /// Inside the column / table definition (`COMMENT '...'`).
    Inline,
    /// The engine keeps no comments; they stay in the YAML (and the model).
    Unsupported,
}

/// A change `ALTER TABLE` may or may not make in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InPlace {
    /// `ADD COLUMN` of a column that is part of a primary key.
    AddPrimaryKeyColumn,
    /// `ADD COLUMN ... UNIQUE`.
    AddUniqueColumn,
    /// `ADD COLUMN ... NOT NULL` without a non-null literal default.
    AddNotNullWithoutDefault,
    /// `ADD COLUMN ... DEFAULT <expression>` (not a literal).
    AddExpressionDefault,
    /// `ADD COLUMN ... REFERENCES` with a non-null default.
    AddReferenceWithDefault,
    /// `DROP COLUMN` of a column that a UNIQUE (or other) constraint uses.
    DropUniqueColumn,
    /// Adding or dropping a constraint on an existing table.
    ChangeConstraint,
    /// Changing a column's type, nullability or default.
    AlterColumn,
    /// `ADD COLUMN` of a stored generated column.
    AddStoredComputedColumn,
}

impl InPlace {
    /// Every change (a new variant belongs here too: lowering asks whether
    /// a dialect may rebuild at all by going through them).
    pub const ALL: [InPlace; 9] = [
        InPlace::AddPrimaryKeyColumn,
        InPlace::AddUniqueColumn,
        InPlace::AddNotNullWithoutDefault,
        InPlace::AddExpressionDefault,
        InPlace::AddReferenceWithDefault,
        InPlace::DropUniqueColumn,
        InPlace::ChangeConstraint,
        InPlace::AlterColumn,
        InPlace::AddStoredComputedColumn,
    ];
}

/// Statements whose `IF [NOT] EXISTS` form a dialect may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    CreateTableIfNotExists,
    DropTableIfExists,
    CreateIndexIfNotExists,
    DropIndexIfExists,
}

/// An engine's answers. The capability questions have defaults (standard
/// SQL, transactional DDL, everything possible in place); each dialect
/// overrides only what differs, so its file says how it is special.
pub trait Dialect: Send + Sync {
    /// The canonical name, also the templates folder: `postgresql`.
    fn name(&self) -> &'static str;
    /// Other spellings `--dialect` and `gen.yaml` accept (`postgres`, `pg`),
    /// besides the name and the [`map keys`](Self::map_keys).
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }
    /// Names a per-dialect map may use for this dialect, most specific first.
    fn map_keys(&self) -> &'static [&'static str];
    /// The engine's reserved words (or every keyword, where its
    /// documentation advises quoting them all): lower case, sorted. A name
    /// among them is quoted.
    fn reserved_words(&self) -> &'static [&'static str];
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
    fn transactional_ddl(&self) -> bool {
        true
    }
    /// Where comments go.
    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Separate
    }
    /// Can an index be built without locking writes (`CONCURRENTLY`)?
    fn concurrent_index(&self) -> bool {
        false
    }
    /// Must `DROP INDEX` name the table (indexes are per table)?
    fn drop_index_needs_table(&self) -> bool {
        false
    }
    /// Partial indexes (`CREATE INDEX ... WHERE`)?
    fn partial_indexes(&self) -> bool {
        true
    }
    /// Indexes on expressions?
    fn expression_indexes(&self) -> bool {
        true
    }
    /// Index options beyond columns and `desc` (methods, `include`, ...).
    fn index_support(&self) -> IndexSupport {
        IndexSupport::PLAIN
    }
    /// Does the dialect have this `IF [NOT] EXISTS` form?
    fn has_guard(&self, _guard: Guard) -> bool {
        true
    }
    /// Can `ALTER TABLE` make this change in place (else: rebuild the table)?
    fn in_place(&self, _change: InPlace) -> bool {
        true
    }
    /// What `DROP COLUMN` does to an index or constraint that uses the
    /// column (PostgreSQL: drops it too).
    fn on_column_drop(&self, _user: ColumnUse) -> OnColumnDrop {
        OnColumnDrop::DroppedWith
    }
    /// An autoincrement primary key must be declared inline on its column
    /// (`INTEGER PRIMARY KEY AUTOINCREMENT`) rather than as a table constraint.
    fn autoincrement_inline_pk(&self) -> bool {
        false
    }
    /// Column defaults are named constraints (`CONSTRAINT df_... DEFAULT`),
    /// dropped by name before their column.
    fn named_default_constraints(&self) -> bool {
        false
    }
    /// A table rebuild needs foreign-key enforcement off around the
    /// transaction (`PRAGMA foreign_keys`).
    fn rebuild_needs_foreign_keys_off(&self) -> bool {
        false
    }
    /// Foreign keys get an explicit supporting index in the table definition
    /// (InnoDB otherwise creates a hidden one and later claims any user index
    /// that covers the columns, which then cannot be dropped), unless a key
    /// already starts with their columns; the model names it (`fk_index`).
    fn explicit_foreign_key_indexes(&self) -> bool {
        false
    }
    /// Are constraint names the engine picks unpredictable, so every
    /// constraint must be written with the name the model gave it?
    fn explicit_constraint_names(&self) -> bool {
        true
    }
    /// Must `alter_column` restate the whole column (`MODIFY COLUMN`) rather
    /// than change one attribute?
    fn alter_restates_column(&self) -> bool {
        false
    }
    /// Does the engine have this column option?
    fn column_feature(&self, _feature: ColumnFeature) -> bool {
        true
    }
    /// A collation's name (letters, digits, `_`, `-`, `.`) as a column
    /// definition writes it after `COLLATE`; `None` when the engine cannot
    /// name that collation.
    fn collation_name(&self, name: &str) -> Option<String> {
        Some(self.quote(name))
    }
    /// Can `alter_column` start or stop generating an existing column's
    /// values (identity, `AUTO_INCREMENT`) in place, or by a rebuild?
    fn alter_autoincrement(&self) -> bool {
        true
    }
    /// The session settings the script's prologue (`prologue.sql.j2`) sets
    /// because the script relies on them, each said in one line for the
    /// script's header: how its string literals are read, and that a value
    /// which does not fit is refused rather than cut. Empty when the
    /// script relies on no setting (its literals read the same under any).
    fn pinned_settings(&self) -> &'static [&'static str] {
        &[]
    }
    /// The unit the engine's session setting for `kind` takes (the
    /// `set_timeout` template spells it), or `None` where it has none: the
    /// script then says in a comment that the timeout is not applied.
    fn session_timeout(&self, _kind: TimeoutKind) -> Option<TimeoutUnit> {
        None
    }
    /// Text between batches (`GO`), if the dialect's tools use one.
    fn batch_separator(&self) -> Option<&'static str> {
        None
    }
    /// Is a foreign key's `RESTRICT` the same as `NO ACTION` (InnoDB
    /// checks both at once, and its dumps leave `RESTRICT` out)? Reading
    /// a dump, the two are then one.
    fn restrict_is_no_action(&self) -> bool {
        false
    }
    /// Can a foreign key or a check be added without checking the rows
    /// already there, and checked later without blocking writes
    /// (PostgreSQL `NOT VALID` / `VALIDATE CONSTRAINT`)? Where not,
    /// `not_valid` is ignored and `validate_constraint` writes nothing.
    fn defers_constraint_validation(&self) -> bool {
        false
    }
    /// Can a primary or unique key be `DEFERRABLE` (checked at commit
    /// with `INITIALLY DEFERRED` or `SET CONSTRAINTS`)? Where not,
    /// `deferrable: true` and `initially` on one are refused.
    fn deferrable_keys(&self) -> bool {
        false
    }
    /// What in `text` the dialect's command-line client would act on
    /// before the server reads it, even inside a literal or a quoted name
    /// (sqlcmd: `$(var)`, a `GO` line, a `:command` line), said for a
    /// message; `None` when the client reads it as the server does. Asked
    /// of SQL fragments, which are written as the user gave them.
    fn client_hazard(&self, _text: &str) -> Option<&'static str> {
        None
    }
    /// The words the dialect's command-line client runs as its own
    /// command when one begins a statement (lower case; the mariadb
    /// client's `system`, `source`, `delimiter`, ...). Asked of `execute`
    /// SQL that sqlparser did not parse: none may begin a statement.
    fn client_commands(&self) -> &'static [&'static str] {
        &[]
    }
    /// What in a name the dialect's command-line client would misread
    /// even inside the name's quotes (or a literal naming it), said for a
    /// message; `None` when the name can be written safely. Asked of every
    /// name a statement writes.
    fn name_hazard(&self, _name: &str) -> Option<&'static str> {
        None
    }
    /// Must changing a column from `from` to `to` say how to convert the
    /// values (PostgreSQL: `USING <column>::<type>`, an explicit cast)?
    /// Only where the engine has no cast of its own for the change: an
    /// explicit cast cuts what an assignment cast refuses (a text too long
    /// for `varchar(50)`).
    fn alter_type_using_cast(&self, _from: &ColumnType, _to: &ColumnType) -> bool {
        false
    }
    /// Does the engine hold a column to its declared type: lengths,
    /// integer ranges, numeric precision (SQLite does not: a column keeps
    /// any value, whatever its declared type)?
    fn enforces_declared_types(&self) -> bool {
        true
    }
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
    ) -> String {
        naming::conventional_constraint_name(kind, table, columns, taken)
    }
    /// The named type of an enum column, where enums are named types
    /// ([`EnumStyle::NamedType`]); see `naming.rs`.
    fn enum_type_name(&self, table: &Ident, column: &Ident) -> Option<Ident> {
        naming::enum_type_name(table, column)
    }
    /// The name of a column's default constraint, where defaults are named
    /// constraints ([`Self::named_default_constraints`]); see `naming.rs`.
    fn default_constraint_name(&self, table: &Ident, column: &Ident) -> Option<Ident> {
        naming::default_constraint_name(table, column)
    }
    /// The `n`th choice (from 1) of name for the index a foreign key on
    /// `columns` gets, where the dialect makes one
    /// ([`Self::explicit_foreign_key_indexes`]); see `naming.rs`.
    fn foreign_key_index_name(&self, table: &Ident, columns: &[Ident], n: usize) -> Option<Ident> {
        naming::foreign_key_index_name(self.max_identifier_len(), table, columns, n)
    }
    /// Does `CREATE TABLE` silently drop a unique key that repeats the
    /// primary key or another key (PostgreSQL does)? Then such keys are
    /// added with `ALTER TABLE` after it.
    fn create_table_merges_duplicate_keys(&self) -> bool {
        false
    }
    /// The schema an unqualified name lives in, which dumps write out
    /// (`public.users`): reading a schema file, it is the same as none.
    fn default_schema(&self) -> Option<&'static str> {
        None
    }
    /// Are names compared by case (PostgreSQL: a quoted name exactly, an
    /// unquoted one folded to lower case)? Elsewhere a name written in an
    /// expression means a column whatever its case.
    fn case_sensitive_names(&self) -> bool {
        false
    }
    /// How the engine compares the names of its objects, as gen writes
    /// them (PostgreSQL: exactly, a name with capitals being quoted).
    fn name_folding(&self) -> Folding {
        Folding::Exact
    }
    /// The namespaces an object of `kind` takes its name in: where no
    /// other name may be the same to the engine (see [`Namespace`]).
    fn namespaces(&self, kind: NameKind) -> &'static [Namespace] {
        names::standard_namespaces(kind)
    }
    /// Does a `timestamptz` column take a literal with a zone offset
    /// (`2024-01-02 10:00:00+02:00`)? MySQL's `DATETIME` refuses one.
    fn zoned_timestamp_literals(&self) -> bool {
        true
    }
    /// How many fractional-second digits a `time` or `timestamp` column
    /// keeps; the engine drops (or rounds away) the rest without a word.
    fn fractional_second_digits(&self) -> u32 {
        6
    }
    /// The sqlparser dialect that must accept every rendered statement.
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect>;
    /// The valid forms [`Self::parser`] does not parse, each with the narrow
    /// rewrite that is parsed instead (see `crate::emit::validate`).
    fn known_gaps(&self) -> &'static [Gap] {
        &[]
    }
    /// What may follow a type-map entry that [`Self::parser`] does not read
    /// as part of the type although the engine does (checked by
    /// `model::fragment`); `None`: nothing may.
    fn type_tail(&self) -> Option<&'static TypeTail> {
        None
    }
    /// Can values be appended to a named enum type in place, without
    /// touching the tables that use it (PostgreSQL's `ALTER TYPE ... ADD
    /// VALUE`)? Otherwise a changed enum is swapped through `text`.
    fn enum_add_value(&self) -> bool {
        false
    }
    /// Does the engine have sequences (`CREATE SEQUENCE`, MariaDB 10.3+)?
    fn sequences(&self) -> bool {
        true
    }
    /// Can a sequence belong to a column (`OWNED BY`), so that the engine
    /// drops it with its column or table? Only PostgreSQL's can.
    fn sequence_owned_by(&self) -> bool {
        false
    }

    /// An identifier, quoted only if needed.
    fn ident(&self, ident: &str) -> String {
        if self.needs_quoting(ident) {
            self.quote(ident)
        } else {
            ident.to_owned()
        }
    }
}

/// Every dialect, in the order `--dialect all` runs them and messages list
/// them. Adding a dialect is its file and one line here.
pub const REGISTRY: &[fn() -> Arc<dyn Dialect>] = &[
    make::<PostgreSql>,
    make::<MySql>,
    make::<Sqlite>,
    make::<MsSql>,
];

fn make<D: Dialect + Default + 'static>() -> Arc<dyn Dialect> {
    Arc::new(D::default())
}

/// A data type's tail that sqlparser cannot read but the engine accepts:
/// the narrow allowance a dialect gives a type-map entry.
pub struct TypeTail {
    /// What the engine accepts there, for the docs.
    pub why: &'static str,
    /// Whether `rest` (the tokens after the type sqlparser read, blank
    /// space left out) is such a tail.
    pub accepts: fn(rest: &[&sqlparser::tokenizer::Token]) -> bool,
}

/// Every dialect's canonical name, for `--dialect` and messages.
pub static DIALECT_NAMES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| all().iter().map(|d| d.name()).collect());

/// The engines a dialect serves besides its own (`mariadb`): the map keys
/// that are not a dialect's name, listed with the names in `--help`.
pub static OTHER_ENGINES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    all()
        .iter()
        .flat_map(|d| d.map_keys().iter().copied().filter(|k| *k != d.name()))
        .collect()
});

/// The dialect for a name, map key or alias (`postgres`, `mariadb`,
/// `sqlserver`), in any case.
pub fn by_name(name: &str) -> Option<Arc<dyn Dialect>> {
    let name = name.to_ascii_lowercase();
    let is = |n: &&str| **n == name;
    all()
        .into_iter()
        .find(|d| d.name() == name || d.map_keys().iter().any(is) || d.aliases().iter().any(is))
}

/// Every dialect, in [`REGISTRY`] order.
pub fn all() -> Vec<Arc<dyn Dialect>> {
    REGISTRY.iter().map(|make| make()).collect()
}

/// A form valid on an engine that its sqlparser dialect does not parse,
/// and the narrow rewrite parsed instead (the script keeps the original).
pub struct Gap {
    /// What sqlparser lacks.
    pub why: &'static str,
    /// The text to parse instead, when the statement has this form.
    pub rewrite: fn(&str) -> Option<String>,
}

/// `ALTER SEQUENCE s [INCREMENT BY n] [RESTART WITH n] [OWNED BY ...]`,
/// which sqlparser 0.63 does not parse, is parsed as the `CREATE SEQUENCE`
/// with the same options (`RESTART WITH` read as `START WITH`): the name,
/// the numbers and the owner are still checked. A gap of every dialect
/// with sequences.
pub(crate) fn alter_sequence_as_create(sql: &str) -> Option<String> {
    let rest = sql.strip_prefix("ALTER SEQUENCE ")?;
    Some(format!(
        "CREATE SEQUENCE {}",
        rest.replacen(" RESTART WITH ", " START WITH ", 1)
    ))
}

/// Is `ident` (compared lower-case) among `words` (sorted, lower case)?
pub(crate) fn reserved(words: &[&str], ident: &str) -> bool {
    words
        .binary_search(&ident.to_ascii_lowercase().as_str())
        .is_ok()
}

/// `'...'` with quotes doubled: the SQL standard's string literal.
pub(crate) fn standard_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Lower-case letters, digits and `_`, not starting with a digit.
pub(crate) fn plain_lower(ident: &str) -> bool {
    ident
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && ident
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Letters, digits and `_`, not starting with a digit (case-insensitive engines).
pub(crate) fn plain_any_case(ident: &str) -> bool {
    ident
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The longest enum value, in characters (at least 1), for VARCHAR enums.
pub(crate) fn enum_width(values: &[String]) -> usize {
    values
        .iter()
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_words_are_sorted_and_lower_case() {
        for d in all() {
            let list = d.reserved_words();
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list, "{}", d.name());
            assert!(list.iter().all(|w| *w == w.to_ascii_lowercase()));
            assert!(d.needs_quoting(list[0]), "{}", d.name());
        }
    }

    /// Every name `by_name` takes leads to one dialect, in any case.
    #[test]
    fn names_are_unique_and_found() {
        let mut seen = std::collections::BTreeMap::new();
        for d in all() {
            let names = [d.name()].into_iter();
            for n in names
                .chain(d.map_keys().iter().copied())
                .chain(d.aliases().iter().copied())
            {
                assert_eq!(n, n.to_ascii_lowercase());
                if let Some(other) = seen.insert(n, d.name()) {
                    assert_eq!(other, d.name(), "`{n}` names two dialects");
                }
                let upper = n.to_ascii_uppercase();
                assert_eq!(by_name(&upper).map(|f| f.name()), Some(d.name()));
            }
        }
        assert!(by_name("oracle").is_none());
        assert_eq!(*DIALECT_NAMES, ["postgresql", "mysql", "sqlite", "mssql"]);
        assert_eq!(*OTHER_ENGINES, ["mariadb"]);
    }

    /// The type-map keys `ops` accepts (it sits below the dialects, so it
    /// keeps its own list) are every dialect's map keys, then `default`.
    #[test]
    fn type_map_keys_are_the_dialects_map_keys() {
        let mut keys: Vec<&str> = all().iter().flat_map(|d| d.map_keys().to_vec()).collect();
        keys.push("default");
        assert_eq!(keys, crate::ops::sqltype::TYPE_MAP_KEYS);
    }

    /// `InPlace::ALL` lists each change once. The match has no wildcard:
    /// a new variant stops this from compiling until it is listed here, and
    /// the length check until it is in `ALL`.
    #[test]
    fn in_place_all_lists_every_change() {
        let index = |c: InPlace| match c {
            InPlace::AddPrimaryKeyColumn => 0,
            InPlace::AddUniqueColumn => 1,
            InPlace::AddNotNullWithoutDefault => 2,
            InPlace::AddExpressionDefault => 3,
            InPlace::AddReferenceWithDefault => 4,
            InPlace::DropUniqueColumn => 5,
            InPlace::ChangeConstraint => 6,
            InPlace::AlterColumn => 7,
            InPlace::AddStoredComputedColumn => 8,
        };
        let mut seen = [false; InPlace::ALL.len()];
        for c in InPlace::ALL {
            seen[index(c)] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }
}
