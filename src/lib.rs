//! `gen`: YAML revisions in, one reviewable SQL script out, offline.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod dialect;
pub mod error;
pub mod ident;
pub mod literal;
pub mod load;
pub mod locate;
pub mod render;
pub mod lower;
pub mod ops;
pub mod output;
pub mod revision;
pub mod schema;
pub mod script;
pub mod span;
pub mod sqltype;
pub mod statement;
pub mod suggest;
pub mod templates;
pub mod validate;
