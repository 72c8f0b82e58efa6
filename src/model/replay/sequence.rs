//! Sequence operations: `create_sequence` (its name free, its bounds and
//! step consistent, its owner an existing column of a table in its
//! schema), `drop_sequence` and `alter_sequence` (the new values kept, so
//! that the change can be undone).

use super::{at, invalid, Schema, SchemaError};
use crate::diag::span::DocPath;
use crate::diag::suggest::did_you_mean;
use crate::dialect::NameKind;
use crate::ops::ident::QualName;
use crate::ops::{AlterSequence, CreateSequence, DropSequence, OwnedBy};

impl Schema {
    pub(super) fn create_sequence(&mut self, o: &CreateSequence) -> Result<(), SchemaError> {
        let name = o.qual_name();
        if self.sequences.contains_key(&name) {
            return Err(invalid(
                format!("sequence `{name}` already exists"),
                at(&["name"]),
            ));
        }
        self.check_name(
            NameKind::Sequence,
            &name,
            None,
            &name.name,
            None,
            at(&["name"]),
        )?;
        check_values(o)?;
        if let Some(owner) = &o.owned_by {
            self.check_owner(&name, owner)?;
        }
        self.sequences.insert(name, o.clone());
        Ok(())
    }

    pub(super) fn drop_sequence(&mut self, o: &DropSequence) -> Result<(), SchemaError> {
        let name = o.qual_name();
        self.require_sequence(&name)?;
        self.sequences.remove(&name);
        Ok(())
    }

    pub(super) fn alter_sequence(&mut self, o: &AlterSequence) -> Result<(), SchemaError> {
        let name = o.qual_name();
        if o.restart.is_none() && o.increment.is_none() && o.owned_by.is_none() {
            return Err(invalid(
                "`alter_sequence` changes nothing: give `restart`, `increment` or `owned_by`"
                    .to_owned(),
                DocPath::root(),
            ));
        }
        let mut changed = self.require_sequence(&name)?.clone();
        if let Some(step) = o.increment {
            changed.increment = Some(step);
            check_values(&changed).map_err(|e| match e {
                SchemaError::Invalid { message, .. } => invalid(message, at(&["increment"])),
                other => other,
            })?;
        }
        if let Some(restart) = o.restart {
            if !within(&changed, restart) {
                return Err(invalid(
                    format!(
                        "`restart: {restart}` is outside the bounds of sequence `{name}` ({})",
                        bounds(&changed)
                    ),
                    at(&["restart"]),
                ));
            }
        }
        if let Some(owner) = &o.owned_by {
            if let Some(owner) = owner {
                self.check_owner(&name, owner)?;
            }
            changed.owned_by = owner.clone();
        }
        self.sequences.insert(name, changed);
        Ok(())
    }

    fn require_sequence(&self, name: &QualName) -> Result<&CreateSequence, SchemaError> {
        self.sequences.get(name).ok_or_else(|| {
            let hint = did_you_mean(name.name.as_str(), self.sequence_names(&name.schema))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            invalid(
                format!("sequence `{name}` does not exist{hint}"),
                at(&["name"]),
            )
        })
    }

    /// The owner is a column of a table in the sequence's schema.
    fn check_owner(&self, sequence: &QualName, owner: &OwnedBy) -> Result<(), SchemaError> {
        let table = QualName::new(sequence.schema.clone(), owner.table.clone());
        self.require_table(&table, at(&["owned_by", "table"]))?;
        self.require_column(&table, &owner.column, at(&["owned_by", "column"]))?;
        Ok(())
    }
}

/// `min_value` .. `max_value`, as far as they are given.
fn bounds(s: &CreateSequence) -> String {
    let show = |v: Option<i64>, dflt: &str| v.map_or_else(|| dflt.to_owned(), |v| v.to_string());
    format!(
        "{} to {}",
        show(s.min_value, "the lowest"),
        show(s.max_value, "the highest")
    )
}

/// Is `v` within the bounds the sequence gives (the engine's defaults
/// for those not given: 1 or the lowest value counting up, -1 or the
/// highest counting down)?
fn within(s: &CreateSequence, v: i64) -> bool {
    let up = s.step() > 0;
    let min = s.min_value.unwrap_or(if up { 1 } else { i64::MIN });
    let max = s.max_value.unwrap_or(if up { i64::MAX } else { -1 });
    min <= v && v <= max
}

/// The step is not 0, the bounds are in order and the start is inside them.
fn check_values(s: &CreateSequence) -> Result<(), SchemaError> {
    if s.step() == 0 {
        return Err(invalid(
            "`increment` cannot be 0: give a positive step to count up, a negative one to count down".to_owned(),
            at(&["increment"]),
        ));
    }
    if let (Some(min), Some(max)) = (s.min_value, s.max_value) {
        if min >= max {
            return Err(invalid(
                format!("`min_value` ({min}) must be below `max_value` ({max})"),
                at(&["min_value"]),
            ));
        }
    }
    let start = s.first_value();
    if !within(s, start) {
        return Err(invalid(
            format!(
                "the sequence would start at {start}, outside its bounds ({})",
                bounds(s)
            ),
            at(&[if s.start.is_some() {
                "start"
            } else {
                "min_value"
            }]),
        ));
    }
    Ok(())
}
