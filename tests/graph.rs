//! Tests of the revision graph, revision targets and plans.

use gen::diag::span::{At, DocPath};
use gen::history::graph::{CycleKind, GraphError, RevisionGraph};
use gen::history::plan::{Direction, Plan, PlanError, RowChange, VersionChange};
use gen::history::stamp::{plan_stamp, stamp_from_rows};
use gen::history::target::{parse_range, Spec, Target, TargetError, Way};
use gen::source::revision::Revision;

/// One revision per line: `id parent... ~dependency... @label...`.
fn revisions(spec: &str) -> Vec<Revision> {
    spec.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut words = line.split_whitespace();
            let id = words.next().unwrap();
            let mut parents = Vec::new();
            let mut deps = Vec::new();
            let mut labels = Vec::new();
            for w in words {
                if let Some(d) = w.strip_prefix('~') {
                    deps.push(d.to_owned());
                } else if let Some(l) = w.strip_prefix('@') {
                    labels.push(l.to_owned());
                } else {
                    parents.push(w);
                }
            }
            let mut r = Revision::bare(id, &parents).unwrap();
            r.depends_on = deps.into();
            r.branch_labels = labels.into();
            r
        })
        .collect()
}

fn graph(spec: &str) -> RevisionGraph {
    match RevisionGraph::build(revisions(spec)) {
        Ok(g) => g,
        Err(errors) => panic!(
            "{}",
            errors.iter().map(|e| format!("{e}\n")).collect::<String>()
        ),
    }
}

fn errors(spec: &str) -> Vec<GraphError> {
    match RevisionGraph::build(revisions(spec)) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    }
}

fn ids(g: &RevisionGraph, nodes: &[usize]) -> Vec<String> {
    nodes.iter().map(|&n| g.id(n).to_string()).collect()
}

fn node(g: &RevisionGraph, id: &str) -> usize {
    g.get_str(id).unwrap()
}

/// Steps and their version changes, one string per step.
fn show(g: &RevisionGraph, plan: &Plan) -> Vec<String> {
    plan.steps
        .iter()
        .map(|s| {
            let changes: Vec<String> = s
                .version
                .iter()
                .map(|c| match c.ids(g) {
                    VersionChange::Insert(i) => format!("INSERT {i}"),
                    VersionChange::Delete(i) => format!("DELETE {i}"),
                    VersionChange::Update { from, to } => format!("UPDATE {from}->{to}"),
                })
                .collect();
            format!("{}: {}", g.id(s.node), changes.join(", "))
        })
        .collect()
}

fn heads_of(rows: &[gen::source::revision::RevisionId]) -> Vec<String> {
    rows.iter().map(ToString::to_string).collect()
}

fn up(g: &RevisionGraph, start: Option<&str>, end: &str) -> Plan {
    Plan::upgrade(g, start, end).unwrap_or_else(|e| panic!("upgrade {start:?}:{end}: {e}"))
}

fn down(g: &RevisionGraph, start: Option<&str>, end: &str) -> Plan {
    Plan::downgrade(g, start, end).unwrap_or_else(|e| panic!("downgrade {start:?}:{end}: {e}"))
}

fn up_err(g: &RevisionGraph, start: Option<&str>, end: &str) -> PlanError {
    Plan::upgrade(g, start, end).unwrap_err()
}

fn down_err(g: &RevisionGraph, start: Option<&str>, end: &str) -> PlanError {
    Plan::downgrade(g, start, end).unwrap_err()
}

fn target_err(e: PlanError) -> TargetError {
    match e {
        PlanError::Target(t) => t,
        other => panic!("expected a target error, got {other:?}"),
    }
}

const LINEAR: &str = "a\nb a\nc b\nd c";
const BRANCH_MERGE: &str = "a\nb a\nc a\nm b c";
const TWO_ROOTS: &str = "a1\na2 a1\nb1\nb2 b1";
const DEPENDS: &str = "a1\na2 a1 ~b2\nb1\nb2 b1";

// ----- graph structure -----

#[test]
fn linear_chain_structure() {
    let g = graph(LINEAR);
    assert_eq!(ids(&g, g.heads()), ["d"]);
    assert_eq!(ids(&g, g.real_heads()), ["d"]);
    assert_eq!(ids(&g, g.bases()), ["a"]);
    assert_eq!(ids(&g, g.topo_order()), ["a", "b", "c", "d"]);
    assert_eq!(ids(&g, &g.ancestors(&[node(&g, "c")])), ["a", "b", "c"]);
    assert_eq!(ids(&g, &g.descendants(&[node(&g, "b")])), ["b", "c", "d"]);
    assert!(!g.is_branch_point(node(&g, "b")));
}

#[test]
fn branch_and_merge_structure() {
    let g = graph(BRANCH_MERGE);
    assert!(g.is_branch_point(node(&g, "a")));
    assert!(g.is_merge_point(node(&g, "m")));
    assert!(!g.is_merge_point(node(&g, "b")));
    assert_eq!(ids(&g, g.heads()), ["m"]);
    assert_eq!(ids(&g, g.topo_order()), ["a", "b", "c", "m"]);
}

#[test]
fn topo_order_keeps_branches_contiguous() {
    let g = graph("a\nb1 a\nb2 b1\nc1 a\nc2 c1\nz a");
    assert_eq!(ids(&g, g.topo_order()), ["a", "b1", "b2", "c1", "c2", "z"]);
}

#[test]
fn two_roots_structure() {
    let g = graph(TWO_ROOTS);
    assert_eq!(ids(&g, g.bases()), ["a1", "b1"]);
    assert_eq!(ids(&g, g.heads()), ["a2", "b2"]);
}

#[test]
fn depended_on_revision_is_a_head_but_not_a_real_head() {
    let g = graph(DEPENDS);
    assert_eq!(ids(&g, g.heads()), ["a2", "b2"]);
    assert_eq!(ids(&g, g.real_heads()), ["a2"]);
    assert_eq!(ids(&g, g.real_bases()), ["a1", "b1"]);
    assert!(!g.is_real_branch_point(node(&g, "b1")));
    assert_eq!(
        ids(&g, g.normalized_down_revisions(node(&g, "a2"))),
        ["a1", "b2"]
    );
    assert_eq!(
        ids(&g, &g.ancestors(&[node(&g, "a2")])),
        ["a1", "b1", "b2", "a2"]
    );
}

