//! Column types: the portable vocabulary of the contract and per-dialect maps.
//!
//! A [`SqlType`] is one of the portable types (`integer`, `varchar(255)`,
//! `enum(a,b)`, ...), parsed case-insensitively with its aliases. A
//! [`TypeSpec`] is what a column's `type:` holds: a portable type, or a map from
//! dialect name to a type for that dialect (with an optional `default`). Which
//! native type a portable type becomes is the dialect's business.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A portable column type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SqlType {
    SmallInt,
    Integer,
    BigInt,
    Boolean,
    Numeric {
        precision: Option<u32>,
        scale: Option<u32>,
    },
    Real,
    Float,
    Double,
    Varchar {
        length: Option<u32>,
    },
    Char {
        length: Option<u32>,
    },
    Text,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
    Json,
    Binary,
    Enum {
        values: Vec<String>,
    },
}

/// The portable type names, for error messages.
pub const PORTABLE_TYPES: &[&str] = &[
    "smallint",
    "integer",
    "int",
    "bigint",
    "boolean",
    "numeric(p,s)",
    "decimal(p,s)",
    "real",
    "float",
    "double",
    "varchar(n)",
    "string(n)",
    "char(n)",
    "text",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "interval",
    "uuid",
    "json",
    "binary",
    "blob",
    "enum(a,b,...)",
];

fn parse_args(s: &str) -> Result<(String, Option<Vec<String>>), String> {
    let s = s.trim();
    match s.find('(') {
        None => Ok((s.to_ascii_lowercase(), None)),
        Some(open) => {
            let Some(inner) = s[open + 1..].strip_suffix(')') else {
                return Err(format!("type `{s}` has an unclosed `(`"));
            };
            let name = s[..open].trim().to_ascii_lowercase();
            Ok((name, Some(split_args(inner)?)))
        }
    }
}

/// A type's arguments, split at the commas outside quotes and trimmed. A
/// quoted argument (`'a,b'` or `"a,b"`, the quote doubled inside it to
/// stand for itself) is kept with its quotes, for [`unquote`]; text after
/// its closing quote is an error.
fn split_args(inner: &str) -> Result<Vec<String>, String> {
    let mut args = Vec::new();
    let mut rest = inner;
    loop {
        let arg = rest.trim_start();
        let quote = arg.chars().next().filter(|c| matches!(c, '\'' | '"'));
        let end = match quote {
            Some(q) => {
                let close = quoted_end(arg, q)
                    .ok_or_else(|| format!("`{arg}` opens a quote ({q}) that is not closed"))?;
                let after = arg[close..].trim_start();
                if !after.is_empty() && !after.starts_with(',') {
                    return Err(format!(
                        "`{after}` follows the quoted value `{}`; values are separated by commas",
                        &arg[..close]
                    ));
                }
                arg.len() - after.len()
            }
            None => arg.find(',').unwrap_or(arg.len()),
        };
        args.push(arg[..end].trim().to_owned());
        match arg[end..].strip_prefix(',') {
            Some(next) => rest = next,
            None => return Ok(args),
        }
    }
}

/// The byte just past the quote that closes `arg` (which starts with `q`);
/// a doubled `q` inside stands for itself.
fn quoted_end(arg: &str, q: char) -> Option<usize> {
    let mut chars = arg.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if c == q {
            if chars.peek().is_some_and(|(_, n)| *n == q) {
                chars.next();
            } else {
                return Some(i + q.len_utf8());
            }
        }
    }
    None
}

fn number(ty: &str, arg: &str) -> Result<u32, String> {
    arg.parse::<u32>()
        .map_err(|_| format!("type `{ty}` needs a whole number here, not `{arg}`"))
}

fn length(name: &str, args: Option<Vec<String>>) -> Result<Option<u32>, String> {
    match args.as_deref() {
        None => Ok(None),
        Some([n]) => {
            let n = number(name, n)?;
            if n == 0 {
                return Err(format!("type `{name}` needs a length of at least 1"));
            }
            Ok(Some(n))
        }
        Some(_) => Err(format!(
            "type `{name}` takes one length, e.g. `{name}(255)`"
        )),
    }
}

fn no_args(name: &str, args: &Option<Vec<String>>) -> Result<(), String> {
    match args {
        None => Ok(()),
        Some(_) => Err(format!("type `{name}` takes no arguments")),
    }
}

/// An enum value as written: a quoted one (checked whole by [`split_args`])
/// without its quotes, a doubled quote inside standing for one; any other
/// as it is.
fn unquote(v: &str) -> String {
    match v.chars().next() {
        Some(q @ ('\'' | '"')) if v.len() >= 2 => {
            let inner = &v[1..v.len() - 1];
            inner.replace(&format!("{q}{q}"), &q.to_string())
        }
        _ => v.to_owned(),
    }
}

