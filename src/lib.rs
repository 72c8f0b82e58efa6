//! `gen`: YAML revisions in, one reviewable SQL script out, offline.

pub mod diagnostic;
pub mod ident;
pub mod literal;
pub mod load;
pub mod locate;
pub mod ops;
pub mod revision;
pub mod schema;
pub mod span;
pub mod sqltype;
pub mod suggest;
