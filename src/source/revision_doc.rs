//! A revision file's shape ([`RevisionDoc`]) and how it becomes a
//! [`Revision`].
//!
//! Ids are text: `revision`, `down_revision`, `depends_on` and
//! `branch_labels` take each scalar as written (see [`crate::ops::raw`]), so
//! Alembic's `479024506e05` or an id `1234` need no quotes; only a plain
//! `null` (or nothing) means "none" where that is allowed. `create_date`
//! is kept as written too.

use super::LoadError;
use crate::diag::span::{DocPath, Span};
use crate::diag::suggest::did_you_mean;
use crate::ops::raw::{self, RawVisitor, Written};
use crate::ops::{Op, OpItem};
use crate::source::checksum::Checksum;
use crate::source::revision::{OpKeys, Revision, RevisionId, Source};
use camino::Utf8Path;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Parents: `null`, one id, or a list of ids. The key itself is required.
#[derive(Debug)]
struct DownRevision(Vec<String>);

impl<'de> Deserialize<'de> for DownRevision {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        raw::deserialize(
            d,
            IdListVisitor("`null` (a root), a revision id, or a list of ids (a merge)"),
        )
        .map(DownRevision)
    }
}

/// A list of names that may also be written as one name.
#[derive(Debug, Default)]
struct StringList(Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        raw::deserialize(d, IdListVisitor("a name or a list of names")).map(StringList)
    }
}

struct IdListVisitor(&'static str);

impl<'de> Visitor<'de> for IdListVisitor {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(vec![v.to_owned()])
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(s) = seq.next_element::<IdText>()? {
            out.push(s.0);
        }
        Ok(out)
    }
}

impl RawVisitor<'_> for IdListVisitor {
    fn visit_scalar<E: de::Error>(self, text: &str, written: Written) -> Result<Vec<String>, E> {
        if written == Written::Null {
            return Ok(Vec::new());
        }
        Ok(vec![text.to_owned()])
    }
}

/// One id or label of a list, as written.
struct IdText(String);

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IdText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a revision id or label")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdText, E> {
                Ok(IdText(v.to_owned()))
            }
        }
        impl RawVisitor<'_> for V {
            fn visit_scalar<E: de::Error>(self, text: &str, written: Written) -> Result<IdText, E> {
                if written == Written::Null {
                    return Err(E::custom(
                        "a list of ids or labels cannot hold `null`; leave the item out",
                    ));
                }
                Ok(IdText(text.to_owned()))
            }
        }
        raw::deserialize(d, V)
    }
}

impl<'de> Deserialize<'de> for RevisionId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Checked inside the visitor, so that the error is reported at the
        // value itself rather than at the start of the enclosing mapping.
        struct V;
        impl Visitor<'_> for V {
            type Value = RevisionId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a revision id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RevisionId, E> {
                RevisionId::parse(v).map_err(E::custom)
            }
        }
        impl RawVisitor<'_> for V {
            fn visit_scalar<E: de::Error>(
                self,
                text: &str,
                written: Written,
            ) -> Result<RevisionId, E> {
                if written == Written::Null {
                    return Err(E::custom(
                        "a revision needs an id here, e.g. `revision: 3f2a9c1e7b10`",
                    ));
                }
                RevisionId::parse(text).map_err(E::custom)
            }
        }
        raw::deserialize(d, V)
    }
}

/// A revision file, as written. Its JSON Schema is derived from this shape
/// (see `json_schema`), so the doc comments below are what editors show.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a revision: a mapping with `revision`, `down_revision` and `upgrade`"
)]
pub(crate) struct RevisionDoc {
    /// This revision's id, unique in the migrations directory.
    revision: RevisionId,
    /// The parents: null for a root, one id, or a list of ids for a merge.
    #[schemars(schema_with = "crate::source::schema_fields::down_revision")]
    down_revision: DownRevision,
    /// Branch labels (unique across the directory), usable as `label@head`.
    #[serde(default)]
    #[schemars(schema_with = "crate::source::schema_fields::name_list")]
    branch_labels: StringList,
    /// Revision ids, id prefixes or branch labels applied before this one (not parents).
    #[serde(default)]
    #[schemars(schema_with = "crate::source::schema_fields::name_list")]
    depends_on: StringList,
    /// A one-line description.
    #[serde(default)]
    message: Option<String>,
    /// When the revision was written (informational).
    #[serde(default)]
    #[schemars(schema_with = "crate::source::schema_fields::create_date")]
    create_date: Option<DateText>,
    /// false: run outside any transaction block (default true).
    #[serde(default)]
    transactional: Option<bool>,
    /// The operations, in order (may be empty).
    upgrade: Vec<OpItem>,
    /// The operations that undo `upgrade`; derived from it when absent.
    #[serde(default)]
    downgrade: Option<Vec<OpItem>>,
}

