//! Warning batching: how a script command's warnings reach the user while
//! the walk goes on.
//!
//! When warnings travel with their steps (a [`WarningOut`] was given), the
//! walk hands each step's warnings on with it ([`Batches`]), rendering turns
//! them into text on the rendering threads, and the text is printed in walk
//! order, a full batch of at least [`WARNING_BATCH`] warnings at a time
//! ([`Printer`]). A step that failed ends no batch: what it met is printed
//! only if the run succeeds. What is left unprinted at the end is printed
//! once the script is sure to be written.

use crate::driver::warning::{Warning, WarningOut, WARNING_BATCH};

/// Counts the warnings handed on since the last full batch.
#[derive(Default)]
pub(super) struct Batches {
    unbatched: usize,
}

impl Batches {
    /// The warnings of the step just walked (taken from `met`), when they
    /// travel with it (`stream`), and whether they end a batch.
    pub(super) fn step(
        &mut self,
        met: &mut Vec<Warning>,
        stream: bool,
        failed: bool,
    ) -> (Vec<Warning>, bool) {
        if !stream {
            return (Vec::new(), false);
        }
        let warnings = std::mem::take(met);
        self.unbatched += warnings.len();
        let ends_batch = !failed && self.unbatched >= WARNING_BATCH;
        if ends_batch {
            self.unbatched = 0;
        }
        (warnings, ends_batch)
    }
}

/// Prints the text of the rendered steps' warnings a full batch at a time.
pub(super) struct Printer<'o, 'w> {
    out: Option<&'o mut WarningOut<'w>>,
    unprinted: String,
}

impl<'o, 'w> Printer<'o, 'w> {
    pub(super) fn new(out: Option<&'o mut WarningOut<'w>>) -> Self {
        Printer {
            out,
            unprinted: String::new(),
        }
    }

    /// Takes a rendered step's warnings in walk order.
    pub(super) fn step(&mut self, text: &str, ends_batch: bool) {
        if let Some(out) = self.out.as_mut() {
            self.unprinted.push_str(text);
            if ends_batch {
                (out.print)(&self.unprinted);
                self.unprinted.clear();
            }
        }
    }

    /// The text not printed yet.
    pub(super) fn unprinted(self) -> String {
        self.unprinted
    }
}
