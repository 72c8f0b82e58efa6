//! One element of an index's `columns:` list, and the index-wide options
//! that go with it (`using`, `kind`).
//!
//! An element is a column name, `{expr: ...}`, or either of them with
//! options: `{name: col, desc: true, nulls: last, opclass: jsonb_path_ops,
//! length: 20}`. Most indexes list plain names, so [`IndexColumn`] keeps
//! that case as small as a name, and puts the options behind one box
//! ([`IndexColumn::Ordered`]) only where they are written. Whether the
//! dialect has an option is lowering's question (`Dialect::index_support`).

use crate::ops::ident::{Ident, QualName};
use schemars::JsonSchema;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An index element: a column name, `{expr: ...}`, or either with options.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexColumn {
    Column(Ident),
    Expr(String),
    /// A column or expression with at least one option.
    Ordered(Box<IndexElement>),
}

/// What an element with options indexes.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexTarget {
    Column(Ident),
    Expr(String),
}

/// A column or expression with its options.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexElement {
    pub target: IndexTarget,
    pub desc: bool,
    pub nulls: Option<NullsOrder>,
    pub opclass: Option<QualName>,
    pub length: Option<u32>,
}

/// Where NULLs sort in an index element (`nulls:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NullsOrder {
    First,
    Last,
}

impl NullsOrder {
    pub fn sql(self) -> &'static str {
        match self {
            NullsOrder::First => "FIRST",
            NullsOrder::Last => "LAST",
        }
    }
}

/// An index access method (`using:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IndexMethod {
    Btree,
    Hash,
    Gin,
    Gist,
    Brin,
    Spgist,
}

impl IndexMethod {
    /// As the user writes it (and PostgreSQL spells it).
    pub fn name(self) -> &'static str {
        match self {
            IndexMethod::Btree => "btree",
            IndexMethod::Hash => "hash",
            IndexMethod::Gin => "gin",
            IndexMethod::Gist => "gist",
            IndexMethod::Brin => "brin",
            IndexMethod::Spgist => "spgist",
        }
    }
}

/// A MySQL/MariaDB index kind (`kind:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IndexKind {
    Fulltext,
    Spatial,
}

impl IndexKind {
    pub fn name(self) -> &'static str {
        match self {
            IndexKind::Fulltext => "fulltext",
            IndexKind::Spatial => "spatial",
        }
    }
}

/// An index element written as a map: exactly one of `name` and `expr`,
/// and the options. (The YAML form; the JSON Schema is derived from it.)
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexElementArgs {
    /// The column.
    #[serde(default)]
    pub name: Option<Ident>,
    /// An expression, instead of `name` (one SQL expression, no `ASC`/`DESC`).
    #[serde(default)]
    #[schemars(regex(pattern = r"\S"))]
    pub expr: Option<String>,
    /// Descending order (every dialect).
    #[serde(default)]
    pub desc: bool,
    /// Where NULLs sort: PostgreSQL.
    #[serde(default)]
    pub nulls: Option<NullsOrder>,
    /// Operator class, e.g. `jsonb_path_ops` or `public.gin_trgm_ops`: PostgreSQL.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$"))]
    pub opclass: Option<String>,
    /// Prefix length in characters: MySQL/MariaDB.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub length: Option<u32>,
}

impl IndexColumn {
    /// The column this element indexes, if it is a column.
    pub fn column(&self) -> Option<&Ident> {
        match self {
            IndexColumn::Column(c) => Some(c),
            IndexColumn::Expr(_) => None,
            IndexColumn::Ordered(e) => match &e.target {
                IndexTarget::Column(c) => Some(c),
                IndexTarget::Expr(_) => None,
            },
        }
    }

    /// The column, when the element indexes its whole value (not a
    /// `length` prefix): what a foreign key can lean on or reference.
    pub fn whole_column(&self) -> Option<&Ident> {
        match self.options() {
            Some(o) if o.length.is_some() => None,
            _ => self.column(),
        }
    }

    /// The expression this element indexes, if it is one.
    pub fn expr(&self) -> Option<&str> {
        match self {
            IndexColumn::Column(_) => None,
            IndexColumn::Expr(e) => Some(e),
            IndexColumn::Ordered(e) => match &e.target {
                IndexTarget::Column(_) => None,
                IndexTarget::Expr(x) => Some(x),
            },
        }
    }

    pub fn column_mut(&mut self) -> Option<&mut Ident> {
        match self {
            IndexColumn::Column(c) => Some(c),
            IndexColumn::Expr(_) => None,
            IndexColumn::Ordered(e) => match &mut e.target {
                IndexTarget::Column(c) => Some(c),
                IndexTarget::Expr(_) => None,
            },
        }
    }

    pub fn expr_mut(&mut self) -> Option<&mut String> {
        match self {
            IndexColumn::Column(_) => None,
            IndexColumn::Expr(e) => Some(e),
            IndexColumn::Ordered(e) => match &mut e.target {
                IndexTarget::Column(_) => None,
                IndexTarget::Expr(x) => Some(x),
            },
        }
    }

    /// The options, when any is written.
    pub fn options(&self) -> Option<&IndexElement> {
        match self {
            IndexColumn::Ordered(e) => Some(e),
            IndexColumn::Column(_) | IndexColumn::Expr(_) => None,
        }
    }

