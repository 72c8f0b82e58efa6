//! Defaults and SQL expressions as a dump spells them, read back.
//!
//! A default that is a literal (`'EUR'`, `0`, `-1.5`, `true`, pg_dump's
//! `'EUR'::text`, a boolean column's `1`) becomes a literal; `NULL` is no
//! default; `CURRENT_TIMESTAMP` in any spelling (`current_timestamp()`,
//! SQLite's `(CURRENT_TIMESTAMP)`) becomes `{sql: CURRENT_TIMESTAMP}`;
//! anything else is kept as an `{sql:}` fragment, as sqlparser prints it.
//! [`canonical_expr`] is the text two expressions compare by: the
//! parentheses and casts of literals engines add when they store a check
//! (`((total >= (0)::numeric))`) removed, `BETWEEN` and `= ANY (ARRAY[..])`
//! in the form PostgreSQL stores them, names unquoted and lower case.

use crate::ops::literal::{DefaultValue, Literal};
use crate::ops::sqltype::SqlType;
use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArguments, UnaryOperator, Value, VisitMut, VisitorMut,
};
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

/// What a column default reads as.
pub enum Default {
    None,
    Value(DefaultValue),
    /// `nextval('seq'::regclass)`: the column is fed by sequence `seq`.
    NextVal(String),
}

fn unwrap_literal(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => unwrap_literal(inner),
        Expr::Cast { expr, .. } => match unwrap_literal(expr) {
            v @ (Expr::Value(_) | Expr::UnaryOp { .. }) => v,
            _ => e,
        },
        _ => e,
    }
}

fn is_current_timestamp(e: &Expr) -> bool {
    match e {
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            let no_args = match &f.args {
                FunctionArguments::None => true,
                FunctionArguments::List(l) => l.args.is_empty(),
                FunctionArguments::Subquery(_) => false,
            };
            no_args
                && matches!(
                    name.as_str(),
                    "current_timestamp" | "now" | "localtimestamp"
                )
        }
        Expr::Nested(inner) => is_current_timestamp(inner),
        _ => false,
    }
}

fn sequence_of(e: &Expr) -> Option<String> {
    let Expr::Function(f) = e else { return None };
    if !f.name.to_string().eq_ignore_ascii_case("nextval") {
        return None;
    }
    let FunctionArguments::List(l) = &f.args else {
        return None;
    };
    let [arg] = l.args.as_slice() else {
        return None;
    };
    let text = arg.to_string();
    let quoted = text.split('\'').nth(1)?;
    Some(
        quoted
            .rsplit('.')
            .next()
            .unwrap_or(quoted)
            .trim_matches('"')
            .to_owned(),
    )
}

fn number_for(ty: Option<&SqlType>, s: &str) -> Option<Literal> {
    let numeric = ty.is_some_and(|t| t.is_integer() || matches!(t, SqlType::Numeric { .. }));
    (numeric && s.parse::<f64>().is_ok()).then(|| Literal::Number(s.to_owned()))
}

