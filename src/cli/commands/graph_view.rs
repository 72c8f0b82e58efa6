//! The revision DAG as a picture: `gen history --graph` in the terminal,
//! `gen graph --format dot|mermaid` for documents and review tools.
//!
//! The terminal view reads like `git log --graph`: one line per revision,
//! newest first, a `*` in the revision's lane and `|` in the others. Lanes
//! are the edges still waiting for an older revision. A merge opens one
//! lane per extra parent (`|\`), a branch point closes the lanes of its
//! children into one (`|/`), and lanes that shift move one column per line
//! (`/`, `\`; `X` where two cross). Each line names the revision, its
//! labels, `(head)`, `(branchpoint)`, `(mergepoint)`, what it depends on
//! (`depends_on` is not drawn as an edge) and its message. The order is the
//! graph's topological order reversed, so the output is deterministic.

use crate::history::graph::{Node, RevisionGraph};
use std::fmt::Write as _;

/// How `gen graph` writes the DAG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

/// `id (labels) (head) (branchpoint) (mergepoint) (depends on ...)`.
fn title(g: &RevisionGraph, n: Node) -> String {
    let rev = g.revision(n);
    let mut text = rev.id.to_string();
    if !rev.branch_labels.is_empty() {
        let _ = write!(text, " ({})", rev.branch_labels.join(", "));
    }
    if g.children(n).is_empty() {
        text.push_str(" (head)");
    }
    if g.is_branch_point(n) {
        text.push_str(" (branchpoint)");
    }
    if g.is_merge_point(n) {
        text.push_str(" (mergepoint)");
    }
    if !rev.depends_on.is_empty() {
        let _ = write!(text, " (depends on {})", rev.depends_on.join(", "));
    }
    text
}

fn message(g: &RevisionGraph, n: Node) -> String {
    g.revision(n)
        .message
        .as_deref()
        .unwrap_or("")
        .replace(['\n', '\r'], " ")
}

/// One line of edges between two rows: each `(from, to)` lane moves at most
/// one column.
fn edge_line(moves: &[(usize, usize)]) -> String {
    let width = moves
        .iter()
        .map(|&(a, b)| 2 * a.max(b) + 2)
        .max()
        .unwrap_or(0);
    let mut cells = vec![' '; width];
    let mut put = |at: usize, c: char| {
        if let Some(cell) = cells.get_mut(at) {
            *cell = if *cell == ' ' || *cell == c { c } else { 'X' };
        }
    };
    for &(p, q) in moves {
        if q == p {
            put(2 * p, '|');
        } else if q + 1 == p {
            put(2 * p - 1, '/');
        } else {
            put(2 * p + 1, '\\');
        }
    }
    cells.into_iter().collect::<String>().trim_end().to_owned()
}

/// The lines that take lanes from their upper to their lower columns, one
/// column per line; nothing when no lane moves.
fn transition(pairs: &[(usize, usize)], out: &mut String) {
    let steps = pairs.iter().map(|&(u, l)| u.abs_diff(l)).max().unwrap_or(0);
    let at = |u: usize, l: usize, s: usize| {
        if l >= u {
            u + s.min(l - u)
        } else {
            u - s.min(u - l)
        }
    };
    for s in 0..steps {
        let moves: Vec<(usize, usize)> = pairs
            .iter()
            .map(|&(u, l)| (at(u, l, s), at(u, l, s + 1)))
            .collect();
        let _ = writeln!(out, "{}", edge_line(&moves));
    }
}

