//! Printing diagnostics on stderr: rendered in batches on every core (a
//! long history's warnings are megabytes once rendered), counted for the
//! per-rule summary, and written once; if stderr is gone nothing else can
//! be said.

use crate::cli::commands::warning_summary::Tally;
use crate::diag::diagnostic::{
    color_enabled_for_stderr, render, AsDiagnostic, FsSources, LastFile,
};
use crate::driver::warning::WARNING_BATCH;

pub(crate) fn print_diagnostics<D: AsDiagnostic>(diags: &[D]) {
    print_counted(diags, None);
}

/// Prints diagnostics on stderr, noting the lines in `tally` when given.
pub(crate) fn print_counted<D: AsDiagnostic>(diags: &[D], tally: Option<&Tally>) {
    use std::io::Write;
    let color = color_enabled_for_stderr();
    let stderr = std::io::stderr();
    let mut lock = stderr.lock();
    // In batches: a long history's warnings are megabytes once rendered.
    for batch in diags.chunks(WARNING_BATCH) {
        let text = render_all(batch, color);
        if let Some(tally) = tally {
            tally.printed(&text);
        }
        if lock.write_all(text.as_bytes()).is_err() {
            // stderr is gone: nothing else can be said.
            return;
        }
    }
}

/// The warnings of a run: each printed in full (and counted), or only
/// counted with `--warnings summary`; then the summary when it is due.
pub(crate) fn print_warnings<D: AsDiagnostic>(diags: &[D], tally: &Tally) {
    let codes: Vec<Option<String>> = diags
        .iter()
        .map(|d| d.as_diagnostic().code.as_deref().map(str::to_owned))
        .collect();
    tally.count(codes.iter().map(Option::as_deref));
    if tally.full() {
        print_counted(diags, Some(tally));
    }
}

/// The per-rule summary, when it is due (see [`Tally::summary`]).
pub(crate) fn print_summary(tally: &Tally) {
    if let Some(text) = tally.summary() {
        print_text(&text);
    }
}

/// Writes already rendered diagnostics to stderr.
pub(crate) fn print_text(text: &str) {
    use std::io::Write;
    // If stderr is gone, nothing else can be said.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Renders diagnostics in order, on every core. Each thread reads and
/// parses a file once for the run of diagnostics that point into it (a long
/// history has one warning per dropped column or `execute`), and builds the
/// diagnostics of warnings kept compact until now.
pub(crate) fn render_all<D: AsDiagnostic>(diags: &[D], color: bool) -> String {
    crate::parallel::map_runs(diags, 64, |run| vec![render_run(run, color)]).concat()
}

/// Renders a run of diagnostics in order on this thread, reading and
/// parsing each file once for the diagnostics in a row that point into it.
pub(crate) fn render_run<D: AsDiagnostic>(run: &[D], color: bool) -> String {
    let sources = LastFile::new(&FsSources);
    run.iter()
        .map(|d| render(&d.as_diagnostic(), &sources, color))
        .collect()
}
