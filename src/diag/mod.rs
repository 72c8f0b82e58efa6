//! Diagnostics: where a problem is and how it is shown.
//!
//! [`span`] and [`locate`] find a line and column in a revision file;
//! [`error`] is the error every command can end with; [`diagnostic`]
//! renders one with its caret; [`suggest`] offers "did you mean";
//! [`terminal`] keeps user text inert on a terminal, written with the
//! escapes of [`escape`], which script comments share.

pub mod diagnostic;
pub mod error;
pub mod escape;
pub mod locate;
pub mod span;
pub mod suggest;
pub mod terminal;
