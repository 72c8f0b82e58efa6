//! A named enum type as a column's `type:` writes it,
//! `{enum: [draft, sent], name: mood}`: the keys a type map may hold
//! besides dialect names ([`TypeKey`]), the value list and the finished
//! [`SqlType::Enum`] with its name. Every error is raised while reading the
//! node it is about (the list, the name, the key), so it is reported there.

use super::ident::Ident;
use super::sqltype::{DialectKey, SqlType, TypeMapValue, TypeSpec};
use serde::de::{DeserializeSeed, Error, MapAccess};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A key of a column's `type:` map: a dialect name (a per-dialect map) or
/// one of a named enum's keys.
enum TypeKey {
    Dialect(String),
    Enum,
    Name,
}

/// Reads a [`TypeKey`]; anything else is [`DialectKey`]'s error.
struct TypeKeySeed;

impl<'de> DeserializeSeed<'de> for TypeKeySeed {
    type Value = TypeKey;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<TypeKey, D::Error> {
        let k = String::deserialize(d)?;
        match k.as_str() {
            "enum" => Ok(TypeKey::Enum),
            "name" => Ok(TypeKey::Name),
            _ => DialectKey("a type map")
                .check(k)
                .map(TypeKey::Dialect)
                .map_err(D::Error::custom),
        }
    }
}

/// The `enum:` list of a named enum: non-empty values, none twice.
struct EnumValues;

impl<'de> DeserializeSeed<'de> for EnumValues {
    type Value = Vec<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        let values = Vec::<String>::deserialize(d)?;
        if values.is_empty() || values.iter().any(String::is_empty) {
            return Err(D::Error::custom(
                "a named enum needs a non-empty list of non-empty values, e.g. `enum: [draft, sent, paid]`",
            ));
        }
        let mut seen = BTreeSet::new();
        if let Some(dup) = values.iter().find(|v| !seen.insert(v.as_str())) {
            return Err(D::Error::custom(format!("the enum lists `{dup}` twice")));
        }
        Ok(values)
    }
}

/// A named enum's `name:` value: a valid identifier.
struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Ident;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Ident, D::Error> {
        Ident::deserialize(d)
    }
}

/// A column's `type:` written as a map: a named enum, or a per-dialect map
/// (a dialect name, or `default`, to a type text).
pub(super) fn read_type_map<'de, A: MapAccess<'de>>(mut access: A) -> Result<TypeSpec, A::Error> {
    let mut map = BTreeMap::new();
    let (mut values, mut name) = (None, None);
    while let Some(k) = access.next_key_seed(TypeKeySeed)? {
        match k {
            TypeKey::Dialect(k) => {
                let v = access.next_value_seed(TypeMapValue(&k))?;
                map.insert(k, v);
            }
            TypeKey::Enum => values = Some(access.next_value_seed(EnumValues)?),
            TypeKey::Name => name = Some(access.next_value_seed(NameSeed)?),
        }
        if !map.is_empty() && (values.is_some() || name.is_some()) {
            return Err(A::Error::custom(MIXED));
        }
    }
    if values.is_some() || name.is_some() {
        return finish(values, name).map_err(A::Error::custom);
    }
    if map.is_empty() {
        return Err(A::Error::custom("a per-dialect type map cannot be empty"));
    }
    Ok(TypeSpec::PerDialect(Box::new(map)))
}

/// A named enum type: its name and its values (an [`SqlType::Enum`], which
/// is how every dialect renders it when it has no named types).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedEnum {
    pub name: Ident,
    pub ty: SqlType,
}

impl NamedEnum {
    /// The values.
    pub fn values(&self) -> &[String] {
        match &self.ty {
            SqlType::Enum { values } => values,
            _ => &[],
        }
    }
}

impl fmt::Display for NamedEnum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{enum: [{}], name: {}}}",
            self.values().join(", "),
            self.name
        )
    }
}

impl TypeSpec {
    /// The name of the named enum type this spec is, if it is one.
    pub fn enum_name(&self) -> Option<&Ident> {
        match self {
            TypeSpec::Named(n) => Some(&n.name),
            _ => None,
        }
    }
}

/// The named enum from its two keys, or what is missing.
fn finish(values: Option<Vec<String>>, name: Option<Ident>) -> Result<TypeSpec, String> {
    match (values, name) {
        (Some(values), Some(name)) => Ok(TypeSpec::Named(Box::new(NamedEnum {
            name,
            ty: SqlType::Enum { values },
        }))),
        (Some(_), None) => Err(
            "a named enum needs `name:` (the type's name), e.g. `{enum: [a, b], name: mood}`; for a type of the column's own, write `enum(a,b)`"
                .to_owned(),
        ),
        (None, _) => Err(
            "a named enum needs `enum:` (its values), e.g. `{enum: [a, b], name: mood}`".to_owned(),
        ),
    }
}

/// The message for a map mixing dialect keys with a named enum's.
const MIXED: &str =
    "a type is either a named enum `{enum: [...], name: ...}` or a per-dialect map, not both";
