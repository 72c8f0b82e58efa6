//! Snapshot file names: each test file's snapshots keep the names they had
//! when the file was a test binary of its own, `tests/snapshots/<file>__<name>.snap`
//! (`golden__sample__postgresql__upgrade.snap`). Left alone, insta would
//! put the crate in front now that every file is a module of `tests/main.rs`
//! (`main__golden__...`). Use `snapshot!(name, value)` and
//! `json_snapshot!(name, value)` instead of insta's macros of the same
//! purpose; every snapshot is named.

/// Runs `assert` (one insta assertion) with `<file>__<name>` as its name
/// and insta's module prefix turned off; `module_path` is the caller's
/// `module_path!()`, `main::<file>` or deeper.
pub fn named<R>(
    module_path: &str,
    name: impl std::fmt::Display,
    assert: impl FnOnce(String) -> R,
) -> R {
    let module = module_path
        .split_once("::")
        .map_or(module_path, |(_, rest)| rest)
        .replace("::", "__");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| assert(format!("{module}__{name}")))
}

/// `insta::assert_snapshot!(name, value)` under the file's old snapshot name.
macro_rules! snapshot {
    ($name:expr, $value:expr $(,)?) => {
        $crate::support::snap::named(module_path!(), $name, |name| {
            insta::assert_snapshot!(name, $value)
        })
    };
}

/// `insta::assert_json_snapshot!(name, value)` under the file's old snapshot name.
macro_rules! json_snapshot {
    ($name:expr, $value:expr $(,)?) => {
        $crate::support::snap::named(module_path!(), $name, |name| {
            insta::assert_json_snapshot!(name, $value)
        })
    };
}
