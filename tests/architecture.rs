//! The shape of `src/` (issue 21): data flows one way between the stage
//! folders, and no file is over 600 lines.
//!
//! Every `.rs` file under `src/` is read as text; outside comments, string
//! literals and `#[cfg(test)]` modules (and `tests.rs` files, which are
//! such modules), each `crate::<stage>` path it names (also inside a
//! `use crate::{...}` group) must name its own stage or one before it in
//! [`STAGES`]. `diag/error.rs` is the aggregate error of every stage: it may
//! name any stage, and only `driver` and `cli` may name it. A path that
//! goes the other way fails the test unless [`EDGE_EXCEPTIONS`] lists it
//! with its reason; an exception that no longer matches anything fails
//! too, so the list only shrinks. Tests are consumers: they may look at
//! any stage.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The stage folders, in the order data flows, lowest first; `parallel` is
/// one file under them all (spreading independent work over the cores).
const STAGES: &[&str] = &[
    "parallel", "diag", "ops", "dialect", "source", "history", "model", "declare", "lower", "lint",
    "emit", "driver", "cli",
];

/// The aggregate error, and the stages that may name it.
const AGGREGATE_ERROR: &str = "diag::error";
const AGGREGATE_USERS: &[&str] = &["driver", "cli"];

/// The longest a file in `src/` may be.
const MAX_LINES: usize = 600;

/// Upward paths still present: (file under `src/`, the path named from its
/// stage on, one line why). A path matches when it starts with the entry.
const EDGE_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "source/revision_doc.rs",
        "lint::",
        "`allow:` names a lint rule: the loader checks it against lint's registry, the one list of ids",
    ),
    (
        "source/json_schema.rs",
        "lint::RULES",
        "the JSON Schema offers the ids of lint's registry, the one list of ids",
    ),
];

/// Files over [`MAX_LINES`] that another part of issue 21 is splitting.
const SIZE_EXCEPTIONS: &[(&str, &str)] = &[];

/// The files that may know clap (the raw command line) and `cli::args`.
const CLAP_FILES: &[&str] = &[
    "cli/args.rs",
    "cli/config.rs",
    "cli/run.rs",
    "cli/autogen.rs",
];

