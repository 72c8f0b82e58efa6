//! Issue 19.12: `-o` through the binary. It refuses a link, a device, a
//! directory, an input file and a missing directory before doing the work,
//! and a SIGINT or SIGTERM while a long history's script is being written
//! leaves no temporary file behind.

use crate::support::gen::{Gen, Out};
use crate::support::synth;
use std::path::Path;

/// `gen ARGS` in `dir`.
fn gen(dir: &Path, args: &[&str]) -> Out {
    Gen::new().dir(dir).args(args).run()
}

fn sample(root: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    std::fs::create_dir(root.join("migrations")).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        std::fs::copy(e.path(), root.join("migrations").join(e.file_name())).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn refusals_name_the_target_and_the_reason_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    sample(root);
    let rev = "migrations/5d91218841c1_create_organizations.yaml";
    let original = std::fs::read(root.join(rev)).unwrap();
    std::os::unix::fs::symlink(root.join(rev), root.join("link.sql")).unwrap();
    std::fs::create_dir(root.join("dir.sql")).unwrap();
    // A FIFO stands for every special file (a real device would be replaced
    // if the refusal ever broke: output::tests asks about those without
    // writing).
    assert!(std::process::Command::new("mkfifo")
        .arg(root.join("fifo.sql"))
        .status()
        .unwrap()
        .success());
    for (target, why) in [
        (rev, "is a revision file, which this run reads"),
        (
            "link.sql",
            "is a symbolic link; gen never writes through one",
        ),
        ("dir.sql", "is a directory"),
        ("fifo.sql", "is a FIFO"),
        ("missing/deploy.sql", "directory `missing` does not exist"),
    ] {
        for command in [&["upgrade", "heads"][..], &["schema"][..]] {
            let mut args = command.to_vec();
            args.extend(["-o", target]);
            let out = gen(root, &args);
            assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
            assert!(
                out.stderr.contains(&format!("cannot write `{target}`"))
                    && out.stderr.contains(why),
                "{args:?}: {}",
                out.stderr
            );
        }
    }
    assert_eq!(std::fs::read(root.join(rev)).unwrap(), original);
    assert!(!root.join("missing").exists());
    let left: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!left.iter().any(|n| n.starts_with(".gen-")), "{left:?}");
}

/// The hidden temporary files beside the target.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".gen-") && n.ends_with(".tmp"))
        .collect()
}

/// Sends `signal` to a run writing a 3,000-revision script once its
/// temporary file exists (or, with `early`, before it does) and checks
/// that the run ends as the signal ends a process and leaves nothing.
#[cfg(unix)]
fn interrupt(root: &Path, signal: &str, number: i32, early: bool) -> bool {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let out = root.join("out");
    let mut child = Gen::new()
        .dir(root)
        .args(["upgrade", "heads", "-o", "out/deploy.sql"])
        .command()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut caught = false;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let ready = if early {
            started.elapsed() > Duration::from_millis(50)
        } else {
            !temporaries(&out).is_empty()
        };
        if ready {
            let sent = Command::new("kill")
                .args([&format!("-{signal}"), &child.id().to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
            caught = true;
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let status = child.wait().unwrap();
    assert!(
        temporaries(&out).is_empty(),
        "{signal}: left {:?}",
        temporaries(&out)
    );
    if !caught {
        return false;
    }
    assert!(
        status.signal() == Some(number) || status.code() == Some(128 + number),
        "{signal}: {status:?}"
    );
    let script = root.join("out/deploy.sql");
    if script.exists() {
        // The rename won the race: the script is whole, and the signal
        // came too late to test anything.
        let text = std::fs::read_to_string(&script).unwrap();
        assert!(text.ends_with("COMMIT;\n"), "{signal}: a partial script");
        std::fs::remove_file(&script).unwrap();
        return early;
    }
    true
}

#[cfg(unix)]
#[test]
fn a_signal_while_writing_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    synth::History::generate(3_000, 7)
        .write_yaml(&root.join("migrations"))
        .unwrap();
    std::fs::create_dir(root.join("out")).unwrap();
    for (signal, number) in [("INT", 2), ("TERM", 15)] {
        assert!(interrupt(root, signal, number, true), "{signal}: too fast");
        // The window is the copy into the temporary file: try a few times.
        let caught = (0..5).any(|_| interrupt(root, signal, number, false));
        assert!(caught, "{signal}: never saw the temporary file");
    }
}