    /// The element a map form describes (`{name|expr, desc, ...}`).
    pub fn from_args(a: IndexElementArgs) -> Result<IndexColumn, String> {
        let target = match (a.name, a.expr) {
            (Some(n), None) => IndexTarget::Column(n),
            (None, Some(e)) if e.trim().is_empty() => {
                return Err("`expr:` needs an expression".to_owned())
            }
            (None, Some(e)) => IndexTarget::Expr(e),
            (Some(_), Some(_)) => {
                return Err("an index element has `name:` or `expr:`, not both".to_owned())
            }
            (None, None) => {
                return Err(
                    "an index element needs `name:` (a column) or `expr:` (an expression)"
                        .to_owned(),
                )
            }
        };
        let opclass = a.opclass.as_deref().map(opclass).transpose()?;
        if a.length == Some(0) {
            return Err("`length:` is a prefix length of at least 1".to_owned());
        }
        if !a.desc && a.nulls.is_none() && opclass.is_none() && a.length.is_none() {
            return Ok(match target {
                IndexTarget::Column(c) => IndexColumn::Column(c),
                IndexTarget::Expr(e) => IndexColumn::Expr(e),
            });
        }
        Ok(IndexColumn::Ordered(Box::new(IndexElement {
            target,
            desc: a.desc,
            nulls: a.nulls,
            opclass,
            length: a.length,
        })))
    }
}

/// An operator class name: an identifier, possibly schema-qualified
/// (`public.gin_trgm_ops`). It is quoted by the dialect when rendered.
fn opclass(s: &str) -> Result<QualName, String> {
    let plain = |p: &str| {
        let mut chars = p.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let bad = || {
        format!("`opclass: {s}` is not an operator class name: write one identifier, possibly schema-qualified (e.g. `jsonb_path_ops`, `public.gin_trgm_ops`)")
    };
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() > 2 || !parts.iter().all(|p| plain(p)) {
        return Err(bad());
    }
    let name = Ident::new(parts[parts.len() - 1]).map_err(|_| bad())?;
    let schema = match parts.len() {
        2 => Some(Ident::new(parts[0]).map_err(|_| bad())?),
        _ => None,
    };
    Ok(QualName::new(schema, name))
}

impl<'de> Deserialize<'de> for IndexColumn {
    /// A visitor (not an untagged enum, which would hide what is wrong
    /// behind one message): each problem is reported at its node.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = IndexColumn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an index element: a column name, `{expr: \"lower(email)\"}` or `{name: col, desc: true}`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<IndexColumn, E> {
                Ident::new(s).map(IndexColumn::Column).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<IndexColumn, A::Error> {
                let a = IndexElementArgs::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                IndexColumn::from_args(a).map_err(serde::de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for IndexColumn {
    /// For the templates, one flat shape: `kind` (`column` or `expr`),
    /// `value`, and the options (`desc`, `nulls` as SQL, `opclass` as a
    /// `{schema, name}`, `length`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("IndexColumn", 6)?;
        match (self.column(), self.expr()) {
            (Some(c), _) => {
                st.serialize_field("kind", "column")?;
                st.serialize_field("value", c)?;
            }
            (None, e) => {
                st.serialize_field("kind", "expr")?;
                st.serialize_field("value", e.unwrap_or_default())?;
            }
        }
        let o = self.options();
        st.serialize_field("desc", &o.is_some_and(|o| o.desc))?;
        st.serialize_field("nulls", &o.and_then(|o| o.nulls).map(NullsOrder::sql))?;
        st.serialize_field("opclass", &o.and_then(|o| o.opclass.as_ref()))?;
        st.serialize_field("length", &o.and_then(|o| o.length))?;
        st.end()
    }
}

impl fmt::Display for IndexColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.column(), self.expr()) {
            (Some(c), _) => c.fmt(f)?,
            (None, e) => write!(f, "({})", e.unwrap_or_default())?,
        }
        if let Some(o) = self.options() {
            if let Some(n) = o.length {
                write!(f, "({n})")?;
            }
            if let Some(c) = &o.opclass {
                write!(f, " {c}")?;
            }
            if o.desc {
                f.write_str(" DESC")?;
            }
            if let Some(n) = o.nulls {
                write!(f, " NULLS {}", n.sql())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(name: Option<&str>, expr: Option<&str>) -> IndexElementArgs {
        IndexElementArgs {
            name: name.map(|n| Ident::new(n).unwrap()),
            expr: expr.map(str::to_owned),
            desc: false,
            nulls: None,
            opclass: None,
            length: None,
        }
    }

    #[test]
    fn plain_map_forms_stay_plain_and_options_are_boxed() {
        assert_eq!(
            IndexColumn::from_args(args(Some("a"), None)),
            Ok(IndexColumn::Column(Ident::new("a").unwrap()))
        );
        assert_eq!(
            IndexColumn::from_args(args(None, Some("lower(a)"))),
            Ok(IndexColumn::Expr("lower(a)".into()))
        );
        let mut a = args(Some("a"), None);
        a.desc = true;
        a.opclass = Some("public.gin_trgm_ops".into());
        let c = IndexColumn::from_args(a).unwrap();
        assert_eq!(c.column().map(Ident::as_str), Some("a"));
        assert_eq!(c.to_string(), "a public.gin_trgm_ops DESC");
        assert!(std::mem::size_of::<IndexColumn>() <= 24);
    }

    #[test]
    fn refuses_bad_forms() {
        assert!(IndexColumn::from_args(args(None, None)).is_err());
        assert!(IndexColumn::from_args(args(Some("a"), Some("b"))).is_err());
        assert!(IndexColumn::from_args(args(None, Some(" "))).is_err());
        for bad in ["a b", "x.y.z", "ops;--", "", "1ops", "a.", "\"q\""] {
            let mut a = args(Some("a"), None);
            a.opclass = Some(bad.into());
            assert!(IndexColumn::from_args(a).is_err(), "{bad}");
        }
        let mut a = args(Some("a"), None);
        a.length = Some(0);
        assert!(IndexColumn::from_args(a).is_err());
    }
}
