//! Keeping echoed user text short: a word longer than [`WORD_LIMIT`]
//! characters or a line longer than [`LINE_LIMIT`] keeps its start and end
//! around a `…`; a source line longer than [`SOURCE_LIMIT`] is shown as a
//! window around the caret, made inert for the terminal.

use crate::diag::terminal::{inert, Keep};
use std::borrow::Cow;

/// A word of echoed text longer than this many characters is shortened
/// (long enough for any file path or name a user means to read).
pub const WORD_LIMIT: usize = 200;
/// A line of a message, label, note or help longer than this is shortened.
pub const LINE_LIMIT: usize = 1000;
/// A source line longer than this is shown around the caret only.
pub const SOURCE_LIMIT: usize = 160;

/// `text` with each over-long word and line shortened (see the module doc).
pub(super) fn shorten(text: &str) -> Cow<'_, str> {
    // Most text is short: measured in bytes (never fewer than characters),
    // without allocating.
    let short = text.split('\n').all(|line| {
        line.len() <= LINE_LIMIT && line.split_whitespace().all(|w| w.len() <= WORD_LIMIT)
    });
    if short {
        return Cow::Borrowed(text);
    }
    let lines: Vec<String> = text.split('\n').map(shorten_line).collect();
    let out = lines.join("\n");
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

pub(super) fn shorten_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len().min(LINE_LIMIT * 4));
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(&elide(word, WORD_LIMIT * 3 / 5, WORD_LIMIT * 3 / 10));
        word.clear();
    };
    for c in line.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    elide(&out, LINE_LIMIT * 3 / 5, LINE_LIMIT * 3 / 10).into_owned()
}

/// `text` if it has at most `head + tail` characters, else its first
/// `head` and last `tail` characters around a `…`.
pub(super) fn elide(text: &str, head: usize, tail: usize) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= head + tail + 1 {
        return Cow::Borrowed(text);
    }
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    Cow::Owned(format!("{start}…{end}"))
}

/// The part of a long source line to show, with the caret's new 1-based
/// column and underline length in it.
pub(super) fn source_window(text: &str, column: usize, len: usize) -> (Cow<'_, str>, usize, usize) {
    if text.len() <= SOURCE_LIMIT {
        return (Cow::Borrowed(text), column, len);
    }
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SOURCE_LIMIT {
        return (Cow::Borrowed(text), column, len);
    }
    let caret = column.saturating_sub(1).min(chars.len());
    let shown = len.min(SOURCE_LIMIT / 2);
    let start = caret.saturating_sub(SOURCE_LIMIT / 3);
    let end = (caret + shown + SOURCE_LIMIT / 4).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    let column = caret - start + 1 + usize::from(start > 0);
    (Cow::Owned(out), column, shown.max(1))
}

/// A source line made inert for the terminal (tabs kept), with the caret's
/// 1-based column and underline length moved to match the escapes.
pub(super) fn inert_snippet(text: &str, column: usize, len: usize) -> (String, usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let split = |from: usize, to: usize| -> String {
        chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .collect()
    };
    let before = column.saturating_sub(1);
    let head = inert(&split(0, before), Keep::Tabs).into_owned();
    let under = inert(&split(before, before + len), Keep::Tabs).into_owned();
    let tail = split(before + len, chars.len());
    let tail = inert(&tail, Keep::Tabs);
    let column = head.chars().count() + 1;
    let len = under.chars().count().max(len.min(1));
    (format!("{head}{under}{tail}"), column, len)
}
