//! The loader as a user meets it: what the migrations folder may hold
//! (symbolic links, odd file names), `--migrations` naming a file, errors
//! in `gen.yaml`, revision ids YAML would read as numbers, and numbers
//! kept exactly as written, applied to the real engines.
//!
//! Every run uses the built binary in a temporary project folder.

use crate::support::live;

use crate::support::gen::{Gen, Out};
use std::path::Path;

fn gen_in(dir: &Path, args: &[&str]) -> Out {
    Gen::new()
        .dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(args)
        .run()
}

fn ok_in(dir: &Path, args: &[&str]) -> String {
    let r = gen_in(dir, args);
    assert_eq!(r.code, 0, "gen {args:?} failed:\n{}", r.stderr);
    r.stdout
}

/// A project folder holding a copy of the sample `migrations/`.
fn sample_project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let to = tmp.path().join("migrations");
    std::fs::create_dir_all(&to).unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    tmp
}

/// A project folder whose migrations are the given files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    tmp
}

// --- the migrations folder ------------------------------------------------------

/// 19.13: a revision file that is a symbolic link is read through it (it
/// was silently skipped, so the script missed the revision).
#[cfg(unix)]
#[test]
fn symlinked_revision_files_are_loaded() {
    let plain = sample_project();
    let expected = ok_in(plain.path(), &["upgrade", "heads", "--sql"]);

    let linked = sample_project();
    let name = "3e790e4a29bd_create_users_memberships.yaml";
    let elsewhere = linked.path().join("shared");
    std::fs::create_dir(&elsewhere).unwrap();
    let migrations = linked.path().join("migrations");
    std::fs::rename(migrations.join(name), elsewhere.join(name)).unwrap();
    std::os::unix::fs::symlink(elsewhere.join(name), migrations.join(name)).unwrap();
    let script = ok_in(linked.path(), &["upgrade", "heads", "--sql"]);
    assert!(script.contains("CREATE TABLE users"), "{script}");
    assert_eq!(script, expected);
}

/// 19.13: a link to nothing or to a folder is an error naming it, not a
/// revision quietly left out.
#[cfg(unix)]
#[test]
fn broken_links_are_errors_naming_them() {
    let tmp = sample_project();
    let migrations = tmp.path().join("migrations");
    std::os::unix::fs::symlink(
        tmp.path().join("gone.yaml"),
        migrations.join("zz_gone.yaml"),
    )
    .unwrap();
    std::fs::create_dir(tmp.path().join("folder")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("folder"), migrations.join("zz_folder.yml"))
        .unwrap();
    let r = gen_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains(
            "error: `migrations/zz_gone.yaml` is a symbolic link to a file that does not exist"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "error: `migrations/zz_folder.yml` is a symbolic link to a directory, not to a revision file"
        ),
        "{}",
        r.stderr
    );
    let r = gen_in(tmp.path(), &["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("zz_gone.yaml"), "{}", r.stderr);
}

/// 19.13: a file whose name is not UTF-8 does not fail the load, unless it
/// is named like a revision file: then it is an error naming it.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = sample_project();
    let migrations = tmp.path().join("migrations");
    let odd = std::ffi::OsStr::from_bytes(b"notes-\xff.txt");
    std::fs::write(migrations.join(odd), "not a revision").unwrap();
    let expected = ok_in(sample_project().path(), &["upgrade", "heads", "--sql"]);
    assert_eq!(ok_in(tmp.path(), &["upgrade", "heads", "--sql"]), expected);

    let bad = std::ffi::OsStr::from_bytes(b"b\xff.yaml");
    std::fs::write(migrations.join(bad), "revision: b\n").unwrap();
    let r = gen_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: the name of `migrations/b\u{fffd}.yaml` is not UTF-8"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("= help: rename the file"), "{}", r.stderr);
}

