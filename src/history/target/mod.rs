//! Revision targets: what a user may type for `gen upgrade` / `gen downgrade`,
//! and how each form resolves against a [`RevisionGraph`].
//!
//! The forms follow Alembic: `head`, `heads`, `base`, a full id, a unique id
//! prefix, a branch label alone (the revision declaring it), `label@head`,
//! `label@heads`, `label@base`, `label@<rev>`, relative steps `+N` / `-N`,
//! `<rev>+N` / `<rev>-N`, `label@+N` / `label@-N`, and ranges `start:end`
//! ([`parse_range`]). The part before `@` may also be a revision id, meaning
//! "the line of that revision", as in Alembic.
//!
//! Resolution needs to know where the target stands ([`Role`]): a relative
//! step without a base is relative to the start of the plan (`+N` goes up
//! from the start rows, or from base; `-N` goes down from the single start
//! row), and a range start `-N` means N steps below each head. Steps walk
//! `down_revision` links only; a walk that meets a branch point (going up)
//! or a merge point (going down) with more than one way to go is an error
//! naming the candidates; `+N` is filtered to the label's line when a label
//! is given. Errors come from the command line, so they carry the target
//! text instead of a span.
//!
//! This file holds the target's types; `parse` reads the text, `resolve`
//! finds what it names, `walk` takes relative steps, and `error` holds
//! [`TargetError`] and its messages.

mod error;
mod parse;
mod resolve;
mod walk;

pub use error::TargetError;
pub use parse::parse_range;

use crate::history::graph::{Node, RevisionGraph};
use std::fmt;

/// A parsed revision target; `text` is what the user typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub text: String,
    /// The part before `@`: a branch label (or a revision id).
    pub branch: Option<String>,
    pub spec: Spec,
}

/// The part after `@` (or the whole target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    Head,
    Heads,
    Base,
    /// A full id, a unique id prefix, or a branch label.
    Rev(String),
    /// `[from]+N` or `[from]-N`: `steps` is positive going up.
    Relative {
        from: Option<String>,
        steps: i64,
    },
}

/// Which way a walk goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Up,
    Down,
}

impl fmt::Display for Way {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Way::Up => "up",
            Way::Down => "down",
        })
    }
}

/// Where a target stands, which decides what relative steps mean.
#[derive(Debug, Clone, Copy)]
pub enum Role<'a> {
    /// The start of a range: `-N` is N steps below each head (`label@-N`:
    /// each head on that line); `+N` is an error.
    Start,
    /// The end of an upgrade whose start rows are `current` (empty = base):
    /// `+N` goes up from them; `-N` is an error.
    UpgradeEnd { current: &'a [Node] },
    /// The end of a downgrade whose start rows are `current`: `-N` goes down
    /// from the single row (or the one on the label's line); `+N` is an
    /// error.
    DowngradeEnd { current: &'a [Node] },
}

/// A resolved target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The revisions, sorted; empty means base.
    pub nodes: Vec<Node>,
    /// The revision that picks a branch: the one declaring the label before
    /// `@` (or the revision named there), or for a downgrade's bare `-N`
    /// the start row it walked from. Alembic uses it to keep a downgrade on
    /// one branch.
    pub anchor: Option<Node>,
}

/// A position during a walk: below every root, or at a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    Base,
    At(Node),
}

struct Resolver<'g, 't> {
    graph: &'g RevisionGraph,
    target: &'t Target,
}

impl Resolver<'_, '_> {
    fn text(&self) -> String {
        self.target.text.clone()
    }
}

fn pos_nodes(p: Pos) -> Vec<Node> {
    match p {
        Pos::Base => Vec::new(),
        Pos::At(n) => vec![n],
    }
}

/// `None` lets everything through; `Some(mask)` only what it marks.
trait MaskFilter {
    fn is_none_or_mask(&self, n: Node) -> bool;
}

impl MaskFilter for Option<&[bool]> {
    fn is_none_or_mask(&self, n: Node) -> bool {
        self.is_none_or(|m| m[n])
    }
}