/// `create_date`: informational text, kept as written.
#[derive(Debug)]
struct DateText(String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date-time text, e.g. 2026-11-21 10:00:00")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_owned()))
            }
        }
        impl RawVisitor<'_> for V {
            fn visit_scalar<E: de::Error>(
                self,
                text: &str,
                _written: Written,
            ) -> Result<DateText, E> {
                Ok(DateText(text.to_owned()))
            }
        }
        raw::deserialize(d, V)
    }
}

/// Parses one revision file's text.
pub fn parse_revision(
    path: &Utf8Path,
    text: &str,
    sha256: Checksum,
) -> Result<Revision, LoadError> {
    let doc = super::document(path, text)?;
    if doc.is_empty() {
        return Err(LoadError::Invalid {
            span: Span::pos(path, 1, 1),
            message:
                "the file is empty; a revision needs `revision`, `down_revision` and `upgrade`"
                    .to_owned(),
            help: None,
        });
    }
    let op_keys = OpKeys {
        upgrade: super::op_keys::op_keys(&doc, "upgrade"),
        downgrade: super::op_keys::op_keys(&doc, "downgrade"),
    };
    let doc: RevisionDoc = super::deserialize(path, text, &doc)?;
    let down_revisions = doc
        .down_revision
        .0
        .iter()
        .enumerate()
        .map(|(i, s)| {
            RevisionId::parse(s).map_err(|message| LoadError::Invalid {
                span: Span::path(path, DocPath::root().key("down_revision").index(i)),
                message,
                help: None,
            })
        })
        .collect::<Result<Box<[_]>, _>>()?;
    // `allow:` lists name lint rules; an unknown one is a mistake to report.
    let lists = [
        ("upgrade", Some(&doc.upgrade)),
        ("downgrade", doc.downgrade.as_ref()),
    ];
    for (key, items) in lists {
        for (i, item) in items.into_iter().flatten().enumerate() {
            for (j, id) in item.allow.iter().enumerate() {
                if crate::lint::rule(id).is_none() {
                    let ids = crate::lint::RULES.iter().map(|r| r.id);
                    return Err(LoadError::Invalid {
                        span: Span::path(
                            path,
                            DocPath::root().key(key).index(i).key("allow").index(j),
                        ),
                        message: format!("unknown lint rule `{id}` in `allow:`"),
                        help: Some(match did_you_mean(id, ids) {
                            Some(s) => {
                                format!("did you mean `{s}`? (the rules are in docs/lint.md)")
                            }
                            None => "the rules are listed in docs/lint.md".to_owned(),
                        }),
                    });
                }
            }
        }
    }
    let upgrade_dialects =
        super::op_dialects::checked(path, doc.revision.as_str(), "upgrade", &doc.upgrade)?;
    let downgrade_dialects = match &doc.downgrade {
        Some(items) => {
            super::op_dialects::checked(path, doc.revision.as_str(), "downgrade", items)?
        }
        None => Vec::new(),
    };
    let dialects = super::op_dialects::boxed(upgrade_dialects, downgrade_dialects);
    // Most operations silence nothing: the `allow` list ends at the last
    // operation that does, and is empty (no allocation) when none does.
    let split = |items: Vec<OpItem>| -> (Vec<Op>, Vec<Vec<String>>) {
        let mut ops = Vec::with_capacity(items.len());
        let mut allow = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            if !item.allow.is_empty() {
                allow.resize_with(i, Vec::new);
                allow.push(item.allow);
            }
            ops.push(item.op);
        }
        (ops, allow)
    };
    let (upgrade, upgrade_allow) = split(doc.upgrade);
    let (downgrade, downgrade_allow) = match doc.downgrade.map(split) {
        Some((ops, allow)) => (Some(ops.into_boxed_slice()), allow),
        None => (None, Vec::new()),
    };
    Ok(Revision {
        id: doc.revision,
        down_revisions,
        depends_on: doc.depends_on.0.into_boxed_slice(),
        branch_labels: doc.branch_labels.0.into_boxed_slice(),
        message: doc.message.map(String::into_boxed_str),
        create_date: doc.create_date.map(|d| d.0.into_boxed_str()),
        transactional: doc.transactional.unwrap_or(true),
        upgrade,
        downgrade,
        upgrade_allow: upgrade_allow.into_boxed_slice(),
        downgrade_allow: downgrade_allow.into_boxed_slice(),
        dialects,
        op_keys,
        source: Source {
            path: path.to_owned(),
            sha256,
        },
    })
}

#[cfg(test)]
mod tests;
