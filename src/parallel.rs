//! Spreading one pure, per-item job over the machine's cores, keeping order.
//!
//! Loading files, rendering and checking statements, and placing warnings
//! are each a map over a list whose items do not depend on each other. This
//! module owns how such a map runs: up to `available_parallelism` scoped
//! threads, each taking one contiguous run of the list, so the results come
//! back in the list's order whatever the scheduling. Short lists stay on the
//! calling thread, where starting threads would cost more than it saves. A
//! worker that panics (not expected: `src/` does not panic on input) has its
//! run done again on the calling thread, so no item is ever lost.

/// At most this many threads, whatever the machine.
const MAX_THREADS: usize = 16;

/// `f` over every item, in order, on up to `available_parallelism` threads
/// once there are at least `min_parallel` items.
pub fn map<T, R, F>(items: &[T], min_parallel: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    map_runs(items, min_parallel, |run| run.iter().map(&f).collect())
}

/// `f` over contiguous runs of `items` (one per thread), the runs' results
/// joined in order. For jobs that share work inside a run, such as a cache
/// of parsed files.
pub fn map_runs<T, R, F>(items: &[T], min_parallel: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> Vec<R> + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS));
    if threads < 2 || items.len() < min_parallel.max(2) {
        return f(items);
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|run| scope.spawn(move || f(run)))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (worker, run) in workers.into_iter().zip(items.chunks(chunk)) {
            match worker.join() {
                Ok(results) => out.extend(results),
                Err(_) => out.extend(f(run)),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_on_any_length() {
        for n in [0, 1, 2, 3, 63, 64, 65, 1000, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = map(&items, 4, |i| i * 2);
            assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn runs_cover_every_item_once() {
        let items: Vec<usize> = (0..997).collect();
        let seen = map_runs(&items, 1, |run| run.to_vec());
        assert_eq!(seen, items);
    }
}
