//! Spreading one pure, per-item job over the machine's cores, keeping order.
//!
//! Loading files and placing warnings are each a map over a list whose
//! items do not depend on each other; rendering and checking statements is
//! a map over what a sequential walk emits, one step at a time. This module
//! owns how both run: [`map`] / [`map_runs`] give each of up to
//! `available_parallelism` scoped threads one contiguous run of a list;
//! [`pipeline`] hands each item to a worker as soon as it is emitted, through
//! a bounded queue, so the walk and the rendering overlap and at most a few
//! hundred unrendered items exist at once, and hands each result on as soon
//! as those before it are done, so they need not all be kept. Either way
//! the results come back in the order of the items, whatever the
//! scheduling. Short lists stay on the calling thread, where starting
//! threads would cost more than it saves.
//! A worker that panics (not expected: `src/` does not panic on input) has
//! its run done again on the calling thread ([`map_runs`]) or its items
//! reported missing ([`pipeline`]), so no item is ever silently lost.

use std::collections::BTreeMap;
use std::sync::{mpsc, Arc, Mutex};

/// At most this many threads, whatever the machine.
const MAX_THREADS: usize = 16;

/// Items travel to [`pipeline`] workers in batches of this many (one
/// hand-over per item would cost more than small items take to process).
const BATCH: usize = 16;

/// Batches waiting for a [`pipeline`] worker, at most.
const QUEUE: usize = 64;

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
}

/// Runs `produce` on the calling thread; every item it emits goes to `work`
/// on another thread as soon as it is emitted, and `work`'s results go to
/// `deliver` on the calling thread in emission order, as soon as every
/// earlier one has (`None` for an item whose worker stopped), so that what
/// is done with a result need not wait for the end. Returns what `produce`
/// returned. Stays on the calling thread, calling `work` and `deliver` as
/// items are emitted, when fewer than `min_parallel` items are `expected`.
pub fn pipeline<J, R, P, W>(
    expected: usize,
    min_parallel: usize,
    produce: impl FnOnce(&mut dyn FnMut(J)) -> P,
    work: W,
    deliver: &mut dyn FnMut(Option<R>),
) -> P
where
    J: Send,
    R: Send,
    W: Fn(J) -> R + Sync,
{
    let workers = threads();
    if workers < 2 || expected < min_parallel.max(2) {
        return produce(&mut |job| deliver(Some(work(job))));
    }
    let (job_tx, job_rx) = mpsc::sync_channel::<Vec<(usize, J)>>(QUEUE);
    // Owned by the workers only: once they have all stopped, the queue is
    // closed and emitting cannot block.
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = mpsc::channel::<Vec<(usize, R)>>();
    let work = &work;
    std::thread::scope(|scope| {
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let job_rx = Arc::clone(&job_rx);
            handles.push(scope.spawn(move || loop {
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => break,
                };
                let Ok(batch) = job else { break };
                let done = batch.into_iter().map(|(i, job)| (i, work(job))).collect();
                if done_tx.send(done).is_err() {
                    break;
                }
            }));
        }
        drop(done_tx);
        drop(job_rx);
        let mut order = InOrder::default();
        let mut emitted = 0;
        let mut batch = Vec::with_capacity(BATCH);
        // A send fails only when every worker has stopped; the items are
        // then reported missing like the others.
        let produced = produce(&mut |job| {
            batch.push((emitted, job));
            emitted += 1;
            if batch.len() == BATCH {
                let _ = job_tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                // Hand on what is done so far, without waiting.
                while let Ok(done) = done_rx.try_recv() {
                    order.arrive(done, deliver);
                }
            }
        });
        if !batch.is_empty() {
            let _ = job_tx.send(batch);
        }
        drop(job_tx);
        for done in done_rx {
            order.arrive(done, deliver);
        }
        for handle in handles {
            // A worker that panicked left its items undelivered.
            let _ = handle.join();
        }
        order.finish(emitted, deliver);
        produced
    })
}

/// Results that arrived ahead of an earlier one, held until it comes.
struct InOrder<R> {
    next: usize,
    early: BTreeMap<usize, R>,
}

impl<R> Default for InOrder<R> {
    fn default() -> Self {
        InOrder {
            next: 0,
            early: BTreeMap::new(),
        }
    }
}

impl<R> InOrder<R> {
    fn arrive(&mut self, done: Vec<(usize, R)>, deliver: &mut dyn FnMut(Option<R>)) {
        self.early.extend(done);
        while let Some(result) = self.early.remove(&self.next) {
            deliver(Some(result));
            self.next += 1;
        }
    }

    /// Everything has arrived that will: the rest, with a `None` for each
    /// item that never came.
    fn finish(mut self, emitted: usize, deliver: &mut dyn FnMut(Option<R>)) {
        while self.next < emitted {
            deliver(self.early.remove(&self.next));
            self.next += 1;
        }
    }
}

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
    let threads = threads();
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

    /// Results arriving out of order are handed on in order as soon as the
    /// gap before them closes; one that never arrives is a `None` at the end,
    /// with what came after it.
    #[test]
    fn in_order_waits_for_gaps_and_reports_missing_items() {
        let mut got = Vec::new();
        let mut deliver = |r: Option<char>| got.push(r);
        let mut order = InOrder::default();
        order.arrive(vec![(1, 'b'), (2, 'c')], &mut deliver);
        order.arrive(vec![(0, 'a')], &mut deliver);
        order.arrive(vec![(5, 'f'), (3, 'd')], &mut deliver);
        order.finish(6, &mut deliver);
        let want = [Some('a'), Some('b'), Some('c'), Some('d'), None, Some('f')];
        assert_eq!(got, want);
    }

    #[test]
    fn pipeline_results_follow_emission_order() {
        for (expected, n) in [(0, 0), (1, 1), (1000, 1000), (10, 1000), (1000, 3)] {
            let mut results = Vec::new();
            let count = pipeline(
                expected,
                4,
                |emit| {
                    for i in 0..n {
                        emit(i);
                    }
                    n
                },
                |i: usize| i * 3,
                &mut |r| results.push(r),
            );
            assert_eq!(count, n);
            let want: Vec<Option<usize>> = (0..n).map(|i| Some(i * 3)).collect();
            assert_eq!(results, want);
        }
    }

    #[test]
    fn runs_cover_every_item_once() {
        let items: Vec<usize> = (0..997).collect();
        let seen = map_runs(&items, 1, |run| run.to_vec());
        assert_eq!(seen, items);
    }
}
