//! An index's options as a schema file writes them, read into the
//! vocabulary's: the method (`USING gin`, MySQL's `USING HASH`), the
//! included columns (`INCLUDE (...)`), and per element `DESC`, `NULLS
//! FIRST|LAST`, an operator class and MySQL's prefix length (`col(8)`,
//! which sqlparser reads as a call). What the vocabulary has no word for
//! (`WITH (...)`, `NULLS [NOT] DISTINCT`, a method such as `bloom`) is an
//! error with its place.

use super::error::{Place, ReadError};
use super::names::{ident, parts};
use crate::ops::ident::{Ident, QualName};
use crate::ops::{IndexColumn, IndexElement, IndexMethod, IndexTarget, NullsOrder};
use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, IndexType, OrderBySort, Value,
};

fn unsupported(at: &Place, what: String) -> ReadError {
    ReadError::Unsupported {
        at: at.clone(),
        what,
        help: "gen reads an index's columns, expressions, DESC, NULLS FIRST/LAST, operator class, prefix length, UNIQUE, WHERE, USING (btree, hash, gin, gist, brin, spgist) and INCLUDE".to_owned(),
    }
}

/// The vocabulary's method for `USING ...`.
pub fn method(t: &IndexType, at: &Place) -> Result<IndexMethod, ReadError> {
    Ok(match t {
        IndexType::BTree => IndexMethod::Btree,
        IndexType::Hash => IndexMethod::Hash,
        IndexType::GIN => IndexMethod::Gin,
        IndexType::GiST => IndexMethod::Gist,
        IndexType::SPGiST => IndexMethod::Spgist,
        IndexType::BRIN => IndexMethod::Brin,
        other => return Err(unsupported(at, format!("the index method `{other}`"))),
    })
}

fn unnest(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => unnest(inner),
        _ => e,
    }
}

/// MySQL's `col(8)`: a one-argument call of a column's name with a number.
fn prefix(e: &Expr, at: &Place) -> Result<Option<(Ident, u32)>, ReadError> {
    let Expr::Function(f) = e else {
        return Ok(None);
    };
    let FunctionArguments::List(list) = &f.args else {
        return Ok(None);
    };
    let [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))] = list.args.as_slice() else {
        return Ok(None);
    };
    let names = parts(&f.name);
    let (Value::Number(n, _), [name]) = (&v.value, names.as_slice()) else {
        return Ok(None);
    };
    match n.parse::<u32>() {
        Ok(len) if len > 0 => Ok(Some((ident(name, at)?, len))),
        _ => Ok(None),
    }
}

/// One element of an index, with its options; `prefix_lengths`: whether
/// `col(n)` is a prefix length (MySQL) rather than a call.
pub fn element(
    c: &sqlparser::ast::IndexColumn,
    prefix_lengths: bool,
    at: &Place,
) -> Result<IndexColumn, ReadError> {
    let e = &c.column.expr;
    let (target, length) = match (e, prefix_lengths) {
        (Expr::Identifier(i), _) => (IndexTarget::Column(ident(i, at)?), None),
        (_, true) if prefix(e, at)?.is_some() => match prefix(e, at)? {
            Some((name, len)) => (IndexTarget::Column(name), Some(len)),
            None => (IndexTarget::Expr(unnest(e).to_string()), None),
        },
        _ => (IndexTarget::Expr(unnest(e).to_string()), None),
    };
    let desc = matches!(c.column.options.sort, Some(OrderBySort::Desc));
    let nulls = c.column.options.nulls_first.map(|first| {
        if first {
            NullsOrder::First
        } else {
            NullsOrder::Last
        }
    });
    let opclass = match &c.operator_class {
        None => None,
        Some(name) => {
            let p = parts(name);
            let Some((last, rest)) = p.split_last() else {
                return Err(unsupported(at, format!("the operator class `{name}`")));
            };
            let schema = match rest {
                [] => None,
                [s] => Some(ident(s, at)?),
                _ => return Err(unsupported(at, format!("the operator class `{name}`"))),
            };
            Some(QualName::new(schema, ident(last, at)?))
        }
    };
    if !desc && nulls.is_none() && opclass.is_none() && length.is_none() {
        return Ok(match target {
            IndexTarget::Column(c) => IndexColumn::Column(c),
            IndexTarget::Expr(x) => IndexColumn::Expr(x),
        });
    }
    Ok(IndexColumn::Ordered(Box::new(IndexElement {
        target,
        desc,
        nulls,
        opclass,
        length,
    })))
}
