//! Lowered statements: one value per SQL statement, ready for a template.
//!
//! `lower` produces these from operations; `render` feeds each to the
//! template named by its kind (`templates/<dialect>/<kind>.sql.j2`). They
//! hold names and values, never SQL text built from user input (except
//! `raw`, which is the user's own `execute` SQL).

use crate::dialect::ColumnType;
use crate::ops::ident::{Ident, QualName};
use crate::ops::literal::{DefaultValue, Literal};

use crate::ops::{FkAction, IndexColumn};
use serde::Serialize;

/// Where `execute`'s SQL was parsed with sqlparser, if it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawParse {
    /// Parsed while lowering.
    Parsed,
    /// Parsed when rendered, and an error if it does not (`validate:
    /// strict`).
    Strict,
    /// Not parsed: sqlparser could not (a warning says so), or was not
    /// asked (`validate: false`).
    Unparsed,
}

/// A foreign key, inline or table-level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForeignKeySql {
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub ref_table: QualName,
    pub ref_columns: Vec<Ident>,
    pub on_delete: Option<&'static str>,
    pub on_update: Option<&'static str>,
    /// `Some(false)` = `NOT DEFERRABLE` spelled out; `None` = not said.
    pub deferrable: Option<bool>,
    pub initially: Option<&'static str>,
}

/// A column definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnSql {
    pub name: Ident,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    pub nullable: bool,
    pub default: Option<DefaultValue>,
    pub autoincrement: bool,
    pub unique: bool,
    pub references: Option<ForeignKeySql>,
    /// Inline comment (dialects that keep comments in the definition).
    pub comment: Option<String>,
    /// Name of the default constraint (dialects that name defaults).
    pub default_name: Option<Ident>,
    /// Declared `PRIMARY KEY` on the column itself (SQLite autoincrement).
    pub inline_primary_key: bool,
    /// `add_column` of a primary-key column: the key comes with it, named
    /// `primary_key_name` where the dialect writes every name.
    pub primary_key: bool,
    pub primary_key_name: Option<Ident>,
    /// The name of the `unique` key, where the dialect writes every name.
    pub unique_name: Option<Ident>,
    /// Name of an explicit index supporting `references` (see
    /// `Dialect::explicit_foreign_key_indexes`).
    pub references_index: Option<Ident>,
    /// `identity: {...}` (boxed: rare).
    pub identity: Option<Box<IdentitySql>>,
    /// A generated column's expression (boxed: rare).
    pub computed: Option<Box<ComputedSql>>,
    /// The collation's name as the dialect writes it after `COLLATE`.
    pub collation: Option<String>,
}

/// An identity column's options; `None` leaves the engine's (1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentitySql {
    pub always: bool,
    pub start: Option<i64>,
    pub increment: Option<i64>,
}

/// A generated column: its expression, checked as one expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComputedSql {
    pub sql: String,
    pub stored: bool,
}

/// A named-or-not constraint over columns (primary key, unique).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeySql {
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    /// `Some(false)` = `NOT DEFERRABLE` spelled out; `None` = not said
    /// (only where the dialect has deferrable keys).
    pub deferrable: Option<bool>,
    pub initially: Option<&'static str>,
}

/// The column a sequence belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerSql {
    pub table: QualName,
    pub column: Ident,
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckSql {
    pub name: Option<Ident>,
    pub expr: String,
}

