//! `irreversible`: a revision without a written downgrade whose upgrade
//! gen cannot undo (raw SQL without `reverse_sql`, `bulk_insert`) leaves
//! no way down through it. `gen check` reports it, for each such revision,
//! with this code; it is listed here so that `allow:` lists and the
//! documentation know it.

use crate::lint::{Level, Rule};

pub const RULE: Rule = Rule {
    id: "irreversible",
    level: Level::Warning,
    why: "a downgrade through this revision is impossible until it gets a downgrade",
    // `gen check` looks at whole revisions, not at one operation.
    check: None,
};
