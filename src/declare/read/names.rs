//! Names in a schema file, read into gen's names: the last part of a
//! dotted name is the object, the one before it its schema, and the
//! dialect's default schema (`public`) is the same as none.

use super::error::{Place, ReadError};
use crate::dialect::Dialect;
use crate::ops::ident::{Ident, QualName};
use sqlparser::ast::{self, ObjectName};

pub fn ident(i: &ast::Ident, at: &Place) -> Result<Ident, ReadError> {
    Ident::new(&i.value).map_err(|message| ReadError::Unsupported {
        at: at.clone(),
        what: message,
        help: "names are non-empty and hold no control characters".to_owned(),
    })
}

/// The plain parts of a dotted name.
pub fn parts(name: &ObjectName) -> Vec<&ast::Ident> {
    name.0.iter().filter_map(|p| p.as_ident()).collect()
}

pub fn qual(name: &ObjectName, dialect: &dyn Dialect, at: &Place) -> Result<QualName, ReadError> {
    let parts = parts(name);
    match parts.as_slice() {
        [n] => Ok(QualName::new(None, ident(n, at)?)),
        [s, n] => {
            let schema = (Some(s.value.as_str()) != dialect.default_schema())
                .then(|| ident(s, at))
                .transpose()?;
            Ok(QualName::new(schema, ident(n, at)?))
        }
        _ => Err(ReadError::Unsupported {
            at: at.clone(),
            what: format!("`{name}` names a database or catalog as well as a schema"),
            help: "write a table as `name` or `schema.name`".to_owned(),
        }),
    }
}

/// The last part of a dotted name (a type's or sequence's name).
pub fn last(name: &ObjectName) -> String {
    parts(name)
        .last()
        .map(|i| i.value.clone())
        .unwrap_or_else(|| name.to_string())
}
