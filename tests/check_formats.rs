//! `gen check --format github|gcc|sarif|junit`: each format snapshotted on a
//! fixture with an error and warnings whose note holds characters every
//! format must escape; the SARIF log validated against the published SARIF
//! 2.1.0 JSON schema; the JUnit report parsed as XML.
//!
//! The SARIF schema is not vendored (it is OASIS's, not under an open
//! licence); `.ci/run` fetches it from the npm registry and names it in
//! `GEN_TEST_SARIF_SCHEMA`. Without it the schema test skips loudly (under
//! `CI=true` it fails).

use crate::support::outcomes;

use crate::support::gen::{Gen, Out};
use std::io::Write as _;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/formats/findings";

fn gen(args: &[&str]) -> Out {
    Gen::new().args(args).run()
}

/// `gen check` on the fixture for PostgreSQL and SQLite in `format`.
fn check(format: &str, deny: bool) -> Out {
    let mut args = vec![
        "--migrations",
        FIXTURE,
        "check",
        "--dialect",
        "postgresql,sqlite",
        "--format",
        format,
    ];
    if deny {
        args.extend(["--deny", "warnings"]);
    }
    gen(&args)
}

const COUNTS: &str = "checked 2 revisions for postgresql, sqlite: 1 error, 2 warnings\n";

#[test]
fn github_annotations() {
    let r = check("github", false);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, COUNTS);
    snapshot!("github", r.stdout);
    // One command per finding, each on one line, whatever the note held.
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(lines[0].starts_with("::error file=tests/fixtures/formats/findings/b2_drop_body.yaml,line=9,col=14,title=gen check::"));
    assert!(lines[1].starts_with("::warning "));
    // In a message only `%` and line ends need escaping (`:` and `,` end
    // a property, not the message).
    assert!(r
        .stdout
        .contains("drop the body: 50%25 <off> & \"quoted\", a,b"));
}

#[test]
fn gcc_lines() {
    let r = check("gcc", false);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, COUNTS);
    snapshot!("gcc", r.stdout);
    let first = r.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "tests/fixtures/formats/findings/b2_drop_body.yaml:9:14: error: table `note` does not exist"
    );
    assert!(r.stdout.contains(
        "tests/fixtures/formats/findings/b2_drop_body.yaml:7:5: warning: [data-loss] drops column `notes.body`"
    ));
}

#[test]
fn junit_report_is_well_formed_and_counts_failures() {
    let r = check("junit", false);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    snapshot!("junit", r.stdout);
    let doc = roxmltree::Document::parse(&r.stdout).expect("well-formed XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("3"));
    // Without --deny warnings only the error fails.
    assert_eq!(suite.attribute("failures"), Some("1"));
    let note = doc
        .descendants()
        .filter(|n| n.has_tag_name("system-out"))
        .map(|n| n.text().unwrap_or(""))
        .collect::<String>();
    assert!(
        note.contains("drop the body: 50% <off> & \"quoted\", a,b"),
        "{note}"
    );

    let denied = check("junit", true);
    assert_eq!(denied.code, 1);
    let doc = roxmltree::Document::parse(&denied.stdout).expect("well-formed XML");
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, 3);
}

#[test]
fn junit_report_of_a_clean_history_has_one_passing_case() {
    let r = gen(&[
        "--migrations",
        "tests/fixtures/formats/clean",
        "check",
        "--format",
        "junit",
    ]);
    let doc = roxmltree::Document::parse(&r.stdout).expect("well-formed XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(cases.len(), 1);
    assert!(cases[0].children().all(|c| !c.has_tag_name("failure")));
}

#[test]
fn sarif_log() {
    let r = check("sarif", false);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    // The rules list every lint rule: snapshot the results and the shape.
    let results = &log["runs"][0]["results"];
    snapshot!(
        "sarif_results",
        serde_json::to_string_pretty(results).unwrap()
    );
    assert_eq!(log["version"], "2.1.0");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results.as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The SARIF 2.1.0 schema named by `GEN_TEST_SARIF_SCHEMA`, or a loud skip.
fn sarif_schema() -> Option<serde_json::Value> {
    let problem = match std::env::var_os("GEN_TEST_SARIF_SCHEMA").filter(|p| !p.is_empty()) {
        None => "GEN_TEST_SARIF_SCHEMA is not set".to_owned(),
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(text) => {
                outcomes::ran("SARIF schema");
                return Some(serde_json::from_str(&text).expect("the schema is JSON"));
            }
            Err(e) => format!(
                "cannot read GEN_TEST_SARIF_SCHEMA={}: {e}",
                Path::new(&path).display()
            ),
        },
    };
    outcomes::skipped("SARIF schema", &format!("{problem}; see the README"));
    let msg = format!(
        "SKIPPED: no SARIF schema to validate against: {problem}; run .ci/run, or fetch it \
         as it does and set GEN_TEST_SARIF_SCHEMA (under CI=true this fails)"
    );
    if ci() {
        panic!("{msg}");
    }
    let _ = writeln!(std::io::stderr().lock(), "\n*** {msg}\n");
    None
}

#[test]
fn sarif_validates_against_the_published_schema() {
    let Some(schema) = sarif_schema() else {
        return;
    };
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    for args in [
        // Errors and warnings.
        vec![
            "--migrations",
            FIXTURE,
            "check",
            "--dialect",
            "all",
            "--format",
            "sarif",
        ],
        // The sample: warnings, or none.
        vec!["check", "--dialect", "all", "--format", "sarif"],
        // Problems that belong to no file.
        vec!["--migrations", "nowhere", "check", "--format", "sarif"],
    ] {
        let r = gen(&args);
        let log: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("gen {args:?}: not JSON ({e}):\n{}", r.stdout));
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "gen {args:?}: {errors:#?}\n{}", r.stdout);
    }
}

#[test]
fn json_is_unchanged_by_the_new_formats() {
    let r = check("json", false);
    assert_eq!(r.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["format"], "gen/1");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["errors"].as_array().unwrap().len(), 1);
}
