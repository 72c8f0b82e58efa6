//! Authoring commands as a user meets them: `init`, `revision`, `merge`,
//! `history --graph`, `graph`, `schema-json`, `completions`, `man`, and
//! their diagnostics, snapshotted with insta.
//!
//! Commands that write run in a temporary project with
//! `SOURCE_DATE_EPOCH` fixed, so `create_date` is stable; random ids are
//! replaced by `--rev-id` or redacted. The JSON Schema tests check the
//! committed schemas against the generated ones and validate every fixture
//! (`jsonschema`, after converting YAML to JSON through serde_yaml).

use crate::support::live;

use crate::support::gen::{Gen, Out};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// 2026-12-29 10:10:45 UTC.
const EPOCH: &str = "1798539045";

fn gen_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    Gen::new()
        .dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .envs(env.iter().copied())
        .args(args)
        .run()
}

fn gen_in(dir: &Path, args: &[&str]) -> Out {
    gen_env(dir, args, &[])
}

fn ok_in(dir: &Path, args: &[&str]) -> String {
    let r = gen_in(dir, args);
    assert_eq!(r.code, 0, "gen {args:?} failed:\n{}", r.stderr);
    r.stdout
}

/// Runs and expects exit 1 with nothing on stdout; returns stderr.
fn fails_in(dir: &Path, args: &[&str]) -> String {
    let r = gen_in(dir, args);
    assert_eq!(r.code, 1, "gen {args:?}: exit code\n{}", r.stderr);
    assert!(r.stdout.is_empty(), "gen {args:?}: stdout {}", r.stdout);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    r.stderr
}

fn root() -> &'static Path {
    Path::new(ROOT)
}

/// A temporary directory with a copy of `from` (relative to the crate) as `migrations/`.
fn project_from(from: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let to = tmp.path().join("migrations");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(root().join(from)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    tmp
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// The file in `dir` whose name ends with `suffix`.
fn file_ending(dir: &Path, suffix: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "{suffix} in {}: {found:?}", dir.display());
    found.remove(0)
}

/// Replaces every run of 64 hex digits (a SHA-256) with `<sha256>`.
fn redact_sha(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() == 64 { "<sha256>" } else { &run });
        run.clear();
        out.push(c);
    }
    out.push_str(if run.len() == 64 { "<sha256>" } else { &run });
    out
}

// --- init, revision, upgrade: the round trip ---------------------------------

#[test]
fn init_then_revisions_then_upgrade_applies() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let created = ok_in(dir, &["init", "proj"]);
    let proj = dir.join("proj");
    let first = file_ending(&proj.join("migrations"), "_create_accounts.yaml");
    let first_name = first.file_name().unwrap().to_string_lossy().into_owned();
    let init_id = first_name
        .trim_end_matches("_create_accounts.yaml")
        .to_owned();
    assert_eq!(init_id.len(), 12, "{init_id}");
    assert!(init_id.bytes().all(|b| b.is_ascii_hexdigit()));
    let redact = |t: &str| redact_sha(&t.replace(&init_id, "<init-id>"));
    snapshot!("init_stdout", redact(&created));
    snapshot!("init_gen_yaml", read(proj.join("gen.yaml")));
    snapshot!("init_first_revision", redact(&read(&first)));
    assert_eq!(
        read(proj.join("migrations/migration.schema.json")),
        read(root().join("schema/migration.schema.json"))
    );

    // Two revisions on top, each filled in as a user would.
    let out = ok_in(
        &proj,
        &["revision", "-m", "add nickname", "--rev-id", "aa11"],
    );
    assert_eq!(out, "created migrations/aa11_add_nickname.yaml\n");
    let second = proj.join("migrations/aa11_add_nickname.yaml");
    snapshot!("revision_file", redact(&read(&second)));
    let filled = read(&second).replace(
        "upgrade: []\n",
        "upgrade:\n  - add_column: {table: accounts, column: {name: nickname, type: varchar(64)}}\n",
    );
    std::fs::write(&second, filled).unwrap();
    ok_in(
        &proj,
        &["revision", "-m", "index nicknames", "--rev-id", "bb22"],
    );
    let third = proj.join("migrations/bb22_index_nicknames.yaml");
    let filled = read(&third).replace(
        "upgrade: []\n",
        "upgrade:\n  - create_index: {name: ix_accounts_nickname, table: accounts, columns: [nickname]}\n",
    );
    std::fs::write(&third, filled).unwrap();
    assert!(read(&third).contains("down_revision: aa11\n"));

    let history = ok_in(&proj, &["history", "--graph"]);
    snapshot!("round_trip_history_graph", redact(&history));
    let script = ok_in(&proj, &["upgrade", "heads", "--sql"]);
    snapshot!("round_trip_upgrade", redact(&script));

    // The script applies on every engine at hand, and the downgrade undoes it.
    for engine in live::engines() {
        let dialect = engine.dialect();
        let up = ok_in(&proj, &["--dialect", dialect, "upgrade", "heads"]);
        let down = ok_in(&proj, &["--dialect", dialect, "downgrade", "base"]);
        let db = engine.fresh_db("authoring_round_trip");
        db.apply_sql(&up)
            .unwrap_or_else(|e| panic!("{dialect}: upgrade failed: {e}\n{up}"));
        assert_eq!(
            db.query("SELECT version_num FROM alembic_version"),
            [["bb22"]],
            "{dialect}"
        );
        assert!(db.tables().contains(&"accounts".to_owned()), "{dialect}");
        db.apply_sql(&down)
            .unwrap_or_else(|e| panic!("{dialect}: downgrade failed: {e}\n{down}"));
        assert!(!db.tables().contains(&"accounts".to_owned()), "{dialect}");
    }
}

