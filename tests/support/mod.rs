//! What the test modules of `tests/main.rs` share: running `gen`, the
//! fixture folders, the live engines and what they are checked with, the
//! notes for the summary line, snapshot names.

#[macro_use]
pub mod snap;

pub mod catalog;
pub mod clients;
pub mod fixtures;
pub mod gen;
pub mod live;
pub mod outcomes;
pub mod shape;
/// The benchmarks' synthetic histories (`benches/support/synth.rs`).
#[allow(dead_code)]
#[path = "../../benches/support/synth.rs"]
pub mod synth;