/// One SQL statement; the kind names its template.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Statement {
    CreateTable {
        table: QualName,
        columns: Vec<ColumnSql>,
        primary_key: Option<KeySql>,
        uniques: Vec<KeySql>,
        foreign_keys: Vec<ForeignKeySql>,
        checks: Vec<CheckSql>,
        /// Plain indexes declared in the definition (foreign-key support).
        indexes: Vec<KeySql>,
        /// Inline table comment (dialects that keep comments in the definition).
        comment: Option<String>,
        if_not_exists: bool,
    },
    DropTable {
        table: QualName,
        if_exists: bool,
    },
    AddColumn {
        table: QualName,
        column: ColumnSql,
    },
    DropColumn {
        table: QualName,
        column: Ident,
    },
    CreateIndex {
        name: Ident,
        table: QualName,
        columns: Vec<IndexColumn>,
        unique: bool,
        #[serde(rename = "where")]
        where_clause: Option<String>,
        concurrently: bool,
        if_not_exists: bool,
        /// `using:` (the method's name, lower case).
        using: Option<&'static str>,
        /// `include:` columns (empty when none).
        include: Vec<Ident>,
        /// `kind:` (`fulltext`, `spatial`).
        index_kind: Option<&'static str>,
    },
    DropIndex {
        name: Ident,
        schema: Option<Ident>,
        /// The table, when known (some dialects need it).
        table: Option<QualName>,
        concurrently: bool,
        if_exists: bool,
    },
    /// `ALTER TABLE t RENAME TO u` (table rebuilds).
    RenameTable {
        table: QualName,
        new_name: Ident,
    },
    /// Copy rows between two tables with the same columns (table rebuilds).
    CopyRows {
        from: QualName,
        to: QualName,
        columns: Vec<Ident>,
    },
    /// Report rows that violate foreign keys (SQLite, after a rebuild).
    ForeignKeyCheck {
        table: QualName,
    },
    /// Drop a named default constraint before its column (SQL Server).
    DropDefaultConstraint {
        table: QualName,
        name: Ident,
    },
    RenameColumn {
        table: QualName,
        column: Ident,
        new_name: Ident,
    },
    /// A column's new type; `using`: convert with `USING <column>::<type>`
    /// (only where the engine has no assignment cast of its own, see
    /// `Dialect::alter_type_using_cast`).
    AlterColumnType {
        table: QualName,
        column: Ident,
        #[serde(rename = "type")]
        ty: ColumnType,
        using: bool,
        /// The user's `using` expression (checked as one expression).
        using_expr: Option<String>,
    },
    AlterColumnNullable {
        table: QualName,
        column: Ident,
        nullable: bool,
    },
    /// `default: None` drops the default.
    AlterColumnDefault {
        table: QualName,
        column: Ident,
        default: Option<DefaultValue>,
    },
    /// Starts (`generated`) or stops generating a column's values
    /// (PostgreSQL: `ADD GENERATED BY DEFAULT AS IDENTITY` / `DROP IDENTITY`).
    AlterColumnIdentity {
        table: QualName,
        column: Ident,
        generated: bool,
        /// The options of an `identity: {...}` it adds (`None`: an
        /// `autoincrement: true`, by default, from 1).
        identity: Option<Box<IdentitySql>>,
    },
    /// Moves a column's identity past the values it holds, so that the next
    /// one generated is new (PostgreSQL: `setval` to `max + 1`).
    RestartIdentity {
        table: QualName,
        column: Ident,
    },
    AddPrimaryKey {
        table: QualName,
        key: KeySql,
    },
    AddUniqueConstraint {
        table: QualName,
        key: KeySql,
    },
    AddForeignKey {
        table: QualName,
        fk: ForeignKeySql,
        /// `NOT VALID`: the rows already there are checked later.
        not_valid: bool,
    },
    AddCheckConstraint {
        table: QualName,
        check: CheckSql,
        not_valid: bool,
    },
    /// Check the rows a `NOT VALID` constraint let through.
    ValidateConstraint {
        table: QualName,
        name: Ident,
    },
    DropConstraint {
        table: QualName,
        name: Ident,
        /// `primary_key`, `unique`, `foreign_key` or `check`, from the model
        /// (MySQL spells each drop differently).
        constraint: Option<&'static str>,
    },
    /// A named default constraint on an existing column (SQL Server).
    AddDefaultConstraint {
        table: QualName,
        name: Ident,
        column: Ident,
        default: DefaultValue,
    },
    /// `ALTER TABLE t MODIFY COLUMN ...`: the whole column restated
    /// (dialects that cannot change one attribute alone).
    ModifyColumn {
        table: QualName,
        column: ColumnSql,
    },
    /// Rows of literals, every row with the same columns.
    Insert {
        table: QualName,
        columns: Vec<Ident>,
        rows: Vec<Vec<Literal>>,
    },
    CreateEnumType {
        name: QualName,
        values: Vec<String>,
    },
    RenameEnumType {
        name: QualName,
        new_name: Ident,
    },
    DropEnumType {
        name: QualName,
    },
    /// Appends one value to a named enum type (`ALTER TYPE ... ADD VALUE`).
    AddEnumValue {
        name: QualName,
        value: String,
    },
    CommentOnTable {
        table: QualName,
        comment: Option<String>,
    },
    /// `start` is always written (SQL Server would start at the lowest
    /// value of the type); the rest only when given.
    CreateSequence {
        name: QualName,
        start: i64,
        increment: Option<i64>,
        min_value: Option<i64>,
        max_value: Option<i64>,
        cycle: bool,
        owned_by: Option<OwnerSql>,
    },
    DropSequence {
        name: QualName,
    },
    /// `disown`: `OWNED BY NONE`.
    AlterSequence {
        name: QualName,
        restart: Option<i64>,
        increment: Option<i64>,
        owned_by: Option<OwnerSql>,
        disown: bool,
    },
    CommentOnColumn {
        table: QualName,
        column: Ident,
        comment: Option<String>,
    },
    /// The user's own SQL (`execute`), without its final `;`.
    Raw {
        sql: String,
        /// Whether it was parsed, or is to be when rendered.
        parse: RawParse,
    },
    /// Creates the version table when it is missing (a downgrade to base
    /// keeps it): `if_not_exists` is whether the dialect's `CREATE TABLE`
    /// has that guard; a dialect without it guards in its own template.
    VersionTableCreate {
        table: QualName,
        if_not_exists: bool,
    },
    VersionInsert {
        table: QualName,
        version: String,
    },
    VersionUpdate {
        table: QualName,
        from: String,
        to: String,
    },
    VersionDelete {
        table: QualName,
        version: String,
    },
    /// A session timeout (`lock_timeout` / `statement_timeout`): `value`
    /// in the dialect's unit (see `Dialect::session_timeout`), `None` to
    /// put the engine's default back.
    SetTimeout {
        setting: &'static str,
        value: Option<String>,
    },
}

