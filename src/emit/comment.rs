//! Comment lines: the one place that writes `--` text into a script.
//!
//! Text reaches a script's comments from users (file and directory names,
//! messages, enum values, type maps for other dialects, defaults, check
//! expressions, the command line) and every client ends a `--` comment at
//! a line break of its own choosing: psql at a carriage return as well as a
//! line feed, MariaDB and sqlite3 at a line feed, and what follows is read
//! as SQL or as a client command (`\!`, `.system`). So every comment line
//! gen writes goes through [`line`], which writes `-- `, the text on ONE
//! line, and a newline, with every character that could end the line, run
//! a client command or mislead a reviewer made visible as an escape:
//!
//! | written | for                                                            |
//! |---------|----------------------------------------------------------------|
//! | `\\`    | a backslash (so that every escape below reads back one way)    |
//! | `\n` `\r` `\t` `\0` | line feed, carriage return, tab, NUL               |
//! | `\u{7f}` | any other control character (C0, DEL, C1 including NEL U+0085), in lower-case hex |
//! | `\u{2028}` `\u{2029}` | the line and paragraph separators               |
//! | `\u{202e}` ... | the bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which reorder what a reviewer sees |
//! | `\u{24}(` | a `$` before `(`, which `sqlcmd` reads as a variable even inside a comment |
//!
//! A line feed is escaped too, not turned into a second comment line: one
//! piece of text is one line, so a reader (and `gen verify`) can tell where
//! each begins. [`unescape`] reads the text back. Templates that put text
//! in a comment use the `comment` filter, which calls [`escape`].

use crate::diag::escape::{needs_escape, write_escape};
use std::fmt::{self, Write};

/// A writer that escapes everything written through it (see the module
/// doc). A `$` at the end of one piece waits for the next to know whether
/// a `(` follows; [`Escaper::finish`] writes a `$` still waiting.
struct Escaper<'w> {
    out: &'w mut dyn Write,
    dollar: bool,
}

impl Write for Escaper<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut plain = 0;
        for (i, c) in s.char_indices() {
            if self.dollar {
                self.dollar = false;
                // The `$` held back is the character just before `c`
                // (here or at the end of the previous piece).
                if c == '(' {
                    self.out.write_str("\\u{24}")?;
                } else {
                    self.out.write_char('$')?;
                }
            }
            if c == '$' || needs_escape(c) {
                self.out.write_str(&s[plain..i])?;
                plain = i + c.len_utf8();
                if c == '$' {
                    self.dollar = true;
                } else {
                    write_escape(self.out, c)?;
                }
            }
        }
        self.out.write_str(&s[plain..])
    }
}

impl Escaper<'_> {
    fn finish(self) -> fmt::Result {
        if self.dollar {
            self.out.write_char('$')?;
        }
        Ok(())
    }
}

/// Writes `text` escaped (see the module doc), without `--` or a newline.
pub fn escape(out: &mut dyn Write, text: &str) -> fmt::Result {
    let mut e = Escaper { out, dollar: false };
    e.write_str(text)?;
    e.finish()
}

/// `text` escaped, as a new string.
pub fn escaped(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = escape(&mut s, text);
    s
}

/// Writes one comment line: `-- `, the text `args` formats, escaped, and a
/// newline. Every comment line of a script is written by this function.
pub fn line(out: &mut dyn Write, args: fmt::Arguments) -> fmt::Result {
    out.write_str("-- ")?;
    let mut e = Escaper { out, dollar: false };
    e.write_fmt(args)?;
    e.finish()?;
    out.write_char('\n')
}

/// The text [`escape`] wrote, read back; `None` if `text` holds a backslash
/// that starts no escape (so it was not written by [`escape`]).
pub fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut hex = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        h if h.is_ascii_hexdigit() && hex.len() < 6 => hex.push(h),
                        _ => return None,
                    }
                }
                let code = u32::from_str_radix(&hex, 16).ok()?;
                out.push(char::from_u32(code)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_line(args: fmt::Arguments) -> String {
        let mut s = String::new();
        line(&mut s, args).unwrap();
        s
    }

    #[test]
    fn every_line_break_and_control_character_is_made_visible() {
        let cases: &[(&str, &str)] = &[
            ("plain text", "plain text"),
            ("a\rDROP TABLE payments; --", "a\\rDROP TABLE payments; --"),
            (
                "b\nDROP TABLE payments; --.yaml",
                "b\\nDROP TABLE payments; --.yaml",
            ),
            ("x\r\\! touch /tmp/pwned", "x\\r\\\\! touch /tmp/pwned"),
            ("\n.system touch /tmp/pwned", "\\n.system touch /tmp/pwned"),
            ("tab\there", "tab\\there"),
            ("nul\0", "nul\\0"),
            ("esc\u{1b}[31m", "esc\\u{1b}[31m"),
            ("del\u{7f}", "del\\u{7f}"),
            ("nel\u{85}next", "nel\\u{85}next"),
            ("c1\u{9b}", "c1\\u{9b}"),
            ("ls\u{2028}ps\u{2029}", "ls\\u{2028}ps\\u{2029}"),
            ("rlo\u{202e}txt.sql", "rlo\\u{202e}txt.sql"),
            ("lri\u{2066}", "lri\\u{2066}"),
            ("vt\u{b}ff\u{c}", "vt\\u{b}ff\\u{c}"),
            ("$(var) and $x and $", "\\u{24}(var) and $x and $"),
            ("\\n is a backslash and n", "\\\\n is a backslash and n"),
            ("é€𝄞 stay", "é€𝄞 stay"),
        ];
        for (text, want) in cases {
            assert_eq!(one_line(format_args!("{text}")), format!("-- {want}\n"));
            assert_eq!(escaped(text), *want);
            assert_eq!(unescape(want).as_deref(), Some(*text), "{want}");
        }
    }

    /// A `$` at the end of one formatted piece and a `(` at the start of
    /// the next are still seen together.
    #[test]
    fn a_dollar_split_across_pieces_is_still_escaped() {
        let (a, b) = ("x$", "(y)");
        assert_eq!(one_line(format_args!("{a}{b}")), "-- x\\u{24}(y)\n");
        assert_eq!(one_line(format_args!("{a}")), "-- x$\n");
        assert_eq!(one_line(format_args!("{a}{a}")), "-- x$x$\n");
    }

    #[test]
    fn every_character_round_trips_and_no_control_character_is_left() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let line = one_line(format_args!("{all}"));
        let body = line
            .strip_prefix("-- ")
            .unwrap()
            .strip_suffix('\n')
            .unwrap();
        assert!(!body.chars().any(needs_escape_or_break), "{body:?}");
        assert_eq!(unescape(body).as_deref(), Some(all.as_str()));
    }

    fn needs_escape_or_break(c: char) -> bool {
        c != '\\' && needs_escape(c)
    }

    #[test]
    fn text_not_written_by_escape_is_refused() {
        for bad in [
            "\\",
            "\\q",
            "\\u",
            "\\u{",
            "\\u{zz}",
            "\\u{110000}",
            "\\u{d800}",
            "\\u{1234567}",
        ] {
            assert_eq!(unescape(bad), None, "{bad}");
        }
    }
}
