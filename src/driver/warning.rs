//! A finding at the operation it is about, as the run keeps it until it is
//! printed.
//!
//! A long history meets a warning every revision or two. As a full
//! [`Diagnostic`] each one carried its own copies of the file name, the
//! path, the "in revision ..." note and the message, about a kilobyte,
//! and a 100,000-revision run kept 170,000 of them. A [`Warning`] holds the
//! finding and a site whose revision part is shared with the revision's
//! other operations; [`Warning::diagnostic`] builds the diagnostic the user
//! reads, when it is printed, a batch at a time.

use crate::diag::diagnostic::{AsDiagnostic, Diagnostic};
use crate::diag::error::OpSite;
use crate::lint::{help, Finding};

use std::borrow::Cow;

/// Warnings rendered and printed at a time. A script command's walk also
/// hands them on in batches of this many as it meets them, so that a long
/// history's warnings are never all held at once.
pub const WARNING_BATCH: usize = 2048;

/// Turns warnings into the text the user reads; shared by rendering threads.
pub type WarningText<'a> = dyn Fn(&[Warning]) -> String + Sync + 'a;

/// Where a script command's walk hands its warnings: `render` turns the
/// warnings of one step into text on the threads that render the step's
/// statements, and `print` gets that text in walk order, a batch of at
/// least [`WARNING_BATCH`] warnings at a time, on the walking thread.
pub struct WarningOut<'a> {
    pub render: &'a WarningText<'a>,
    pub print: &'a mut dyn FnMut(&str),
}

/// One finding, and the operation it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub finding: Finding,
    pub site: OpSite,
}

impl Warning {
    /// `warning[rule-id]: message`, pointing at the operation, with the
    /// revision it is in and the rule's help.
    pub fn diagnostic(&self) -> Diagnostic {
        let site = &self.site;
        let rule = self.finding.rule;
        Diagnostic::warning(self.finding.message.clone())
            .with_code(rule)
            .with_span(site.span())
            .with_note(site.note())
            .with_help(help(rule))
    }
}

impl AsDiagnostic for Warning {
    fn as_diagnostic(&self) -> Cow<'_, Diagnostic> {
        Cow::Owned(self.diagnostic())
    }
}