impl ColumnSql {
    /// Does it hold the user's SQL (a native type, a `{sql:}` default)?
    fn holds_user_sql(&self) -> bool {
        matches!(self.ty, ColumnType::Native(_))
            || matches!(self.default, Some(DefaultValue::Sql(_)))
            || self.computed.is_some()
    }
}

impl Statement {
    /// Does it hold SQL fragments the user wrote (a check, a `where`, an
    /// index expression, a `{sql:}` default, a native type), written in
    /// unquoted? Its text is then not gen's alone.
    pub fn holds_user_sql(&self) -> bool {
        match self {
            Statement::CreateTable {
                columns, checks, ..
            } => !checks.is_empty() || columns.iter().any(ColumnSql::holds_user_sql),
            Statement::AddColumn { column, .. } | Statement::ModifyColumn { column, .. } => {
                column.holds_user_sql()
            }
            Statement::CreateIndex {
                columns,
                where_clause,
                ..
            } => where_clause.is_some() || columns.iter().any(|c| c.expr().is_some()),
            Statement::AlterColumnType { ty, using_expr, .. } => {
                matches!(ty, ColumnType::Native(_)) || using_expr.is_some()
            }
            Statement::AlterColumnDefault { default, .. } => {
                matches!(default, Some(DefaultValue::Sql(_)))
            }
            Statement::AddDefaultConstraint { default, .. } => {
                matches!(default, DefaultValue::Sql(_))
            }
            Statement::AddCheckConstraint { .. } | Statement::Raw { .. } => true,
            _ => false,
        }
    }

