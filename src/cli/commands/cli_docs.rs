//! Documents generated from the command-line definition itself: shell
//! completion scripts (`gen completions SHELL`, clap_complete) and the man
//! pages (`gen man [COMMAND]`, clap_mangen): `gen(1)` and one page per
//! command, `gen-upgrade(1)`, ..., which `gen(1)` refers to. `docs/man/`
//! holds the committed pages; a test keeps them equal to what `gen man`
//! prints.

use crate::cli::args::Cli;
use crate::diag::suggest::did_you_mean;
use clap::CommandFactory;
pub use clap_complete::Shell;

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "gen", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// Why a man page cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManError {
    /// `gen man NAME` for a command that does not exist.
    UnknownCommand {
        name: String,
        suggestion: Option<String>,
        commands: Vec<String>,
    },
    /// clap_mangen failed to render (writing into memory cannot fail).
    Render(String),
}

impl std::fmt::Display for ManError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ManError::UnknownCommand {
                name,
                suggestion,
                commands,
            } => {
                write!(f, "`gen man {name}`: there is no command `{name}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                write!(f, "; the commands are: {}", commands.join(", "))
            }
            ManError::Render(e) => write!(f, "cannot render the man page: {e}"),
        }
    }
}

/// The command tree the pages describe: built (so that each command has
/// its `gen-NAME` display name) and without the `help` command, which has
/// no page of its own (as clap_mangen's `generate_to`).
fn documented() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The commands that have a page, in the order `gen(1)` lists them.
fn pages_of(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands().filter(|c| !c.is_hide_set())
}

fn render(cmd: clap::Command) -> Result<(String, String), ManError> {
    let man = clap_mangen::Man::new(cmd);
    let mut buf = Vec::new();
    man.render(&mut buf)
        .map_err(|e| ManError::Render(e.to_string()))?;
    Ok((
        man.get_filename(),
        String::from_utf8_lossy(&buf).into_owned(),
    ))
}

/// The man page of `gen` (`None`) or of one of its commands, as roff.
pub fn man_page(command: Option<&str>) -> Result<String, ManError> {
    let cmd = documented();
    let Some(name) = command else {
        return render(cmd).map(|(_, text)| text);
    };
    let found = pages_of(&cmd)
        .find(|c| c.get_name() == name || c.get_all_aliases().any(|a| a == name))
        .cloned();
    match found {
        Some(sub) => render(sub).map(|(_, text)| text),
        None => {
            let commands: Vec<String> = pages_of(&cmd).map(|c| c.get_name().to_owned()).collect();
            Err(ManError::UnknownCommand {
                name: name.to_owned(),
                suggestion: did_you_mean(name, commands.iter().map(String::as_str))
                    .map(str::to_owned),
                commands,
            })
        }
    }
}

/// Every page: (file name, roff), `gen.1` first, then `gen-COMMAND.1` in
/// the order `gen(1)` lists them.
pub fn man_pages() -> Result<Vec<(String, String)>, ManError> {
    let cmd = documented();
    let mut pages = vec![render(cmd.clone())?];
    for sub in pages_of(&cmd) {
        pages.push(render(sub.clone())?);
    }
    Ok(pages)
}
