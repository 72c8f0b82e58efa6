//! Command implementations that are more than a call into the pipeline.

pub mod alembic_habits;
pub mod autogen;
pub mod check;
pub mod check_format;
pub mod cli_docs;
pub mod graph_view;
pub mod import;
pub mod init;
pub mod json;
pub mod listing;
pub mod merge;
pub mod revision;
pub mod schema;
pub mod scripts;
pub mod verify;
pub mod warning_summary;
