//! Bad input never panics: thousands of deterministic mutations of the
//! fixture files (lines dropped, duplicated, swapped, truncated, characters
//! replaced) go through load -> graph -> plan -> generate in process. Every
//! outcome must be a value (a script or an error that renders); a panic
//! fails the test.

use camino::{Utf8Path, Utf8PathBuf};
use gen::cli::config::Config;
use gen::diag::diagnostic::render;
use gen::driver::{generate, RunInfo};
use gen::history::graph::RevisionGraph;
use gen::history::plan::{Direction, Plan};
use gen::source::{load_file, parse_revision};
use std::collections::BTreeMap;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

const SNIPPETS: &[&str] = &[
    "",
    " ",
    ":",
    "- ",
    "[",
    "{",
    "null",
    "~",
    "0",
    "-1",
    "true",
    "'",
    "\"",
    "\t",
    "x: y",
    "upgrade: []",
    "down_revision: [a, a]",
    "type: enum()",
    "&a",
    "*a",
    "!tag",
    "#",
    "create_table:",
    "columns: [{name: id}]",
    "if_exists: true",
    "table: users",
];

fn mutate(text: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        return String::new();
    }
    for _ in 0..1 + rng.next() % 3 {
        let i = rng.next() % lines.len();
        match rng.next() % 6 {
            0 => {
                lines.remove(i);
                if lines.is_empty() {
                    break;
                }
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = rng.next() % lines.len();
                lines.swap(i, j);
            }
            3 => {
                let cut = lines[i].chars().count() / 2;
                lines[i] = lines[i].chars().take(cut).collect();
            }
            4 => {
                let s = SNIPPETS[rng.next() % SNIPPETS.len()];
                let at = lines[i].len() / 2;
                let at = (0..=at)
                    .rev()
                    .find(|k| lines[i].is_char_boundary(*k))
                    .unwrap_or(0);
                lines[i].insert_str(at, s);
            }
            _ => {
                let s = SNIPPETS[rng.next() % SNIPPETS.len()];
                lines[i] = format!("{}{s}", lines[i].split(':').next().unwrap_or(""));
            }
        }
    }
    lines.join("\n")
}

fn run(dir: &Utf8Path, files: &BTreeMap<Utf8PathBuf, String>) {
    let mut revisions = Vec::new();
    for (path, text) in files {
        match parse_revision(path, text, gen::source::checksum::Checksum::default()) {
            Ok(r) => revisions.push(r),
            Err(e) => {
                let _ = render(
                    &gen::diag::error::Error::Load(vec![e]).diagnostics()[0],
                    files,
                    false,
                );
                return;
            }
        }
    }
    let graph = match RevisionGraph::build(revisions) {
        Ok(g) => g,
        Err(errs) => {
            for d in gen::diag::error::Error::Graph(errs).diagnostics() {
                let _ = render(&d, files, false);
            }
            return;
        }
    };
    let config = Config::with_defaults(dir);
    for (direction, target) in [
        (Direction::Up, "heads"),
        (Direction::Down, "heads:base"),
        (Direction::Up, "head"),
    ] {
        let Ok(plan) = Plan::for_command(&graph, direction, target) else {
            continue;
        };
        match generate(&graph, &plan, &config, RunInfo::default()) {
            Ok(g) => {
                let _ = g.script.to_text();
            }
            Err(e) => {
                for d in e.diagnostics() {
                    let _ = render(&d, files, false);
                }
            }
        }
    }
}

#[test]
fn mutated_inputs_never_panic() {
    let root = Utf8PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("migrations")];
    for e in std::fs::read_dir(root.join("tests/fixtures/ok"))
        .unwrap()
        .flatten()
    {
        dirs.push(Utf8PathBuf::from_path_buf(e.path()).unwrap());
    }
    let mut rng = Lcg(0x5eed);
    let mut runs = 0;
    for dir in dirs {
        let files: BTreeMap<Utf8PathBuf, String> = gen::source::revision_files(&dir)
            .unwrap()
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect();
        assert!(files.keys().all(|p| load_file(p).is_ok()));
        for _ in 0..600 {
            let mut mutated = files.clone();
            let keys: Vec<Utf8PathBuf> = mutated.keys().cloned().collect();
            let victim = &keys[rng.next() % keys.len()];
            let text = mutate(&mutated[victim], &mut rng);
            mutated.insert(victim.clone(), text);
            run(&dir, &mutated);
            runs += 1;
        }
    }
    assert!(runs >= 3000);
}
