//! The one way the tests run the built `gen` binary: a builder over
//! `std::process::Command`.
//!
//! ```ignore
//! let out = Gen::new().dir(tmp.path()).args(["upgrade", "heads"]).run();
//! let script = Gen::new().args(["--dialect", "sqlite", "upgrade", "heads"]).script(&path);
//! ```
//!
//! Every run starts in the repository root (the sample `migrations/` is
//! there) with colour off: `NO_COLOR=1`, and neither `CLICOLOR_FORCE` nor
//! `CLICOLOR` inherited; `.env` comes after and may turn it back on. What
//! gen prints must be UTF-8: anything else fails the test.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// The built binary, for a test that runs it through another program (a
/// terminal made by `script`, a shell with it on `PATH`).
pub const BIN: &str = env!("CARGO_BIN_EXE_gen");

/// What a finished run of `gen` left: its exit code (-1 when a signal ended
/// it; a panic is 101), stdout and stderr.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn success(&self) -> bool {
        self.code == 0
    }
}

/// A run of `gen` being put together; [`Gen::run`] runs it.
pub struct Gen {
    cmd: Command,
    /// The arguments as text, for failure messages.
    shown: Vec<String>,
}

impl Default for Gen {
    fn default() -> Self {
        Self::new()
    }
}

impl Gen {
    /// `gen` with no arguments, in the repository root, colour off.
    pub fn new() -> Gen {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        Gen {
            cmd,
            shown: Vec::new(),
        }
    }

    /// Runs in `dir` instead of the repository root.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Gen {
        self.cmd.current_dir(dir);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Gen {
        self.shown.push(arg.as_ref().to_string_lossy().into_owned());
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(self, args: I) -> Gen
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        args.into_iter().fold(self, Gen::arg)
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Gen {
        self.cmd.env(key, value);
        self
    }

    pub fn envs<I, K, V>(self, vars: I) -> Gen
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        vars.into_iter().fold(self, |g, (k, v)| g.env(k, v))
    }

    /// The command itself, for a test that spawns it (to signal it, to
    /// bound its time) instead of waiting for it.
    pub fn command(self) -> Command {
        self.cmd
    }

    /// Runs it to the end.
    pub fn run(mut self) -> Out {
        let out = self
            .cmd
            .output()
            .unwrap_or_else(|e| panic!("gen {:?} did not start: {e}", self.shown));
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout)
                .unwrap_or_else(|e| panic!("gen {:?}: stdout not UTF-8: {e}", self.shown)),
            stderr: String::from_utf8(out.stderr)
                .unwrap_or_else(|e| panic!("gen {:?}: stderr not UTF-8: {e}", self.shown)),
        }
    }

    /// Runs it; it must exit 0.
    pub fn ok(self) -> Out {
        let shown = self.shown.clone();
        let out = self.run();
        assert_eq!(out.code, 0, "gen {shown:?} failed:\n{}", out.stderr);
        out
    }

    /// Runs it with `-o out`; it must exit 0. Returns the script it wrote.
    pub fn script(self, out: impl AsRef<Path>) -> String {
        let out = out.as_ref();
        self.args([OsStr::new("-o"), out.as_os_str()]).ok();
        std::fs::read_to_string(out)
            .unwrap_or_else(|e| panic!("the script gen wrote to {}: {e}", out.display()))
    }
}
