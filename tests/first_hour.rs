//! What a new user meets in the first hour, beyond the README's examples
//! (tests/readme.rs runs those): Alembic habits answered with what to do
//! instead, `--dialect` as a comma list and in shell completion, colour only
//! where it can be shown, one man page per command, and the per-rule
//! summary of warnings (`--warnings`).

use crate::support::gen::{Gen, Out};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn gen_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    Gen::new()
        .dir(dir)
        .envs(env.iter().copied())
        .args(args)
        .run()
}

fn gen(args: &[&str]) -> Out {
    gen_env(Path::new(ROOT), args, &[])
}

fn root() -> PathBuf {
    PathBuf::from(ROOT)
}

// --- Alembic habits ---------------------------------------------------------------

#[test]
fn alembic_habits_get_what_to_do_instead() {
    let mut all = String::new();
    for line in [
        "current",
        "current --verbose",
        "ensure_version",
        "edit 3e79",
        "list_templates",
        "revision -m add --autogenerate",
        "-x tenant=acme upgrade head",
        "-c alembic.ini upgrade head",
        "upgrade head --tag release-7",
    ] {
        let args: Vec<&str> = line.split(' ').collect();
        let r = gen(&args);
        assert_eq!(r.code, 2, "gen {line}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "gen {line}: {}", r.stdout);
        assert!(r.stderr.starts_with("error: "), "gen {line}: {}", r.stderr);
        assert!(r.stderr.contains("= help: "), "gen {line}: {}", r.stderr);
        assert!(!r.stderr.contains("unexpected argument"), "{}", r.stderr);
        assert!(
            !r.stderr.contains("unrecognized subcommand"),
            "{}",
            r.stderr
        );
        all.push_str(&format!("$ gen {line}\n{}\n", r.stderr));
    }
    snapshot!("alembic_habits", all);
}

#[test]
fn current_names_the_version_table_of_the_settings() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("gen.yaml"),
        "version_table: schema_history\nversion_table_schema: ops\n",
    )
    .unwrap();
    let r = gen_env(tmp.path(), &["current"], &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("SELECT version_num FROM ops.schema_history"),
        "{}",
        r.stderr
    );
    let r = gen_env(tmp.path(), &["--version-table", "v", "current"], &[]);
    assert!(
        r.stderr.contains("SELECT version_num FROM ops.v"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_habits_are_not_offered_by_help_or_completion() {
    let help = gen(&["--help"]).stdout;
    for cmd in ["current", "ensure_version", "edit", "list_templates"] {
        assert!(
            !help.contains(&format!("\n  {cmd} ")),
            "`{cmd}` listed:\n{help}"
        );
    }
    let bash = gen(&["completions", "bash"]).stdout;
    for word in ["current", "ensure_version", "list_templates", "--tag"] {
        assert!(!bash.contains(word), "`{word}` offered:\n{bash}");
    }
    // A typo is still clap's, with its suggestion.
    let r = gen(&["upgrad", "heads"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unrecognized subcommand"), "{}", r.stderr);
}

// --- --dialect ---------------------------------------------------------------------

#[test]
fn dialect_takes_a_comma_list_as_well_as_repetition() {
    let listed = gen(&["check", "--dialect", "postgresql,sqlite"]);
    let repeated = gen(&["check", "--dialect", "postgresql", "--dialect", "sqlite"]);
    assert_eq!(listed.code, repeated.code, "{}", listed.stderr);
    assert_eq!(listed.stdout, repeated.stdout);
    assert_eq!(listed.stderr, repeated.stderr);
    assert!(
        listed.stdout.contains("for postgresql, sqlite:"),
        "{}",
        listed.stdout
    );
    // Spaces after the commas are forgiven; a bad name is still named.
    let spaced = gen(&["check", "--dialect", "postgresql, sqlite"]);
    assert_eq!(spaced.stdout, listed.stdout);
    let typo = gen(&["check", "--dialect", "postgresql,sqlit"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr
            .contains("unknown dialect `sqlit` (did you mean `sqlite`?)"),
        "{}",
        typo.stderr
    );
    // A script is for one engine.
    let two = gen(&["upgrade", "heads", "--dialect", "postgresql,mysql"]);
    assert_eq!(two.code, 2);
    assert!(
        two.stderr.contains("writes for one dialect"),
        "{}",
        two.stderr
    );
}

#[test]
fn dialect_completion_offers_the_dialect_names() {
    let names = "postgresql mysql sqlite mssql mariadb all";
    let bash = gen(&["completions", "bash"]).stdout;
    // bash: the `--dialect` case completes from the word list, not files.
    let case = bash
        .split("--dialect)")
        .nth(1)
        .expect("a --dialect case")
        .split(";;")
        .next()
        .unwrap()
        .to_owned();
    assert!(case.contains(&format!("compgen -W \"{names}\"")), "{case}");
    let fish = gen(&["completions", "fish"]).stdout;
    let line = fish
        .lines()
        .find(|l| l.contains("-l dialect") && l.contains("__fish_gen_needs_command"))
        .expect("a fish --dialect line");
    assert!(line.contains("-f -a \"postgresql"), "{line}");
    let zsh = gen(&["completions", "zsh"]).stdout;
    assert!(zsh.contains(&format!("NAME:({names})")), "zsh");
}

// --- colour ------------------------------------------------------------------------

/// Runs `gen` on a pseudo-terminal (util-linux `script`), so that stderr is
/// a terminal, with `env`; returns what the terminal showed.
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> Option<String> {
    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if script.is_err() {
        eprintln!("SKIPPED: colour on a terminal: no `script` (util-linux) to make one");
        return None;
    }
    let gen = crate::support::gen::BIN;
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(ROOT)
        .args(["-q", "-e", "-c", &format!("{gen} {args}"), "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("script runs");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn colour_only_where_it_can_be_shown() {
    let args = "--migrations tests/fixtures/lint/data-loss/triggers check";
    let Some(plain_tty) = on_a_terminal(args, &[]) else {
        return;
    };
    // The warnings are there either way; escapes only on a capable terminal.
    assert!(plain_tty.contains("warning"), "{plain_tty}");
    assert!(plain_tty.contains('\x1b'), "no colour on a terminal");
    for env in [[("TERM", "dumb")], [("NO_COLOR", "1")], [("CLICOLOR", "0")]] {
        let shown = on_a_terminal(args, &env).unwrap();
        assert!(shown.contains("warning"), "{env:?}: {shown}");
        assert!(!shown.contains('\x1b'), "{env:?} still coloured: {shown:?}");
    }
    // CLICOLOR_FORCE colours even a dumb terminal, as the convention says.
    let forced = on_a_terminal(args, &[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")]).unwrap();
    assert!(forced.contains('\x1b'));
}

// --- man pages ---------------------------------------------------------------------

#[test]
fn every_man_page_is_committed_and_current() {
    let dir = root().join("docs/man");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("man1");
    let r = gen(&["man", "--dir", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let generated = names(&out);
    if std::env::var_os("GEN_UPDATE_DOCS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for name in &generated {
            std::fs::copy(out.join(name), dir.join(name)).unwrap();
        }
    }
    assert_eq!(
        names(&dir),
        generated,
        "docs/man/ is stale: run GEN_UPDATE_DOCS=1 cargo test --test main first_hour::"
    );
    for name in &generated {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            text,
            "docs/man/{name} is stale: run GEN_UPDATE_DOCS=1 cargo test --test main first_hour::"
        );
        // `gen man CMD` prints the same page.
        let page = match name.strip_suffix(".1").unwrap().strip_prefix("gen-") {
            Some(cmd) => gen(&["man", cmd]).stdout,
            None => gen(&["man"]).stdout,
        };
        assert_eq!(page, text, "{name}");
        // Every page another page refers to exists.
        for part in text.split("gen\\-").skip(1) {
            let Some((cmd, _)) = part.split_once("(1)") else {
                continue;
            };
            let file = format!("gen-{}.1", cmd.replace("\\-", "-"));
            assert!(generated.contains(&file), "{name} refers to {file}");
        }
    }
    assert!(generated.contains(&"gen-upgrade.1".to_owned()));
    let r = gen(&["man", "upgrad"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `upgrade`?"), "{}", r.stderr);
}

// --- the warnings summary ----------------------------------------------------------

/// A project whose one revision drops `n` columns of an existing table.
fn many_warnings(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    let cols: String = (0..n)
        .map(|i| format!("        - {{name: c{i}, type: integer}}\n"))
        .collect();
    std::fs::write(
        m.join("a1_wide.yaml"),
        format!(
            "revision: a1
down_revision: null
upgrade:
  - create_table:
      name: wide
      columns:
        - {{name: id, type: bigint, primary_key: true}}
{cols}"
        ),
    )
    .unwrap();
    let drops: String = (0..n)
        .map(|i| format!("  - drop_column: {{table: wide, column: c{i}}}\n"))
        .collect();
    std::fs::write(
        m.join("b2_narrow.yaml"),
        format!("revision: b2\ndown_revision: a1\nupgrade:\n{drops}"),
    )
    .unwrap();
    tmp
}

#[test]
fn a_screenful_of_warnings_ends_with_a_summary_per_rule() {
    let tmp = many_warnings(12);
    let full = gen_env(tmp.path(), &["upgrade", "heads"], &[]);
    assert_eq!(full.code, 0, "{}", full.stderr);
    let summary = full
        .stderr
        .split("warning summary: ")
        .nth(1)
        .expect("a summary after more than a screenful");
    assert_eq!(
        summary,
        "13 warnings by rule (only this: --warnings summary)\n\
         \x20 12  data-loss\n\
         \x20  1  missing-lock-timeout\n\
         \x20 (the rules are explained in docs/lint.md)\n"
    );
    // Only the summary: the same script, and nothing else on stderr.
    let only = gen_env(
        tmp.path(),
        &["upgrade", "heads", "--warnings", "summary"],
        &[],
    );
    assert_eq!(only.code, 0);
    assert_eq!(only.stdout, full.stdout);
    assert_eq!(
        only.stderr,
        "warning summary: 13 warnings by rule (each in full: --warnings full)\n\
         \x20 12  data-loss\n\
         \x20  1  missing-lock-timeout\n\
         \x20 (the rules are explained in docs/lint.md)\n"
    );
    // `gen check` the same way, before its count.
    // `gen check` the same way, before its count (it also walks the
    // derived downgrade, which brings each column back empty and drops the
    // table the upgrade created).
    let check = gen_env(tmp.path(), &["--warnings=summary", "check"], &[]);
    assert_eq!(check.code, 0);
    assert!(
        check.stderr.starts_with("warning summary: 26 warnings"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("  25  data-loss\n"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("-->"), "{}", check.stderr);
    assert_eq!(
        check.stdout,
        "checked 2 revisions for postgresql: 0 errors, 26 warnings\n"
    );
}

#[test]
fn a_few_warnings_need_no_summary() {
    let tmp = many_warnings(2);
    let r = gen_env(tmp.path(), &["upgrade", "heads"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("warning[data-loss]"), "{}", r.stderr);
    assert!(!r.stderr.contains("warning summary"), "{}", r.stderr);
    let check = gen_env(tmp.path(), &["check"], &[]);
    assert!(
        !check.stderr.contains("warning summary"),
        "{}",
        check.stderr
    );
}
