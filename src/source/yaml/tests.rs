//! The deserializer read end to end from YAML text: what values resolve
//! to, where errors point, repeated keys, aliases and their budget.

use super::*;
use crate::source::events;
use serde::Deserialize;
use std::collections::BTreeMap;

fn read<T: de::DeserializeOwned>(text: &str) -> Result<T, (Pos, String)> {
    let doc = events::read(text)
        .map_err(|e| panic!("{e:?}"))
        .unwrap_or_else(|()| unreachable!());
    from_document(&doc).map_err(|e| {
        let e = e.into_inner();
        let path = path_text(&e.path);
        (
            e.at.unwrap_or(Pos { line: 0, column: 0 }),
            format!("{path}|{}", e.message),
        )
    })
}

#[test]
fn values_resolve_as_yaml_reads_them() {
    let v: serde_json::Value =
        read("a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: '1'\ng: text\nh: [x, 0x1F]\n").unwrap();
    assert_eq!(
        v,
        serde_json::json!({"a": 1, "b": -2, "c": 1.5, "d": true, "e": null, "f": "1", "g": "text", "h": ["x", 31]})
    );
    // A string field takes any scalar's text as written.
    let v: BTreeMap<String, String> = read("a: 1.50\nb: true\nc: null\n").unwrap();
    assert_eq!(v["a"], "1.50");
    assert_eq!(v["b"], "true");
    assert_eq!(v["c"], "null");
    // `key:` with nothing is an empty list or mapping where one is expected,
    // and none where an option is.
    #[derive(Deserialize)]
    struct S {
        list: Vec<u32>,
        map: BTreeMap<String, u32>,
        opt: Option<String>,
        quoted: Option<String>,
    }
    let s: S = read("list:\nmap:\nopt:\nquoted: 'null'\n").unwrap();
    assert!(s.list.is_empty() && s.map.is_empty() && s.opt.is_none());
    assert_eq!(s.quoted.as_deref(), Some("null"));
}

#[test]
fn errors_carry_the_node_and_its_path() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
        flag: bool,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }
    let e = read::<Outer>("items:\n  - {n: 1, flag: true}\n  - {n: 2, flag: maybe}\n").unwrap_err();
    assert_eq!(
        e.0,
        Pos {
            line: 3,
            column: 18
        }
    );
    assert_eq!(
        e.1,
        "items[1].flag|invalid type: string \"maybe\", expected a boolean"
    );
    let e = read::<Outer>("items:\n  - n: 1\n    flg: true\n").unwrap_err();
    assert_eq!(e.0, Pos { line: 3, column: 5 });
    assert!(e.1.starts_with("items[0]|unknown key `flg`"), "{}", e.1);
    // A missing key: the mapping, placed at its first key.
    let e = read::<Outer>("items:\n  - n: 1\n").unwrap_err();
    assert_eq!(
        (e.0, e.1.as_str()),
        (Pos { line: 2, column: 5 }, "items[0]|missing key `flag`")
    );
    let e = read::<Outer>("items: 3\n").unwrap_err();
    assert_eq!(e.0, Pos { line: 1, column: 8 });
    assert_eq!(e.1, "items|invalid type: integer `3`, expected a list");
}

#[test]
fn a_repeated_key_is_found_in_long_mappings_too() {
    let mut text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
    text.push_str("k42: again\n");
    let e = read::<BTreeMap<String, String>>(&text).unwrap_err();
    assert_eq!(
        e.0,
        Pos {
            line: 101,
            column: 1
        }
    );
    assert!(
        e.1.contains("`k42` appears twice in this mapping (first on line 43 column 1)"),
        "{}",
        e.1
    );
    // The same key in two mappings is no repeat.
    let v: Vec<BTreeMap<String, u32>> = read("- {a: 1, b: 2}\n- {a: 3}\n").unwrap();
    assert_eq!(v.len(), 2);
    // Through an alias, a repeated key is still one.
    let e = read::<BTreeMap<String, String>>("&k a: 1\n*k : 2\n").unwrap_err();
    assert!(e.1.contains("`a` appears twice"), "{}", e.1);
}

#[test]
fn nesting_is_limited_aliases_included() {
    let deep = format!("{}{}\n", "[".repeat(200), "]".repeat(200));
    let e = read::<serde_json::Value>(&deep).unwrap_err();
    assert!(e.1.contains("nested more than 128 levels"), "{}", e.1);
    let mut text = "a0: &a0 [x]\n".to_owned();
    for i in 1..300 {
        text.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
    }
    let e = read::<serde_json::Value>(&text).unwrap_err();
    assert!(e.1.contains("nested more than 128 levels"), "{}", e.1);
}

#[test]
fn aliases_are_counted_against_the_budget() {
    // Each level repeats the one before ten times: 10^8 nodes in all.
    let mut text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
    for i in 1..9 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let started = std::time::Instant::now();
    let e = read::<serde_json::Value>(&text).unwrap_err();
    // Refused once the budget is spent, not after 10^8 nodes (hours):
    // a generous bound, for a loaded debug build.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert!(e.1.contains("repeat more than 1.0 MiB"), "{}", e.1);
    assert_eq!(alias_budget(10), 1 << 20);
    assert_eq!(alias_budget(200_000), 2_000_000);
    assert_eq!(alias_budget(100 << 20), 16 << 20);
}
