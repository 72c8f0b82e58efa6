//! Names of database objects as the user wrote them.
//!
//! An [`Ident`] is a non-empty name without control characters; whether it
//! needs quoting, and whether it is too long, is the dialect's question and is
//! answered when rendering. A [`QualName`] is a table-like name with an
//! optional schema (`schema:` is accepted wherever a table is named).

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A validated object name (table, column, index, constraint, type).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Ident(Box<str>);

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_checked(d, "a name", Ident::new)
    }
}

/// Deserializes a string and checks it with `check` inside the visitor, so
/// that a format tracking positions (the loader's YAML reader) reports a
/// bad value at the value itself rather than at the start of the mapping
/// that holds it.
pub(crate) fn deserialize_checked<'de, D, T, F>(
    d: D,
    expecting: &'static str,
    check: F,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Result<T, String>,
{
    struct Checked<F>(&'static str, F);
    impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for Checked<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.1)(v).map_err(E::custom)
        }
    }
    d.deserialize_string(Checked(expecting, check))
}

impl Ident {
    pub fn new(s: &str) -> Result<Self, String> {
        if s.is_empty() {
            return Err("a name cannot be empty".to_owned());
        }
        if s.chars().any(|c| c.is_control()) {
            return Err(format!("name {s:?} contains a control character"));
        }
        Ok(Ident(s.into()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// A name known to be valid (a literal in the code).
    pub(crate) fn from_static(s: &'static str) -> Self {
        Ident(s.into())
    }
}

impl TryFrom<String> for Ident {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Ident::new(&s)
    }
}

impl From<Ident> for String {
    fn from(i: Ident) -> String {
        i.0.into_string()
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A table-level name with an optional schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct QualName {
    pub schema: Option<Ident>,
    pub name: Ident,
}

impl QualName {
    pub fn new(schema: Option<Ident>, name: Ident) -> Self {
        QualName { schema, name }
    }
}

impl fmt::Display for QualName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => write!(f, "{}", self.name),
        }
    }
}