    /// The template that spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Statement::CreateTable { .. } => "create_table",
            Statement::DropTable { .. } => "drop_table",
            Statement::AddColumn { .. } => "add_column",
            Statement::DropColumn { .. } => "drop_column",
            Statement::CreateIndex { .. } => "create_index",
            Statement::DropIndex { .. } => "drop_index",
            Statement::RenameTable { .. } => "rename_table",
            Statement::CopyRows { .. } => "copy_rows",
            Statement::ForeignKeyCheck { .. } => "foreign_key_check",
            Statement::DropDefaultConstraint { .. } => "drop_default_constraint",
            Statement::RenameColumn { .. } => "rename_column",
            Statement::AlterColumnType { .. } => "alter_column_type",
            Statement::AlterColumnNullable { .. } => "alter_column_nullable",
            Statement::AlterColumnDefault { .. } => "alter_column_default",
            Statement::AlterColumnIdentity { .. } => "alter_column_identity",
            Statement::RestartIdentity { .. } => "restart_identity",
            Statement::AddPrimaryKey { .. } => "add_primary_key",
            Statement::AddUniqueConstraint { .. } => "add_unique_constraint",
            Statement::AddForeignKey { .. } => "add_foreign_key",
            Statement::AddCheckConstraint { .. } => "add_check_constraint",
            Statement::DropConstraint { .. } => "drop_constraint",
            Statement::ValidateConstraint { .. } => "validate_constraint",
            Statement::ModifyColumn { .. } => "modify_column",
            Statement::AddDefaultConstraint { .. } => "add_default_constraint",
            Statement::Insert { .. } => "insert",
            Statement::CreateEnumType { .. } => "create_enum_type",
            Statement::RenameEnumType { .. } => "rename_enum_type",
            Statement::DropEnumType { .. } => "drop_enum_type",
            Statement::AddEnumValue { .. } => "add_enum_value",
            Statement::CommentOnTable { .. } => "comment_on_table",
            Statement::CreateSequence { .. } => "create_sequence",
            Statement::DropSequence { .. } => "drop_sequence",
            Statement::AlterSequence { .. } => "alter_sequence",
            Statement::CommentOnColumn { .. } => "comment_on_column",
            Statement::Raw { .. } => "raw",
            Statement::VersionTableCreate { .. } => "version_table_create",
            Statement::VersionInsert { .. } => "version_insert",
            Statement::VersionUpdate { .. } => "version_update",
            Statement::VersionDelete { .. } => "version_delete",
            Statement::SetTimeout { .. } => "set_timeout",
        }
    }

    /// Every statement kind (each dialect has a template for those it uses).
    pub const KINDS: &'static [&'static str] = &[
        "create_table",
        "drop_table",
        "add_column",
        "drop_column",
        "create_index",
        "drop_index",
        "rename_table",
        "copy_rows",
        "foreign_key_check",
        "drop_default_constraint",
        "rename_column",
        "alter_column_type",
        "alter_column_nullable",
        "alter_column_default",
        "alter_column_identity",
        "restart_identity",
        "add_primary_key",
        "add_unique_constraint",
        "add_foreign_key",
        "add_check_constraint",
        "drop_constraint",
        "modify_column",
        "add_default_constraint",
        "insert",
        "create_enum_type",
        "rename_enum_type",
        "drop_enum_type",
        "add_enum_value",
        "comment_on_table",
        "comment_on_column",
        "create_sequence",
        "drop_sequence",
        "alter_sequence",
        "raw",
        "version_table_create",
        "version_insert",
        "version_update",
        "version_delete",
        "set_timeout",
    ];
}

impl FkAction {
    /// The action as the template writes it.
    pub fn keyword(a: Option<FkAction>) -> Option<&'static str> {
        a.map(FkAction::sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::sqltype::SqlType;

    fn column(ty: ColumnType, default: Option<DefaultValue>) -> ColumnSql {
        ColumnSql {
            name: Ident::new("c").unwrap(),
            ty,
            nullable: true,
            default,
            autoincrement: false,
            unique: false,
            references: None,
            comment: None,
            default_name: None,
            inline_primary_key: false,
            primary_key: false,
            primary_key_name: None,
            unique_name: None,
            references_index: None,
            identity: None,
            computed: None,
            collation: None,
        }
    }

    #[test]
    fn statements_holding_user_sql_are_known() {
        let table = QualName::new(None, Ident::new("t").unwrap());
        let add = |c| Statement::AddColumn {
            table: table.clone(),
            column: c,
        };
        assert!(!add(column(ColumnType::Portable(SqlType::Text), None)).holds_user_sql());
        assert!(add(column(ColumnType::Native("tsvector".into()), None)).holds_user_sql());
        assert!(add(column(
            ColumnType::Portable(SqlType::Text),
            Some(DefaultValue::Sql("now()".into()))
        ))
        .holds_user_sql());
        let index = |where_clause: Option<String>, columns| Statement::CreateIndex {
            name: Ident::new("ix").unwrap(),
            table: table.clone(),
            columns,
            unique: false,
            where_clause,
            concurrently: false,
            if_not_exists: false,
            using: None,
            include: Vec::new(),
            index_kind: None,
        };
        let c = IndexColumn::Column(Ident::new("c").unwrap());
        assert!(!index(None, vec![c.clone()]).holds_user_sql());
        assert!(index(Some("c > 0".into()), vec![c]).holds_user_sql());
        assert!(index(None, vec![IndexColumn::Expr("lower(c)".into())]).holds_user_sql());
        assert!(!Statement::DropTable {
            table,
            if_exists: false
        }
        .holds_user_sql());
    }
}
