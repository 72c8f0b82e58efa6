//! Writes a synthetic migration history (see `benches/support/synth.rs`).
//!
//! ```sh
//! cargo run --release --example synth -- 2000 /tmp/h2000 [--seed 7] [--manifest /tmp/h2000.json]
//! cargo run --release --example synth -- --mix    # the operation mix's version
//! ```
//!
//! The YAML files go into the directory; `--manifest` also writes the history
//! with explicit downgrades as JSON, for `bench/alembic_writer.py`.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut seed = 7u64;
    let mut manifest: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage("--seed needs a number"),
            },
            // The mix's version, for scripts that cache histories.
            "--mix" => {
                println!("{}", synth::MIX);
                return ExitCode::SUCCESS;
            }
            "--manifest" => match args.next() {
                Some(p) => manifest = Some(p.into()),
                None => return usage("--manifest needs a file"),
            },
            _ => positional.push(a),
        }
    }
    let (n, dir) = match positional.as_slice() {
        [n, dir] => match n.parse::<usize>() {
            Ok(n) => (n, PathBuf::from(dir)),
            Err(_) => return usage("N is a number of revisions"),
        },
        _ => return usage("expected N and an output directory"),
    };
    let history = synth::History::generate(n, seed);
    let written = history.write_yaml(&dir).and_then(|()| match &manifest {
        Some(m) => history.write_manifest(m),
        None => Ok(()),
    });
    match written {
        Ok(()) => {
            eprintln!("wrote {n} revisions to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("synth: {problem}\nusage: synth N DIR [--seed S] [--manifest FILE.json]");
    ExitCode::from(2)
}
