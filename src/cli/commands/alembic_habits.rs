//! Alembic habits: commands and flags an Alembic user types out of habit
//! that `gen` does not have, because it never connects to a database and
//! runs no Python (`current`, `ensure_version`, `edit`, `list_templates`,
//! `revision --autogenerate` without `--schema`, `-x`, `-c`, `--tag`).
//!
//! They are not part of the command line (so neither the help, the shell
//! completions nor the man pages offer them): when clap refuses a command
//! line, [`Habit::in_args`] looks in it for one of them, and the run ends
//! with what to do instead, as a usage error (exit 2), rather than a bare
//! "unexpected argument". The README's command map (`## Coming from
//! Alembic`) lists the same answers.

use crate::diag::diagnostic::Diagnostic;

/// One habit met on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Habit {
    /// `gen current`: the version table of a live database.
    Current { version_table: String },
    /// `gen ensure_version`: create the version table in a live database.
    EnsureVersion,
    /// `gen edit REV`: open a revision in an editor.
    Edit,
    /// `gen list_templates`: Alembic's project templates.
    ListTemplates,
    /// `gen revision --autogenerate` without `--schema`: Alembic compares
    /// models with a database; gen compares with a schema file.
    Autogenerate,
    /// `-x key=value`: arguments for env.py.
    XArgument { value: String },
    /// `-c alembic.ini`: Alembic's ini file.
    IniFile { value: String },
    /// `--tag TAG`: a string for env.py.
    Tag { value: String },
}

/// Global flags of gen that take a value as the next argument: the
/// value is not the command.
const VALUE_FLAGS: &[&str] = &[
    "--migrations",
    "--dialect",
    "--templates",
    "--version-table",
    "--version-table-schema",
    "--config",
    "--warnings",
];

/// What the arguments say of the version table, for the query `current`
/// suggests: `--version-table`, `--version-table-schema`, `--config`.
#[derive(Debug, Default)]
pub struct VersionTableArgs {
    pub table: Option<String>,
    pub schema: Option<String>,
    pub config: Option<String>,
}

impl Habit {
    /// The first habit in a command line clap refused (`args` without the
    /// program name), if any. `version_table` names the version table from
    /// what the arguments say of it (and `gen.yaml`).
    pub fn in_args(
        args: &[String],
        version_table: impl FnOnce(&VersionTableArgs) -> String,
    ) -> Option<Habit> {
        let mut command: Option<&str> = None;
        let mut table = VersionTableArgs::default();
        let mut found = None;
        let mut i = 0;
        while i < args.len() {
            let arg = args[i].as_str();
            let next = args.get(i + 1).cloned();
            if arg == "--" {
                break;
            }
            if let Some((flag, value)) = arg.split_once('=') {
                if flag.starts_with("--") {
                    match flag {
                        "--tag" => {
                            found.get_or_insert(Habit::Tag {
                                value: value.to_owned(),
                            });
                        }
                        "--version-table" => table.table = Some(value.to_owned()),
                        "--version-table-schema" => table.schema = Some(value.to_owned()),
                        "--config" => table.config = Some(value.to_owned()),
                        _ => {}
                    }
                    i += 1;
                    continue;
                }
            }
            match arg {
                "--tag" => {
                    found.get_or_insert(Habit::Tag {
                        value: next.unwrap_or_default(),
                    });
                    i += 2;
                    continue;
                }
                "--autogenerate" if command == Some("revision") => {
                    found.get_or_insert(Habit::Autogenerate);
                }
                "--version-table" => table.table = next.clone(),
                "--version-table-schema" => table.schema = next.clone(),
                "--config" => table.config = next.clone(),
                _ => {}
            }
            if VALUE_FLAGS.contains(&arg) {
                i += 2;
                continue;
            }
            // Short flags: gen has neither `-x` nor `-c`.
            if let Some(rest) = arg.strip_prefix("-x").filter(|_| !arg.starts_with("--")) {
                let value = if rest.is_empty() {
                    i += 1;
                    next.unwrap_or_default()
                } else {
                    rest.to_owned()
                };
                found.get_or_insert(Habit::XArgument { value });
            } else if let Some(rest) = arg.strip_prefix("-c").filter(|_| !arg.starts_with("--")) {
                let value = if rest.is_empty() {
                    i += 1;
                    next.unwrap_or_default()
                } else {
                    rest.to_owned()
                };
                found.get_or_insert(Habit::IniFile { value });
            } else if !arg.starts_with('-') && command.is_none() {
                command = Some(arg);
                let habit = match arg {
                    "current" => Some(Habit::Current {
                        version_table: String::new(),
                    }),
                    "ensure_version" | "ensure-version" => Some(Habit::EnsureVersion),
                    "edit" => Some(Habit::Edit),
                    "list_templates" | "list-templates" => Some(Habit::ListTemplates),
                    _ => None,
                };
                if let Some(h) = habit {
                    found.get_or_insert(h);
                }
            }
            i += 1;
        }
        match found {
            Some(Habit::Current { .. }) => Some(Habit::Current {
                version_table: version_table(&table),
            }),
            other => other,
        }
    }

