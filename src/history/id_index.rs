//! Finding a revision by id among revisions sorted by id, without a map.
//!
//! A binary search over the revisions themselves reads a revision's id
//! through a pointer at every probe: on a long history each probe is a
//! cache miss or two, and the plan looks ids up once per version-table
//! change. [`IdIndex`] keeps, beside the sorted revisions, the first eight
//! bytes of each id as one big-endian number (shorter ids padded with
//! zeros). Those numbers are in the ids' order, so one binary search over a
//! dense array finds the run of ids that begin alike, and only that run
//! (usually one id) is compared in full, itself by binary search, so ids
//! that share long beginnings (`20260101_...`) cost no more than a plain
//! search. Eight bytes per revision, against a map's copy of every id.

/// The first eight bytes of each id, in the order of the sorted ids.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    keys: Vec<u64>,
}

/// The first eight bytes of `id`, zero-padded: `a < b` gives
/// `key(a) <= key(b)`.
fn key(id: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (b, &c) in bytes.iter_mut().zip(id.as_bytes()) {
        *b = c;
    }
    u64::from_be_bytes(bytes)
}

impl IdIndex {
    /// The index of `ids`, which must be sorted.
    pub fn new<'a>(ids: impl Iterator<Item = &'a str>) -> Self {
        IdIndex {
            keys: ids.map(key).collect(),
        }
    }

    /// The positions whose ids begin with the same eight bytes as `id`.
    fn run(&self, id: &str) -> std::ops::Range<usize> {
        let k = key(id);
        let start = self.keys.partition_point(|&x| x < k);
        let len = self.keys[start..].partition_point(|&x| x == k);
        start..start + len
    }

    /// The position of `id`; `id_at` gives the id at a position.
    pub fn find<'a>(&self, id: &str, id_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        let run = self.run(id);
        let end = run.end;
        let at = first_where_not(run, |i| id_at(i) < id);
        (at < end && id_at(at) == id).then_some(at)
    }

    /// The first position whose id is not below `text` (where ids that
    /// start with `text` begin).
    pub fn lower_bound<'a>(&self, text: &str, id_at: impl Fn(usize) -> &'a str) -> usize {
        first_where_not(self.run(text), |i| id_at(i) < text)
    }
}

/// The first position of `range` where `below` stops holding (it holds on
/// a leading part of the range only), by bisection.
fn first_where_not(range: std::ops::Range<usize>, below: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (range.start, range.end);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `find` and `lower_bound` against a plain search over `ids`.
    fn agrees(ids: &[&str], probes: &[&str]) {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let index = IdIndex::new(ids.iter().copied());
        let at = |i: usize| ids[i];
        for &p in ids.iter().chain(probes) {
            assert_eq!(index.find(p, at), ids.binary_search(&p).ok(), "find {p:?}");
            assert_eq!(
                index.lower_bound(p, at),
                ids.partition_point(|&i| i < p),
                "lower_bound {p:?}"
            );
        }
    }

    #[test]
    fn finds_what_a_plain_search_finds() {
        agrees(
            &[
                "ae1027a6acf",
                "1975ea83b712",
                "27c6a30d7c24",
                "a",
                "ab",
                "b2",
            ],
            &[
                "",
                "ae",
                "ae1027a6acf0",
                "ae1027a6ac",
                "zz",
                "0",
                "1975ea83b71",
            ],
        );
    }

    /// Ids that share their first eight bytes and more, and ids shorter
    /// than eight bytes that are prefixes of longer ones.
    #[test]
    fn ids_that_begin_alike_are_told_apart_in_full() {
        let long: Vec<String> = (0..300).map(|i| format!("20260101_{i:04}_x")).collect();
        let mut ids: Vec<&str> = long.iter().map(String::as_str).collect();
        ids.extend(["2026", "20260101", "20260101_", "2026010", "20260102"]);
        agrees(
            &ids,
            &[
                "20260101_0150",
                "20260101_0150_x0",
                "20260101_9",
                "202601",
                "2",
            ],
        );
    }
}