/// An enum value as [`SqlType::parse`] reads it back: quoted (quotes
/// doubled) when it holds a comma or a quote, begins or ends with blank
/// space, or is empty; as it is otherwise.
fn enum_value(v: &str) -> std::borrow::Cow<'_, str> {
    let plain = !v.is_empty() && v.trim() == v && !v.contains([',', '\'', '"']);
    if plain {
        std::borrow::Cow::Borrowed(v)
    } else {
        std::borrow::Cow::Owned(format!("'{}'", v.replace('\'', "''")))
    }
}

impl SqlType {
    /// Parses a portable type name such as `varchar(255)` or `enum(a,b)`.
    pub fn parse(s: &str) -> Result<SqlType, String> {
        let (name, args) = parse_args(s)?;
        let simple = |t: SqlType| no_args(&name, &args).map(|()| t);
        match name.as_str() {
            "smallint" => simple(SqlType::SmallInt),
            "integer" | "int" => simple(SqlType::Integer),
            "bigint" => simple(SqlType::BigInt),
            "boolean" | "bool" => simple(SqlType::Boolean),
            "real" => simple(SqlType::Real),
            "float" => simple(SqlType::Float),
            "double" => simple(SqlType::Double),
            "text" => simple(SqlType::Text),
            "date" => simple(SqlType::Date),
            "time" => simple(SqlType::Time),
            "timestamp" => simple(SqlType::Timestamp),
            "timestamptz" => simple(SqlType::TimestampTz),
            "interval" => simple(SqlType::Interval),
            "uuid" => simple(SqlType::Uuid),
            "json" => simple(SqlType::Json),
            "binary" | "blob" => simple(SqlType::Binary),
            "varchar" | "string" => Ok(SqlType::Varchar {
                length: length(&name, args)?,
            }),
            "char" => Ok(SqlType::Char {
                length: length(&name, args)?,
            }),
            "numeric" | "decimal" => match args.as_deref() {
                None => Ok(SqlType::Numeric {
                    precision: None,
                    scale: None,
                }),
                Some([p]) => Ok(SqlType::Numeric {
                    precision: Some(number(&name, p)?),
                    scale: None,
                }),
                Some([p, s]) => {
                    let (p, s) = (number(&name, p)?, number(&name, s)?);
                    if p == 0 || s > p {
                        return Err(format!(
                            "type `{name}({p},{s})` needs 1 <= precision and scale <= precision"
                        ));
                    }
                    Ok(SqlType::Numeric {
                        precision: Some(p),
                        scale: Some(s),
                    })
                }
                Some(_) => Err(format!(
                    "type `{name}` takes a precision and a scale, e.g. `{name}(10,2)`"
                )),
            },
            "enum" => {
                let values: Vec<String> = args
                    .unwrap_or_default()
                    .iter()
                    .map(|v| unquote(v))
                    .collect();
                if values.is_empty() || values.iter().any(|v| v.is_empty()) {
                    return Err("type `enum` needs non-empty values, e.g. `enum(draft,sent,paid)`"
                        .to_owned());
                }
                let mut seen = std::collections::BTreeSet::new();
                if let Some(dup) = values.iter().find(|v| !seen.insert(v.as_str())) {
                    return Err(format!("type `enum` lists `{dup}` twice"));
                }
                Ok(SqlType::Enum { values })
            }
            _ => Err(format!(
                "unknown type `{s}`; portable types are {}; anything else is written as a per-dialect map, e.g. `{{postgresql: tsvector, default: text}}`",
                PORTABLE_TYPES.join(", ")
            )),
        }
    }

    /// True for the integer types (the ones `autoincrement` applies to).
    pub fn is_integer(&self) -> bool {
        matches!(self, SqlType::SmallInt | SqlType::Integer | SqlType::BigInt)
    }
}

