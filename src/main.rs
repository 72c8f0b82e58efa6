//! The `gen` binary: parse flags, run, print errors once, exit with a code.

/// mimalloc: replaying and rendering a long history makes millions of small,
/// short-lived allocations on several threads, where it is faster than the
/// system allocator and gives memory back instead of fragmenting per-thread
/// arenas (docs/benchmarks.md has the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(gen::cli::run::main_with_args(std::env::args_os()));
}