#[test]
fn init_works_for_every_dialect_and_honours_flags() {
    for dialect in ["postgresql", "mysql", "sqlite", "mssql"] {
        let tmp = tempfile::tempdir().unwrap();
        ok_in(
            tmp.path(),
            &["--dialect", dialect, "--migrations", "db/revs", "init"],
        );
        let settings = read(tmp.path().join("gen.yaml"));
        assert!(
            settings.contains(&format!("dialect: {dialect}\n")),
            "{settings}"
        );
        assert!(settings.contains("migrations: db/revs\n"), "{settings}");
        let script = ok_in(tmp.path(), &["upgrade", "heads"]);
        assert!(script.contains("accounts"), "{dialect}: {script}");
    }
}

#[test]
fn init_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    ok_in(tmp.path(), &["init", "proj"]);
    let before = read(tmp.path().join("proj/gen.yaml"));
    let err = fails_in(tmp.path(), &["init", "proj"]);
    snapshot!("init_exists", err);
    assert_eq!(read(tmp.path().join("proj/gen.yaml")), before);

    // A non-empty migrations folder counts too, and nothing is written.
    let other = tmp.path().join("other/migrations");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("keep.txt"), "mine").unwrap();
    let err = fails_in(tmp.path(), &["init", "other"]);
    assert!(
        err.contains("`other/migrations` already exists and is not empty"),
        "{err}"
    );
    assert!(!tmp.path().join("other/gen.yaml").exists());

    let err = gen_in(tmp.path(), &["--dialect", "postgre", "init", "third"]);
    assert_eq!(err.code, 2);
    assert!(
        err.stderr.contains("did you mean `postgresql`?"),
        "{}",
        err.stderr
    );
}

// --- revision and merge on a branched folder ---------------------------------

#[test]
fn revision_refuses_several_heads_and_bad_heads() {
    let tmp = project_from("tests/fixtures/ok/branches");
    let dir = tmp.path();
    snapshot!(
        "revision_several_heads",
        fails_in(dir, &["revision", "-m", "x"])
    );
    snapshot!(
        "revision_head_typo",
        fails_in(dir, &["revision", "-m", "x", "--head", "reprots@head"])
    );
    snapshot!(
        "revision_head_not_a_head",
        fails_in(dir, &["revision", "-m", "x", "--head", "r1"])
    );
    snapshot!(
        "revision_depends_on_typo",
        fails_in(
            dir,
            &[
                "revision",
                "-m",
                "x",
                "--head",
                "m1",
                "--depends-on",
                "lefft"
            ]
        )
    );
    snapshot!(
        "revision_id_taken",
        fails_in(
            dir,
            &["revision", "-m", "x", "--head", "m1", "--rev-id", "a1"]
        )
    );
    snapshot!(
        "revision_bad_id",
        fails_in(
            dir,
            &["revision", "-m", "x", "--head", "m1", "--rev-id", "a-1"]
        )
    );
    snapshot!(
        "revision_label_taken",
        fails_in(
            dir,
            &[
                "revision",
                "-m",
                "x",
                "--head",
                "m1",
                "--branch-label",
                "left"
            ]
        )
    );
    snapshot!(
        "revision_label_invalid",
        fails_in(
            dir,
            &[
                "revision",
                "-m",
                "x",
                "--head",
                "m1",
                "--branch-label",
                "a b",
                "--rev-id",
                "q1"
            ]
        )
    );
    // Nothing was written by the failures.
    assert_eq!(
        std::fs::read_dir(dir.join("migrations")).unwrap().count(),
        7
    );
}