    /// The answer: what gen does not do, and what to do instead.
    pub fn diagnostic(&self) -> Diagnostic {
        let (message, help) = match self {
            Habit::Current { version_table } => (
                "`gen current` needs a database, and gen never connects to one".to_owned(),
                format!(
                    "read the applied revision(s) yourself, e.g.\n\
                     psql -c 'SELECT version_num FROM {version_table}'\n\
                     and pass them as START: `gen upgrade <version>:heads --sql`"
                ),
            ),
            Habit::EnsureVersion => (
                "`gen ensure_version` needs a database, and gen never connects to one".to_owned(),
                "a script from base creates the version table (`gen upgrade heads --sql`); \
                 for a database that already has the schema, `gen stamp heads` writes \
                 only the version table statements"
                    .to_owned(),
            ),
            Habit::Edit => (
                "gen does not open an editor".to_owned(),
                "`gen show REV` prints the revision with its file name: open that file".to_owned(),
            ),
            Habit::ListTemplates => (
                "gen has no project templates to list".to_owned(),
                "`gen init DIR` writes gen.yaml, the migrations folder and a first revision; \
                 the SQL templates are overridden file by file with `--templates DIR` \
                 (`DIR/<dialect>/<kind>.sql.j2`)"
                    .to_owned(),
            ),
            Habit::Autogenerate => (
                "`gen revision --autogenerate` compares with a schema file, not a database: \
                 gen never connects nor imports models"
                    .to_owned(),
                "give the schema you want as SQL DDL (a `pg_dump --schema-only`, the DDL of \
                 `metadata.create_all`, or by hand): \
                 `gen revision --autogenerate -m MESSAGE --schema schema.sql` \
                 (docs/autogenerate.md)"
                    .to_owned(),
            ),
            Habit::XArgument { value } => (
                format!("`-x {value}` passes an argument to Alembic's env.py; gen has no env.py"),
                "keep one settings file per environment and choose it with `--config FILE`, \
                 or use the flags `--dialect`, `--migrations`, `--version-table`, \
                 `--version-table-schema` and `--templates`"
                    .to_owned(),
            ),
            Habit::IniFile { value } => (
                format!("`-c {value}` names Alembic's ini file; gen reads gen.yaml"),
                "pass another settings file with `--config FILE` (YAML: `migrations`, \
                 `dialect`, `version_table`, ...; see the README); Alembic's \
                 `script_location` is `migrations:` there"
                    .to_owned(),
            ),
            Habit::Tag { value } => (
                format!("`--tag {value}` passes a string to Alembic's env.py; gen has no env.py"),
                "to name a run, name its script: `-o out/<tag>.sql`; the script's header \
                 records the command that wrote it"
                    .to_owned(),
            ),
        };
        Diagnostic::error(message)
            .with_note("gen works offline: it writes one SQL script for you to review and run")
            .with_help(help)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(line: &str) -> Option<Habit> {
        let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        Habit::in_args(&args, |t| {
            format!(
                "{}{}",
                t.schema
                    .as_deref()
                    .map(|s| format!("{s}."))
                    .unwrap_or_default(),
                t.table.as_deref().unwrap_or("alembic_version")
            )
        })
    }

    #[test]
    fn each_habit_is_found_where_alembic_users_put_it() {
        let current = |t: &str| {
            Some(Habit::Current {
                version_table: t.to_owned(),
            })
        };
        assert_eq!(find("current"), current("alembic_version"));
        assert_eq!(find("current --verbose"), current("alembic_version"));
        assert_eq!(
            find("--version-table v --version-table-schema=s current"),
            current("s.v")
        );
        assert_eq!(find("ensure_version"), Some(Habit::EnsureVersion));
        assert_eq!(find("edit ab12"), Some(Habit::Edit));
        assert_eq!(find("list_templates"), Some(Habit::ListTemplates));
        assert_eq!(
            find("revision --autogenerate -m add"),
            Some(Habit::Autogenerate)
        );
        let x = |v: &str| {
            Some(Habit::XArgument {
                value: v.to_owned(),
            })
        };
        assert_eq!(find("-x tenant=a upgrade head"), x("tenant=a"));
        assert_eq!(find("upgrade head -xtenant=a"), x("tenant=a"));
        assert_eq!(
            find("-c alembic.ini upgrade head"),
            Some(Habit::IniFile {
                value: "alembic.ini".into()
            })
        );
        let tag = Some(Habit::Tag { value: "v1".into() });
        assert_eq!(find("upgrade head --tag v1"), tag);
        assert_eq!(find("upgrade head --tag=v1"), tag);
    }

    #[test]
    fn values_of_gen_flags_and_other_mistakes_are_no_habit() {
        // `current` as a flag's value is not the command.
        assert_eq!(find("--migrations current upgrade"), None);
        assert_eq!(find("--dialect mysql upgrade heads --no-such-flag"), None);
        // `--autogenerate` only means something to `revision`.
        assert_eq!(find("upgrade heads --autogenerate"), None);
        assert_eq!(find("upgrad heads"), None);
        // After `--` nothing is a flag.
        assert_eq!(find("upgrade -- -x"), None);
    }
}
