//! Unit tests of the revision graph: normalized down revisions against
//! their definition, and branch membership made on first use.

use super::*;

/// One revision per line: `id parent... ~dependency...`.
fn build(spec: &str) -> RevisionGraph {
    let revisions = spec
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let id = words.next()?;
            let (deps, parents): (Vec<&str>, Vec<&str>) = words.partition(|w| w.starts_with('~'));
            let mut r = Revision::bare(id, &parents).expect("valid ids");
            r.depends_on = deps.iter().map(|d| d[1..].to_owned()).collect();
            Some(r)
        })
        .collect();
    RevisionGraph::build(revisions).expect("a valid graph")
}

fn down(g: &RevisionGraph, id: &str) -> Vec<String> {
    let node = g.get_str(id).expect("known id");
    let ids = g.ids(g.normalized_down_revisions(node));
    ids.iter().map(|r| r.as_str().to_owned()).collect()
}

/// The definition, one ancestor walk per revision: the parents, then the
/// dependencies no `down_revision` ancestor declares, first place kept.
fn reference(g: &RevisionGraph, node: Node) -> Vec<Node> {
    let above = g.parent_ancestor_mask(g.parents(node));
    let mut out = g.parents(node).to_vec();
    for &d in g.dependencies(node) {
        let implied = (0..g.len()).any(|a| above[a] && g.dependencies(a).contains(&d));
        if !implied && !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

fn check_against_reference(g: &RevisionGraph) {
    for node in 0..g.len() {
        assert_eq!(
            g.normalized_down_revisions(node),
            reference(g, node),
            "normalized down revisions of {}",
            g.id(node)
        );
    }
}

/// Branch membership is made the first time something asks for it
/// (a target or a listing naming branches); planning `heads` does not.
#[test]
fn membership_is_made_on_first_use() {
    let mut rs = vec![
        Revision::bare("a1", &[]).expect("valid"),
        Revision::bare("b2", &["a1"]).expect("valid"),
        Revision::bare("c3", &["b2"]).expect("valid"),
    ];
    rs[1].branch_labels = Box::new(["billing".to_owned()]);
    let g = RevisionGraph::build(rs).expect("a valid graph");
    assert!(g.membership.get().is_none());
    crate::history::plan::Plan::for_command(&g, crate::history::plan::Direction::Up, "heads")
        .expect("plan");
    assert!(g.membership.get().is_none());
    let c3 = g.get_str("c3").expect("known");
    let labels = |n| {
        g.branch_labels(n)
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(c3), ["billing"]);
    assert!(g.membership.get().is_some());
}

#[test]
fn dependencies_declared_above_a_merge_are_dropped() {
    // b declares x; the branches from b declare y (c1), z (c2) and v
    // (both); the merge m inherits all four, from either side. Off b,
    // s1 declares q and t1 nothing: the merge u can share s1's set.
    // d1 and d2 both declare u1, but neither is the other's ancestor.
    let g = build(
        "x\ny\nz\nv\nw\nk\nq\nu1\n\
         a\n\
         b a ~x\n\
         c1 b ~y ~v\n\
         c2 b ~z ~v\n\
         m c1 c2\n\
         n m ~w ~x ~y ~k ~z ~v\n\
         o n ~m ~w\n\
         s1 b ~q\n\
         t1 b\n\
         u t1 s1\n\
         v2 u ~x ~q ~k\n\
         d1 a ~u1\n\
         d2 a ~u1\n\
         e d1 d2 ~u1 ~x",
    );
    assert_eq!(down(&g, "b"), ["a", "x"]);
    assert_eq!(down(&g, "c1"), ["b", "y", "v"]);
    assert_eq!(down(&g, "c2"), ["b", "z", "v"]);
    assert_eq!(down(&g, "m"), ["c1", "c2"]);
    // x from b, y from c1, z from c2, v from both; w and k are new.
    assert_eq!(down(&g, "n"), ["m", "w", "k"]);
    // m is a parent-ancestor but not a dependency anyone declared; w is.
    assert_eq!(down(&g, "o"), ["n", "m"]);
    assert_eq!(down(&g, "u"), ["t1", "s1"]);
    // q through s1 (merged in), x through b; k was only declared by n.
    assert_eq!(down(&g, "v2"), ["u", "k"]);
    assert_eq!(down(&g, "d1"), ["a", "u1"]);
    assert_eq!(down(&g, "d2"), ["a", "u1"]);
    assert_eq!(down(&g, "e"), ["d1", "d2", "x"]);
    check_against_reference(&g);
}

#[test]
fn a_dependency_that_is_also_a_parent_is_listed_once() {
    let g = build("x\nk\na\nb a ~a ~x\nc b ~b ~x ~k ~a");
    assert_eq!(down(&g, "b"), ["a", "x"]);
    // x and a are declared by b.
    assert_eq!(down(&g, "c"), ["b", "k"]);
    check_against_reference(&g);
}

#[test]
fn normalized_down_revisions_match_the_definition_on_a_tangled_history() {
    // A main line with branches merged back, merges of three, branches
    // left open, and dependencies on a few popular revisions (declared
    // many times) and on scattered ones (declared once).
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % m as u64).expect("small")
    };
    let name = |i: usize| format!("r{i:04}");
    let mut spec = String::new();
    let mut main = 0;
    let mut open: Vec<usize> = Vec::new();
    for i in 1..600 {
        let mut line = name(i);
        match next(10) {
            0 | 1 if !open.is_empty() => {
                let side = open.swap_remove(next(open.len()));
                line += &format!(" {} {}", name(main), name(side));
                if next(3) == 0 {
                    if let Some(third) = open.pop() {
                        line += &format!(" {}", name(third));
                    }
                }
                main = i;
            }
            2 => {
                let from = if open.is_empty() {
                    main
                } else {
                    open[next(open.len())]
                };
                line += &format!(" {}", name(from));
                open.push(i);
            }
            3 if !open.is_empty() => {
                let k = next(open.len());
                line += &format!(" {}", name(open[k]));
                open[k] = i;
            }
            _ => {
                line += &format!(" {}", name(main));
                main = i;
            }
        }
        // Only older revisions, none of them a descendant.
        for _ in 0..next(3) {
            let d = if next(2) == 0 { next(4) } else { next(i) };
            if d != 0 || next(2) == 0 {
                line += &format!(" ~{}", name(d));
            }
        }
        spec += &line;
        spec.push('\n');
    }
    let g = build(&format!("{}\n{spec}", name(0)));
    assert!((0..g.len()).filter(|&n| g.is_merge_point(n)).count() > 20);
    check_against_reference(&g);
}
