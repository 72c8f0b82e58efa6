//! The serde deserializer over a [`Document`]'s events: the one way the
//! project reads YAML into its types (revision files and `gen.yaml`).
//!
//! It reads as the format always has (plain scalars resolved by
//! [`super::scalar`], quoted ones always text, `key:` with nothing after it an
//! empty list or mapping where one is expected) and adds what a migration
//! file needs:
//!
//! - every error carries the line and column of the node it is about (the
//!   key for an unknown or repeated key, the value for a wrong value, the
//!   item of a list) and the path to it (`upgrade[0].create_table`); an
//!   error a visitor raises after reading part of a mapping or list is
//!   placed at the last key, value or item it read, or at the collection
//!   when it had read all of it (a missing key);
//! - a key repeated in any mapping is an error at the second one, naming
//!   the line of the first;
//! - aliases are replayed from the anchored node, within a budget: see
//!   [`alias_budget`];
//! - nesting is limited to [`MAX_DEPTH`] levels (aliases included);
//! - types that need a scalar as written get it (see [`crate::ops::raw`]).
//!
//! This file holds the reading state ([`De`]: where it is, the path, the
//! alias budget); [`deserializer`] answers serde's requests, [`access`]
//! walks lists and mappings, [`error`] is the error it returns.

use super::events::{Document, Ev, Pos};
use serde::de;

/// How deeply lists and mappings may nest.
pub(crate) const MAX_DEPTH: usize = 128;

/// What aliases may repeat in one file, counted as the bytes of the
/// scalars they repeat plus one per repeated node: ten times the file's
/// own size, at least 1 MiB and at most 16 MiB. A file that asks for more
/// (a "billion laughs" file) is refused at the alias that crosses the
/// line, before it costs time or memory.
pub(crate) fn alias_budget(file_size: usize) -> usize {
    file_size.saturating_mul(10).clamp(1 << 20, 16 << 20)
}

/// A mapping with more keys than this looks repeated keys up in a hash
/// map rather than by scanning the keys read so far.
const SCAN_KEYS: usize = 32;
mod access;
mod deserializer;
mod error;

pub(crate) use error::{path_text, Error, PathSeg};

/// A step of the path being read (keys borrowed from the document).
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
    Unknown,
}

/// Deserializes a `T` from a document.
pub(crate) fn from_document<'a, T: de::Deserialize<'a>>(doc: &'a Document) -> Result<T, Error> {
    let mut de = De {
        doc,
        next: 0,
        depth: 0,
        replaying: None,
        replay_path: 0,
        spent: 0,
        budget: alias_budget(doc.size),
        path: Vec::new(),
        keys: Vec::new(),
    };
    T::deserialize(&mut de)
}

/// The reading state.
struct De<'a> {
    doc: &'a Document,
    /// Index of the next event.
    next: usize,
    depth: usize,
    /// While replaying an alias: the event index of the outermost alias,
    /// and the length of the path at it.
    replaying: Option<usize>,
    replay_path: usize,
    /// What aliases have replayed so far, against `budget`.
    spent: usize,
    budget: usize,
    path: Vec<Seg<'a>>,
    /// The keys read so far in the open mappings (innermost last), with
    /// their event index, for finding a repeated key.
    keys: Vec<(&'a str, usize)>,
}

impl<'a> De<'a> {
    fn pos(&self, i: usize) -> Pos {
        self.doc
            .positions
            .get(i)
            .copied()
            .unwrap_or(Pos { line: 1, column: 1 })
    }

    fn peek(&self) -> Result<(usize, &'a Ev), Error> {
        let doc: &'a Document = self.doc;
        doc.events
            .get(self.next)
            .map(|ev| (self.next, ev))
            .ok_or_else(Error::broken)
    }

    fn next(&mut self) -> Result<(usize, &'a Ev), Error> {
        let (i, ev) = self.peek()?;
        self.next += 1;
        if let Some(alias) = self.replaying {
            self.charge(alias, ev)?;
        }
        Ok((i, ev))
    }

