//! Command implementations that are more than a call into the pipeline.

pub mod listing;
pub mod schema;
