//! In-process tests of the planner: small graphs written in code, each plan
//! shown as its ordered steps with their version-table changes.

use super::*;

/// One revision per line: `id parent... ~dependency...`.
fn graph(spec: &str) -> RevisionGraph {
    let revisions = spec
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let id = words.next()?;
            let (deps, parents): (Vec<&str>, Vec<&str>) = words.partition(|w| w.starts_with('~'));
            let mut r = crate::source::revision::Revision::bare(id, &parents).expect("valid ids");
            r.depends_on = deps.iter().map(|d| d[1..].to_owned()).collect();
            Some(r)
        })
        .collect();
    RevisionGraph::build(revisions).expect("a valid graph")
}

/// Each step as `+id` or `-id`, then its version changes: `ins x`,
/// `upd x>y`, `del x`.
fn steps(g: &RevisionGraph, plan: &Plan) -> Vec<String> {
    plan.steps
        .iter()
        .map(|s| {
            let sign = match s.direction {
                Direction::Up => '+',
                Direction::Down => '-',
            };
            let changes: Vec<String> = s
                .version
                .iter()
                .map(|&c| match c.ids(g) {
                    VersionChange::Insert(id) => format!("ins {id}"),
                    VersionChange::Update { from, to } => format!("upd {from}>{to}"),
                    VersionChange::Delete(id) => format!("del {id}"),
                })
                .collect();
            format!("{sign}{} {}", g.id(s.node), changes.join(", "))
        })
        .collect()
}

fn heads(rows: &[RevisionId]) -> Vec<&str> {
    rows.iter().map(RevisionId::as_str).collect()
}

fn up(g: &RevisionGraph, start: Option<&str>, end: &str) -> Plan {
    Plan::upgrade(g, start, end).expect("an upgrade plan")
}

fn down(g: &RevisionGraph, start: Option<&str>, end: &str) -> Plan {
    Plan::downgrade(g, start, end).expect("a downgrade plan")
}

const LINE: &str = "a\nb a\nc b";

#[test]
fn a_linear_upgrade_inserts_the_root_then_updates() {
    let g = graph(LINE);
    let plan = up(&g, None, "heads");
    assert_eq!(plan.direction, Direction::Up);
    assert_eq!(steps(&g, &plan), ["+a ins a", "+b upd a>b", "+c upd b>c"]);
    assert!(plan.start_heads.is_empty());
    assert_eq!(heads(&plan.end_heads), ["c"]);
}

#[test]
fn a_linear_downgrade_to_base_updates_then_deletes_the_root() {
    let g = graph(LINE);
    let plan = down(&g, None, "base");
    assert_eq!(plan.direction, Direction::Down);
    assert_eq!(steps(&g, &plan), ["-c upd c>b", "-b upd b>a", "-a del a"]);
    assert_eq!(heads(&plan.start_heads), ["c"]);
    assert!(plan.end_heads.is_empty());
}

#[test]
fn partial_ranges_run_only_what_lies_between() {
    let g = graph(LINE);
    let plan = up(&g, Some("a"), "c");
    assert_eq!(steps(&g, &plan), ["+b upd a>b", "+c upd b>c"]);
    assert_eq!(heads(&plan.start_heads), ["a"]);

    let plan = up(&g, Some("a"), "+1");
    assert_eq!(steps(&g, &plan), ["+b upd a>b"]);
    assert_eq!(heads(&plan.end_heads), ["b"]);

    let plan = down(&g, Some("c"), "a");
    assert_eq!(steps(&g, &plan), ["-c upd c>b", "-b upd b>a"]);
    assert_eq!(heads(&plan.end_heads), ["a"]);

    let plan = down(&g, Some("c"), "-1");
    assert_eq!(steps(&g, &plan), ["-c upd c>b"]);

    // Already there: an empty plan, not an error.
    assert!(up(&g, Some("c"), "c").steps.is_empty());
}

#[test]
fn the_for_command_form_reads_a_range() {
    let g = graph(LINE);
    let plan = Plan::for_command(&g, Direction::Up, "b:c").expect("a plan");
    assert_eq!(steps(&g, &plan), ["+c upd b>c"]);
    let plan = Plan::for_command(&g, Direction::Down, "c:b").expect("a plan");
    assert_eq!(steps(&g, &plan), ["-c upd c>b"]);
}

#[test]
fn a_branch_adds_a_row_and_a_merge_joins_the_rows() {
    let g = graph("a\nb a\nc a\nd b c");
    let plan = up(&g, None, "heads");
    assert_eq!(
        steps(&g, &plan),
        ["+a ins a", "+b upd a>b", "+c ins c", "+d del b, upd c>d"]
    );
    assert_eq!(heads(&plan.end_heads), ["d"]);

    // Back down to the branch point: the merge splits into two rows again,
    // then each branch goes.
    let plan = down(&g, None, "a");
    assert_eq!(
        steps(&g, &plan),
        ["-d ins b, upd d>c", "-c del c", "-b upd b>a"]
    );
    assert_eq!(heads(&plan.end_heads), ["a"]);
}

#[test]
fn two_heads_are_upgraded_and_downgraded_together() {
    let g = graph("a\nb a\nc a");
    let plan = up(&g, None, "heads");
    assert_eq!(steps(&g, &plan), ["+a ins a", "+b upd a>b", "+c ins c"]);
    assert_eq!(heads(&plan.end_heads), ["b", "c"]);

    let plan = down(&g, None, "a");
    assert_eq!(steps(&g, &plan), ["-c del c", "-b upd b>a"]);
    assert_eq!(heads(&plan.start_heads), ["b", "c"]);

    // One head only: the other branch is left alone.
    let plan = up(&g, None, "b");
    assert_eq!(steps(&g, &plan), ["+a ins a", "+b upd a>b"]);
}

#[test]
fn depends_on_pulls_in_the_dependency_and_merges_its_row() {
    let g = graph("a\nb a\nx\ny x ~b");
    let plan = up(&g, None, "y");
    assert_eq!(
        steps(&g, &plan),
        ["+a ins a", "+b upd a>b", "+x ins x", "+y del x, upd b>y"]
    );
    assert_eq!(heads(&plan.end_heads), ["y"]);

    // The dependency alone does not bring in what depends on it.
    let plan = up(&g, None, "b");
    assert_eq!(steps(&g, &plan), ["+a ins a", "+b upd a>b"]);
}

#[test]
fn an_end_below_the_start_is_an_error() {
    let g = graph(LINE);
    match Plan::upgrade(&g, Some("c"), "a") {
        Err(PlanError::BelowStart { start, end, below }) => {
            assert_eq!((start.as_str(), end.as_str()), ("c", "a"));
            assert_eq!(heads(&below), ["a"]);
        }
        other => panic!("expected BelowStart, got {other:?}"),
    }
    match Plan::downgrade(&g, Some("a"), "c") {
        Err(PlanError::NotBelowStart { target, .. }) => assert_eq!(target.as_str(), "c"),
        other => panic!("expected NotBelowStart, got {other:?}"),
    }
    assert!(matches!(
        Plan::upgrade(&g, None, "nope"),
        Err(PlanError::Target(_))
    ));
}

#[test]
fn check_catches_version_changes_that_do_not_add_up() {
    let g = graph(LINE);
    let mut plan = up(&g, None, "heads");
    assert_eq!(plan.check(&g), Ok(()));
    // Drop the last step's update: the rows end at `b`, not `c`.
    plan.steps[2].version.clear();
    assert!(matches!(
        plan.check(&g),
        Err(PlanError::VersionTable { .. })
    ));
}
