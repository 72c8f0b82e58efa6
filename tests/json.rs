//! `--format json`: the documented shapes (docs/json.md) of history, heads,
//! branches, show and check, snapshotted on the sample (check on a lint
//! fixture: the sample has no warning to show).

use crate::support::gen::Gen;

fn json(args: &[&str]) -> serde_json::Value {
    let o = Gen::new().args(args).args(["--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    assert_eq!(v["format"], "gen/1");
    v
}

#[test]
fn listing_shapes() {
    json_snapshot!("json_heads", json(&["heads"]));
    json_snapshot!("json_show_billing", json(&["show", "billing"]));
    let history = json(&["history"]);
    assert_eq!(history["revisions"].as_array().unwrap().len(), 14);
    json_snapshot!("json_history", history);
    let branches = json(&["branches"]);
    assert_eq!(branches["revisions"][0]["id"], "5d91218841c1");
    assert_eq!(
        branches["revisions"][0]["children"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn check_shape() {
    // The sample passes its own gate with no warning: a fixture that has one.
    let v = json(&[
        "--migrations",
        "tests/fixtures/lint/data-loss/triggers",
        "check",
        "--dialect",
        "postgresql",
        "--dialect",
        "mysql",
    ]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["dialects"], serde_json::json!(["postgresql", "mysql"]));
    assert_eq!(v["errors"], serde_json::json!([]));
    let first = &v["warnings"][0];
    for key in [
        "severity", "code", "message", "file", "line", "column", "notes", "help",
    ] {
        assert!(first.get(key).is_some(), "warning lacks `{key}`: {first}");
    }
    json_snapshot!("json_check", v);
}
