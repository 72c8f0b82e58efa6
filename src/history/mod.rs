//! History: the revisions as a graph, and what a command asks of it.
//!
//! [`graph`] checks the revisions (ids, parents, labels, cycles) and
//! answers heads, bases and ancestry; [`target`] resolves what a user typed
//! (ids, prefixes, `heads`, `label@`, relative steps); [`plan`] turns a
//! start and a target into the ordered steps of an upgrade or downgrade;
//! [`stamp`] plans the version-table rows `gen stamp` moves.
//! Nothing here knows SQL.

pub mod adjacency;
pub mod graph;
pub mod id_index;
pub mod plan;
pub mod stamp;
pub mod target;