    /// Counts a replayed event against the alias budget.
    fn charge(&mut self, alias: usize, ev: &Ev) -> Result<(), Error> {
        self.spent += 1 + match ev {
            Ev::Scalar { text, .. } => text.len(),
            _ => 0,
        };
        if self.spent <= self.budget {
            return Ok(());
        }
        let mut e = Error::new(format!(
            "the aliases in this file repeat more than {:.1} MiB of YAML; this one crosses the limit",
            self.budget as f64 / f64::from(1 << 20)
        ));
        e.0.at = Some(self.pos(alias));
        e.0.path = self.path_segs();
        e.0.path.truncate(self.replay_path);
        e.0.help = Some(
            "aliases may repeat at most ten times the file's size (at least 1 MiB, at most 16 MiB); write the repeated part out, or split the revision"
                .to_owned(),
        );
        Err(e)
    }

    fn path_segs(&self) -> Vec<PathSeg> {
        self.path
            .iter()
            .map(|s| match s {
                Seg::Key(k) => PathSeg::Key((*k).to_owned()),
                Seg::Index(i) => PathSeg::Index(*i),
                Seg::Unknown => PathSeg::Unknown,
            })
            .collect()
    }

    /// Gives an error that has no position yet the position of event `i`
    /// and the current path.
    fn mark(&self, mut e: Error, i: usize) -> Error {
        if e.0.at.is_none() {
            e.0.at = Some(self.pos(i));
            e.0.path = self.path_segs();
            e.0.via_alias = self.replaying.map(|a| self.pos(a));
        }
        e
    }

    /// Reads the node at `target` (an alias's anchored node) in place of
    /// the alias at `alias`, then carries on after the alias.
    fn replay<T>(
        &mut self,
        target: usize,
        alias: usize,
        read: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let back = self.next;
        let outer = self.replaying;
        if outer.is_none() {
            self.replaying = Some(alias);
            self.replay_path = self.path.len();
        }
        self.next = target;
        let result = read(self);
        self.next = back;
        self.replaying = outer;
        result
    }

    /// The next node when only a scalar will do: an alias to a scalar is
    /// followed (and counted). The index is where the node was written.
    fn scalar_node(&mut self) -> Result<(usize, &'a Ev), Error> {
        let (i, ev) = self.next()?;
        if let Ev::Alias(target) = ev {
            let doc: &'a Document = self.doc;
            let target = doc.events.get(*target).ok_or_else(Error::broken)?;
            if self.replaying.is_none() {
                self.replay_path = self.path.len();
            }
            self.charge(self.replaying.unwrap_or(i), target)?;
            return Ok((i, target));
        }
        Ok((i, ev))
    }

    /// The text of the key at event `i` (through an alias), if a scalar.
    fn key_text(&self, i: usize) -> Option<&'a str> {
        let doc: &'a Document = self.doc;
        let ev = match doc.events.get(i)? {
            Ev::Alias(target) => doc.events.get(*target)?,
            ev => ev,
        };
        match ev {
            Ev::Scalar { text, .. } => Some(text.as_str()),
            _ => None,
        }
    }

    fn enter(&mut self, i: usize) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let e = Error::new(format!(
                "lists and mappings are nested more than {MAX_DEPTH} levels deep here"
            ));
            return Err(self.mark(e, i));
        }
        Ok(())
    }

    /// Skips one node (an alias is one event: nothing is replayed).
    fn skip(&mut self) -> Result<(), Error> {
        let mut open = 0usize;
        loop {
            let (_, ev) = self.next()?;
            match ev {
                Ev::SeqStart | Ev::MapStart => open += 1,
                Ev::SeqEnd | Ev::MapEnd => open = open.checked_sub(1).ok_or_else(Error::broken)?,
                Ev::Scalar { .. } | Ev::Alias(_) => {}
            }
            if open == 0 {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests;
