//! The `gen` binary: parse flags, run, print errors once, exit with a code.

fn main() {
    std::process::exit(gen::app::main_with_args(std::env::args_os()));
}
