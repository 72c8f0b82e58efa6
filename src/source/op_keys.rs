//! Where each operation's key is (`- create_table:`), read off the events
//! the loader has already made, so that a warning about an operation can be
//! shown under its key without parsing the file a second time.
//!
//! A long history meets a warning in most of its files; placing each caret
//! by parsing the warned file again cost about as much as loading it (a 2k
//! downgrade carries 2,324 warnings). What is recorded is exactly what
//! [`crate::diag::locate`] finds for the path `upgrade[i].<operation>`: the key,
//! its line, column and length. Only the plain case is recorded (an item
//! that is a mapping whose first key is a plain scalar); anything else (an
//! alias, a quoted key) is [`KeyAt::UNKNOWN`], and the caret is then found
//! by parsing, as before. A test compares the two over every fixture.

use super::events::{Document, Ev, Style};
use crate::diag::span::KeyAt;

/// The index just past the node that starts at `i`.
fn skip(events: &[Ev], mut i: usize) -> usize {
    let mut depth = 0usize;
    loop {
        match events.get(i) {
            None => return i,
            Some(Ev::SeqStart | Ev::MapStart) => depth += 1,
            Some(Ev::SeqEnd | Ev::MapEnd) => depth = depth.saturating_sub(1),
            Some(Ev::Scalar { .. } | Ev::Alias(_)) => {}
        }
        i += 1;
        if depth == 0 {
            return i;
        }
    }
}

/// The key of each item of the top-level list `list` (`upgrade` or
/// `downgrade`), in order; empty when the list is not there as a sequence.
pub(crate) fn op_keys(doc: &Document, list: &str) -> Box<[KeyAt]> {
    let ev = &doc.events;
    if !matches!(ev.first(), Some(Ev::MapStart)) {
        return Box::default();
    }
    let mut i = 1;
    while let Some(key) = ev.get(i) {
        if matches!(key, Ev::MapEnd) {
            break;
        }
        let value = skip(ev, i);
        let wanted = matches!(key, Ev::Scalar { text, .. } if text == list);
        if !wanted {
            i = skip(ev, value);
            continue;
        }
        if !matches!(ev.get(value), Some(Ev::SeqStart)) {
            return Box::default();
        }
        let mut keys = Vec::new();
        let mut item = value + 1;
        while let Some(e) = ev.get(item) {
            if matches!(e, Ev::SeqEnd) {
                break;
            }
            keys.push(item_key(doc, item));
            item = skip(ev, item);
        }
        return keys.into_boxed_slice();
    }
    Box::default()
}

/// The first key of the mapping that starts at `item`, when it is plain.
fn item_key(doc: &Document, item: usize) -> KeyAt {
    let (Some(Ev::MapStart), Some(Ev::Scalar { text, style })) =
        (doc.events.get(item), doc.events.get(item + 1))
    else {
        return KeyAt::UNKNOWN;
    };
    // `allow:` or `dialects:` written first, or a value that is a scalar (where `locate`
    // points at the value): left to the parse.
    let value_is_placed_at_key = match doc.events.get(item + 2) {
        Some(Ev::MapStart | Ev::SeqStart) => true,
        Some(Ev::Scalar { text, style }) => text.is_empty() && *style == Style::Plain,
        _ => false,
    };
    let (Some(pos), true) = (
        doc.positions.get(item + 1),
        *style == Style::Plain && text != "allow" && text != "dialects" && value_is_placed_at_key,
    ) else {
        return KeyAt::UNKNOWN;
    };
    match (
        u32::try_from(pos.line),
        u32::try_from(pos.column),
        u32::try_from(text.chars().count()),
    ) {
        (Ok(line), Ok(column), Ok(len)) if line > 0 && len > 0 => KeyAt { line, column, len },
        _ => KeyAt::UNKNOWN,
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::span::DocPath;
    use crate::source::checksum::Checksum;
    use camino::{Utf8Path, Utf8PathBuf};

    /// Every revision file of the sample and the fixtures that loads.
    fn files() -> Vec<Utf8PathBuf> {
        let root = Utf8Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let mut dirs = vec![root.join("migrations"), root.join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = dir.read_dir_utf8() else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path().to_owned();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension() == Some("yaml") {
                    out.push(p);
                }
            }
        }
        out.sort();
        out
    }

    /// What the loader records is what `locate` finds by parsing, for every
    /// operation of every file; and most operations are recorded.
    #[test]
    fn recorded_keys_are_where_locate_finds_them() {
        let (mut known, mut ops) = (0, 0);
        for file in files() {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let Ok(rev) = super::super::parse_revision(&file, &text, Checksum::default()) else {
                continue;
            };
            let lists = [
                ("upgrade", &rev.upgrade[..], &rev.op_keys.upgrade),
                (
                    "downgrade",
                    rev.downgrade.as_deref().unwrap_or(&[]),
                    &rev.op_keys.downgrade,
                ),
            ];
            for (list, list_ops, keys) in lists {
                for (i, op) in list_ops.iter().enumerate() {
                    ops += 1;
                    let at = keys.get(i).copied().unwrap_or_default();
                    let Some((line, column, len)) = at.known() else {
                        continue;
                    };
                    known += 1;
                    let path = DocPath::root().key(list).index(i).key(op.name());
                    let found = crate::diag::locate::locate(&text, &path).unwrap();
                    assert_eq!(
                        (found.line, found.column, found.len),
                        (line, column, len),
                        "{file}: {path}"
                    );
                }
            }
        }
        assert!(ops > 300, "only {ops} operations in the fixtures");
        assert!(known * 10 >= ops * 9, "{known} of {ops} recorded");
    }

    /// `allow:` first, an alias, a quoted key: not recorded.
    #[test]
    fn unusual_items_are_left_to_the_parse() {
        let text = "revision: a\ndown_revision: null\nupgrade:\n  - allow: [data-loss]\n    drop_table: {name: t}\n  - &x drop_index: {name: i}\n  - \"drop_table\": {name: u}\n  - create_table: {name: v, columns: [{name: id, type: integer}]}\n";
        let doc = crate::source::events::read(text).unwrap();
        let keys = super::op_keys(&doc, "upgrade");
        assert_eq!(keys.len(), 4);
        assert_eq!(keys[0].known(), None);
        assert_eq!(keys[2].known(), None);
        assert_eq!(keys[3].known(), Some((8, 5, 12)));
    }
}