/// Other files that know clap today, and why.
const CLAP_EXCEPTIONS: &[(&str, &str)] = &[
    (
        "cli/commands/cli_docs.rs",
        "completions and man pages are generated from the clap definition",
    ),
    (
        "cli/commands/verify.rs",
        "re-parses a script's recorded command line with clap: could ask cli::config for settings",
    ),
    (
        "cli/commands/warning_summary.rs",
        "takes args::WarningsMode: could take a settings type",
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, as paths relative to `src/` with `/`.
fn rust_files(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(src()).unwrap();
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}

/// `text` with comments, string and character literals blanked (newlines
/// kept, so that byte offsets still give the line).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                let mut j = i;
                while j < b.len() {
                    if b[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if b[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let start = i + 2 + hashes;
                let end = text[start..]
                    .find(&close)
                    .map_or(b.len(), |n| start + n + close.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i, (j + 1).min(b.len()));
                i = j + 1;
            }
            b'\'' => {
                // A character literal ('x', '\n', '\u{1b}', '{'); otherwise a lifetime.
                let end = if b.get(i + 1) == Some(&b'\\') {
                    text[i + 2..].find('\'').map(|n| i + 2 + n + 1)
                } else {
                    let c = text[i + 1..].chars().next();
                    c.and_then(|c| {
                        let after = i + 1 + c.len_utf8();
                        (b.get(after) == Some(&b'\'')).then_some(after + 1)
                    })
                };
                match end {
                    Some(end) => {
                        blank(&mut out, i, end);
                        i = end;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `code` with every `#[cfg(test)]` item (a module, a function, a `use`)
/// blanked.
fn without_tests(code: &str) -> String {
    let mut out = code.to_owned();
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(test)]").map(|n| from + n) {
        let b = out.as_bytes();
        let mut j = at + "#[cfg(test)]".len();
        // The item ends at its first `;` or at the `}` closing its first `{`.
        let mut depth = 0usize;
        while j < b.len() {
            match b[j] {
                b';' if depth == 0 => {
                    j += 1;
                    break;
                }
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let blanked: String = out[at..j]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(at..j, &blanked);
        from = j;
    }
    out
}

/// Each path named after `crate::`, with the byte offset where it starts:
/// `crate::a::b::{c, d::e}` gives `a::b::c` and `a::b::d::e`.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::").map(|n| from + n) {
        from = at + "crate::".len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let mut paths = Vec::new();
        use_tree(&code[from..], "", &mut paths);
        found.extend(paths.into_iter().map(|p| (at, p)));
    }
    found
}

/// Where the next non-blank character of `text` from `i` is.
fn skip_blank(text: &str, i: usize) -> usize {
    i + (text[i..].len() - text[i..].trim_start().len())
}

/// Reads one use tree (`a::b`, `a::{b, c::d}`, `a::*`) at the start of
/// `rest`, pushing each complete path under `prefix`; returns how many
/// bytes it read.
fn use_tree(rest: &str, prefix: &str, out: &mut Vec<String>) -> usize {
    let mut i = skip_blank(rest, 0);
    let mut path = prefix.to_owned();
    loop {
        let word = rest[i..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len() - i);
        if word == 0 {
            break;
        }
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(&rest[i..i + word]);
        i += word;
        let j = skip_blank(rest, i);
        if !rest[j..].starts_with("::") {
            break;
        }
        i = skip_blank(rest, j + 2);
    }
    if rest[i..].starts_with('{') {
        i += 1;
        loop {
            i = skip_blank(rest, i);
            if rest[i..].starts_with('}') {
                return i + 1;
            }
            let read = use_tree(&rest[i..], &path, out);
            i = skip_blank(rest, i + read);
            if rest[i..].starts_with(',') {
                i += 1;
            } else {
                return i + usize::from(rest[i..].starts_with('}'));
            }
        }
    }
    if path != prefix {
        out.push(path);
    }
    i
}

fn rank(stage: &str) -> Option<usize> {
    STAGES.iter().position(|s| *s == stage)
}

/// Why `path` (named from file `rel` of stage `stage`) goes against the
/// stage order, if it does.
fn against_the_flow(rel: &str, stage: &str, path: &str) -> Option<String> {
    if rel == "diag/error.rs" {
        return None;
    }
    let target = path.split("::").next()?;
    let target_rank = rank(target)?;
    if path == AGGREGATE_ERROR || path.starts_with(&format!("{AGGREGATE_ERROR}::")) {
        return (!AGGREGATE_USERS.contains(&stage)).then(|| {
            format!("only {AGGREGATE_USERS:?} may name the aggregate error `diag::error`")
        });
    }
    let stage_rank = rank(stage)?;
    (target_rank > stage_rank).then(|| format!("`{stage}` comes before `{target}`"))
}

fn is_test_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == "tests.rs" || name.ends_with("_tests.rs") || rel.contains("/tests/")
}

#[test]
fn data_flows_one_way_between_stages() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(
        files.len() > 50,
        "read {} files from {:?}",
        files.len(),
        src()
    );
    let mut violations = Vec::new();
    let mut used = BTreeSet::new();
    for rel in &files {
        let Some((stage, _)) = rel.split_once('/') else {
            continue; // lib.rs, main.rs
        };
        if is_test_file(rel) {
            continue;
        }
        let text = std::fs::read_to_string(src().join(rel)).unwrap();
        let code = without_tests(&code_only(&text));
        for (at, path) in crate_paths(&code) {
            let Some(why) = against_the_flow(rel, stage, &path) else {
                continue;
            };
            let excepted = EDGE_EXCEPTIONS
                .iter()
                .position(|(file, prefix, _)| *file == rel && path.starts_with(prefix));
            match excepted {
                Some(i) => {
                    used.insert(i);
                }
                None => {
                    let line = text[..at].matches('\n').count() + 1;
                    violations.push(format!("src/{rel}:{line}: crate::{path} ({why})"));
                }
            }
        }
    }
    let stale: Vec<String> = EDGE_EXCEPTIONS
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, (file, prefix, _))| format!("src/{file}: crate::{prefix}"))
        .collect();
    assert!(
        violations.is_empty() && stale.is_empty(),
        "paths against the stage order {STAGES:?}:\n{}\n\nexceptions that match nothing any more (delete them):\n{}",
        violations.join("\n"),
        stale.join("\n"),
    );
}

#[test]
fn no_file_in_src_is_over_600_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long = Vec::new();
    let mut stale = Vec::new();
    for rel in &files {
        let text = std::fs::read_to_string(src().join(rel)).unwrap();
        let lines = text.lines().count();
        let excepted = SIZE_EXCEPTIONS.iter().any(|(file, _)| file == rel);
        if lines > MAX_LINES && !excepted {
            long.push(format!("src/{rel}: {lines} lines"));
        }
        if lines <= MAX_LINES && excepted {
            stale.push(format!("src/{rel}: {lines} lines"));
        }
    }
    for (file, _) in SIZE_EXCEPTIONS {
        if !files.iter().any(|f| f == file) {
            stale.push(format!("src/{file}: gone"));
        }
    }
    assert!(
        long.is_empty() && stale.is_empty(),
        "files over {MAX_LINES} lines:\n{}\n\nsize exceptions that no longer apply (delete them):\n{}",
        long.join("\n"),
        stale.join("\n"),
    );
}

