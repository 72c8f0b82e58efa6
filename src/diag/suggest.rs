//! "Did you mean ...?": picking the known name closest to a misspelt one.
//!
//! Errors about unknown keys, tables, columns, labels or operations offer the
//! nearest valid name. Closeness is the optimal-string-alignment distance (the
//! Levenshtein distance that also counts swapping two adjacent characters as
//! one edit), compared case-insensitively. The result depends only on the
//! input and the order of the candidates, never on hashing.

/// The candidate closest to `input`, if any is close enough.
///
/// A candidate qualifies when its distance to `input` is at most
/// `max(1, len / 3)` (`len` being the input's length in characters), or when one
/// of the two is a prefix of the other and the shorter has at least 3
/// characters (`col` for `columns`). Comparison ignores case. Among qualifying
/// candidates the smallest distance wins; ties go to the earliest candidate, so
/// pass candidates in a stable (e.g. sorted) order.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let needle: Vec<char> = input.to_lowercase().chars().collect();
    if needle.is_empty() {
        return None;
    }
    let limit = (needle.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let hay: Vec<char> = candidate.to_lowercase().chars().collect();
        let dist = distance(&needle, &hay);
        let shorter = needle.len().min(hay.len());
        let prefix = shorter >= 3 && (hay.starts_with(&needle) || needle.starts_with(&hay));
        if dist > limit && !prefix {
            continue;
        }
        if best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance between two character sequences: insertions, deletions,
/// substitutions and transpositions of adjacent characters each cost 1
/// (optimal string alignment: a transposed pair is not edited again).
pub fn distance(a: &[char], b: &[char]) -> usize {
    // d[i][j] = distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b)
    }

    #[test]
    fn distance_basics() {
        assert_eq!(dist("", ""), 0);
        assert_eq!(dist("abc", ""), 3);
        assert_eq!(dist("", "abc"), 3);
        assert_eq!(dist("same", "same"), 0);
        assert_eq!(dist("kitten", "sitting"), 3);
        assert_eq!(dist("flaw", "lawn"), 2);
        assert_eq!(dist("nmae", "name"), 1); // one transposition
        assert_eq!(dist("ca", "abc"), 3); // OSA, not unrestricted Damerau
        assert_eq!(dist("tabel", "table"), 1);
        assert_eq!(dist("héllo", "hello"), 1); // characters, not bytes
    }

    const KEYS: [&str; 6] = [
        "name",
        "type",
        "nullable",
        "default",
        "primary_key",
        "unique",
    ];

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("nmae", KEYS), Some("name"));
        assert_eq!(did_you_mean("nulable", KEYS), Some("nullable"));
        assert_eq!(did_you_mean("primary", KEYS), Some("primary_key"));
        assert_eq!(did_you_mean("NAME", KEYS), Some("name"));
        assert_eq!(did_you_mean("Defualt", KEYS), Some("default"));
        assert_eq!(did_you_mean("users", ["user", "orders"]), Some("user"));
    }

    #[test]
    fn rejects_distant_names() {
        assert_eq!(did_you_mean("colour", KEYS), None);
        assert_eq!(did_you_mean("", KEYS), None);
        assert_eq!(did_you_mean("x", ["abc"]), None);
        assert_eq!(did_you_mean("anything", std::iter::empty()), None);
        // Prefixes need at least three characters in common.
        assert_eq!(did_you_mean("pr", ["primary_key"]), None);
        assert_eq!(did_you_mean("pri", ["primary_key"]), Some("primary_key"));
        assert_eq!(did_you_mean("primary_key_name", ["pri"]), Some("pri"));
    }

    #[test]
    fn short_inputs_allow_one_edit() {
        assert_eq!(did_you_mean("id", ["ix"]), Some("ix"));
        assert_eq!(did_you_mean("id", ["xy"]), None);
    }

    #[test]
    fn ties_go_to_the_earliest_candidate() {
        assert_eq!(did_you_mean("cat", ["bat", "cap", "car"]), Some("bat"));
        assert_eq!(did_you_mean("cat", ["car", "cap", "bat"]), Some("car"));
        // A closer candidate later still wins.
        assert_eq!(did_you_mean("cart", ["card", "cart"]), Some("cart"));
    }
}
