//! SQL fragments: the user's text that gen writes into its own statements
//! without quoting it, checked before an operation is lowered.
//!
//! A fragment is a type-map entry that is not a portable type, a
//! `{sql: ...}` default, a check's `expr`, an index's `where`, an index
//! element `{expr: ...}`, a generated column's `computed` and an
//! `alter_column`'s `using`. Each must be exactly one expression (a type
//! entry: one type) for its dialect, with no `;`, no comment and nothing
//! after it ([`parse`]): otherwise it could end gen's statement, hide the
//! rest of it, or add to it. Type-map entries are read with their own
//! dialect's parser, every entry, also those for dialects not being
//! rendered (`default` with each dialect it stands for). The columns a
//! check, a `where`, an index expression or a `using` names must be
//! columns of its table at that point (a `computed` one: its other columns
//! that are not computed) ([`columns`]). `execute`, the one field that holds
//! whole statements, gets what [`execute`] makes sure of. [`check_op`] is
//! the one entry point; [`default_sql`] is how a default's expression is
//! written into a column definition.

pub mod columns;
mod error;
pub mod execute;
pub mod parse;

pub use error::{Field, FragmentError};

use crate::diag::span::DocPath;
use crate::diag::suggest::did_you_mean;
use crate::dialect::{self, Dialect};
use crate::model::Schema;
use crate::ops::ident::QualName;
use crate::ops::literal::DefaultValue;
use crate::ops::sqltype::{SqlType, TypeSpec};
use crate::ops::{ColumnDef, Op, SqlText};
use parse::Problem;
use sqlparser::ast::{Expr, UnaryOperator, Value};
use std::borrow::Cow;

/// What checking needs besides the operation and the schema before it.
pub struct CheckCtx<'a> {
    /// The dialect being rendered: expressions are read with its parser.
    pub dialect: &'a dyn Dialect,
    /// Does the revision run inside the script's transaction block?
    pub transactional: bool,
}

