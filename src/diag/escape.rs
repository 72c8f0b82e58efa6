//! The visible escape of one character: which characters gen never writes
//! as they are into text a person reads (a script's comments, a terminal),
//! and how each is written instead (`\\`, `\n`, `\r`, `\t`, `\0`,
//! `\u{1b}` in lower-case hex for every other control, line separator or
//! bidirectional formatting character). Script comments (`emit::comment`)
//! and inert terminal text ([`super::terminal`]) are both built on these,
//! so both show a hazard the same way.

use std::fmt::{self, Write};

/// Whether `c` is written as an escape (a comment also escapes a `$`
/// before `(`, which depends on what follows it).
pub(crate) fn needs_escape(c: char) -> bool {
    c == '\\'
        || c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Writes `c` as its visible escape.
pub(crate) fn write_escape(out: &mut dyn Write, c: char) -> fmt::Result {
    match c {
        '\\' => out.write_str("\\\\"),
        '\n' => out.write_str("\\n"),
        '\r' => out.write_str("\\r"),
        '\t' => out.write_str("\\t"),
        '\0' => out.write_str("\\0"),
        c => write!(out, "\\u{{{:x}}}", u32::from(c)),
    }
}
