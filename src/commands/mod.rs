//! Command implementations that are more than a call into the pipeline.

pub mod check;
pub mod json;
pub mod listing;
pub mod scripts;
pub mod stamp;
pub mod verify;