impl fmt::Display for SqlType {
    /// The canonical portable spelling, e.g. `varchar(255)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::SmallInt => f.write_str("smallint"),
            SqlType::Integer => f.write_str("integer"),
            SqlType::BigInt => f.write_str("bigint"),
            SqlType::Boolean => f.write_str("boolean"),
            SqlType::Numeric { precision, scale } => match (precision, scale) {
                (Some(p), Some(s)) => write!(f, "numeric({p},{s})"),
                (Some(p), None) => write!(f, "numeric({p})"),
                _ => f.write_str("numeric"),
            },
            SqlType::Real => f.write_str("real"),
            SqlType::Float => f.write_str("float"),
            SqlType::Double => f.write_str("double"),
            SqlType::Varchar { length: Some(n) } => write!(f, "varchar({n})"),
            SqlType::Varchar { length: None } => f.write_str("varchar"),
            SqlType::Char { length: Some(n) } => write!(f, "char({n})"),
            SqlType::Char { length: None } => f.write_str("char"),
            SqlType::Text => f.write_str("text"),
            SqlType::Date => f.write_str("date"),
            SqlType::Time => f.write_str("time"),
            SqlType::Timestamp => f.write_str("timestamp"),
            SqlType::TimestampTz => f.write_str("timestamptz"),
            SqlType::Interval => f.write_str("interval"),
            SqlType::Uuid => f.write_str("uuid"),
            SqlType::Json => f.write_str("json"),
            SqlType::Binary => f.write_str("binary"),
            SqlType::Enum { values } => {
                f.write_str("enum(")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    f.write_str(&enum_value(v))?;
                }
                f.write_str(")")
            }
        }
    }
}

/// The dialect names a per-dialect type map may use, plus `default`.
pub const TYPE_MAP_KEYS: &[&str] = &[
    "postgresql",
    "mysql",
    "mariadb",
    "sqlite",
    "mssql",
    "default",
];

/// What a column's `type:` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TypeSpec {
    Portable(SqlType),
    /// Dialect name (or `default`) -> the type text for it. A value that parses
    /// as a portable type is mapped by the dialect; anything else is native.
    /// Boxed because maps are rare: inline, the map would make every
    /// `TypeSpec` 32 bytes rather than 24.
    PerDialect(Box<BTreeMap<String, String>>),
    /// A named enum type shared by the columns naming it (boxed: rare).
    Named(Box<super::enum_type::NamedEnum>),
}

/// A type as it applies to one dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialectType {
    Portable(SqlType),
    Native(String),
}

impl TypeSpec {
    /// The type for `dialect` (its aliases are tried in order), or an error
    /// naming the dialects the map covers.
    pub fn for_dialect(&self, names: &[&str]) -> Result<DialectType, String> {
        match self {
            TypeSpec::Portable(t) => Ok(DialectType::Portable(t.clone())),
            TypeSpec::Named(n) => Ok(DialectType::Portable(n.ty.clone())),
            TypeSpec::PerDialect(map) => {
                let text = names
                    .iter()
                    .find_map(|n| map.get(*n))
                    .or_else(|| map.get("default"));
                match text {
                    Some(t) => Ok(match SqlType::parse(t) {
                        Ok(p) => DialectType::Portable(p),
                        Err(_) => DialectType::Native(t.clone()),
                    }),
                    None => Err(format!(
                        "the type map names {} but not `{}` and has no `default`",
                        map.keys()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        names.first().copied().unwrap_or("this dialect")
                    )),
                }
            }
        }
    }

    /// The portable type, when the spec is one (enum handling, narrowing checks).
    pub fn portable(&self) -> Option<&SqlType> {
        match self {
            TypeSpec::Portable(t) => Some(t),
            TypeSpec::Named(n) => Some(&n.ty),
            TypeSpec::PerDialect(_) => None,
        }
    }
}

impl fmt::Display for TypeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeSpec::Portable(t) => t.fmt(f),
            TypeSpec::Named(n) => n.fmt(f),
            TypeSpec::PerDialect(map) => {
                let parts: Vec<String> = map.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                write!(f, "{{{}}}", parts.join(", "))
            }
        }
    }
}

fn native_ok(t: &str) -> bool {
    !t.trim().is_empty()
        && t.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '(' | ')' | ',' | '[' | ']' | '.')
        })
}

impl<'de> Deserialize<'de> for TypeSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than an untagged enum, and seeds for the map's
        // keys and values: an error raised while reading a node is
        // reported at that node (the dialect key, the type value).
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = TypeSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a type name such as `varchar(255)` or a per-dialect map such as `{postgresql: tsvector, default: text}`",
                )
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<TypeSpec, E> {
                SqlType::parse(s).map(TypeSpec::Portable).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                access: A,
            ) -> Result<TypeSpec, A::Error> {
                super::enum_type::read_type_map(access)
            }
        }
        d.deserialize_any(V)
    }
}

/// A key of a per-dialect map (a type map, `execute`'s `sql:`): one of
/// [`TYPE_MAP_KEYS`], checked as it is read. The field names the map.
pub(crate) struct DialectKey(pub &'static str);

impl<'de> serde::de::DeserializeSeed<'de> for DialectKey {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let k = String::deserialize(d)?;
        self.check(k).map_err(serde::de::Error::custom)
    }
}

