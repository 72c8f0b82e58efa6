//! The `dialects:` list beside an operation: which engines it exists on.
//!
//! `dialects: [postgresql]` is written beside an operation's key, as
//! `allow:` is. Each name is one `--dialect` accepts (an alias such as
//! `postgres` or `mariadb` becomes the canonical name); an unknown name or
//! an empty list is an error at its own line and column. The lists are
//! kept sparsely: most revisions have none and carry no allocation, and a
//! list ends at the last operation that has one.

use super::LoadError;
use crate::diag::span::{DocPath, Span};
use crate::diag::suggest::did_you_mean;
use crate::dialect::{self, DIALECT_NAMES};
use crate::ops::OpItem;
use crate::source::revision::{DialectList, OpDialects};
use camino::Utf8Path;

/// The checked `dialects:` lists of one operation list (`key`: `upgrade`
/// or `downgrade`), ending at the last operation that has one.
pub(super) fn checked(
    path: &Utf8Path,
    revision: &str,
    key: &str,
    items: &[OpItem],
) -> Result<Vec<DialectList>, LoadError> {
    let mut out: Vec<DialectList> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(names) = &item.dialects else {
            continue;
        };
        let at = DocPath::root().key(key).index(i).key("dialects");
        let op = format!(
            "{key} operation #{} `{}` (revision {revision})",
            i + 1,
            item.op.name()
        );
        if names.is_empty() {
            return Err(LoadError::Invalid {
                span: Span::path(path, at),
                message: format!("`dialects:` of {op} is empty, so it would run nowhere"),
                help: Some(format!(
                    "list the dialects it runs on ({}), or remove `dialects:` to run it on every one",
                    DIALECT_NAMES.join(", ")
                )),
            });
        }
        let mut list: Vec<&'static str> = Vec::with_capacity(names.len());
        for (j, name) in names.iter().enumerate() {
            let Some(d) = dialect::by_name(name) else {
                let hint = match did_you_mean(name, DIALECT_NAMES.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? "),
                    None => String::new(),
                };
                return Err(LoadError::Invalid {
                    span: Span::path(path, at.clone().index(j)),
                    message: format!("unknown dialect `{name}` in `dialects:` of {op}"),
                    help: Some(format!(
                        "{hint}the dialects are {} (as `--dialect` accepts them)",
                        DIALECT_NAMES.join(", ")
                    )),
                });
            };
            if !list.contains(&d.name()) {
                list.push(d.name());
            }
        }
        out.resize_with(i, DialectList::default);
        out.push(list.into_boxed_slice());
    }
    Ok(out)
}

/// Both lists in one box, or `None` when no operation has a list.
pub(super) fn boxed(
    upgrade: Vec<DialectList>,
    downgrade: Vec<DialectList>,
) -> Option<Box<OpDialects>> {
    if upgrade.is_empty() && downgrade.is_empty() {
        return None;
    }
    Some(Box::new(OpDialects {
        upgrade: upgrade.into_boxed_slice(),
        downgrade: downgrade.into_boxed_slice(),
    }))
}

#[cfg(test)]
mod tests {
    use crate::source::checksum::Checksum;
    use crate::source::parse_revision;
    use camino::Utf8Path;

    fn parse(ops: &str) -> Result<crate::source::revision::Revision, crate::source::LoadError> {
        let text = format!("revision: a1\ndown_revision: null\nupgrade:\n{ops}");
        parse_revision(Utf8Path::new("m/a1.yaml"), &text, Checksum::default())
    }

    #[test]
    fn aliases_become_names_and_lists_are_sparse() {
        let r = parse("  - execute: {sql: SELECT 1}\n  - execute: {sql: SELECT 2}\n    dialects: [postgres, mariadb, pg]\n  - execute: {sql: SELECT 3}\n").unwrap();
        assert!(r.upgrade_dialects(0).is_empty());
        assert_eq!(r.upgrade_dialects(1), ["postgresql", "mysql"]);
        assert!(r.upgrade_dialects(2).is_empty());
        assert_eq!(r.dialects.as_ref().map(|d| d.upgrade.len()), Some(2));
        let none = parse("  - execute: {sql: SELECT 1}\n").unwrap();
        assert!(none.dialects.is_none());
    }

    #[test]
    fn unknown_and_empty_lists_are_refused() {
        let err = parse("  - execute: {sql: SELECT 1}\n    dialects: [oracle]\n").unwrap_err();
        assert!(
            err.to_string().contains("unknown dialect `oracle`"),
            "{err}"
        );
        let err = parse("  - execute: {sql: SELECT 1}\n    dialects: []\n").unwrap_err();
        assert!(err.to_string().contains("is empty"), "{err}");
    }
}
