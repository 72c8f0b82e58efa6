//! Sequences in the model: names shared with tables and indexes, the
//! owner followed through renames and drops, and the derived downgrades.

use super::{apply_all, ops};
use crate::model::inverse::replay_revision;
use crate::model::Schema;
use crate::ops::ident::{Ident, QualName};

fn name(n: &str) -> QualName {
    QualName::new(None, Ident::new(n).unwrap())
}

const TABLE: &str = "
- create_table: {name: t, columns: [{name: id, type: bigint, primary_key: true}, {name: n, type: bigint}]}
";

#[test]
fn a_sequence_takes_a_name_from_the_tables_namespace() {
    for dialect in ["postgresql", "mysql", "mssql"] {
        let d = crate::dialect::by_name(dialect).unwrap();
        let mut s = Schema::for_dialect(d.clone());
        apply_all(&mut s, TABLE).unwrap();
        let e = apply_all(&mut s, "- create_sequence: {name: t}").unwrap_err();
        assert!(
            e.to_string()
                .contains("sequence `t` has the name of table `t`"),
            "{dialect}: {e}"
        );
        let mut s = Schema::for_dialect(d);
        apply_all(&mut s, "- create_sequence: {name: s}").unwrap();
        let e = apply_all(
            &mut s,
            "- create_table: {name: s, columns: [{name: id, type: integer}]}",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("table `s` has the name of sequence `s`"),
            "{dialect}: {e}"
        );
    }
    let mut s = Schema::new();
    apply_all(&mut s, TABLE).unwrap();
    apply_all(&mut s, "- create_sequence: {name: ix}").unwrap();
    let e = apply_all(&mut s, "- create_index: {name: ix, table: t, columns: [n]}").unwrap_err();
    assert!(e.to_string().contains("sequence `ix`"), "{e}");
}

#[test]
fn bad_values_are_refused() {
    for (yaml, want) in [
        ("{name: s, increment: 0}", "`increment` cannot be 0"),
        ("{name: s, min_value: 5, max_value: 5}", "must be below"),
        ("{name: s, start: 0}", "outside its bounds"),
        ("{name: s, increment: -1, start: 1}", "outside its bounds"),
        (
            "{name: s, owned_by: {table: t, column: x}}",
            "has no column `x`",
        ),
    ] {
        let mut s = Schema::new();
        apply_all(&mut s, TABLE).unwrap();
        let e = apply_all(&mut s, &format!("- create_sequence: {yaml}")).unwrap_err();
        assert!(e.to_string().contains(want), "{yaml}: {e}");
    }
    let mut s = Schema::new();
    apply_all(&mut s, "- create_sequence: {name: s, max_value: 10}").unwrap();
    let e = apply_all(&mut s, "- alter_sequence: {name: s, restart: 11}").unwrap_err();
    assert!(e.to_string().contains("outside the bounds"), "{e}");
    let e = apply_all(&mut s, "- alter_sequence: {name: s}").unwrap_err();
    assert!(e.to_string().contains("changes nothing"), "{e}");
}

#[test]
fn an_owned_sequence_follows_its_column_and_goes_with_it() {
    let mut s = Schema::new();
    apply_all(
        &mut s,
        &format!(
            "{TABLE}- create_sequence: {{name: s, owned_by: {{table: t, column: n}}}}
- create_sequence: {{name: free}}
- rename_table: {{name: t, new_name: u}}
- alter_column: {{table: u, column: n, new_name: m}}"
        ),
    )
    .unwrap();
    let owner = s.sequence(&name("s")).unwrap().owned_by.clone().unwrap();
    assert_eq!((owner.table.as_str(), owner.column.as_str()), ("u", "m"));
    apply_all(&mut s, "- drop_column: {table: u, column: m}").unwrap();
    assert!(s.sequence(&name("s")).is_none());
    assert!(s.sequence(&name("free")).is_some());
    apply_all(
        &mut s,
        "- alter_sequence: {name: free, owned_by: {table: u, column: id}}\n- drop_table: {name: u}",
    )
    .unwrap();
    assert!(s.is_empty());
}

#[test]
fn downgrades_recreate_what_went_and_undo_changes() {
    let mut s = Schema::new();
    apply_all(
        &mut s,
        &format!("{TABLE}- create_sequence: {{name: s, start: 7, increment: 2, owned_by: {{table: t, column: n}}}}"),
    )
    .unwrap();
    let before = s.clone();
    let upgrade =
        ops("- alter_sequence: {name: s, increment: 5, owned_by: null}\n- drop_table: {name: t}");
    let derived = replay_revision(&upgrade, &mut s, true).unwrap().unwrap();
    let mut back = s.clone();
    for d in &derived {
        back.apply(&d.op).unwrap();
    }
    assert_eq!(back, before);
    // Detached first, the sequence outlived the table.
    assert!(s.sequence(&name("s")).is_some());

    let mut s = before.clone();
    let drop = ops("- drop_table: {name: t}");
    let derived = replay_revision(&drop, &mut s, true).unwrap().unwrap();
    assert!(s.sequence(&name("s")).is_none(), "dropped with its table");
    for d in &derived {
        s.apply(&d.op).unwrap();
    }
    assert_eq!(s, before);

    let mut s = before.clone();
    let restart = ops("- alter_sequence: {name: s, restart: 100}");
    let irreversible = replay_revision(&restart, &mut s, true)
        .unwrap()
        .unwrap_err();
    assert!(
        irreversible.reason.contains("cannot be undone"),
        "{}",
        irreversible.reason
    );
}
