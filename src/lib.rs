//! `gen`: YAML revisions in, one reviewable SQL script out, offline.
//!
//! The pipeline, one module per stage: [`load`] -> [`revision`] ->
//! [`graph`] -> [`target`] / [`plan`] -> [`schema`] -> [`lower`] ->
//! [`render`] -> [`validate`] -> [`script`] / [`output`], driven by
//! [`generate`] and the command line in [`app`].

pub mod adjacency;
pub mod app;
pub mod checksum;
pub mod cli;
pub mod commands;
pub mod comment;
pub mod compact;
pub mod config;
pub mod diagnostic;
pub mod dialect;
pub mod error;
pub mod fragment;
pub mod generate;
pub mod graph;
pub mod id_index;
pub mod ident;
pub mod interrupt;
pub mod json_schema;
pub mod lint;
pub mod literal;
pub mod literal_type;
pub mod load;
pub mod locate;
pub mod lower;
pub mod narrowing;
pub mod ops;
pub mod output;
pub mod parallel;
pub mod plan;
pub mod render;
pub mod revision;
pub mod revision_file;
pub mod schema;
pub mod script;
pub mod span;
pub mod sqltype;
pub mod statement;
pub mod suggest;
pub mod target;
pub mod templates;
pub mod terminal;
pub mod upgrade_ops;
pub mod validate;
pub mod version_sql;