/// `gen history --graph`: `nodes` newest first (children before parents).
pub fn ascii(g: &RevisionGraph, nodes: &[Node]) -> String {
    let mut shown = vec![false; g.len()];
    for &n in nodes {
        shown[n] = true;
    }
    let mut lanes: Vec<Node> = Vec::new();
    let mut out = String::new();
    for &n in nodes {
        let waiting: Vec<usize> = (0..lanes.len()).filter(|&i| lanes[i] == n).collect();
        let c = match waiting.first() {
            None => {
                lanes.push(n);
                lanes.len() - 1
            }
            Some(&c) => {
                // The children's lanes close into the first one.
                let closing = &waiting[1..];
                if !closing.is_empty() {
                    let mut pairs = Vec::new();
                    let mut kept = 0;
                    for i in 0..lanes.len() {
                        if closing.contains(&i) {
                            pairs.push((i, c));
                        } else {
                            pairs.push((i, kept));
                            kept += 1;
                        }
                    }
                    transition(&pairs, &mut out);
                    let mut i = 0;
                    lanes.retain(|_| {
                        i += 1;
                        !closing.contains(&(i - 1))
                    });
                }
                c
            }
        };
        let marks: Vec<&str> = (0..lanes.len())
            .map(|i| if i == c { "*" } else { "|" })
            .collect();
        let msg = message(g, n);
        let sep = if msg.is_empty() { "" } else { ", " };
        let _ = writeln!(out, "{}  {}{sep}{msg}", marks.join(" "), title(g, n));

        let parents: Vec<Node> = g.parents(n).iter().copied().filter(|&p| shown[p]).collect();
        let mut pairs = Vec::new();
        for i in 0..lanes.len() {
            if i < c {
                pairs.push((i, i));
            } else if i == c {
                for k in 0..parents.len() {
                    pairs.push((c, c + k));
                }
            } else {
                pairs.push((i, i + parents.len() - 1));
            }
        }
        transition(&pairs, &mut out);
        lanes.splice(c..=c, parents);
    }
    out
}

fn dot_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn mermaid_text(s: &str) -> String {
    s.replace('#', "#35;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// `gen graph`: every revision, oldest first; `down_revision` edges point
/// from parent to child, `depends_on` edges are dashed.
pub fn document(g: &RevisionGraph, format: GraphFormat) -> String {
    let order = g.topo_order();
    let mut out = String::new();
    match format {
        GraphFormat::Dot => {
            out.push_str("digraph revisions {\n");
            out.push_str("  rankdir=TB;\n");
            out.push_str("  node [shape=box, fontname=\"monospace\"];\n");
            for &n in order {
                let bold = if g.children(n).is_empty() {
                    ", style=bold"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  \"{}\" [label=\"{}\\n{}\"{bold}];",
                    g.id(n),
                    dot_text(&title(g, n)),
                    dot_text(&message(g, n))
                );
            }
            for &n in order {
                for &p in g.parents(n) {
                    let _ = writeln!(out, "  \"{}\" -> \"{}\";", g.id(p), g.id(n));
                }
                for &d in g.dependencies(n) {
                    let _ = writeln!(
                        out,
                        "  \"{}\" -> \"{}\" [style=dashed, label=\"depends_on\"];",
                        g.id(d),
                        g.id(n)
                    );
                }
            }
            out.push_str("}\n");
        }
        GraphFormat::Mermaid => {
            out.push_str("flowchart TD\n");
            for &n in order {
                let _ = writeln!(
                    out,
                    "  rev_{}[\"{}<br/>{}\"]",
                    g.id(n),
                    mermaid_text(&title(g, n)),
                    mermaid_text(&message(g, n))
                );
            }
            for &n in order {
                for &p in g.parents(n) {
                    let _ = writeln!(out, "  rev_{} --> rev_{}", g.id(p), g.id(n));
                }
                for &d in g.dependencies(n) {
                    let _ = writeln!(out, "  rev_{} -.->|depends_on| rev_{}", g.id(d), g.id(n));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_move_one_column_per_line() {
        assert_eq!(edge_line(&[(0, 0), (1, 0)]), "|/");
        assert_eq!(edge_line(&[(0, 0), (0, 1), (1, 2)]), "|\\ \\");
        assert_eq!(edge_line(&[(0, 1), (1, 0)]), " X");
        let mut out = String::new();
        transition(&[(0, 0), (1, 1), (2, 0)], &mut out);
        assert_eq!(out, "| |/\n|/|\n");
    }
}