/// Checks every fragment of `op`, given the schema just before it. A table
/// the schema does not have is the replay's error to report: its
/// fragments are then checked for their form only.
pub fn check_op(op: &Op, before: &Schema, ctx: &CheckCtx) -> Result<(), Box<FragmentError>> {
    let d = ctx.dialect;
    let root = DocPath::root();
    match op {
        Op::CreateTable(o) => {
            let table = o.qual_name();
            for (i, c) in o.columns.iter().enumerate() {
                let at = || DocPath::root().key("columns").index(i);
                column(d, c, &at)?;
                if c.computed.is_some() {
                    let inputs = computed_inputs(o.columns.iter(), c);
                    computed(d, c, &at, &table, Some(&inputs))?;
                }
            }
            let names: Vec<&str> = o.columns.iter().map(|c| c.name.as_str()).collect();
            for (i, ck) in o.checks.iter().enumerate() {
                let at = root.clone().key("checks").index(i).key("expr");
                condition(d, &ck.expr, Field::Check, at, &table, Some(&names))?;
            }
        }
        Op::AddColumn(o) => {
            let at = || DocPath::root().key("column");
            column(d, &o.column, &at)?;
            if o.column.computed.is_some() {
                let table = o.qual_table();
                let inputs = before
                    .table(&table)
                    .map(|t| computed_inputs(t.def.columns.iter(), &o.column));
                computed(d, &o.column, &at, &table, inputs.as_deref())?;
            }
        }
        Op::AlterColumn(o) => {
            if let Some(u) = &o.using {
                let table = o.qual_table();
                let names: Option<Vec<&str>> =
                    before.table(&table).map(|t| t.column_names().collect());
                condition(
                    d,
                    u,
                    Field::Using,
                    root.clone().key("using"),
                    &table,
                    names.as_deref(),
                )?;
            }
            if let Some(ty) = &o.ty {
                type_spec(ty, &|| DocPath::root().key("type"))?;
            }
            if let Some(Some(DefaultValue::Sql(sql))) = &o.default {
                default(d, sql, &|| DocPath::root().key("default").key("sql"))?;
            }
        }
        Op::CreateIndex(o) => {
            let table = o.qual_table();
            let names: Option<Vec<&str>> = before.table(&table).map(|t| t.column_names().collect());
            for (i, c) in o.columns.iter().enumerate() {
                if let Some(e) = c.expr() {
                    let at = root.clone().key("columns").index(i).key("expr");
                    index_expr(d, e, at, &table, names.as_deref())?;
                }
            }
            if let Some(w) = &o.where_clause {
                condition(
                    d,
                    w,
                    Field::Where,
                    root.key("where"),
                    &table,
                    names.as_deref(),
                )?;
            }
        }
        Op::CreateCheckConstraint(o) => {
            let table = o.qual_table();
            let names: Option<Vec<&str>> = before.table(&table).map(|t| t.column_names().collect());
            condition(
                d,
                &o.expr,
                Field::Check,
                root.key("expr"),
                &table,
                names.as_deref(),
            )?;
        }
        Op::Execute(o) if ctx.transactional && d.transactional_ddl() => {
            let texts = [
                ("sql", Some(&o.sql)),
                ("reverse_sql", o.reverse_sql.as_ref()),
            ];
            for (key, text) in texts {
                let Some((entry, sql)) = text.and_then(|t| sql_entry(t, d.map_keys())) else {
                    continue;
                };
                if let Some(statement) = execute::transaction_control(d, sql) {
                    let at = root.clone().key(key);
                    return Err(Box::new(FragmentError::TransactionControl {
                        at: match entry {
                            Some(e) => at.key(e),
                            None => at,
                        },
                        statement,
                    }));
                }
            }
        }
        // No SQL fragment (listed, so a new operation is a compile error here).
        Op::DropTable(_)
        | Op::RenameTable(_)
        | Op::DropColumn(_)
        | Op::DropIndex(_)
        | Op::CreatePrimaryKey(_)
        | Op::CreateUniqueConstraint(_)
        | Op::CreateForeignKey(_)
        | Op::DropConstraint(_)
        | Op::ValidateConstraint(_)
        | Op::CreateTableComment(_)
        | Op::DropTableComment(_)
        | Op::Execute(_)
        | Op::BulkInsert(_)
        | Op::CreateSequence(_)
        | Op::DropSequence(_)
        | Op::AlterSequence(_) => {}
    }
    Ok(())
}

/// The SQL an `execute` text gives `names` (a dialect's map keys), and the
/// map key it comes from (`None` for a plain string).
fn sql_entry<'t>(text: &'t SqlText, names: &[&str]) -> Option<(Option<&'t str>, &'t str)> {
    match text {
        SqlText::All(s) => Some((None, s)),
        SqlText::PerDialect(m) => names
            .iter()
            .chain(std::iter::once(&"default"))
            .find_map(|k| m.get_key_value(*k))
            .map(|(k, v)| (Some(k.as_str()), v.as_str())),
    }
}

/// A column definition's fragments: its type map and its SQL default
/// (`at`: where the column is, made only for an error).
fn column(
    d: &dyn Dialect,
    c: &ColumnDef,
    at: &dyn Fn() -> DocPath,
) -> Result<(), Box<FragmentError>> {
    type_spec(&c.ty, &|| at().key("type"))?;
    if let Some(DefaultValue::Sql(sql)) = c.default.as_deref() {
        default(d, sql, &|| at().key("default").key("sql"))?;
    }
    Ok(())
}

/// The columns a generated column `c` may compute from: the others of
/// `columns` that are not generated themselves (no engine computes from
/// itself, and PostgreSQL not from another generated column).
fn computed_inputs<'a>(
    columns: impl Iterator<Item = &'a ColumnDef>,
    c: &ColumnDef,
) -> Vec<&'a str> {
    columns
        .filter(|x| x.name != c.name && x.computed.is_none())
        .map(|x| x.name.as_str())
        .collect()
}

