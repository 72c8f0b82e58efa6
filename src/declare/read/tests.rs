//! Reading each form of schema file people have.

use super::*;
use crate::dialect::by_name;

pub(crate) fn read(text: &str, dialect: &str) -> Declared {
    let d = by_name(dialect).unwrap();
    match read_schema(text, Utf8Path::new("schema.sql"), &d) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}
