//! Dialect branches: the operations one phase gave under each dialect,
//! merged into one list. An operation every dialect gave is written once;
//! one that only some gave becomes an item with `dialects: [...]`. The
//! lists are aligned in order (longest common subsequence against the
//! merged list so far), so the operations keep Alembic's order for every
//! dialect.

use super::yaml_out::Item;

/// Merges `per` (dialect, items), in the dialects' order.
pub fn merge(per: &[(&str, Vec<Item>)]) -> Vec<Item> {
    let all: Vec<&str> = per.iter().map(|(d, _)| *d).collect();
    let mut merged: Vec<(Item, Vec<&str>)> = Vec::new();
    for (d, items) in per {
        let pairs = lcs(&merged, items);
        let mut out = Vec::with_capacity(merged.len() + items.len());
        let (mut i, mut j) = (0, 0);
        for (mi, ij) in pairs
            .into_iter()
            .chain(std::iter::once((merged.len(), items.len())))
        {
            while i < mi {
                out.push(merged[i].clone());
                i += 1;
            }
            while j < ij {
                out.push((items[j].clone(), vec![*d]));
                j += 1;
            }
            if mi < merged.len() && ij < items.len() {
                let (item, mut ds) = merged[mi].clone();
                ds.push(d);
                out.push((item, ds));
                i += 1;
                j += 1;
            }
        }
        merged = out;
    }
    merged
        .into_iter()
        .map(|(item, ds)| {
            if ds.len() == all.len() {
                item
            } else {
                Item::Only(Box::new(item), ds.iter().map(|d| (*d).to_owned()).collect())
            }
        })
        .collect()
}

/// Index pairs (merged, items) of a longest common subsequence.
fn lcs(a: &[(Item, Vec<&str>)], b: &[Item]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i].0 == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i].0 == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::commands::import::yaml_out::Y;

    fn op(n: &str) -> Item {
        Item::Op(Y::op(n, Y::map()))
    }

    #[test]
    fn common_items_once_others_with_their_dialects() {
        let pg = vec![op("a"), op("pg_only"), op("b")];
        let my = vec![op("a"), op("my_only"), op("b")];
        let merged = merge(&[("postgresql", pg), ("mysql", my)]);
        assert_eq!(
            merged,
            vec![
                op("a"),
                Item::Only(Box::new(op("pg_only")), vec!["postgresql".into()]),
                Item::Only(Box::new(op("my_only")), vec!["mysql".into()]),
                op("b"),
            ]
        );
        let same = merge(&[("postgresql", vec![op("a")]), ("mysql", vec![op("a")])]);
        assert_eq!(same, vec![op("a")]);
    }
}
