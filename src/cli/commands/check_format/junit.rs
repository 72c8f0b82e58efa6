//! `--format junit`: a JUnit XML report, what CI systems (GitLab's
//! `artifacts:reports:junit`, Jenkins, Azure Pipelines, ...) show as test
//! results.
//!
//! One test suite, `gen check`; one test case per finding, named after its
//! rule and place, which fails when the finding fails the run (an error, or
//! a warning under `--deny warnings`); a warning that does not fail it
//! passes with its text as output. A clean check is one passing case.

use super::{full_text, Findings};
use std::fmt::Write as _;

/// Text for an XML attribute or element: the five special characters as
/// entities, and characters XML 1.0 cannot hold at all (most C0 controls)
/// as `\u{..}` escapes, so that any message gives well-formed XML.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

pub fn junit(f: &Findings) -> String {
    let all: Vec<_> = f.all().collect();
    let failures = all.iter().filter(|d| f.fails(d)).count();
    let tests = all.len().max(1);
    let mut cases = String::new();
    for d in &all {
        let place = match (&d.file, d.line, d.column) {
            (Some(file), Some(line), Some(col)) => format!("{file}:{line}:{col}"),
            (Some(file), Some(line), None) => format!("{file}:{line}"),
            (Some(file), None, _) => file.clone(),
            (None, _, _) => "gen".to_owned(),
        };
        let rule = d.code.as_deref().unwrap_or(d.severity);
        let name = match &d.code {
            Some(code) => format!("{}[{code}] {place}", d.severity),
            None => format!("{} {place}", d.severity),
        };
        let classname = d.file.as_deref().unwrap_or("gen");
        let _ = writeln!(
            cases,
            "    <testcase name=\"{}\" classname=\"{}\">",
            xml(&name),
            xml(classname)
        );
        if f.fails(d) {
            let _ = writeln!(
                cases,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                xml(rule),
                xml(&d.message),
                xml(&full_text(d))
            );
        } else {
            let _ = writeln!(
                cases,
                "      <system-out>{}</system-out>",
                xml(&full_text(d))
            );
        }
        cases.push_str("    </testcase>\n");
    }
    if all.is_empty() {
        let _ = writeln!(
            cases,
            "    <testcase name=\"{}\" classname=\"gen\"/>",
            xml(&format!(
                "{} revisions for {}",
                f.revisions,
                f.dialects.join(", ")
            ))
        );
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"gen check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"gen check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    out.push_str("    <properties>\n");
    for (name, value) in [
        ("dialects", f.dialects.join(",")),
        ("revisions", f.revisions.to_string()),
        ("deny-warnings", f.deny_warnings.to_string()),
    ] {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            xml(&value)
        );
    }
    out.push_str("    </properties>\n");
    out.push_str(&cases);
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn any_text_is_well_formed_xml() {
        assert_eq!(
            xml("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(xml("bell\u{7}\tok\n"), "bell\\u{7}\tok\n");
        assert_eq!(xml("]]></failure>"), "]]&gt;&lt;/failure&gt;");
    }
}
