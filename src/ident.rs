//! Names of database objects as the user wrote them.
//!
//! An [`Ident`] is a non-empty name without control characters; whether it
//! needs quoting, and whether it is too long, is the dialect's question and is
//! answered when rendering. A [`QualName`] is a table-like name with an
//! optional schema (`schema:` is accepted wherever a table is named).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A validated object name (table, column, index, constraint, type).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Ident(String);

impl Ident {
    pub fn new(s: &str) -> Result<Self, String> {
        if s.is_empty() {
            return Err("a name cannot be empty".to_owned());
        }
        if s.chars().any(|c| c.is_control()) {
            return Err(format!("name {s:?} contains a control character"));
        }
        Ok(Ident(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// A name known to be valid (a literal in the code).
    pub(crate) fn from_static(s: &'static str) -> Self {
        Ident(s.to_owned())
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
        i.0
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
