//! The declared schema: a schema written as SQL DDL (a dump or a
//! hand-written file) rather than as revisions. `read` turns the DDL into
//! the operations that build it and the model they replay into; `diff`
//! compares that model with the one the history replays.

pub mod diff;
pub mod read;
