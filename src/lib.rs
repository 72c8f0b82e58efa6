//! `gen`: YAML revisions in, one reviewable SQL script out, offline.

pub mod diagnostic;
pub mod locate;
pub mod ops;
pub mod revision;
pub mod span;
pub mod suggest;
