//! When two spellings mean the same thing to the engine: the diff's notion
//! of "no difference".
//!
//! Types are compared as the dialect writes them (`int4` read from a dump
//! and `integer` from a revision both become `INTEGER`). Expressions
//! (defaults, checks, index expressions and `where`) are parsed with the
//! dialect's sqlparser and compared without the parentheses, quotes on
//! names, literal casts and trailing zeros of numbers dumps add, keywords and names in one case outside quotes. A
//! default is a literal as the dialect writes it or such an expression;
//! `now()` and `CURRENT_TIMESTAMP` are one default (the engines that have
//! `now()` treat them alike). Foreign-key actions left out are `NO ACTION`,
//! and so is `RESTRICT` where the dialect says the engine makes them one.

use crate::dialect::Dialect;
use crate::ops::literal::DefaultValue;
use crate::ops::sqltype::{DialectType, TypeSpec};
use crate::ops::FkAction;
use sqlparser::ast::{BinaryOperator, CastKind, Expr, Value, VisitMut, VisitorMut};
use std::ops::ControlFlow;

/// A type as the dialect writes it, upper case, single spaces.
pub fn type_text(ty: &TypeSpec, d: &dyn Dialect) -> String {
    let text = match ty.for_dialect(d.map_keys()) {
        Ok(DialectType::Portable(t)) => d.type_sql(&t),
        Ok(DialectType::Native(s)) => s,
        Err(_) => ty.to_string(),
    };
    squash(&text).to_ascii_uppercase()
}

/// Whether two types are one type for `d`.
pub fn same_type(a: &TypeSpec, b: &TypeSpec, d: &dyn Dialect) -> bool {
    a == b || type_text(a, d) == type_text(b, d)
}

/// Runs of white space as one space, trimmed.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drops the parentheses and the casts of literals that engines add when
/// they print an expression back (`((a > 0))`, `'x'::text`), and spells
/// `a BETWEEN x AND y` as the `a >= x AND a <= y` PostgreSQL stores.
struct Plain;

/// A number without the zeros after its point that change nothing
/// (`0.00` is `0`, `1.50` is `1.5`).
fn plain_number(n: &str) -> String {
    if n.contains('.') && !n.contains(['e', 'E']) {
        n.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        n.to_owned()
    }
}

impl VisitorMut for Plain {
    type Break = ();
    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        // Quotes on names: the engine prints them back (`total`) where the
        // revision had none.
        match expr {
            Expr::Identifier(i) => i.quote_style = None,
            Expr::CompoundIdentifier(parts) => {
                for i in parts {
                    i.quote_style = None;
                }
            }
            Expr::Value(v) => {
                if let Value::Number(n, _) = &mut v.value {
                    *n = plain_number(n);
                }
            }
            _ => {}
        }
        let inner = match expr {
            Expr::Nested(inner) => Some((**inner).clone()),
            Expr::Cast {
                kind: CastKind::DoubleColon,
                expr: inner,
                ..
            } if matches!(**inner, Expr::Value(_)) => Some((**inner).clone()),
            Expr::Between {
                expr: e,
                negated: false,
                low,
                high,
            } => Some(Expr::BinaryOp {
                left: Box::new(Expr::BinaryOp {
                    left: e.clone(),
                    op: BinaryOperator::GtEq,
                    right: low.clone(),
                }),
                op: BinaryOperator::And,
                right: Box::new(Expr::BinaryOp {
                    left: e.clone(),
                    op: BinaryOperator::LtEq,
                    right: high.clone(),
                }),
            }),
            _ => None,
        };
        if let Some(inner) = inner {
            *expr = inner;
        }
        ControlFlow::Continue(())
    }
}

/// Lower case outside single-quoted strings.
fn fold_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    for c in text.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        out.extend(if quoted {
            vec![c]
        } else {
            c.to_lowercase().collect()
        });
    }
    out
}

/// An expression in the form two spellings of it share; text that does
/// not parse is compared as written, spaces squashed.
pub fn expr_key(text: &str, d: &dyn Dialect) -> String {
    let parsed = crate::model::fragment::parse::expression(&*d.parser(), text.trim());
    let printed = match parsed {
        Ok(mut e) => {
            let _ = e.visit(&mut Plain);
            e.to_string()
        }
        Err(_) => squash(text),
    };
    let key = fold_case(&printed);
    match key.as_str() {
        "now()" | "current_timestamp()" => "current_timestamp".to_owned(),
        _ => key,
    }
}

/// Whether two expressions are one for `d`.
pub fn same_expr(a: &str, b: &str, d: &dyn Dialect) -> bool {
    a == b || expr_key(a, d) == expr_key(b, d)
}

/// A default in the form two spellings of it share.
pub fn default_key(v: &DefaultValue, d: &dyn Dialect) -> String {
    match v {
        DefaultValue::Literal(l) => match d.literal(l) {
            Ok(text) => expr_key(&text, d),
            Err(_) => l.to_string(),
        },
        DefaultValue::Sql(s) => expr_key(s, d),
    }
}

/// Whether two defaults (either may be absent) are one for `d`.
pub fn same_default(a: Option<&DefaultValue>, b: Option<&DefaultValue>, d: &dyn Dialect) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || default_key(a, d) == default_key(b, d),
        _ => false,
    }
}

/// A referential action, `NO ACTION` when left out (and for `RESTRICT`
/// where the engine makes no difference).
pub fn action(a: Option<FkAction>, d: &dyn Dialect) -> FkAction {
    match a.unwrap_or(FkAction::NoAction) {
        FkAction::Restrict if d.restrict_is_no_action() => FkAction::NoAction,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::by_name;

    #[test]
    fn spellings_the_engine_reads_alike_are_one() {
        let pg = by_name("postgresql").unwrap();
        assert!(same_expr("((age > 0))", "age>0", &*pg));
        assert!(same_expr("NOW()", "CURRENT_TIMESTAMP", &*pg));
        assert!(same_expr("'a'::text", "'a'", &*pg));
        assert!(same_expr(
            "p BETWEEN 0 AND 4",
            "(p >= 0) AND (p <= 4)",
            &*pg
        ));
        assert!(same_expr("\"total\" >= 0.00", "total >= 0", &*pg));
        assert!(!same_expr("total >= 0.5", "total >= 5", &*pg));
        assert!(!same_expr("'A'", "'a'", &*pg));
        assert!(!same_expr("age > 1", "age > 0", &*pg));
        let int4 = TypeSpec::Portable(crate::ops::sqltype::SqlType::parse("int").unwrap());
        let integer = TypeSpec::Portable(crate::ops::sqltype::SqlType::parse("integer").unwrap());
        let text = TypeSpec::Portable(crate::ops::sqltype::SqlType::parse("text").unwrap());
        assert!(same_type(&int4, &integer, &*pg));
        assert!(!same_type(&int4, &text, &*pg));
        let lit = DefaultValue::Literal(crate::ops::literal::Literal::Number("0".into()));
        let sql = DefaultValue::Sql("(0)".into());
        assert!(same_default(Some(&lit), Some(&sql), &*pg));
        assert!(!same_default(Some(&lit), None, &*pg));
    }
}
