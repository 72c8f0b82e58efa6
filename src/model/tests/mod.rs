//! Replay and inverse tests on literal operations, in memory.
//!
//! This file holds the helpers and the shared histories; the tests are by
//! family: `table`, `column`, `constraint`, `sequence`, and `downgrade` (derived
//! downgrades).

use super::inverse::{inverse, replay_revision};
use super::{Constraint, Schema, SchemaError};
use crate::ops::Op;

mod column;
mod constraint;
mod dialects;
mod downgrade;
mod index_options;
mod sequence;
mod table;

/// Operations from YAML text (a list), through the same serde shapes `load` uses.
fn ops(yaml: &str) -> Vec<Op> {
    crate::source::parse_ops(yaml).unwrap()
}

fn apply_all(schema: &mut Schema, yaml: &str) -> Result<(), SchemaError> {
    ops(yaml).iter().try_for_each(|op| schema.apply(op))
}

const BASE: &str = "
- create_table:
    name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: email, type: text}
- create_table:
    name: posts
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: user_id, type: integer, references: {table: users, column: id}}
      - {name: title, type: text}
- create_index: {name: ix_posts_title, table: posts, columns: [title]}
";

fn base() -> Schema {
    let mut s = Schema::new();
    apply_all(&mut s, BASE).unwrap();
    s
}

fn err(schema: &mut Schema, yaml: &str) -> SchemaError {
    apply_all(schema, yaml).unwrap_err()
}

/// The history that stopped at its 8th revision: a column of a composite
/// primary key and of indexes, dropped. What goes with it, and what its
/// derived downgrade brings back, follow each engine.
const ENROLLMENTS: &str = "
- create_table:
    name: enrollments
    columns:
      - {name: course_id, type: integer}
      - {name: student_id, type: integer}
      - {name: c, type: integer}
      - {name: d, type: integer}
      - {name: e, type: integer}
    primary_key: {name: pk_enrollments, columns: [course_id, student_id]}
    unique: [{name: uq_c_d, columns: [c, d]}]
    foreign_keys: [{name: fk_self, columns: [d, e], references: {table: enrollments, columns: [c, d]}}]
    checks: [{name: ck_e, expr: e > 0}]
- create_index: {name: ix_c, table: enrollments, columns: [c]}
- create_index: {name: ix_course_c, table: enrollments, columns: [course_id, c]}
- create_index: {name: ix_course_student, table: enrollments, columns: [course_id, student_id]}
- create_index: {name: ux_e_course, table: enrollments, columns: [e, course_id], unique: true}
";

fn enrollments(dialect: &str) -> Schema {
    let mut s = Schema::for_dialect(crate::dialect::by_name(dialect).unwrap());
    apply_all(&mut s, ENROLLMENTS).unwrap();
    s
}

fn index_columns(s: &Schema, name: &str) -> Option<Vec<String>> {
    let t = s.table(&qn("enrollments"))?;
    let index = t.indexes.get(&id(name))?;
    Some(index.columns.iter().map(|c| c.to_string()).collect())
}

fn qn(name: &str) -> crate::ops::ident::QualName {
    crate::ops::ident::QualName::new(None, id(name))
}

fn id(name: &str) -> crate::ops::ident::Ident {
    crate::ops::ident::Ident::new(name).unwrap()
}
