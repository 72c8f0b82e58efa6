//! The command line: flags to settings, one call per command, and the
//! only code that prints to stdout and chooses exit codes.
//!
//! [`args`] is the clap definition; [`config`] merges it with `gen.yaml`
//! into settings; [`run`] dispatches (the commands that compare with a
//! schema file through [`autogen`]); [`commands`] holds one file per
//! command.

pub mod args;
pub mod autogen;
pub mod commands;
pub mod config;
pub mod print;
pub mod run;
