//! Keeping long-lived lists about as long as what they hold.
//!
//! An operation's lists are held from the load to the walk, and the model
//! that the walk builds lives to the end of the run; most of their lists
//! are short: a table's columns, foreign keys and indexes, the tables a
//! name may belong to in the lookups. A `Vec` that grows by pushing
//! allocates four slots for its first item, and a list deserialized from
//! YAML is rounded up the same way (the parser gives serde no length), so
//! over a long history most of these slots would stay empty: with
//! 100-byte items, three quarters of each table's foreign-key list. The
//! operations' lists are read into allocations of their length
//! (`ops::exact`), on the loading threads, so the model can keep them as
//! they are, and lists that reach the model another way are trimmed to
//! their length when they enter it. A model list then grows here by one
//! slot at a time while it is short (the copies cost little at that
//! length) and by an eighth of its length after that, not by doubling: a
//! table that `add_column` took to 9 columns would otherwise hold room for
//! 16 to the end of the run. Each item is then copied about eight times in
//! all as its list grows, whatever its length, against about twice.

/// Up to this many items, a list grows one slot at a time.
const SHORT: usize = 8;

/// Makes room for one more item in `list`: one slot while it is short,
/// an eighth of its length when it is longer.
pub(crate) fn room_for_one<T>(list: &mut Vec<T>) {
    if list.len() == list.capacity() {
        list.reserve_exact((list.len() / SHORT).max(1));
    }
}

/// `list` in an allocation of exactly its length (a new one: an allocator
/// may keep a shrunk block where it was, at its old size).
pub(crate) fn exact<T>(mut list: Vec<T>) -> Vec<T> {
    if list.capacity() == list.len() {
        return list;
    }
    let mut trimmed = Vec::with_capacity(list.len());
    trimmed.append(&mut list);
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_hold_no_empty_slots_and_long_ones_at_most_an_eighth() {
        let mut list: Vec<u64> = Vec::new();
        let mut grown = 0;
        for i in 0..1000 {
            let before = list.capacity();
            room_for_one(&mut list);
            list.push(i);
            if list.len() <= SHORT {
                assert_eq!(list.capacity(), list.len());
            }
            assert!(list.capacity() <= list.len() + list.len() / SHORT, "{i}");
            grown += usize::from(list.capacity() != before);
        }
        // Growing by an eighth: a thousand items in some 45 steps, not one
        // per item.
        assert!(grown < 60, "{grown}");
        let mut wide = Vec::with_capacity(16);
        wide.extend([1, 2, 3]);
        let trimmed = exact(wide);
        assert_eq!((trimmed.len(), trimmed.capacity()), (3, 3));
        assert_eq!(trimmed, [1, 2, 3]);
    }
}