/// A generated column's expression: one expression naming only `inputs`
/// (when the table is known).
fn computed(
    d: &dyn Dialect,
    c: &ColumnDef,
    at: &dyn Fn() -> DocPath,
    table: &QualName,
    inputs: Option<&[&str]>,
) -> Result<(), Box<FragmentError>> {
    let Some(g) = &c.computed else {
        return Ok(());
    };
    let at = at().key("computed").key("sql");
    condition(d, &g.sql, Field::Computed, at, table, inputs)
}

/// Every entry of a type map that is not a portable type, read as one type
/// by the parser of each dialect it applies to.
fn type_spec(ty: &TypeSpec, at: &dyn Fn() -> DocPath) -> Result<(), Box<FragmentError>> {
    let TypeSpec::PerDialect(map) = ty else {
        return Ok(());
    };
    for (key, text) in map.iter() {
        if SqlType::parse(text).is_ok() {
            continue;
        }
        let dialects: Vec<_> = if key == "default" {
            dialect::all()
                .into_iter()
                .filter(|d| !d.map_keys().iter().any(|k| map.contains_key(*k)))
                .collect()
        } else {
            dialect::by_name(key).into_iter().collect()
        };
        for d in dialects {
            client(&*d, text)
                .and_then(|()| parse::data_type(&*d.parser(), d.type_tail(), text))
                .map_err(|problem| {
                    Box::new(FragmentError::NotOne {
                        field: Field::Type { key: key.clone() },
                        at: at().key(key.as_str()),
                        text: text.clone(),
                        dialect: d.name(),
                        problem,
                    })
                })?;
        }
    }
    Ok(())
}

/// What `d`'s client would act on in `text` before the server reads it.
fn client(d: &dyn Dialect, text: &str) -> Result<(), Problem> {
    match d.client_hazard(text) {
        Some(what) => Err(Problem::Client { what }),
        None => Ok(()),
    }
}

/// `text` as exactly one expression for `d`, which its client leaves alone.
fn expression(d: &dyn Dialect, text: &str) -> Result<Expr, Problem> {
    client(d, text)?;
    parse::expression(&*d.parser(), text)
}

fn not_one(
    d: &dyn Dialect,
    field: Field,
    at: DocPath,
    text: &str,
    problem: Problem,
) -> Box<FragmentError> {
    Box::new(FragmentError::NotOne {
        field,
        at,
        text: text.to_owned(),
        dialect: d.name(),
        problem,
    })
}

fn default(
    d: &dyn Dialect,
    text: &str,
    at: &dyn Fn() -> DocPath,
) -> Result<(), Box<FragmentError>> {
    // One word (`CURRENT_TIMESTAMP`, the common case) is one token: it
    // holds nothing to refuse, and the statement it goes into is parsed
    // whole before it is written.
    if one_word(text) {
        return Ok(());
    }
    expression(d, text)
        .map(|_| ())
        .map_err(|p| not_one(d, Field::Default, at(), text, p))
}

/// A check or a `where`: one expression naming only `table`'s columns
/// (when the table is known).
fn condition(
    d: &dyn Dialect,
    text: &str,
    field: Field,
    at: DocPath,
    table: &QualName,
    columns: Option<&[&str]>,
) -> Result<(), Box<FragmentError>> {
    let expr = expression(d, text).map_err(|p| not_one(d, field.clone(), at.clone(), text, p))?;
    known_columns(d, &expr, text, field, at, table, columns)
}