/// 19.18: `--migrations` naming a file says so (it said the directory
/// "does not exist").
#[test]
fn migrations_naming_a_file_says_it_is_a_file() {
    let tmp = sample_project();
    let file = "migrations/3e790e4a29bd_create_users_memberships.yaml";
    for args in [
        vec!["--migrations", file, "upgrade", "heads", "--sql"],
        vec!["--migrations", file, "check"],
    ] {
        let r = gen_in(tmp.path(), &args);
        assert_ne!(r.code, 0);
        assert!(
            r.stderr.contains(&format!(
                "the migrations directory `{file}` is a file, not a directory"
            )),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = gen_in(tmp.path(), &["--migrations", "nope", "upgrade", "heads"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("migrations directory `nope` does not exist"),
        "{}",
        r.stderr
    );
}

// --- gen.yaml -------------------------------------------------------------------

/// 19.18 / 19.14: a key repeated in `gen.yaml` is reported at the second
/// one, naming the first (it used to win silently, or be reported at line 1).
#[test]
fn gen_yaml_repeated_key_is_located() {
    let tmp = sample_project();
    std::fs::write(
        tmp.path().join("gen.yaml"),
        "migrations: migrations\ndialect: postgresql\nversion_table: v\ndialect: mysql\n",
    )
    .unwrap();
    let r = gen_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    snapshot!("gen_yaml_repeated_key", r.stderr);
}

/// 19.18: a BOM at the start of `gen.yaml` or of a revision file is read
/// past (it gave "missing key"); the checksum is still of the file's bytes.
#[test]
fn a_bom_is_read_past() {
    let tmp = sample_project();
    std::fs::write(
        tmp.path().join("gen.yaml"),
        "\u{feff}migrations: migrations\ndialect: sqlite\n",
    )
    .unwrap();
    let plain = ok_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert!(plain.contains("--dialect sqlite"), "{plain}");

    let path = tmp
        .path()
        .join("migrations/3e790e4a29bd_create_users_memberships.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let with_bom = ok_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert!(with_bom.contains("CREATE TABLE users"), "{with_bom}");
    // Only the checksum of that file differs.
    let differing: Vec<(&str, &str)> = plain
        .lines()
        .zip(with_bom.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(plain.lines().count(), with_bom.lines().count());
    assert!(
        !differing.is_empty() && differing.iter().all(|(a, _)| a.contains("3e790e4a29bd")),
        "{differing:?}"
    );

    // An error in it is placed where an editor shows it.
    std::fs::write(
        &path,
        "\u{feff}revision: a-1\ndown_revision: null\nupgrade: []\n",
    )
    .unwrap();
    let r = gen_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert!(
        r.stderr.contains(
            "--> migrations/3e790e4a29bd_create_users_memberships.yaml:1:11\n  |\n1 | revision: a-1\n  |           ^^^"
        ),
        "{}",
        r.stderr
    );
}

// --- ids are text (20.8) --------------------------------------------------------

const NUMERIC_IDS: &[(&str, &str)] = &[
    (
        "a.yaml",
        "revision: 479024506e05
down_revision: null
upgrade:
  - create_table:
      name: t
      columns:
        - {name: id, type: integer, primary_key: true}
",
    ),
    (
        "b.yaml",
        "revision: 1e10
down_revision: 479024506e05
branch_labels: 2024
upgrade:
  - add_column: {table: t, column: {name: b, type: integer}}
",
    ),
    (
        "c.yaml",
        "revision: 0x1F
down_revision: null
branch_labels: [other]
upgrade:
  - create_table:
      name: u
      columns:
        - {name: id, type: integer, primary_key: true}
",
    ),
    (
        "d.yaml",
        "revision: 1234
down_revision: 1e10
depends_on: [0x1F]
upgrade:
  - add_column: {table: t, column: {name: d, type: integer}}
",
    ),
];

/// Revision ids YAML would read as numbers are taken as written: they
/// load, resolve as targets and reach the version table unchanged.
#[test]
fn ids_that_look_like_numbers_are_text() {
    let tmp = project(NUMERIC_IDS);
    let heads = ok_in(tmp.path(), &["heads"]);
    assert!(heads.contains("1234") && heads.contains("0x1F"), "{heads}");
    let script = ok_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    for id in ["479024506e05", "1e10", "0x1F", "1234"] {
        assert!(script.contains(&format!("'{id}'")), "{id}:\n{script}");
    }
    let to_label = ok_in(tmp.path(), &["upgrade", "2024@head", "--sql"]);
    assert!(to_label.contains("'1234'"), "{to_label}");
    let partial = ok_in(tmp.path(), &["upgrade", "1e10", "--sql"]);
    assert!(
        partial.contains("'1e10'") && !partial.contains("'1234'"),
        "{partial}"
    );
}

/// The same history applied to the engines: the version table holds the
/// ids exactly as written.
#[test]
fn numeric_looking_ids_reach_the_version_table() {
    let tmp = project(NUMERIC_IDS);
    for engine in live::engines() {
        let script = tmp.path().join(format!("{}.sql", engine.kind().dialect()));
        let out = script.to_str().unwrap();
        ok_in(
            tmp.path(),
            &[
                "upgrade",
                "heads",
                "--dialect",
                engine.kind().dialect(),
                "-o",
                out,
            ],
        );
        let db = engine.fresh_db("ids");
        db.apply_file(&script)
            .unwrap_or_else(|e| panic!("{}: {e}", engine.kind()));
        // 1234 depends on 0x1F, so it stands for both (as in Alembic).
        let rows = db.query("SELECT version_num FROM alembic_version");
        assert_eq!(rows, [["1234"]], "{}", engine.kind());

        ok_in(
            tmp.path(),
            &[
                "upgrade",
                "0x1F",
                "--dialect",
                engine.kind().dialect(),
                "-o",
                out,
            ],
        );
        let db = engine.fresh_db("ids");
        db.apply_file(&script)
            .unwrap_or_else(|e| panic!("{}: {e}", engine.kind()));
        let rows = db.query("SELECT version_num FROM alembic_version");
        assert_eq!(rows, [["0x1F"]], "{}", engine.kind());
    }
}

/// `gen revision` and `gen merge` quote an id YAML would not read back as
/// text, so that any YAML reader (not only gen) reads it as written.
#[test]
fn written_ids_are_quoted_when_yaml_would_read_a_number() {
    let tmp = project(&[]);
    ok_in(
        tmp.path(),
        &[
            "revision",
            "-m",
            "first",
            "--rev-id",
            "479024506e05",
            "--head",
            "base",
        ],
    );
    ok_in(
        tmp.path(),
        &["revision", "-m", "second", "--rev-id", "1e10"],
    );
    ok_in(
        tmp.path(),
        &[
            "revision",
            "-m",
            "side",
            "--rev-id",
            "1234",
            "--head",
            "479024506e05",
            "--splice",
        ],
    );
    ok_in(
        tmp.path(),
        &["merge", "-m", "join", "--rev-id", "0x1F", "heads"],
    );
    let dir = tmp.path().join("migrations");
    let text = |id: &str| {
        let entry = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with(&format!("{id}_"))
            })
            .unwrap_or_else(|| panic!("no file for {id}"));
        std::fs::read_to_string(entry).unwrap()
    };
    assert!(text("1e10").contains("revision: \"1e10\"\ndown_revision: \"479024506e05\"\n"));
    let merge = text("0x1F");
    assert!(merge.contains("revision: \"0x1F\"\n"), "{merge}");
    // An independent YAML reader reads every id back as text.
    let doc: serde_yaml::Value = serde_yaml::from_str(&merge).unwrap();
    let parents: Vec<&str> = doc["down_revision"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(parents, ["1234", "1e10"]);
    let heads = ok_in(tmp.path(), &["heads"]);
    assert!(heads.contains("0x1F"), "{heads}");
}

// --- numbers exactly as written (19.8) ---------------------------------------------

const PRICES: &str = "revision: a1
down_revision: null
upgrade:
  - create_table:
      name: prices
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: amount, type: 'numeric(20,2)', default: 99999999999999999.99}
  - bulk_insert:
      table: prices
      rows:
        - {id: 1, amount: 99999999999999999.99}
        - {id: 2, amount: -12345678901234567.89}
        - {id: 3, amount: 0x1F}
        - {id: 4, amount: 0.5}
";

/// A default and `bulk_insert` values keep the text they were written
/// with (they were read as floats: `99999999999999999.99` became
/// `100000000000000000`); `0x1F` is written as its exact decimal.
#[test]
fn numbers_reach_the_script_as_written() {
    let tmp = project(&[("a1.yaml", PRICES)]);
    for dialect in ["postgresql", "mysql", "sqlite", "mssql"] {
        let script = ok_in(
            tmp.path(),
            &["upgrade", "heads", "--sql", "--dialect", dialect],
        );
        assert!(
            script.contains("DEFAULT 99999999999999999.99"),
            "{dialect}:\n{script}"
        );
        for value in ["99999999999999999.99", "-12345678901234567.89", "31", "0.5"] {
            assert!(script.contains(value), "{dialect} {value}:\n{script}");
        }
        assert!(
            !script.contains("100000000000000000"),
            "{dialect}:\n{script}"
        );
    }
}

/// Applied to the engines: PostgreSQL and MariaDB store the numbers
/// exactly; SQLite stores what it makes of the literal written by hand
/// (its NUMERIC affinity keeps 15 significant digits: the engine's
/// business, not ours).
#[test]
fn numbers_read_back_exactly_from_the_engines() {
    let tmp = project(&[("a1.yaml", PRICES)]);
    for engine in live::engines() {
        let dialect = engine.kind().dialect();
        let script = tmp.path().join(format!("{dialect}.sql"));
        ok_in(
            tmp.path(),
            &[
                "upgrade",
                "heads",
                "--dialect",
                dialect,
                "-o",
                script.to_str().unwrap(),
            ],
        );
        let db = engine.fresh_db("numbers");
        db.apply_file(&script)
            .unwrap_or_else(|e| panic!("{}: {e}", engine.kind()));
        db.apply_sql("INSERT INTO prices (id) VALUES (5);").unwrap();
        let got = db.query("SELECT amount FROM prices ORDER BY id");
        let expected: Vec<Vec<String>> = match engine.kind() {
            live::Kind::Sqlite => {
                db.apply_sql(
                    "CREATE TABLE by_hand (id INTEGER PRIMARY KEY, amount NUMERIC(20, 2));
                     INSERT INTO by_hand VALUES (1, 99999999999999999.99),
                       (2, -12345678901234567.89), (3, 31), (4, 0.5),
                       (5, 99999999999999999.99);",
                )
                .unwrap();
                db.query("SELECT amount FROM by_hand ORDER BY id")
            }
            _ => [
                "99999999999999999.99",
                "-12345678901234567.89",
                "31.00",
                "0.50",
                "99999999999999999.99",
            ]
            .iter()
            .map(|v| vec![(*v).to_owned()])
            .collect(),
        };
        assert_eq!(got, expected, "{}", engine.kind());
    }
}

// --- resource limits (19.15) ---------------------------------------------------------

/// A 1 MB name gives a short error (it gave 3 MB: the name in the message,
/// the source line, and a megabyte of carets).
#[test]
fn a_huge_name_gives_a_short_error() {
    let name = "x".repeat(1_000_000);
    let tmp = project(&[(
        "a1.yaml",
        &format!(
            "revision: a1
down_revision: null
upgrade:
  - create_table:
      name: {name}
      columns:
        - {{name: id, type: integer}}
"
        ),
    )]);
    let r = gen_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.len() < 2_000, "{} bytes", r.stderr.len());
    assert!(
        r.stderr
            .contains("is 1000000 bytes long; postgresql allows at most 63"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--> migrations/a1.yaml:5:13"),
        "{}",
        r.stderr
    );
}

/// 100,000 levels of nesting (`- - - ...` on one line) are an error with a
/// position, not a stack overflow (the error's snippet is located without
/// recursing that deep).
#[test]
fn a_deeply_nested_file_is_an_error_not_a_crash() {
    let text = format!(
        "revision: a1\ndown_revision: null\nupgrade:\n  {}x\n",
        "- ".repeat(100_000)
    );
    let tmp = project(&[("a1.yaml", &text)]);
    let r = gen_in(tmp.path(), &["upgrade", "heads", "--sql"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("error: upgrade[0]: invalid type: list, expected an operation"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--> migrations/a1.yaml:4:5"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.len() < 2_000, "{} bytes", r.stderr.len());
}
