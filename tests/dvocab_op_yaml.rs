//! Every operation of every revision of every ok fixture and of the sample
//! `migrations/`, written back as revision YAML (`op_lines`, what
//! `gen revision --autogenerate` writes) and parsed again through the real
//! loader, is the same operation: no field is lost on the way.

use crate::support::fixtures;
use camino::Utf8PathBuf;
use gen::ops::Op;
use gen::source::op_yaml::op_lines;
use gen::source::{load_dir, parse_ops};

/// The YAML `op_lines` writes for `op`, read back.
fn round_trip(op: &Op) -> Result<Op, String> {
    let text: String = op_lines(op)
        .iter()
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    let mut back = parse_ops(&text).map_err(|e| format!("{e}\n{text}"))?;
    match (back.pop(), back.is_empty()) {
        (Some(b), true) if b == *op => Ok(b),
        (b, _) => Err(format!("read back as {b:?}\nfrom\n{text}")),
    }
}

#[test]
fn every_written_operation_reads_back_the_same() {
    let root = Utf8PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<Utf8PathBuf> = fixtures::ok_folders()
        .iter()
        .map(|f| root.join(&f.dir))
        .collect();
    dirs.push(root.join("migrations"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in &dirs {
        let revisions = load_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e:?}"));
        for r in &revisions {
            let downgrade = r.downgrade.as_deref().unwrap_or(&[]);
            for op in r.upgrade.iter().chain(downgrade) {
                checked += 1;
                if let Err(e) = round_trip(op) {
                    failures.push(format!("{dir} {}: {e}", r.id.as_str()));
                }
            }
        }
    }
    assert!(checked > 250, "only {checked} operations found");
    assert!(
        failures.is_empty(),
        "{} of {checked} operations do not read back:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
