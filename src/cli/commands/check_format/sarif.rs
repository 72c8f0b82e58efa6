//! `--format sarif`: a SARIF 2.1.0 log (OASIS), what code-scanning
//! dashboards (GitHub code scanning, GitLab, Azure DevOps, ...) import.
//!
//! One run; the tool's rules are every lint rule of docs/lint.md plus
//! `error` for problems that are no lint rule (a file that does not load, a
//! broken graph, an operation that cannot be generated). Each result names
//! its rule, level, message (with notes and help) and, when known, the file
//! relative to the working directory with its 1-based line and column (in
//! characters: `columnKind` is `unicodeCodePoints`).

use super::super::json::{to_text, DiagnosticJson};
use super::{full_text, Findings};
use crate::lint::{Level, RULES};
use serde_json::{json, Map, Value};

/// The rule id of diagnostics that are no lint rule's.
pub const ERROR_RULE: &str = "error";

/// The published schema the log follows.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

/// A path as a URI reference: relative paths stay relative (to the
/// directory gen ran in), absolute ones become `file://` URIs; every byte
/// outside the unreserved set and `/` is percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rules() -> Vec<Value> {
    let mut rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let level = match r.level {
                Level::Warning => "warning",
                Level::Error => "error",
            };
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.why},
                "help": {"text": format!("{}; silence with `allow: [{}]` (docs/lint.md)", r.why, r.id)},
                "defaultConfiguration": {"level": level},
            })
        })
        .collect();
    rules.push(json!({
        "id": ERROR_RULE,
        "name": ERROR_RULE,
        "shortDescription": {"text": "gen cannot generate a script from this history"},
        "help": {"text": "fix the file, operation or flag the message names"},
        "defaultConfiguration": {"level": "error"},
    }));
    rules
}

fn result(d: &DiagnosticJson, rule_ids: &[&str]) -> Value {
    let rule = d.code.as_deref().unwrap_or(ERROR_RULE);
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(rule));
    if let Some(index) = rule_ids.iter().position(|r| *r == rule) {
        result.insert("ruleIndex".into(), json!(index));
    }
    result.insert("level".into(), json!(d.severity));
    result.insert("message".into(), json!({"text": full_text(d)}));
    if let Some(file) = &d.file {
        let mut physical = Map::new();
        physical.insert("artifactLocation".into(), json!({"uri": uri(file)}));
        if let Some(line) = d.line {
            let mut region = Map::new();
            region.insert("startLine".into(), json!(line));
            if let Some(col) = d.column {
                region.insert("startColumn".into(), json!(col));
            }
            physical.insert("region".into(), Value::Object(region));
        }
        result.insert(
            "locations".into(),
            json!([{"physicalLocation": Value::Object(physical)}]),
        );
    }
    Value::Object(result)
}

/// The SARIF log, pretty-printed, ending in a newline.
pub fn sarif(f: &Findings) -> String {
    let rules = rules();
    let rule_ids: Vec<&str> = rules
        .iter()
        .filter_map(|r| r.get("id").and_then(Value::as_str))
        .collect();
    let results: Vec<Value> = f.all().map(|d| result(d, &rule_ids)).collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "properties": {
                "dialects": f.dialects,
                "revisions": f.revisions,
                "denyWarnings": f.deny_warnings,
            },
            "results": results,
        }],
    });
    to_text(&log)
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("migrations/a_b.yaml"), "migrations/a_b.yaml");
        assert_eq!(uri("my dir/x#1.yaml"), "my%20dir/x%231.yaml");
        assert_eq!(uri("/srv/db/é.yaml"), "file:///srv/db/%C3%A9.yaml");
    }
}