#[test]
fn revision_on_a_label_a_splice_and_a_new_root() {
    let tmp = project_from("tests/fixtures/ok/branches");
    let dir = tmp.path();
    ok_in(
        dir,
        &[
            "revision",
            "-m",
            "Weekly report: totals",
            "--head",
            "reports@head",
            "--rev-id",
            "c3",
            "--depends-on",
            "m",
            "--depends-on",
            "left",
        ],
    );
    let text = read(dir.join("migrations/c3_weekly_report_totals.yaml"));
    snapshot!("revision_on_label", text);

    ok_in(
        dir,
        &[
            "revision", "-m", "side", "--head", "r1", "--splice", "--rev-id", "s1",
        ],
    );
    assert!(read(dir.join("migrations/s1_side.yaml")).contains("down_revision: r1\n"));
    ok_in(
        dir,
        &[
            "revision",
            "-m",
            "new root",
            "--head",
            "base",
            "--branch-label",
            "fresh",
            "--rev-id",
            "n1",
        ],
    );
    let root_rev = read(dir.join("migrations/n1_new_root.yaml"));
    assert!(
        root_rev.contains("down_revision: null\nbranch_labels: [fresh]\n"),
        "{root_rev}"
    );
    // The folder still loads, with the new heads.
    let heads = ok_in(dir, &["heads"]);
    assert_eq!(
        heads,
        "c3 (head)\nm1 (head)\nn1 (fresh) (head)\ns1 (head)\n"
    );

    // Random ids are 12 hex digits and the file is named after the message.
    let out = ok_in(dir, &["revision", "-m", "Add e-mail!", "--head", "c3"]);
    let name = out.trim().trim_start_matches("created migrations/");
    let (id, rest) = name.split_at(12);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
    assert_eq!(rest, "_add_e_mail.yaml");
}

#[test]
fn merge_writes_a_merge_revision() {
    let tmp = project_from("tests/fixtures/ok/branches");
    let dir = tmp.path();
    let out = ok_in(
        dir,
        &[
            "merge",
            "-m",
            "join the reports",
            "heads",
            "--rev-id",
            "mm1",
        ],
    );
    assert_eq!(out, "created migrations/mm1_join_the_reports.yaml\n");
    snapshot!(
        "merge_file",
        read(dir.join("migrations/mm1_join_the_reports.yaml"))
    );
    assert_eq!(ok_in(dir, &["heads"]), "mm1 (head)\n");
    let script = ok_in(dir, &["upgrade", "head"]);
    assert!(
        script.contains("-- Running upgrade m1, z1 -> mm1"),
        "{script}"
    );

    snapshot!(
        "merge_one_revision",
        fails_in(dir, &["merge", "-m", "x", "mm1"])
    );
    snapshot!(
        "merge_ancestor",
        fails_in(dir, &["merge", "-m", "x", "a1", "a2"])
    );
    snapshot!(
        "merge_typo",
        fails_in(dir, &["merge", "-m", "x", "a1", "rigth@head"])
    );
}

// --- graph views ---------------------------------------------------------------

#[test]
fn history_graph_and_graph_documents() {
    for (name, folder) in [
        ("migrations", "migrations"),
        ("branches", "tests/fixtures/ok/branches"),
    ] {
        let args = |extra: &[&'static str]| {
            let mut v = vec!["--migrations", folder];
            v.extend_from_slice(extra);
            v
        };
        let ascii = ok_in(root(), &args(&["history", "--graph"]));
        snapshot!(format!("history_graph__{name}"), ascii);
        assert_eq!(ascii, ok_in(root(), &args(&["history", "--graph"])));
        let dot = ok_in(root(), &args(&["graph"]));
        assert_eq!(dot, ok_in(root(), &args(&["graph", "--format", "dot"])));
        snapshot!(format!("graph_dot__{name}"), dot);
        let mermaid = ok_in(root(), &args(&["graph", "--format", "mermaid"]));
        snapshot!(format!("graph_mermaid__{name}"), mermaid);
    }
    let ranged = ok_in(
        root(),
        &["history", "--graph", "-r", "3e790e4a29bd:9b5a9ea6c77f"],
    );
    snapshot!("history_graph_range", ranged);
}

