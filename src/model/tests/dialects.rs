//! Operations limited to other dialects (`dialects:`): the replay leaves
//! them out of the model, and a derived downgrade keeps their place with
//! the operation itself, for the walk to show as skipped.

use super::*;
use crate::model::inverse::replay_revision_checked;

#[test]
fn an_operation_for_other_dialects_is_not_applied_and_keeps_its_place() {
    let upgrade = ops("
- create_index: {name: ix_users_email, table: users, columns: [email]}
- add_column: {table: users, column: {name: note, type: text}}
");
    let mut schema = base();
    let derived = replay_revision_checked(
        &upgrade,
        &mut schema,
        true,
        |i| i != 0,
        |_, _| Ok::<(), std::convert::Infallible>(()),
    )
    .unwrap()
    .unwrap();
    // The index is not in the model; the column is.
    let again = schema.apply(&upgrade[0]);
    assert!(again.is_ok(), "the index was applied: {again:?}");
    let names: Vec<(&str, usize)> = derived.iter().map(|d| (d.op.name(), d.source())).collect();
    assert_eq!(names, [("drop_column", 1), ("create_index", 0)]);
    assert_eq!(derived[1].op, upgrade[0]);
}
