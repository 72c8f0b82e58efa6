//! Documents generated from the command-line definition itself: shell
//! completion scripts (`gen completions SHELL`, clap_complete) and the man
//! page (`gen man`, clap_mangen). `docs/gen.1` is the committed man page; a
//! test keeps it equal to what `gen man` prints.

use crate::cli::Cli;
use clap::CommandFactory;
pub use clap_complete::Shell;

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "gen", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The man page, as roff.
pub fn man_page() -> Result<String, String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| format!("cannot render the man page: {e}"))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}
