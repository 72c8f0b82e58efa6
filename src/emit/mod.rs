//! Emitting: statements to SQL text, and SQL text to one script.
//!
//! [`templates`] holds the embedded minijinja templates (and a user's
//! `--templates` folder); [`render`] fills one statement into its template;
//! [`validate`] parses the text back with sqlparser; [`comment`] writes every
//! comment gen puts in a script; [`version_sql`] the version-table
//! statements; [`script`] assembles the parts and [`output`] writes them
//! (atomically, removed on interrupt by [`interrupt`]).

pub mod comment;
pub mod interrupt;
pub mod output;
pub mod render;
pub mod script;
pub mod templates;
pub mod validate;
pub mod version_sql;
