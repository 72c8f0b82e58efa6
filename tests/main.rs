//! The one integration-test binary: each file of `tests/` is a module of
//! it, and `tests/support/` is what they share. One binary links `gen` once
//! (instead of once per file) and runs every test in one pool of threads.
//! `tests/zz_test_summary.rs`, a plain program cargo runs after it, prints
//! which engines the live tests ran against.
//!
//! Run one file's tests with `cargo test --test main golden::`.

#[macro_use]
mod support;

mod alembic_compare;
mod architecture;
mod authoring;
mod autodiff_cli;
mod autodiff_live;
mod autoread_canon;
mod autoread_live;
mod autoread_roundtrip;
mod check_formats;
mod cli;
mod columns_live;
mod columns_options;
mod dialects_live;
mod docs;
mod dvocab_op_yaml;
mod enumnamed_live;
mod errors;
mod first_hour;
mod fuzz_script;
mod golden;
mod graph;
mod harden_client_hazards;
mod harden_free_text;
mod import_alembic;
mod import_real;
mod import_verify;
mod index_options_live;
mod iverify_cli;
mod json;
mod lint;
mod live_comments;
mod live_engines;
mod live_enums;
mod live_fragments;
mod live_harness;
mod live_literals;
mod live_model_steps;
mod live_names;
mod live_narrowing;
mod live_postgres;
mod live_sample;
mod live_stamp;
mod loader;
mod no_panic;
mod output_file;
mod property_pg;
mod rawsql_gaps;
mod rawsql_live;
mod readme;
mod seqenum_live;
mod statements_parse;
mod template_fuel;
mod verify;
