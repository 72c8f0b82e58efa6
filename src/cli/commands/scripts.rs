//! The script-producing commands (`upgrade`, `downgrade`, `stamp`): from a
//! settled [`Config`], a kind and a target to a [`Generated`] script, with
//! the header's facts (the canonical command, the range, the notes).
//!
//! The canonical command records everything that shapes the output, quoted
//! so that `gen verify` can run it again and compare bytes.

use crate::cli::config::load_graph;
use crate::cli::config::Config;
use crate::diag::error::Error;
use crate::driver::warning::WarningOut;
use crate::driver::{generate_spilled, generate_stamp, Generated, RunInfo};
use crate::history::plan::{Direction, Plan};
use crate::history::stamp::plan_stamp;
use crate::source::revision::RevisionId;

/// Which script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptKind {
    Upgrade,
    Downgrade,
    Stamp,
}

impl ScriptKind {
    pub fn verb(self) -> &'static str {
        match self {
            ScriptKind::Upgrade => "upgrade",
            ScriptKind::Downgrade => "downgrade",
            ScriptKind::Stamp => "stamp",
        }
    }
}

/// Quotes a word for the header's command line when it needs it.
pub fn quote_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@+=,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The command as the header records it: everything that shapes the output.
pub fn canonical_command(config: &Config, kind: ScriptKind, target: &str) -> String {
    let mut words: Vec<String> = vec![
        "gen".into(),
        kind.verb().into(),
        target.into(),
        "--sql".into(),
        "--dialect".into(),
        config.dialect.name().into(),
    ];
    if config.migrations.as_str() != "migrations" {
        words.extend(["--migrations".into(), config.migrations.to_string()]);
    }
    if let Some(t) = &config.templates.overrides {
        words.extend(["--templates".into(), t.to_string()]);
    }
    if config.version_table.name.as_str() != "alembic_version" {
        words.extend([
            "--version-table".into(),
            config.version_table.name.to_string(),
        ]);
    }
    if let Some(s) = &config.version_table.schema {
        words.extend(["--version-table-schema".into(), s.to_string()]);
    }
    if config.transaction_per_migration {
        words.push("--transaction-per-migration".into());
    }
    words
        .iter()
        .map(|w| quote_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The header's note when the script creates the version table.
const CREATES_VERSION_TABLE: &str =
    "starts from base: the script creates the version table if it is missing";

fn rows(ids: &[RevisionId]) -> String {
    if ids.is_empty() {
        "base".to_owned()
    } else {
        ids.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Builds the script of `kind` for `target` (a target or `START:END`).
/// Its warnings go to `hand_on`, a batch at a time, as they are met (see
/// [`generate_spilled`]).
pub fn build(
    config: &Config,
    kind: ScriptKind,
    target: &str,
    hand_on: WarningOut<'_>,
) -> Result<Generated, Error> {
    let graph = load_graph(config)?;
    let command = canonical_command(config, kind, target);
    let ranged = target.contains(':');
    match kind {
        ScriptKind::Upgrade | ScriptKind::Downgrade => {
            let direction = if kind == ScriptKind::Upgrade {
                Direction::Up
            } else {
                Direction::Down
            };
            let plan = Plan::for_command(&graph, direction, target).map_err(Error::Plan)?;
            let mut notes = Vec::new();
            if direction == Direction::Down && !ranged {
                notes.push(format!(
                    "starts from heads ({}), as `gen downgrade TARGET` does; give START:END to start elsewhere",
                    rows(&plan.start_heads)
                ));
            }
            if plan.start_heads.is_empty() && !plan.steps.is_empty() {
                notes.push(CREATES_VERSION_TABLE.to_owned());
            }
            let info = RunInfo {
                command,
                range: format!("{} -> {}", rows(&plan.start_heads), rows(&plan.end_heads)),
                notes,
            };
            generate_spilled(graph, &plan, config, info, hand_on)
        }
        ScriptKind::Stamp => {
            let stamp = plan_stamp(&graph, target).map_err(Error::Plan)?;
            let mut notes = vec![
                "sets the version table only: no schema statement runs (the database must already match)"
                    .to_owned(),
            ];
            if stamp.creates_version_table() {
                notes.push(CREATES_VERSION_TABLE.to_owned());
            }
            let info = RunInfo {
                command,
                range: format!("{} -> {}", rows(&stamp.from), rows(&stamp.to)),
                notes,
            };
            generate_stamp(&graph, &stamp, config, info)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_only_when_needed() {
        assert_eq!(quote_word("heads"), "heads");
        assert_eq!(quote_word("billing@head"), "billing@head");
        assert_eq!(quote_word("my dir"), "'my dir'");
        assert_eq!(quote_word("it's"), "'it'\\''s'");
        assert_eq!(quote_word(""), "''");
    }
}
