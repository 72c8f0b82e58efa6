//! `gen`: YAML revisions in, one reviewable SQL script out, offline.

pub mod graph;
pub mod ops;
pub mod plan;
pub mod revision;
pub mod span;
pub mod target;