#[test]
fn only_the_command_line_files_know_clap() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut knowing = Vec::new();
    for rel in &files {
        if CLAP_FILES.contains(&rel.as_str()) || is_test_file(rel) {
            continue;
        }
        let text = std::fs::read_to_string(src().join(rel)).unwrap();
        let code = without_tests(&code_only(&text));
        let names_clap = ["clap::", "clap_complete", "clap_mangen", "use clap"]
            .iter()
            .any(|word| {
                code.match_indices(word).any(|(at, _)| {
                    !code[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            });
        let names_args = crate_paths(&code)
            .iter()
            .any(|(_, p)| p == "cli::args" || p.starts_with("cli::args::"));
        if names_clap || names_args {
            knowing.push(rel.clone());
        }
    }
    let excepted: Vec<String> = CLAP_EXCEPTIONS.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(
        knowing, excepted,
        "only {CLAP_FILES:?} (and the exceptions listed) may name clap or `cli::args`"
    );
}

/// The reader itself: comments, strings and test modules do not count, and
/// `use` groups are expanded.
#[test]
fn the_reader_finds_paths_in_code_only() {
    let text = r##"
//! see [`crate::cli::run`]
use crate::{ops::Op, diag::{span::Span, error}};
fn f() { let s = "crate::driver"; let r = r#"crate::emit"#; let c = '{'; crate::model::x(); }
#[cfg(test)]
mod tests { use crate::lint::RULES; fn g() { if true { } } }
fn h<'a>(x: &'a str) { crate::lower::y(x) }
"##;
    let code = without_tests(&code_only(text));
    let paths: Vec<String> = crate_paths(&code).into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        paths,
        [
            "ops::Op",
            "diag::span::Span",
            "diag::error",
            "model::x",
            "lower::y"
        ]
    );
    assert_eq!(
        against_the_flow("source/a.rs", "source", "diag::error"),
        Some("only [\"driver\", \"cli\"] may name the aggregate error `diag::error`".into())
    );
    assert!(against_the_flow("cli/a.rs", "cli", "diag::error").is_none());
    assert!(against_the_flow("source/a.rs", "source", "ops::Op").is_none());
    assert!(against_the_flow("ops/a.rs", "ops", "source::raw").is_some());
}
