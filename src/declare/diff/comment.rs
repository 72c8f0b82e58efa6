//! A kept table's comment (columns' comments are compared with the
//! columns), where the engine keeps comments.

use super::Steps;
use crate::dialect::{CommentStyle, Dialect};
use crate::model::Table;
use crate::ops::ident::QualName;
use crate::ops::{CreateTableComment, DropTableComment, Op};

/// Compares the comment of table `q`, `now` against `want`.
pub(super) fn compare(q: &QualName, now: &Table, want: &Table, d: &dyn Dialect, steps: &mut Steps) {
    // Where the engine keeps no comments, a schema file has none to compare.
    if d.comment_style() == CommentStyle::Unsupported {
        return;
    }
    match (&now.def.comment, &want.def.comment) {
        (a, b) if a == b => {}
        (_, Some(text)) => steps
            .add_other
            .push(Op::CreateTableComment(CreateTableComment {
                table: q.name.clone(),
                schema: q.schema.clone(),
                comment: text.clone(),
            })),
        (None, None) => {}
        (Some(_), None) => steps.add_other.push(Op::DropTableComment(DropTableComment {
            table: q.name.clone(),
            schema: q.schema.clone(),
            comment: None,
        })),
    }
}
