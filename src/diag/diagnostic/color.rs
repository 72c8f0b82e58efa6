//! Colour: whether stderr gets ANSI styles (the environment variables
//! every CLI honours, then "is it a terminal"), and the styles a
//! diagnostic uses when it does.

use super::Severity;

/// Whether diagnostics written to stderr should be coloured. Never when
/// `NO_COLOR` is set to a non-empty value; always when `CLICOLOR_FORCE` is
/// set to a non-empty value other than `0`; never when `CLICOLOR=0` or
/// `TERM=dumb` (a terminal that cannot show escapes); otherwise only when
/// stderr is a terminal. The same rules as clap's own help and errors.
pub fn color_enabled_for_stderr() -> bool {
    use std::io::IsTerminal;
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    color_choice(ColorEnv {
        no_color: var("NO_COLOR").is_some(),
        force: var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
        clicolor_off: var("CLICOLOR").is_some_and(|v| v == "0"),
        term_dumb: var("TERM").is_some_and(|v| v == "dumb"),
        is_terminal: std::io::stderr().is_terminal(),
    })
}

/// What the colour decision looks at.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ColorEnv {
    pub(super) no_color: bool,
    pub(super) force: bool,
    pub(super) clicolor_off: bool,
    pub(super) term_dumb: bool,
    pub(super) is_terminal: bool,
}

pub(super) fn color_choice(env: ColorEnv) -> bool {
    if env.no_color {
        return false;
    }
    env.force || (env.is_terminal && !env.clicolor_off && !env.term_dumb)
}

/// ANSI styles, or empty strings when colour is off.
pub(super) struct Palette {
    pub(super) severity: &'static str,
    pub(super) bold: &'static str,
    pub(super) gutter: &'static str,
    pub(super) reset: &'static str,
}

impl Palette {
    pub(super) fn new(severity: Severity, color: bool) -> Self {
        if !color {
            return Palette {
                severity: "",
                bold: "",
                gutter: "",
                reset: "",
            };
        }
        Palette {
            severity: match severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
            },
            bold: "\x1b[1m",
            gutter: "\x1b[1;34m",
            reset: "\x1b[0m",
        }
    }
}
