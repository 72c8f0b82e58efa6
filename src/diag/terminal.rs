//! Text for a terminal: user text that gen echoes on stderr (diagnostics)
//! or in the line formats of `gen check` is made inert there.
//!
//! A file name, a message or a source line can hold a carriage return (which
//! lets the rest of the line overwrite what came before), an escape sequence
//! (ESC `[`...: colours, cursor moves, a window title, an OSC 8 link), a C1
//! control, a line separator or a bidirectional override that reorders what
//! the reader sees. [`inert`] writes each such character as the visible
//! escape comments use (`\r`, `\u{1b}`, see [`super::escape`]), and keeps
//! what the caller says is layout (`\n` between the lines of a message, `\t`
//! in a source line so the caret lines up). A backslash is left as it is:
//! nothing reads this text back, and paths and messages keep their look.

use std::borrow::Cow;

/// Layout characters a caller keeps as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing: the text is one line (a file name, a label).
    Nothing,
    /// Line feeds (a message, note or help of several lines).
    LineFeeds,
    /// Tabs (a source line shown under its caret).
    Tabs,
}

fn kept(c: char, keep: Keep) -> bool {
    matches!((c, keep), ('\n', Keep::LineFeeds) | ('\t', Keep::Tabs))
}

fn hazard(c: char, keep: Keep) -> bool {
    c != '\\' && crate::diag::escape::needs_escape(c) && !kept(c, keep)
}

/// `text` with every control, separator and bidirectional formatting
/// character written as a visible escape, except what `keep` names.
pub fn inert(text: &str, keep: Keep) -> Cow<'_, str> {
    // Most text is printable ASCII: one pass over the bytes says so.
    let plain = |b: u8| (0x20..0x7f).contains(&b) || (b == b'\n' && keep == Keep::LineFeeds);
    if text.bytes().all(plain) || !text.chars().any(|c| hazard(c, keep)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hazard(c, keep) {
            // Writing into a String cannot fail.
            let _ = crate::diag::escape::write_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            inert("migrations/0001_a.yaml: C:\\x", Keep::Nothing),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(
            inert("a\rb\u{1b}[2Jc\u{9b}d\u{202e}e\u{2028}f\0", Keep::Nothing),
            "a\\rb\\u{1b}[2Jc\\u{9b}d\\u{202e}e\\u{2028}f\\0"
        );
    }

    #[test]
    fn layout_is_kept_only_when_asked() {
        assert_eq!(inert("a\nb\tc", Keep::LineFeeds), "a\nb\\tc");
        assert_eq!(inert("a\nb\tc", Keep::Tabs), "a\\nb\tc");
        assert_eq!(inert("a\nb\tc", Keep::Nothing), "a\\nb\\tc");
    }

    #[test]
    fn no_output_character_is_a_control_but_kept_layout() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let out = inert(&all, Keep::LineFeeds);
        assert!(out
            .chars()
            .all(|c| c == '\n' || !crate::diag::escape::needs_escape(c) || c == '\\'));
    }
}
