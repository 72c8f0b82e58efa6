//! `gen`: YAML revisions in, one reviewable SQL script out, offline.

pub mod diagnostic;
pub mod dialect;
pub mod ident;
pub mod literal;
pub mod load;
pub mod locate;
pub mod lower;
pub mod ops;
pub mod revision;
pub mod schema;
pub mod span;
pub mod sqltype;
pub mod statement;
pub mod suggest;