/// The default `e` for a column of type `ty` (when portable).
pub fn read_default(e: &Expr, ty: Option<&SqlType>) -> Default {
    if let Some(seq) = sequence_of(e) {
        return Default::NextVal(seq);
    }
    if is_current_timestamp(e) {
        return Default::Value(DefaultValue::Sql("CURRENT_TIMESTAMP".to_owned()));
    }
    let boolean = matches!(ty, Some(SqlType::Boolean));
    let literal = match unwrap_literal(e) {
        Expr::Value(v) => match &v.value {
            Value::Null => return Default::None,
            Value::Boolean(b) => Some(Literal::Bool(*b)),
            Value::Number(n, _) if boolean && (n == "0" || n == "1") => {
                Some(Literal::Bool(n == "1"))
            }
            Value::Number(n, _) => Some(Literal::Number(n.clone())),
            Value::SingleQuotedString(s) if boolean => match s.to_ascii_lowercase().as_str() {
                "t" | "true" | "1" => Some(Literal::Bool(true)),
                "f" | "false" | "0" => Some(Literal::Bool(false)),
                _ => None,
            },
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => {
                Some(number_for(ty, s).unwrap_or_else(|| Literal::String(s.clone())))
            }
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match unwrap_literal(expr) {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => Some(Literal::Number(format!("-{n}"))),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    match literal {
        Some(l) => Default::Value(DefaultValue::Literal(l)),
        None => Default::Value(DefaultValue::Sql(strip_nested(e).to_string())),
    }
}

fn strip_nested(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => strip_nested(inner),
        _ => e,
    }
}

/// Is a cast to this type one PostgreSQL adds to a text column or list
/// (`role::text`, `ARRAY[...]::text[]`), changing nothing?
fn is_text_type(t: &sqlparser::ast::DataType) -> bool {
    let name = super::types::canonical(&t.to_string());
    let base = name.trim_end_matches("[]");
    base == "text" || base.starts_with("varchar")
}

/// Rewrites an expression into the form two spellings share.
struct Canon;

fn is_binary(e: &Expr) -> bool {
    matches!(e, Expr::BinaryOp { .. })
}

impl VisitorMut for Canon {
    type Break = ();
    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        loop {
            let next = match e {
                Expr::Nested(inner) => Some((**inner).clone()),
                Expr::Cast {
                    kind: CastKind::DoubleColon | CastKind::Cast,
                    expr,
                    data_type,
                    ..
                } if matches!(
                    **expr,
                    Expr::Value(_) | Expr::UnaryOp { .. } | Expr::Array(_)
                ) || is_text_type(data_type) =>
                {
                    Some((**expr).clone())
                }
                Expr::Between {
                    expr,
                    negated: false,
                    low,
                    high,
                } => Some(Expr::BinaryOp {
                    left: Box::new(Expr::BinaryOp {
                        left: expr.clone(),
                        op: BinaryOperator::GtEq,
                        right: low.clone(),
                    }),
                    op: BinaryOperator::And,
                    right: Box::new(Expr::BinaryOp {
                        left: expr.clone(),
                        op: BinaryOperator::LtEq,
                        right: high.clone(),
                    }),
                }),
                Expr::AnyOp {
                    left,
                    compare_op: BinaryOperator::Eq,
                    right,
                    ..
                } => match &**right {
                    Expr::Array(a) => Some(Expr::In {
                        expr: left.clone(),
                        target: sqlparser::ast::InTarget::List(a.elem.clone()),
                        negated: false,
                        global: false,
                    }),
                    _ => None,
                },
                Expr::Function(f) if is_current_timestamp(&Expr::Function(f.clone())) => Some(
                    Expr::Identifier(sqlparser::ast::Ident::new("current_timestamp")),
                ),
                _ => None,
            };
            match next {
                Some(n) => *e = n,
                None => break,
            }
        }
        match e {
            Expr::Identifier(i) => {
                i.value = i.value.to_lowercase();
                i.quote_style = None;
            }
            Expr::CompoundIdentifier(parts) => {
                if let Some(last) = parts.last().cloned() {
                    *e = Expr::Identifier(sqlparser::ast::Ident::new(last.value.to_lowercase()));
                }
            }
            Expr::Function(f) => {
                let name = f.name.to_string().to_lowercase();
                f.name = sqlparser::ast::ObjectName::from(vec![sqlparser::ast::Ident::new(name)]);
            }
            Expr::BinaryOp { left, right, .. } => {
                for side in [left, right] {
                    if is_binary(side) {
                        let inner = std::mem::replace(&mut **side, Expr::value(Value::Null));
                        **side = Expr::Nested(Box::new(inner));
                    }
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// The text expression `text` compares by (see the module comment); the
/// text itself, trimmed, when it does not parse.
pub fn canonical_expr(text: &str, parser: &dyn ParserDialect) -> String {
    let parsed = Parser::new(parser)
        .try_with_sql(text)
        .and_then(|mut p| p.parse_expr());
    match parsed {
        Ok(mut e) => {
            let _ = e.visit(&mut Canon);
            e.to_string()
        }
        Err(_) => text.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};

    fn expr(text: &str) -> Expr {
        Parser::new(&PostgreSqlDialect {})
            .try_with_sql(text)
            .unwrap()
            .parse_expr()
            .unwrap()
    }

    fn default(text: &str, ty: Option<&SqlType>) -> String {
        match read_default(&expr(text), ty) {
            Default::None => "none".into(),
            Default::Value(v) => v.to_string(),
            Default::NextVal(s) => format!("nextval {s}"),
        }
    }

    #[test]
    fn defaults_read_as_literals_when_they_are() {
        assert_eq!(default("'EUR'::text", None), "\"EUR\"");
        assert_eq!(default("'-1'::integer", Some(&SqlType::Integer)), "-1");
        assert_eq!(default("-1.5", None), "-1.5");
        assert_eq!(default("1", Some(&SqlType::Boolean)), "true");
        assert_eq!(default("true", None), "true");
        assert_eq!(default("NULL", None), "none");
        assert_eq!(
            default("(CURRENT_TIMESTAMP)", None),
            "{sql: CURRENT_TIMESTAMP}"
        );
        assert_eq!(
            default("current_timestamp()", None),
            "{sql: CURRENT_TIMESTAMP}"
        );
        assert_eq!(default("lower('A')", None), "{sql: lower('A')}");
        assert_eq!(
            default("nextval('public.t_id_seq'::regclass)", None),
            "nextval t_id_seq"
        );
    }

    #[test]
    fn stored_checks_compare_equal_to_what_was_written() {
        let pg = PostgreSqlDialect {};
        let same = |a: &str, b: &str| {
            assert_eq!(canonical_expr(a, &pg), canonical_expr(b, &pg), "{a} vs {b}")
        };
        same("((total >= (0)::numeric))", "total >= 0");
        same(
            "(((paid_at IS NULL) OR (paid_at >= issued_on)))",
            "paid_at IS NULL OR paid_at >= issued_on",
        );
        same(
            "((priority >= 0) AND (priority <= 4))",
            "priority BETWEEN 0 AND 4",
        );
        same(
            "(status = ANY (ARRAY['a'::text, 'b'::text]))",
            "status IN ('a', 'b')",
        );
        same(
            "((role)::text = ANY ((ARRAY['owner'::character varying, 'admin'::character varying])::text[]))",
            "role IN ('owner', 'admin')",
        );
        same("lower((email)::text)", "lower(email)");
        assert_ne!(canonical_expr("x::date", &pg), canonical_expr("x", &pg));
        assert_ne!(
            canonical_expr("(a OR b) AND c", &pg),
            canonical_expr("a OR b AND c", &pg)
        );
        assert_eq!(
            canonical_expr("`paid_at` is null", &MySqlDialect {}),
            canonical_expr("paid_at IS NULL", &pg)
        );
    }
}