#[test]
fn history_graph_draws_crossing_lanes() {
    // Three children of one root, the middle one merged with the last:
    // lanes must close across another lane.
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    for (id, down) in [
        ("r0", "null"),
        ("c1", "r0"),
        ("c2", "r0"),
        ("c3", "r0"),
        ("j1", "[c1, c3]"),
    ] {
        std::fs::write(
            m.join(format!("{id}.yaml")),
            format!("revision: {id}\ndown_revision: {down}\nmessage: {id}\nupgrade: []\n"),
        )
        .unwrap();
    }
    snapshot!(
        "history_graph_crossing",
        ok_in(tmp.path(), &["history", "--graph"])
    );
}

// --- diagnostics ----------------------------------------------------------------

#[test]
fn misspelled_label_in_a_target() {
    let r = gen_in(root(), &["upgrade", "biling@head"]);
    assert_eq!(r.code, 1);
    snapshot!("target_label_typo", r.stderr);
}

#[test]
fn colour_only_when_asked_and_no_color_wins() {
    let dir = root().join("tests/fixtures/err/unknown_key");
    let dir = dir.to_str().unwrap();
    let args = ["--migrations", dir, "upgrade", "heads"];
    let plain = gen_in(root(), &args);
    assert!(!plain.stderr.contains('\x1b'), "{}", plain.stderr);

    let forced = gen_env(root(), &args, &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")]);
    assert!(
        forced.stderr.starts_with("\x1b[1;31merror\x1b[0m\x1b[1m: "),
        "{:?}",
        forced.stderr
    );
    assert!(forced.stderr.contains("\x1b[1;34m"), "{:?}", forced.stderr);

    let both = gen_env(root(), &args, &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
    assert!(!both.stderr.contains('\x1b'), "{:?}", both.stderr);
    assert_eq!(both.stderr, plain.stderr);
}

// --- JSON Schema ------------------------------------------------------------------

fn validator(path: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&read(root().join(path))).unwrap();
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml_as_json(text: &str) -> serde_json::Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).unwrap_or(serde_yaml::Value::Null);
    serde_json::to_value(yaml).unwrap()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

/// Schema errors for one file (empty when it validates).
fn schema_errors(v: &jsonschema::Validator, file: &Path) -> Vec<String> {
    let instance = yaml_as_json(&read(file));
    v.iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    for (path, args) in [
        ("schema/migration.schema.json", &["schema-json"][..]),
        ("schema/gen.schema.json", &["schema-json", "--project"][..]),
    ] {
        let generated = ok_in(root(), args);
        if std::env::var_os("GEN_UPDATE_DOCS").is_some() {
            std::fs::write(root().join(path), &generated).unwrap();
        }
        assert_eq!(
            read(root().join(path)),
            generated,
            "{path} is stale: run GEN_UPDATE_DOCS=1 cargo test --test main authoring::"
        );
    }
}

#[test]
fn every_good_revision_validates() {
    let v = validator("schema/migration.schema.json");
    let mut folders = vec![root().join("migrations")];
    for entry in std::fs::read_dir(root().join("tests/fixtures/ok")).unwrap() {
        folders.push(entry.unwrap().path());
    }
    let mut checked = 0;
    for folder in folders {
        for file in yaml_files(&folder) {
            let errors = schema_errors(&v, &file);
            assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
}

/// Error fixtures whose problem is the shape of a file: the schema refuses them.
const SHAPE_ERRORS: &[&str] = &[
    "dialects_bad_duration",
    "dialects_empty_list",
    "dialects_unknown_name",
    "bad_revision_chars",
    "columns_collation_bad_name",
    "empty_file",
    "enum_named_bad_name",
    "enum_named_duplicate",
    "enum_named_empty",
    "enum_named_mixed",
    "enum_named_no_name",
    "index_element_name_and_expr",
    "index_opclass_not_a_name",
    "index_using_unknown",
    "missing_down_revision",
    "missing_upgrade",
    "rawsql_validate_unknown",
    "reverse_sql_beside_execute",
    "revision_too_long",
    "unknown_key",
    "unknown_operation",
    "unknown_type",
    "wrong_type",
];

/// Error fixtures that are not YAML the schema can be asked about (not
/// YAML at all, several documents, a key repeated in a mapping).
const NOT_ONE_DOCUMENT: &[&str] = &[
    "duplicate_key",
    "misindented_key",
    "two_documents",
    "yaml_syntax",
];

#[test]
fn shape_errors_fail_the_schema_and_others_pass_it() {
    let v = validator("schema/migration.schema.json");
    for entry in std::fs::read_dir(root().join("tests/fixtures/err")).unwrap() {
        let dir = entry.unwrap().path();
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        if NOT_ONE_DOCUMENT.contains(&case.as_str()) {
            continue;
        }
        let failing: Vec<(PathBuf, Vec<String>)> = yaml_files(&dir)
            .into_iter()
            .map(|f| {
                let e = schema_errors(&v, &f);
                (f, e)
            })
            .filter(|(_, e)| !e.is_empty())
            .collect();
        if SHAPE_ERRORS.contains(&case.as_str()) {
            assert_eq!(
                failing.len(),
                1,
                "{case}: exactly the bad file fails: {failing:#?}"
            );
        } else {
            assert!(
                failing.is_empty(),
                "{case}: the schema is too strict: {failing:#?}"
            );
        }
    }
}

#[test]
fn schema_knows_every_operation_and_type() {
    let v = validator("schema/migration.schema.json");
    let doc = |op: &str| {
        yaml_as_json(&format!(
            "revision: a1\ndown_revision: null\nupgrade:\n  - {op}\n"
        ))
    };
    for good in [
        "create_table: {name: t, columns: [{name: a, type: VARCHAR (10)}, {name: b, type: 'enum(x, y)'}, {name: c, type: {postgresql: tsvector, default: text}}, {name: d, type: 'numeric(12, 2)', default: {sql: '0'}}]}",
        "create_index: {name: i, table: t, columns: [a, {expr: lower(a)}], where: a > 0}",
        "add_column: {table: t, column: {name: c, type: int, references: {table: u, column: id, on_delete: SET-NULL}}}",
        "execute: {sql: {postgresql: SELECT 1, default: SELECT 2}, validate: false}",
        "drop_index: {name: i}",
    ] {
        let errors: Vec<String> = v.iter_errors(&doc(good)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{good}: {errors:#?}");
    }
    for bad in [
        "create_table: {name: t, columns: [{name: a, type: varchar(0)}]}",
        "create_table: {name: t, columns: [{name: a, type: tsvector}]}",
        "create_table: {name: t, columns: [{name: a, type: {oracle: x}}]}",
        "add_column: {table: t, column: {name: c, type: int, references: {table: u, column: id, on_delete: explode}}}",
        "execute: {sql: '   '}",
        "drop_index: {name: i, extra: 1}",
        "drop_index: {name: i}\n    drop_table: {name: t}",
    ] {
        assert!(!v.is_valid(&doc(bad)), "{bad} should fail");
    }
}

#[test]
fn project_schema_validates_gen_yaml() {
    let v = validator("schema/gen.schema.json");
    let tmp = tempfile::tempdir().unwrap();
    ok_in(tmp.path(), &["init"]);
    let written = yaml_as_json(&read(tmp.path().join("gen.yaml")));
    assert!(v.is_valid(&written));
    assert!(!v.is_valid(&yaml_as_json("migrations: m\ndialekt: sqlite\n")));
}

// --- completions and the man page -----------------------------------------------

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let script = ok_in(root(), &["completions", shell]);
        for word in ["revision", "merge", "schema-json", "branch-label"] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
    }
    let r = gen_in(root(), &["completions", "tcsh"]);
    assert_eq!(r.code, 2);
}

#[test]
fn committed_man_page_is_current() {
    let generated = ok_in(root(), &["man"]);
    assert!(generated.contains(".TH gen 1"), "{generated}");
    if std::env::var_os("GEN_UPDATE_DOCS").is_some() {
        std::fs::write(root().join("docs/man/gen.1"), &generated).unwrap();
    }
    assert_eq!(
        read(root().join("docs/man/gen.1")),
        generated,
        "docs/man/gen.1 is stale: run GEN_UPDATE_DOCS=1 cargo test --test main authoring::"
    );
}

#[test]
fn help_lists_the_authoring_commands() {
    let help = ok_in(root(), &["--help"]);
    for cmd in [
        "init",
        "revision",
        "merge",
        "graph",
        "schema-json",
        "completions",
        "man",
    ] {
        assert!(help.contains(&format!("\n  {cmd} ")), "{cmd}: {help}");
    }
}