impl DialectKey {
    /// `k` if it is one of [`TYPE_MAP_KEYS`], else the message saying so.
    pub(crate) fn check(&self, k: String) -> Result<String, String> {
        if TYPE_MAP_KEYS.contains(&k.as_str()) {
            return Ok(k);
        }
        Err(format!(
            "unknown dialect `{k}` in {}, expected one of {}",
            self.0,
            TYPE_MAP_KEYS
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// A type-map value: a portable type, or a native type name (checked for
/// characters a type name cannot have). The field is its dialect key.
pub(super) struct TypeMapValue<'k>(pub(super) &'k str);

impl<'de> serde::de::DeserializeSeed<'de> for TypeMapValue<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let v = String::deserialize(d)?;
        if SqlType::parse(&v).is_err() && !native_ok(&v) {
            return Err(serde::de::Error::custom(format!(
                "type `{v}` for `{}` has characters a type name cannot have",
                self.0
            )));
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_portable_types_and_aliases() {
        assert_eq!(SqlType::parse("INT").unwrap(), SqlType::Integer);
        assert_eq!(
            SqlType::parse("string(40)").unwrap(),
            SqlType::Varchar { length: Some(40) }
        );
        assert_eq!(
            SqlType::parse("decimal(10, 2)").unwrap().to_string(),
            "numeric(10,2)"
        );
        assert_eq!(
            SqlType::parse("enum('a', b)").unwrap(),
            SqlType::Enum {
                values: vec!["a".into(), "b".into()]
            }
        );
        assert_eq!(SqlType::parse("Blob").unwrap(), SqlType::Binary);
    }

    #[test]
    fn enum_values_split_outside_quotes_only() {
        let values = |t: &str| match SqlType::parse(t).unwrap() {
            SqlType::Enum { values } => values,
            other => panic!("{other:?}"),
        };
        assert_eq!(values("enum('a,b', c)"), ["a,b", "c"]);
        assert_eq!(
            values(r#"enum("x,y" , 'it''s', "q""d")"#),
            ["x,y", "it's", "q\"d"]
        );
        assert_eq!(
            values("enum('back\\slash', 'tab\there')"),
            ["back\\slash", "tab\there"]
        );
        assert_eq!(values("enum(' padded ', it's)"), [" padded ", "it's"]);
        assert!(SqlType::parse("enum('a, b)")
            .unwrap_err()
            .contains("not closed"));
        assert!(SqlType::parse("enum('a'b, c)")
            .unwrap_err()
            .contains("separated by commas"));
        assert!(SqlType::parse("enum('', c)")
            .unwrap_err()
            .contains("non-empty"));
    }

    #[test]
    fn enum_spelling_reads_back_as_the_same_values() {
        for values in [
            vec!["a,b", "c"],
            vec!["it's", "q\"d", "'x'"],
            vec![" padded", "tab\t", "back\\slash", "ünï", "a)"],
        ] {
            let t = SqlType::Enum {
                values: values.iter().map(|v| (*v).to_owned()).collect(),
            };
            assert_eq!(SqlType::parse(&t.to_string()).unwrap(), t, "{t}");
        }
        let plain = SqlType::parse("enum(draft,sent,paid)").unwrap();
        assert_eq!(plain.to_string(), "enum(draft,sent,paid)");
    }

    #[test]
    fn rejects_bad_types_with_a_reason() {
        assert!(SqlType::parse("varchar(0)")
            .unwrap_err()
            .contains("at least 1"));
        assert!(SqlType::parse("varchar(x)")
            .unwrap_err()
            .contains("whole number"));
        assert!(SqlType::parse("numeric(2,5)")
            .unwrap_err()
            .contains("scale"));
        assert!(SqlType::parse("integer(4)")
            .unwrap_err()
            .contains("no arguments"));
        assert!(SqlType::parse("enum(a,a)").unwrap_err().contains("twice"));
        assert!(SqlType::parse("tsvector")
            .unwrap_err()
            .contains("per-dialect map"));
        assert!(SqlType::parse("varchar(3")
            .unwrap_err()
            .contains("unclosed"));
    }

    #[test]
    fn type_map_picks_dialect_then_default() {
        let mut m = BTreeMap::new();
        m.insert("postgresql".to_owned(), "tsvector".to_owned());
        m.insert("default".to_owned(), "text".to_owned());
        let spec = TypeSpec::PerDialect(Box::new(m.clone()));
        assert_eq!(
            spec.for_dialect(&["postgresql"]).unwrap(),
            DialectType::Native("tsvector".into())
        );
        assert_eq!(
            spec.for_dialect(&["sqlite"]).unwrap(),
            DialectType::Portable(SqlType::Text)
        );
        m.remove("default");
        let err = TypeSpec::PerDialect(Box::new(m))
            .for_dialect(&["mysql"])
            .unwrap_err();
        assert!(
            err.contains("`mysql`") && err.contains("no `default`"),
            "{err}"
        );
    }
}
