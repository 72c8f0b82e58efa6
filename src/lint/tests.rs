//! Unit tests of the rule table.

use super::*;

#[test]
fn each_rule_has_its_own_help_line() {
    for r in RULES {
        let help = help(r.id);
        assert!(help.starts_with(r.why), "{}: {help}", r.id);
        assert!(
            help.ends_with(&format!("; silence with `allow: [{}]` in gen.yaml", r.id)),
            "{}: {help}",
            r.id
        );
    }
    assert_eq!(help("no-such-rule"), "");
}
