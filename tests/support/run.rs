//! Runs the built `gen` binary in a directory, colour off, and keeps what it
//! said: exit code, stdout, stderr.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn gen(dir: &Path, args: &[&str]) -> Out {
    let o = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("run gen");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Runs `gen ARGS -o OUT` in `dir`, which must succeed, and returns the
/// script it wrote.
pub fn script(dir: &Path, args: &[&str], out: &Path) -> String {
    let out_arg = out.to_str().expect("a UTF-8 path");
    let mut all = args.to_vec();
    all.extend(["-o", out_arg]);
    let o = gen(dir, &all);
    assert_eq!(o.code, 0, "gen {args:?}: {}", o.stderr);
    std::fs::read_to_string(out).expect("the script gen wrote")
}