/// An index element `{expr: ...}`: one expression naming only `table`'s
/// columns; an ordering after it (`v DESC`) is refused with its own word.
fn index_expr(
    d: &dyn Dialect,
    text: &str,
    at: DocPath,
    table: &QualName,
    columns: Option<&[&str]>,
) -> Result<(), Box<FragmentError>> {
    let expr = match expression(d, text) {
        Ok(expr) => expr,
        Err(Problem::Trailing { ref found, at: pos })
            if ["ASC", "DESC", "NULLS"]
                .iter()
                .any(|o| found.eq_ignore_ascii_case(o)) =>
        {
            let upto = parse::byte_offset(text, pos.line, pos.column).unwrap_or(text.len());
            return Err(Box::new(FragmentError::Ordering {
                at,
                text: text.to_owned(),
                expr: text.get(..upto).unwrap_or(text).trim().to_owned(),
                order: text.get(upto..).unwrap_or_default().trim().to_owned(),
            }));
        }
        Err(p) => return Err(not_one(d, Field::IndexExpr, at, text, p)),
    };
    known_columns(d, &expr, text, Field::IndexExpr, at, table, columns)
}

/// Every column `expr` names is one of `columns` (the table's); a
/// qualified name's table is `table`. Nothing to check when the table is
/// unknown.
fn known_columns(
    d: &dyn Dialect,
    expr: &Expr,
    text: &str,
    field: Field,
    at: DocPath,
    table: &QualName,
    columns: Option<&[&str]>,
) -> Result<(), Box<FragmentError>> {
    let Some(columns) = columns else {
        return Ok(());
    };
    for m in columns::mentions(expr, text) {
        if let Some(t) = &m.table {
            let schema_ok = match (&m.schema, &table.schema) {
                (None, _) => true,
                (Some(s), Some(ts)) => columns::same(d, s, ts.as_str()),
                (Some(_), None) => false,
            };
            if !schema_ok || !columns::same(d, t, table.name.as_str()) {
                let mut named: Vec<&str> = Vec::new();
                named.extend(m.schema.as_ref().map(|s| s.value.as_str()));
                named.push(&t.value);
                named.push(&m.column.value);
                return Err(Box::new(FragmentError::OtherTable {
                    field,
                    at,
                    table: table.clone(),
                    named: named.join("."),
                }));
            }
        }
        if columns.iter().any(|c| columns::same(d, &m.column, c)) {
            continue;
        }
        if m.table.is_none() && m.column.is_niladic_function() {
            continue;
        }
        // A column the name misses only by case (PostgreSQL folds unquoted
        // names) is suggested spelled as the dialect needs it.
        let suggestion = columns
            .iter()
            .find(|c| c.eq_ignore_ascii_case(&m.column.value))
            .copied()
            .or_else(|| did_you_mean(&m.column.value, columns.iter().copied()))
            .map(|c| d.ident(c));
        return Err(Box::new(FragmentError::UnknownColumn {
            field,
            at,
            table: table.clone(),
            column: m.column.value,
            suggestion,
        }));
    }
    Ok(())
}

/// A letter or `_`, then letters, digits and `_`.
fn one_word(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether the engine reads `e` whole wherever a single term may stand
/// (after `DEFAULT`): a literal, a name, a function call, a cast, a
/// parenthesized expression, a signed number.
fn one_term(e: &Expr) -> bool {
    match e {
        Expr::Value(_)
        | Expr::TypedString { .. }
        | Expr::Function(_)
        | Expr::Identifier(_)
        | Expr::CompoundIdentifier(_)
        | Expr::Nested(_)
        | Expr::Cast { .. } => true,
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => matches!(
            &**expr,
            Expr::Value(v) if matches!(v.value, Value::Number(..))
        ),
        _ => false,
    }
}

/// A `{sql: ...}` default as a column definition writes it: as written
/// when it is one term, else in parentheses, so that the engine reads all
/// of it as the default and none of it as the column's next clause
/// (PostgreSQL reads `DEFAULT 0 NOT NULL` as the default 0 and a `NOT
/// NULL` constraint; sqlparser reads it as one expression).
pub fn default_sql<'a>(d: &dyn Dialect, text: &'a str) -> Cow<'a, str> {
    let text = text.trim();
    // One word (`CURRENT_TIMESTAMP`) is one term: no parse needed.
    if one_word(text) {
        return Cow::Borrowed(text);
    }
    match parse::expression(&*d.parser(), text) {
        Ok(e) if !one_term(&e) => Cow::Owned(format!("({text})")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests;
