//! `gen`: YAML revisions in, one reviewable SQL script out, offline.
//!
//! The folders are the compiler's stages, in the order data flows:
//! [`source`] (YAML to revisions) -> [`history`] (the graph, targets and
//! the plan) -> [`model`] (the schema replayed) -> [`lower`] (an operation
//! to statements, per [`dialect`]) -> [`lint`] -> [`emit`] (templates,
//! validation, the script), run by the [`driver`] for the [`cli`]. The
//! vocabulary of operations is [`ops`]; [`diag`] locates and shows problems;
//! [`parallel`] spreads independent work over the cores for any stage.
//! See ARCHITECTURE.md.

pub mod cli;
pub mod declare;
pub mod diag;
pub mod dialect;
pub mod driver;
pub mod emit;
pub mod history;
pub mod lint;
pub mod lower;
pub mod model;
pub mod ops;
pub mod parallel;
pub mod source;