#[test]
fn dependencies_implied_by_ancestors_are_normalized_away() {
    let g = graph("x\na\nb a ~x\nc b ~x\nd c ~a");
    // c's parent b already depends on x.
    assert_eq!(ids(&g, g.normalized_down_revisions(node(&g, "c"))), ["b"]);
    assert_eq!(
        ids(&g, g.normalized_down_revisions(node(&g, "b"))),
        ["a", "x"]
    );
    // d depends on a, a down_revision ancestor but no ancestor's dependency:
    // Alembic keeps it.
    assert_eq!(
        ids(&g, g.normalized_down_revisions(node(&g, "d"))),
        ["c", "a"]
    );
}

#[test]
fn depends_on_accepts_ids_prefixes_and_labels() {
    let g = graph("abc1 @lab\nxyz9\nq xyz9 ~abc1\nr xyz9 ~ab\ns xyz9 ~lab");
    for r in ["q", "r", "s"] {
        assert_eq!(ids(&g, g.dependencies(node(&g, r))), ["abc1"]);
    }
    assert_eq!(ids(&g, g.dependents(node(&g, "abc1"))), ["q", "r", "s"]);
}

#[test]
fn prefix_lookup() {
    let g = graph("abc123\nabd456 abc123\nabd789 abc123");
    assert_eq!(g.resolve_id("abc"), Ok(node(&g, "abc123")));
    assert_eq!(g.resolve_id("abd456"), Ok(node(&g, "abd456")));
    match g.resolve_id("abd") {
        Err(gen::history::graph::LookupError::Ambiguous {
            candidates, total, ..
        }) => {
            assert_eq!(total, 2);
            assert_eq!(
                candidates.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                ["abd456", "abd789"]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(g.resolve_id("zz").is_err());
    assert_eq!(g.suggest("abc124").as_deref(), Some("abc123"));
}

// ----- labels -----

const LABELS: &str = "r\na1 r @alpha\na2 a1\nb1 r @beta\nb2 b1";

#[test]
fn label_membership_follows_alembic() {
    let g = graph(LABELS);
    let has = |id: &str, l: &str| g.branch_labels(node(&g, id)).contains(l);
    assert!(has("a1", "alpha") && has("a2", "alpha"));
    assert!(!has("r", "alpha"), "r is a branch point");
    assert!(has("b2", "beta") && !has("a2", "beta"));
    assert_eq!(g.label("alpha"), Some(node(&g, "a1")));

    // A plain line: the ancestors get the label down to the root.
    let g = graph("p0\np1 p0\np2 p1 @lab\np3 p2");
    for p in ["p0", "p1", "p2", "p3"] {
        assert!(g.branch_labels(node(&g, p)).contains("lab"), "{p}");
    }
    // Below the label, stop before a branch point.
    let g = graph("q0\nq1 q0\nq2 q1 @lab\nq2b q1");
    assert!(g.branch_labels(node(&g, "q2")).contains("lab"));
    assert!(!g.branch_labels(node(&g, "q1")).contains("lab"));
    assert!(!g.branch_labels(node(&g, "q2b")).contains("lab"));
    // Alembic labels no ancestors when the labelled line branches later.
    let g = graph("t0\nt1 t0 @lab\nt2 t1\nt3a t2\nt3b t2");
    for t in ["t1", "t2", "t3a", "t3b"] {
        assert!(g.branch_labels(node(&g, t)).contains("lab"), "{t}");
    }
    assert!(!g.branch_labels(node(&g, "t0")).contains("lab"));
    // Nor when a dependency makes the declaring revision a "real" branch point.
    let g = graph("u0\nu1 u0 @lab\nu2 u1\nx ~u1");
    assert!(!g.branch_labels(node(&g, "u0")).contains("lab"));
}

#[test]
fn label_targets() {
    let g = graph(LABELS);
    assert_eq!(
        show(&g, &up(&g, None, "alpha@head")),
        ["r: INSERT r", "a1: UPDATE r->a1", "a2: UPDATE a1->a2"]
    );
    assert_eq!(up(&g, None, "alpha").revisions(&g).len(), 2); // r, a1
    assert_eq!(
        show(&g, &up(&g, None, "beta@heads")),
        ["r: INSERT r", "b1: UPDATE r->b1", "b2: UPDATE b1->b2"]
    );
    assert_eq!(
        show(&g, &up(&g, Some("r"), "alpha@a2")),
        ["a1: UPDATE r->a1", "a2: UPDATE a1->a2"]
    );
    // A prefix after `label@` only matches revisions on the label's line.
    let g2 = graph("r\nxa r @alpha\nxb r @beta");
    assert_eq!(
        show(&g2, &up(&g2, None, "alpha@x")),
        ["r: INSERT r", "xa: UPDATE r->xa"]
    );
    assert!(matches!(
        target_err(up_err(&g2, None, "x")),
        TargetError::AmbiguousPrefix { .. }
    ));
    let e = target_err(up_err(&g, None, "alpha@b2"));
    assert!(matches!(e, TargetError::NotOnBranch { .. }), "{e:?}");
    assert!(e.to_string().contains("not on the line of branch `alpha`"));

    // A start is only where the database stands: `beta@base` is base, and
    // the end decides what runs (Alembic turns the start into revisions).
    let p = up(&g, Some("beta@base"), "heads");
    assert_eq!(heads_of(&p.end_heads), ["a2", "b2"]);
    assert_eq!(p.steps.len(), 5);

    // Downgrade alpha@base: one root, so (as in Alembic) everything goes.
    let p = down(&g, None, "alpha@base");
    assert_eq!(p.steps.len(), 5);
    assert!(p.end_heads.is_empty());

    // Downgrade to a revision: only its descendants.
    let p = down(&g, None, "alpha");
    // a1 is not implied by the other row b2, so it is an UPDATE.
    assert_eq!(show(&g, &p), ["a2: UPDATE a2->a1"]);
    assert_eq!(heads_of(&p.end_heads), ["a1", "b2"]);
}

#[test]
fn label_base_with_two_roots_removes_one_tree() {
    let g = graph("a1 @A\na2 a1\nb1 @B\nb2 b1");
    let p = down(&g, None, "A@base");
    assert_eq!(show(&g, &p), ["a2: UPDATE a2->a1", "a1: DELETE a1"]);
    assert_eq!(heads_of(&p.end_heads), ["b2"]);
    // As a start, `B@base` is base: the end decides what runs.
    let p = up(&g, Some("B@base"), "heads");
    assert_eq!(
        p.revisions(&g)
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>(),
        ["a1", "a2", "b1", "b2"]
    );
}

// ----- version table -----

#[test]
fn linear_upgrade_from_base_inserts_then_updates() {
    let g = graph(LINEAR);
    let p = up(&g, None, "head");
    assert_eq!(
        show(&g, &p),
        [
            "a: INSERT a",
            "b: UPDATE a->b",
            "c: UPDATE b->c",
            "d: UPDATE c->d"
        ]
    );
    assert!(p.start_heads.is_empty());
    assert_eq!(heads_of(&p.end_heads), ["d"]);
    assert_eq!(p.direction, Direction::Up);
}

#[test]
fn linear_downgrade_to_base_updates_then_deletes() {
    let g = graph(LINEAR);
    let p = down(&g, None, "base");
    assert_eq!(
        show(&g, &p),
        [
            "d: UPDATE d->c",
            "c: UPDATE c->b",
            "b: UPDATE b->a",
            "a: DELETE a"
        ]
    );
    assert_eq!(heads_of(&p.start_heads), ["d"]);
    assert!(p.end_heads.is_empty());
}

#[test]
fn branch_point_upgrade_inserts_the_second_branch() {
    let g = graph("a\nb a\nc a");
    let p = up(&g, None, "heads");
    assert_eq!(
        show(&g, &p),
        ["a: INSERT a", "b: UPDATE a->b", "c: INSERT c"]
    );
    assert_eq!(heads_of(&p.end_heads), ["b", "c"]);
}

#[test]
fn merge_deletes_and_updates() {
    let g = graph(BRANCH_MERGE);
    let p = up(&g, None, "head");
    assert_eq!(
        show(&g, &p),
        [
            "a: INSERT a",
            "b: UPDATE a->b",
            "c: INSERT c",
            "m: DELETE b, UPDATE c->m"
        ]
    );
    assert_eq!(heads_of(&p.end_heads), ["m"]);
}

#[test]
fn downgrading_a_merge_inserts_and_updates() {
    let g = graph(BRANCH_MERGE);
    let p = down(&g, None, "b");
    assert_eq!(show(&g, &p), ["m: INSERT b, UPDATE m->c"]);
    assert_eq!(heads_of(&p.end_heads), ["b", "c"]);
    let p = down(&g, None, "base");
    assert_eq!(
        show(&g, &p),
        [
            "m: INSERT b, UPDATE m->c",
            "c: DELETE c",
            "b: UPDATE b->a",
            "a: DELETE a"
        ]
    );
}

#[test]
fn downgrading_a_branch_back_to_base_deletes() {
    let g = graph("a\nb a\nc a");
    let p = down(&g, None, "base");
    assert_eq!(
        show(&g, &p),
        ["c: DELETE c", "b: UPDATE b->a", "a: DELETE a"]
    );
    // Only one branch: the branch point stays, so the row is deleted.
    let p = down(&g, Some("heads"), "a");
    assert_eq!(show(&g, &p), ["c: DELETE c", "b: UPDATE b->a"]);
    let g = graph(TWO_ROOTS);
    let p = down(&g, None, "a1");
    assert_eq!(show(&g, &p), ["a2: UPDATE a2->a1"]);
    assert_eq!(heads_of(&p.end_heads), ["a1", "b2"]);
}

#[test]
fn start_in_the_middle_of_a_branched_history() {
    let g = graph("a\nb a\nc a\nd b");
    let p = up(&g, Some("b"), "heads");
    assert_eq!(show(&g, &p), ["d: UPDATE b->d", "c: INSERT c"]);
    assert_eq!(heads_of(&p.start_heads), ["b"]);
    assert_eq!(heads_of(&p.end_heads), ["c", "d"]);
    let p = down(&g, Some("d"), "a");
    assert_eq!(show(&g, &p), ["d: UPDATE d->b", "b: UPDATE b->a"]);
}

#[test]
fn two_roots_upgrade() {
    let g = graph(TWO_ROOTS);
    let p = up(&g, None, "heads");
    assert_eq!(
        show(&g, &p),
        [
            "a1: INSERT a1",
            "a2: UPDATE a1->a2",
            "b1: INSERT b1",
            "b2: UPDATE b1->b2"
        ]
    );
    assert_eq!(heads_of(&p.end_heads), ["a2", "b2"]);
}

#[test]
fn dependency_across_branches_merges_rows() {
    let g = graph(DEPENDS);
    // `head` sees the structural heads a2 and b2, as in Alembic.
    let e = target_err(up_err(&g, None, "head"));
    assert!(matches!(e, TargetError::MultipleHeads { .. }));
    let p = up(&g, None, "heads");
    assert_eq!(
        show(&g, &p),
        [
            "a1: INSERT a1",
            "b1: INSERT b1",
            "b2: UPDATE b1->b2",
            "a2: DELETE a1, UPDATE b2->a2"
        ]
    );
    assert_eq!(heads_of(&p.end_heads), ["a2"]);
    let p = down(&g, None, "base");
    assert_eq!(
        show(&g, &p),
        [
            "a2: INSERT a1, UPDATE a2->b2",
            "b2: UPDATE b2->b1",
            "b1: DELETE b1",
            "a1: DELETE a1"
        ]
    );
    // Upgrading only the dependency's line first.
    let p = up(&g, Some("b2"), "a2");
    assert_eq!(
        show(&g, &p),
        ["a1: INSERT a1", "a2: DELETE a1, UPDATE b2->a2"]
    );
    // Dropping b2 drops its dependent a2 too.
    let p = down(&g, None, "b1");
    assert_eq!(
        show(&g, &p),
        ["a2: INSERT a1, UPDATE a2->b2", "b2: UPDATE b2->b1"]
    );
}

#[test]
fn dependency_on_a_down_revision_ancestor() {
    let g = graph("a\nb a\nc b ~a");
    let p = up(&g, None, "heads");
    assert_eq!(
        show(&g, &p),
        ["a: INSERT a", "b: UPDATE a->b", "c: UPDATE b->c"]
    );
    let p = down(&g, None, "base");
    assert_eq!(
        show(&g, &p),
        ["c: UPDATE c->b", "b: UPDATE b->a", "a: DELETE a"]
    );
}

// ----- relative targets -----

#[test]
fn relative_targets() {
    let g = graph(LINEAR);
    assert_eq!(
        show(&g, &up(&g, None, "+2")),
        ["a: INSERT a", "b: UPDATE a->b"]
    );
    assert_eq!(show(&g, &up(&g, Some("b"), "+1")), ["c: UPDATE b->c"]);
    assert_eq!(up(&g, None, "b+1").steps.len(), 3);
    assert_eq!(up(&g, None, "d-2").steps.len(), 2);
    assert_eq!(up(&g, None, "head-1").steps.len(), 3);
    assert_eq!(show(&g, &down(&g, None, "-1")), ["d: UPDATE d->c"]);
    assert_eq!(down(&g, None, "d-2").steps.len(), 2);
    assert_eq!(down(&g, Some("c"), "-1").steps.len(), 1);
    assert_eq!(show(&g, &down(&g, None, "a-1")).len(), 4); // below a root is base

    let e = target_err(up_err(&g, None, "b+5"));
    assert_eq!(
        e,
        TargetError::WalkedTooFar {
            text: "b+5".into(),
            way: Way::Up,
            asked: 5,
            possible: 2
        }
    );
    assert!(e.to_string().contains("only 2 possible"));
    let e = target_err(up_err(&g, None, "a-2"));
    assert!(
        matches!(
            e,
            TargetError::WalkedTooFar {
                possible: 1,
                way: Way::Down,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(matches!(
        target_err(up_err(&g, None, "-1")),
        TargetError::WrongWay { .. }
    ));
    assert!(matches!(
        target_err(down_err(&g, None, "+1")),
        TargetError::WrongWay { .. }
    ));
    assert!(matches!(
        target_err(up_err(&g, Some("+1"), "head")),
        TargetError::WrongWay { .. }
    ));
    // A range start `-N` is N below the heads.
    assert_eq!(
        show(&g, &up(&g, Some("-2"), "heads")),
        ["c: UPDATE b->c", "d: UPDATE c->d"]
    );
    assert_eq!(show(&g, &down(&g, Some("-1"), "b")), ["c: UPDATE c->b"]);
}

#[test]
fn relative_targets_with_labels() {
    let g = graph(LABELS);
    assert_eq!(show(&g, &up(&g, None, "alpha@+1")), ["r: INSERT r"]);
    assert_eq!(up(&g, None, "alpha@+3").steps.len(), 3);
    assert_eq!(
        show(&g, &up(&g, Some("r"), "beta@+1")),
        ["b1: UPDATE r->b1"]
    );
    // From b2 (on beta), alpha@+1 backtracks to r, the tip of alpha's line.
    assert_eq!(show(&g, &up(&g, Some("b2"), "alpha@+1")), ["a1: INSERT a1"]);
    assert_eq!(up(&g, None, "alpha@r+1").steps.len(), 2);
    assert_eq!(show(&g, &down(&g, None, "alpha@-1")), ["a2: UPDATE a2->a1"]);
    assert_eq!(
        show(&g, &down(&g, None, "beta@-2")),
        ["b2: UPDATE b2->b1", "b1: DELETE b1"]
    );
    assert_eq!(
        show(&g, &down(&g, None, "alpha@a2-1")),
        ["a2: UPDATE a2->a1"]
    );
    // Several heads: a bare -1 is ambiguous.
    let e = target_err(down_err(&g, None, "-1"));
    assert!(matches!(e, TargetError::AmbiguousStart { .. }), "{e:?}");
    assert!(e.to_string().contains("`<label>@-1`"), "{e}");
}

#[test]
fn ambiguous_walks() {
    let g = graph(BRANCH_MERGE);
    let e = target_err(up_err(&g, None, "a+1"));
    match &e {
        TargetError::AmbiguousWalk {
            at,
            way,
            candidates,
            ..
        } => {
            assert_eq!(at, "a");
            assert_eq!(*way, Way::Up);
            assert_eq!(
                candidates.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                ["b", "c"]
            );
        }
        other => panic!("{other:?}"),
    }
    let e = target_err(down_err(&g, None, "-1"));
    assert!(matches!(&e, TargetError::AmbiguousWalk { way: Way::Down, at, .. } if at == "m"));
    let g = graph(TWO_ROOTS);
    let e = target_err(up_err(&g, None, "+1"));
    assert!(
        matches!(&e, TargetError::AmbiguousWalk { at, .. } if at == "base"),
        "{e:?}"
    );
    let e = target_err(up_err(&g, Some("heads"), "+1"));
    assert!(matches!(e, TargetError::AmbiguousStart { .. }), "{e:?}");
}

// ----- parsing, prefixes, ranges -----

#[test]
fn parse_forms() {
    let p = |s: &str| Target::parse(s).unwrap();
    assert_eq!(p("head").spec, Spec::Head);
    assert_eq!(p("heads").spec, Spec::Heads);
    assert_eq!(p("base").spec, Spec::Base);
    assert_eq!(p("ae1").spec, Spec::Rev("ae1".into()));
    assert_eq!(p("my-branch").spec, Spec::Rev("my-branch".into()));
    let t = p("lab@head");
    assert_eq!((t.branch.as_deref(), t.spec), (Some("lab"), Spec::Head));
    assert_eq!(
        p("+3").spec,
        Spec::Relative {
            from: None,
            steps: 3
        }
    );
    assert_eq!(
        p("-2").spec,
        Spec::Relative {
            from: None,
            steps: -2
        }
    );
    assert_eq!(
        p("ae1+2").spec,
        Spec::Relative {
            from: Some("ae1".into()),
            steps: 2
        }
    );
    let t = p("lab@-1");
    assert_eq!(
        (t.branch.as_deref(), t.spec),
        (
            Some("lab"),
            Spec::Relative {
                from: None,
                steps: -1
            }
        )
    );
}

#[test]
fn parse_errors() {
    for bad in ["", "@x", "x@", "a@b@c", "a:b", "x y"] {
        assert!(
            matches!(Target::parse(bad), Err(TargetError::Malformed { .. })),
            "{bad:?}"
        );
    }
    for bad in ["+0", "-0", "+x", "a+", "+", "+99999999999999999999"] {
        assert!(
            matches!(Target::parse(bad), Err(TargetError::BadSteps { .. })),
            "{bad:?}"
        );
    }
    assert!(Target::parse("")
        .unwrap_err()
        .to_string()
        .contains("expected `head`"));
}

#[test]
fn ranges() {
    let (s, e) = parse_range("ab:head").unwrap();
    assert_eq!(s.unwrap().spec, Spec::Rev("ab".into()));
    assert_eq!(e.spec, Spec::Head);
    let (s, e) = parse_range("heads").unwrap();
    assert!(s.is_none());
    assert_eq!(e.spec, Spec::Heads);
    for bad in ["a:", ":b", "a:b:c"] {
        assert!(
            matches!(parse_range(bad), Err(TargetError::Malformed { .. })),
            "{bad}"
        );
    }
    let g = graph(LINEAR);
    let p = Plan::for_command(&g, Direction::Up, "b:d").unwrap();
    assert_eq!(show(&g, &p), ["c: UPDATE b->c", "d: UPDATE c->d"]);
    let p = Plan::for_command(&g, Direction::Down, "c:a").unwrap();
    assert_eq!(show(&g, &p), ["c: UPDATE c->b", "b: UPDATE b->a"]);
    let p = Plan::for_command(&g, Direction::Up, "head").unwrap();
    assert_eq!(p.steps.len(), 4);
}

#[test]
fn prefix_targets() {
    let g = graph("abc123\nabd456 abc123\nabd789 abc123");
    assert_eq!(up(&g, None, "abc").steps.len(), 1);
    assert_eq!(up(&g, None, "abd4").steps.len(), 2);
    let e = target_err(up_err(&g, None, "abd"));
    match &e {
        TargetError::AmbiguousPrefix {
            candidates, total, ..
        } => {
            assert_eq!(*total, 2);
            assert_eq!(candidates[0].as_str(), "abd456");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("`abd456`, `abd789`"));
    let e = target_err(up_err(&g, None, "abc124"));
    assert!(
        matches!(&e, TargetError::UnknownRevision { suggestion: Some(s), .. } if s == "abc123"),
        "{e:?}"
    );
    assert!(e.to_string().contains("did you mean `abc123`?"));
}

// ----- target and plan errors -----

#[test]
fn target_error_variants() {
    let g = graph(LABELS);
    let e = target_err(up_err(&g, None, "alpah@head"));
    assert!(
        matches!(&e, TargetError::UnknownLabel { suggestion: Some(s), .. } if s == "alpha"),
        "{e:?}"
    );
    let e = target_err(up_err(&g, None, "head"));
    match &e {
        TargetError::MultipleHeads { heads, .. } => assert_eq!(heads.len(), 2),
        other => panic!("{other:?}"),
    }
    let msg = e.to_string();
    assert!(
        msg.contains("`a2`, `b2`") && msg.contains("`heads`") && msg.contains("@head`"),
        "{msg}"
    );
    // `B@-1` from a start with nothing on B's line.
    let g2 = graph("a1 @A\na2 a1\nb1 @B");
    let e = target_err(down_err(&g2, Some("a2"), "B@-1"));
    assert_eq!(
        e,
        TargetError::NothingToWalkFrom {
            text: "B@-1".into()
        }
    );
    let e = target_err(down_err(&g2, Some("a1"), "a1-2"));
    assert!(matches!(e, TargetError::WalkedTooFar { .. }));
}

#[test]
fn plan_error_variants() {
    let g = graph(LINEAR);
    let e = up_err(&g, Some("c"), "b");
    assert!(
        matches!(&e, PlanError::BelowStart { below, .. } if below.len() == 1),
        "{e:?}"
    );
    assert!(e.to_string().contains("gen downgrade c:b"));
    assert!(matches!(
        up_err(&g, Some("c"), "base"),
        PlanError::BelowStart { .. }
    ));
    // Already there: an empty plan, not an error.
    assert!(up(&g, Some("d"), "head").steps.is_empty());
    assert!(up(&g, Some("c"), "c").steps.is_empty());
    assert!(down(&g, Some("b"), "b").steps.is_empty());

    let e = down_err(&g, Some("b"), "c");
    assert!(matches!(e, PlanError::NotBelowStart { .. }), "{e:?}");

    let g = graph(TWO_ROOTS);
    let e = down_err(&g, None, "heads");
    assert!(matches!(e, PlanError::SeveralTargets { .. }), "{e:?}");
    // Downgrade one tree while the other is not applied: nothing to drop.
    let e = down_err(&g, Some("a2"), "b1");
    assert!(matches!(e, PlanError::NotBelowStart { .. }), "{e:?}");

    let g = graph(LABELS);
    // `a1@r` names r on a1's line; r's children are a1 and b1, and only a1
    // is on a1's line.
    let p = down(&g, None, "a1@r");
    assert_eq!(p.steps.len(), 2);
    assert_eq!(heads_of(&p.end_heads), ["b2"]);

    let g = graph("r\nx r\ny r @lab\nz y");
    // `lab@r`: r's children x and y; lab declared at y; x is not on its line.
    let p = down(&g, None, "lab@r");
    assert_eq!(show(&g, &p), ["z: UPDATE z->y", "y: DELETE y"]);
    let g = graph("r\nq r @lab\nx q\ny q");
    // lab declared below the branch point q: both of q's children are on
    // its line, so both go.
    let p = down(&g, None, "lab@q");
    assert_eq!(p.steps.len(), 2);
}

#[test]
fn label_base_keeps_the_labelled_tree() {
    let g = graph("a1\nb1\nc1 @L");
    let p = down(&g, None, "L@base");
    assert_eq!(show(&g, &p), ["c1: DELETE c1"]);
    assert_eq!(heads_of(&p.end_heads), ["a1", "b1"]);
    let e = down_err(&g, Some("heads"), "c1@a1");
    assert!(
        matches!(e, PlanError::Target(TargetError::NotOnBranch { .. })),
        "{e:?}"
    );
}

#[test]
fn check_rejects_tampered_plans() {
    let g = graph(LINEAR);
    let mut p = up(&g, None, "head");
    p.check(&g).unwrap();
    p.steps[1].version = vec![RowChange::Insert(p.steps[1].node)];
    assert!(matches!(p.check(&g), Err(PlanError::VersionTable { .. })));
    let mut p = up(&g, None, "head");
    p.end_heads.clear();
    assert!(matches!(p.check(&g), Err(PlanError::VersionTable { .. })));
}

// ----- graph errors -----

#[test]
fn duplicate_id_names_both_files() {
    let mut revs = revisions("a\nb a");
    let mut dup = Revision::bare("a", &[]).unwrap();
    dup.source.path = "migrations/other.yaml".into();
    revs.insert(0, dup);
    let errs = RevisionGraph::build(revs).unwrap_err();
    assert_eq!(errs.len(), 1);
    match &errs[0] {
        GraphError::DuplicateId { id, span, first } => {
            assert_eq!(id.as_str(), "a");
            // The first by path is the one kept, whatever the input order.
            assert_eq!(first.file.as_str(), "migrations/a.yaml");
            assert_eq!(span.file.as_str(), "migrations/other.yaml");
            assert_eq!(span.at, At::Path(DocPath::root().key("revision")));
        }
        other => panic!("{other:?}"),
    }
    assert!(errs[0].to_string().contains("also in migrations/"));
}

#[test]
fn every_graph_error_is_collected() {
    let errs = errors(
        "a @lab @a\n\
         b a @lab @bad:label\n\
         c a a\n\
         d d\n\
         e a1\n\
         f a ~nope ~ab\n\
         g a ~g\n\
         ab1 a\n\
         ab2 a",
    );
    let kinds: Vec<&str> = errs
        .iter()
        .map(|e| match e {
            GraphError::DuplicateId { .. } => "dup-id",
            GraphError::DuplicateLabel { .. } => "dup-label",
            GraphError::LabelIsRevisionId { .. } => "label-is-id",
            GraphError::InvalidLabel { .. } => "bad-label",
            GraphError::DuplicateParent { .. } => "dup-parent",
            GraphError::SelfParent { .. } => "self-parent",
            GraphError::MissingParent { .. } => "missing",
            GraphError::UnresolvedDependency { .. } => "unresolved",
            GraphError::AmbiguousDependency { .. } => "ambiguous",
            GraphError::DependsOnSelf { .. } => "dep-self",
            GraphError::DependsOnDescendant { .. } => "dep-desc",
            GraphError::Cycle { .. } => "cycle",
        })
        .collect();
    for k in [
        "dup-label",
        "label-is-id",
        "bad-label",
        "dup-parent",
        "self-parent",
        "missing",
        "unresolved",
        "ambiguous",
        "dep-self",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    for e in &errs {
        match e {
            GraphError::MissingParent {
                revision,
                missing,
                suggestion,
                span,
            } => {
                assert_eq!((revision.as_str(), missing.as_str()), ("e", "a1"));
                assert!(suggestion.is_some());
                assert_eq!(span.file.as_str(), "migrations/e.yaml");
                assert_eq!(
                    span.at,
                    At::Path(DocPath::root().key("down_revision").index(0))
                );
            }
            GraphError::DuplicateParent { span, .. } => {
                assert_eq!(
                    span.at,
                    At::Path(DocPath::root().key("down_revision").index(1))
                );
            }
            GraphError::UnresolvedDependency { entry, span, .. } => {
                assert_eq!(entry, "nope");
                assert_eq!(
                    span.at,
                    At::Path(DocPath::root().key("depends_on").index(0))
                );
            }
            GraphError::AmbiguousDependency {
                candidates, span, ..
            } => {
                assert_eq!(candidates.len(), 2);
                assert_eq!(
                    span.at,
                    At::Path(DocPath::root().key("depends_on").index(1))
                );
            }
            GraphError::DuplicateLabel {
                revision, first, ..
            } => assert_eq!((revision.as_str(), first.as_str()), ("b", "a")),
            _ => {}
        }
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn reserved_and_relative_looking_labels_are_rejected() {
    let errs = errors("a @head\nb a @v-2\nc b @ok-label");
    assert_eq!(errs.len(), 2);
    assert!(errs
        .iter()
        .all(|e| matches!(e, GraphError::InvalidLabel { .. })));
}

#[test]
fn cycles_are_named_in_order() {
    let errs = errors("root\nx z\ny x\nz y");
    assert_eq!(errs.len(), 1);
    match &errs[0] {
        GraphError::Cycle {
            kind, revisions, ..
        } => {
            assert_eq!(*kind, CycleKind::DownRevision);
            let r: Vec<&str> = revisions.iter().map(|r| r.as_str()).collect();
            // x's parent is z, z's is y, y's is x.
            assert_eq!(r, ["x", "z", "y"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(errs[0].to_string().contains("x -> z -> y -> x"));

    let errs = errors("a ~b\nb ~a");
    assert!(
        matches!(&errs[0], GraphError::Cycle { kind: CycleKind::Dependency, revisions, .. } if revisions.len() == 2),
        "{errs:?}"
    );
}

#[test]
fn depending_on_a_descendant_is_an_error() {
    let errs = errors("a\nb a ~d\nc b\nd c");
    assert_eq!(errs.len(), 1);
    match &errs[0] {
        GraphError::DependsOnDescendant {
            revision,
            dependency,
            path,
            span,
        } => {
            assert_eq!((revision.as_str(), dependency.as_str()), ("b", "d"));
            let p: Vec<&str> = path.iter().map(|r| r.as_str()).collect();
            assert_eq!(p, ["b", "c", "d"]);
            assert_eq!(
                span.at,
                At::Path(DocPath::root().key("depends_on").index(0))
            );
        }
        other => panic!("{other:?}"),
    }
}

// ----- properties -----

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_revisions(rng: &mut Lcg) -> Vec<Revision> {
    let n = 1 + rng.below(24);
    let mut ids: Vec<String> = Vec::new();
    let mut revs = Vec::new();
    for i in 0..n {
        // Random ids so that id order is not creation order.
        let id = loop {
            let id = format!("r{:03x}", rng.below(4096));
            if !ids.contains(&id) {
                break id;
            }
        };
        let mut parents: Vec<&str> = Vec::new();
        if i > 0 && rng.below(6) != 0 {
            parents.push(&ids[rng.below(i)]);
            if i > 1 && rng.below(4) == 0 {
                let p = &ids[rng.below(i)];
                if !parents.contains(&p.as_str()) {
                    parents.push(p);
                }
            }
        }
        let mut r = Revision::bare(&id, &parents).unwrap();
        if i > 0 && rng.below(5) == 0 {
            let d = ids[rng.below(i)].clone();
            r.depends_on = Box::new([d]);
        }
        if rng.below(8) == 0 {
            r.branch_labels = Box::new([format!("l{i}")]);
        }
        ids.push(id);
        revs.push(r);
    }
    revs
}

fn assert_order(g: &RevisionGraph, plan: &Plan) {
    let start: Vec<usize> = plan.start_heads.iter().map(|h| g.get(h).unwrap()).collect();
    let mut applied = g.ancestor_mask(&start);
    for step in &plan.steps {
        let n = step.node;
        match step.direction {
            Direction::Up => {
                assert!(!applied[n]);
                for &p in g.parents(n).iter().chain(g.dependencies(n)) {
                    assert!(
                        applied[p],
                        "{} before its parent/dependency",
                        g.id(step.node)
                    );
                }
                applied[n] = true;
            }
            Direction::Down => {
                assert!(applied[n]);
                for &c in g.successors(n) {
                    assert!(
                        !applied[c],
                        "{} before its child/dependent",
                        g.id(step.node)
                    );
                }
                applied[n] = false;
            }
        }
    }
    plan.check(g).unwrap();
}

#[test]
fn random_dags_plan_consistently() {
    let mut rng = Lcg(0x5eed);
    let mut plans = 0;
    for _ in 0..400 {
        let g = RevisionGraph::build(random_revisions(&mut rng)).unwrap();
        let all: Vec<usize> = (0..g.len()).collect();

        let p = Plan::upgrade(&g, None, "heads").unwrap();
        assert_order(&g, &p);
        assert_eq!(p.steps.len(), g.len());
        assert_eq!(p.end_heads, g.ids(&g.maximal(&all)));
        assert_eq!(p.end_heads, g.ids(g.real_heads()));

        let back = Plan::downgrade(&g, Some("heads"), "base").unwrap();
        assert_order(&g, &back);
        assert_eq!(back.start_heads, p.end_heads);
        assert!(back.end_heads.is_empty());
        assert_eq!(back.steps.len(), g.len());
        plans += 2;

        // Upgrades and downgrades between random points.
        for _ in 0..6 {
            let a = g.id(rng.below(g.len())).to_string();
            let b = g.id(rng.below(g.len())).to_string();
            match Plan::upgrade(&g, Some(&a), &b) {
                Ok(p) => {
                    assert_order(&g, &p);
                    let mut want = vec![g.get_str(&a).unwrap(), g.get_str(&b).unwrap()];
                    want = g.maximal(&want);
                    assert_eq!(p.end_heads, g.ids(&want), "upgrade {a}:{b}");
                    plans += 1;
                }
                Err(PlanError::BelowStart { .. }) => {}
                Err(e) => panic!("upgrade {a}:{b}: {e}"),
            }
            match Plan::downgrade(&g, Some("heads"), &b) {
                Ok(p) => {
                    assert_order(&g, &p);
                    plans += 1;
                }
                Err(PlanError::NotBelowStart { .. }) => {}
                Err(e) => panic!("downgrade heads:{b}: {e}"),
            }
            match Plan::downgrade(&g, Some(&a), "base") {
                Ok(p) => {
                    assert_order(&g, &p);
                    assert!(p.end_heads.is_empty());
                    plans += 1;
                }
                Err(e) => panic!("downgrade {a}:base: {e}"),
            }
            for t in ["+1", "-1", "heads-1", "+2"] {
                for res in [
                    Plan::upgrade(&g, Some(&a), t),
                    Plan::downgrade(&g, Some(&a), t),
                ] {
                    match res {
                        Ok(p) => {
                            assert_order(&g, &p);
                            plans += 1;
                        }
                        Err(PlanError::VersionTable { message }) => panic!("{t}: {message}"),
                        Err(_) => {}
                    }
                }
            }
            for label in g.labels().keys() {
                for t in [
                    format!("{label}@head"),
                    format!("{label}@base"),
                    format!("{label}@-1"),
                ] {
                    if let Err(PlanError::VersionTable { message }) =
                        Plan::downgrade(&g, None, &t).and_then(|p| p.check(&g).map(|_| p))
                    {
                        panic!("{t}: {message}");
                    }
                }
            }
        }
    }
    assert!(plans > 2000, "{plans}");
}

#[test]
fn long_chain_does_not_overflow() {
    let n = 100_000;
    let mut revs = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("r{i:06}");
        let parent = format!("r{:06}", i.wrapping_sub(1));
        let parents: Vec<&str> = if i == 0 { vec![] } else { vec![&parent] };
        revs.push(Revision::bare(&id, &parents).unwrap());
    }
    // Shuffle-ish: reverse, so input order is not id order.
    revs.reverse();
    let g = RevisionGraph::build(revs).unwrap();
    assert_eq!(g.heads().len(), 1);
    let p = Plan::upgrade(&g, None, "head").unwrap();
    assert_eq!(p.steps.len(), n);
    let p = Plan::downgrade(&g, None, "base").unwrap();
    assert_eq!(p.steps.len(), n);
    let p = Plan::upgrade(&g, None, "+50000").unwrap();
    assert_eq!(p.steps.len(), 50_000);
    assert_eq!(g.ancestors(&[g.get_str("r099999").unwrap()]).len(), n);
}

// ----- issue 20: what Alembic 1.20 does, checked with its offline `--sql` -----

/// `a <- b`, `a <- c`: b labelled `x`, c labelled `y`.
const FORK: &str = "a\nb a @x\nc a @y";

fn stamp(g: &RevisionGraph, arg: &str) -> (Vec<String>, Vec<String>) {
    let s = plan_stamp(g, arg).unwrap_or_else(|e| panic!("stamp {arg}: {e}"));
    let steps = s
        .steps
        .iter()
        .map(|st| {
            let changes: Vec<String> = st
                .changes
                .iter()
                .map(|c| match c.ids(g) {
                    VersionChange::Insert(i) => format!("INSERT {i}"),
                    VersionChange::Delete(i) => format!("DELETE {i}"),
                    VersionChange::Update { from, to } => format!("UPDATE {from}->{to}"),
                })
                .collect();
            let from: Vec<String> = st.from.iter().map(|&n| g.id(n).to_string()).collect();
            let to = st.to.map_or(String::new(), |n| g.id(n).to_string());
            format!("{} -> {to}: {}", from.join(", "), changes.join(", "))
        })
        .collect();
    (steps, heads_of(&s.to))
}

#[test]
fn stamp_moves_only_the_rows_on_the_destinations_line() {
    let g = graph(FORK);
    // c is on no line of the row b: a new branch, b stays.
    assert_eq!(
        stamp(&g, "b:c"),
        (
            vec![" -> c: INSERT c".to_owned()],
            vec!["b".into(), "c".into()]
        )
    );
    // b is a row already; c is not on b's line: nothing changes.
    assert_eq!(stamp(&g, "heads:b"), (vec![], vec!["b".into(), "c".into()]));
    // x@base: only the row on x's line goes.
    assert_eq!(
        stamp(&g, "heads:x@base"),
        (vec!["b -> : DELETE b".to_owned()], vec!["c".into()])
    );
    // Plain base: every row goes.
    assert_eq!(
        stamp(&g, "heads:base").0,
        ["b -> : DELETE b", "c -> : DELETE c"]
    );
    // Down to the branch point: both rows merge into it.
    assert_eq!(stamp(&g, "heads:a").0, ["b, c -> a: DELETE b, UPDATE c->a"]);
    // From a, to both heads: one UPDATE, then a new branch (a is gone).
    assert_eq!(
        stamp(&g, "a:heads"),
        (
            vec!["a -> b: UPDATE a->b".to_owned(), "a -> c: INSERT c".into()],
            vec!["b".into(), "c".into()]
        )
    );
    // From base: one INSERT per head, the table created before the first.
    let s = plan_stamp(&g, "heads").unwrap();
    let empty: Vec<bool> = s.steps.iter().map(|st| st.empty_before).collect();
    assert_eq!(empty, [true, false]);
}

/// Alembic's `test_stamp_to_labeled_base_multiple_heads` and its neighbours
/// in tests/test_version_traversal.py: a <- b <- c1 (c1branch) <- d1 and
/// b <- c2 (c2branch) <- d2, with the rows d1 and c2.
#[test]
fn stamp_as_in_alembics_own_tests() {
    let g = graph("a\nb a\nc1 b @c1branch\nd1 c1\nc2 b @c2branch\nd2 c2");
    let rows = [node(&g, "d1"), node(&g, "c2")];
    let stamp = |end: &str| {
        let s = stamp_from_rows(&g, &rows, &Target::parse(end).unwrap()).unwrap();
        let steps: Vec<String> = s
            .steps
            .iter()
            .map(|st| {
                let changes: Vec<String> = st
                    .changes
                    .iter()
                    .map(|c| format!("{:?}", c.ids(&g)))
                    .collect();
                changes.join(", ")
            })
            .collect();
        (steps, heads_of(&s.to))
    };
    // test_stamp_to_labeled_base_multiple_heads: one step, deleting d1.
    assert_eq!(
        stamp("c1branch@base"),
        (
            vec![r#"Delete(RevisionId("d1"))"#.to_owned()],
            vec!["c2".into()]
        )
    );
    // test_stamp_to_labeled_head_multiple_heads: c2 -> d2, c1branch unchanged.
    assert_eq!(
        stamp("c2branch@head"),
        (
            vec![r#"Update { from: RevisionId("c2"), to: RevisionId("d2") }"#.to_owned()],
            vec!["d1".into(), "d2".into()]
        )
    );
    // test_stamp_down_across_multiple_branch_to_branchpoint: one step,
    // DELETE one row, UPDATE the other to b. Alembic takes the rows in the
    // order it was given them (online: the order the table returns them);
    // gen in the order of their ids.
    assert_eq!(
        stamp("b"),
        (
            vec![
                r#"Delete(RevisionId("c2")), Update { from: RevisionId("d1"), to: RevisionId("b") }"#
                    .to_owned()
            ],
            vec!["b".into()]
        )
    );
}

/// Where gen differs from Alembic on purpose: Alembic merges every row on
/// the label's or another destination's line into a destination (and loses
/// `c` here); gen moves only the rows on each destination's own line.
#[test]
fn stamp_keeps_rows_on_other_lines_where_alembic_loses_them() {
    let g = graph("a\nb a @x\nc a @y\nb2 b");
    let rows = [node(&g, "b"), node(&g, "c")];
    let s = stamp_from_rows(&g, &rows, &Target::parse("heads").unwrap()).unwrap();
    assert_eq!(heads_of(&s.to), ["b2", "c"]);
    assert_eq!(s.steps.len(), 1);
    assert_eq!(
        s.steps[0].changes,
        [RowChange::Update(node(&g, "b"), node(&g, "b2"))]
    );
}

/// A start `label@...` is turned into plain revisions first (Alembic's
/// `get_current_heads` in offline mode): it does not filter the end.
#[test]
fn a_labelled_start_is_just_its_revisions() {
    let g = graph(FORK);
    // x@head is b: the upgrade to heads runs a -> c and inserts c.
    let p = up(&g, Some("x@head"), "heads");
    assert_eq!(show(&g, &p), ["c: INSERT c"]);
    assert_eq!(heads_of(&p.end_heads), ["b", "c"]);
    // To y@head (c), from x@head (b): the same.
    let p = up(&g, Some("x@head"), "y@head");
    assert_eq!(show(&g, &p), ["c: INSERT c"]);
    // A bare label start is its revision too.
    assert_eq!(show(&g, &up(&g, Some("x"), "heads")), ["c: INSERT c"]);
    // Already there.
    assert!(up(&g, Some("x@head"), "x@head").steps.is_empty());
}
