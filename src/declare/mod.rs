//! A declared schema (SQL DDL a user keeps, or an engine dumped) read into
//! the model, and compared with the schema the migrations replay to.
//!
//! `read` turns DDL text into the same [`crate::model::Schema`] the replay
//! builds (and the operations that build it); `diff` compares two schemas
//! and gives the operations that turn one into the other, in an order the
//! engines accept, with renames taken only from what the user said. This
//! stage sits after `model` (it builds and compares schemas) and before
//! `lower`: it never decides statements, it writes operations.

pub mod diff;
pub mod read;
