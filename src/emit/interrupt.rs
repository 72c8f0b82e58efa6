//! Temporary files removed when a run is interrupted.
//!
//! `-o` writes the script into a hidden temporary file beside the target and
//! renames it into place once complete ([`crate::emit::output`]); a SIGINT,
//! SIGTERM or SIGHUP in between would leave that file behind (hundreds of
//! megabytes for a long history). While such a file exists its path is
//! registered here. The first registration starts a thread that waits for
//! those signals (through `signal-hook`: the handler itself only wakes the
//! thread, so nothing unsafe runs inside it), removes every registered file
//! and ends the process as the signal would have (the shell sees 128 + the
//! signal's number). Creating a file and registering it, and renaming or
//! deleting it and forgetting it, happen while [`hold`]ing one lock, which
//! the thread takes too: a signal never falls between the two.
//!
//! Elsewhere than Unix nothing is registered and signals keep their default.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The temporary files that exist now, to remove on a signal.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The registry, held: see the module doc.
pub struct Held {
    pending: MutexGuard<'static, Vec<PathBuf>>,
}

/// Takes the registry's lock (starting the signal thread the first time).
pub fn hold() -> Held {
    start_once();
    Held {
        // A thread that panicked while holding it left a plain list behind.
        pending: PENDING.lock().unwrap_or_else(|e| e.into_inner()),
    }
}

impl Held {
    /// `path` now exists: remove it if a signal comes.
    pub fn register(&mut self, path: &Path) {
        self.pending.push(path.to_owned());
    }

    /// `path` was renamed into place or deleted: leave it alone.
    pub fn release(&mut self, path: &Path) {
        self.pending.retain(|p| p != path);
    }
}

#[cfg(unix)]
fn start_once() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;
    static START: std::sync::Once = std::sync::Once::new();
    START.call_once(|| {
        // Without the handler (it could not be set up) a signal keeps its
        // default: the run ends and the file stays, as before.
        let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("gen-signals".to_owned())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
                    for path in pending.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    // Dies of the signal, as without the handler; should
                    // that not happen, the same exit status by hand.
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
    });
}

#[cfg(not(unix))]
fn start_once() {}
