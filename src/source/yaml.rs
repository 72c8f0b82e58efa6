//! The serde deserializer over a [`Document`]'s events: the one way the
//! project reads YAML into its types (revision files and `gen.yaml`).
//!
//! It reads as the format always has (plain scalars resolved by
//! [`scalar`], quoted ones always text, `key:` with nothing after it an
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
//! - types that need a scalar as written get it (see [`raw`]).

use super::events::{Document, Ev, Pos, Style};
use super::scalar::{self, Int, Plain};
use crate::ops::raw::{self, Written};
use serde::de::{
    self, value::BorrowedStrDeserializer, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess,
    SeqAccess, Unexpected, VariantAccess, Visitor,
};
use std::collections::HashMap;
use std::fmt;

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

/// An error with the position and path of the node it is about.
#[derive(Debug)]
pub(crate) struct Error(Box<ErrorInner>);

#[derive(Debug)]
pub(crate) struct ErrorInner {
    pub message: String,
    pub at: Option<Pos>,
    /// Path of the node, e.g. `upgrade[0].create_table` (empty: the root).
    pub path: Vec<PathSeg>,
    pub help: Option<String>,
    /// The error is inside a node an alias repeats: where that alias is.
    pub via_alias: Option<Pos>,
}

/// One step of an error's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSeg {
    Key(String),
    Index(usize),
    /// A key that is not a scalar.
    Unknown,
}

impl Error {
    fn new(message: String) -> Self {
        Error(Box::new(ErrorInner {
            message,
            at: None,
            path: Vec::new(),
            help: None,
            via_alias: None,
        }))
    }

    pub(crate) fn into_inner(self) -> ErrorInner {
        *self.0
    }

    fn broken() -> Self {
        Error::new("the YAML ended in the middle of a node".to_owned())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        let path = path_text(&e.path);
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        f.write_str(&e.message)?;
        if let Some(at) = e.at {
            write!(f, " at line {} column {}", at.line, at.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// `upgrade[0].create_table`.
pub(crate) fn path_text(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSeg::Index(i) => out.push_str(&format!("[{i}]")),
            PathSeg::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

fn one_of(names: &[&str]) -> String {
    match names {
        [] => "there are none".to_owned(),
        [one] => format!("expected `{one}`"),
        many => format!(
            "expected one of {}",
            many.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(msg.to_string())
    }
    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        // In the words of the format: a list, not a sequence.
        let unexp = match unexp {
            Unexpected::Seq => Unexpected::Other("list"),
            other => other,
        };
        let message = format!("invalid type: {unexp}, expected {exp}");
        Error::custom(message.replace(", expected a sequence", ", expected a list"))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::custom(format!("unknown key `{field}`, {}", one_of(expected)))
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::custom(format!("unknown variant `{variant}`, {}", one_of(expected)))
    }
    fn missing_field(field: &'static str) -> Self {
        Error::custom(format!("missing key `{field}`"))
    }
    fn duplicate_field(field: &'static str) -> Self {
        Error::new(format!("duplicate key `{field}`"))
    }
}

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

    fn seq<V: Visitor<'a>>(&mut self, v: V, start: usize, empty: bool) -> Result<V::Value, Error> {
        self.enter(start)?;
        let mut access = Seq {
            de: self,
            start,
            index: 0,
            ended: empty,
            last: None,
        };
        let result = match v.visit_seq(&mut access) {
            Ok(value) => access.finish().map(|()| value),
            Err(e) => Err(access.blame(e)),
        };
        self.depth -= 1;
        result
    }

    fn map<V: Visitor<'a>>(&mut self, v: V, start: usize, empty: bool) -> Result<V::Value, Error> {
        self.enter(start)?;
        let keys_from = self.keys.len();
        let mut access = Map {
            de: self,
            start,
            ended: empty,
            last: None,
            key: Seg::Unknown,
            keys_from,
            many: None,
        };
        let result = match v.visit_map(&mut access) {
            Ok(value) => access.finish().map(|()| value),
            Err(e) => Err(access.blame(e)),
        };
        self.keys.truncate(keys_from);
        self.depth -= 1;
        result
    }
}

/// What serde says a node is, for "invalid type" errors.
fn unexpected(ev: &Ev) -> Unexpected<'_> {
    match ev {
        Ev::Scalar {
            text,
            style: Style::Plain,
        } => match scalar::resolve(text) {
            Plain::Null => Unexpected::Unit,
            Plain::Bool(b) => Unexpected::Bool(b),
            Plain::Int(Int::U64(n)) => Unexpected::Unsigned(n),
            Plain::Int(Int::I64(n)) => Unexpected::Signed(n),
            Plain::Int(_) => Unexpected::Other("integer"),
            Plain::Float(f) => Unexpected::Float(f),
            Plain::Str => Unexpected::Str(text),
        },
        Ev::Scalar { text, .. } => Unexpected::Str(text),
        Ev::SeqStart => Unexpected::Other("list"),
        Ev::MapStart => Unexpected::Map,
        Ev::SeqEnd | Ev::MapEnd | Ev::Alias(_) => Unexpected::Other("the end of a collection"),
    }
}

fn invalid_type(ev: &Ev, exp: &dyn de::Expected) -> Error {
    de::Error::invalid_type(unexpected(ev), exp)
}

/// A plain scalar through `deserialize_any`: what it resolves to.
fn visit_plain<'a, V: Visitor<'a>>(v: V, text: &'a str) -> Result<V::Value, Error> {
    match scalar::resolve(text) {
        Plain::Null => v.visit_unit(),
        Plain::Bool(b) => v.visit_bool(b),
        Plain::Int(Int::U64(n)) => v.visit_u64(n),
        Plain::Int(Int::I64(n)) => v.visit_i64(n),
        Plain::Int(Int::U128(n)) => v.visit_u128(n),
        Plain::Int(Int::I128(n)) => v.visit_i128(n),
        Plain::Float(f) => v.visit_f64(f),
        Plain::Str => v.visit_borrowed_str(text),
    }
}

fn is_empty_plain(ev: &Ev) -> bool {
    matches!(ev, Ev::Scalar { text, style: Style::Plain } if text.is_empty())
}

/// Reads a plain scalar as one type (`parse`), or says what it is instead.
macro_rules! plain_as {
    ($name:ident, $parse:expr, $visit:ident) => {
        fn $name<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
            let (i, ev) = self.scalar_node()?;
            let parsed = match ev {
                Ev::Scalar {
                    text,
                    style: Style::Plain,
                } => ($parse)(text.as_str()),
                _ => None,
            };
            let result = match parsed {
                Some(value) => v.$visit(value),
                None => Err(invalid_type(ev, &v)),
            };
            result.map_err(|e| self.mark(e, i))
        }
    };
}

fn int_as<T: TryFrom<u128> + TryFrom<i128>>(text: &str) -> Option<T> {
    match scalar::integer(text)? {
        Int::U64(n) => T::try_from(u128::from(n)).ok(),
        Int::U128(n) => T::try_from(n).ok(),
        Int::I64(n) => T::try_from(i128::from(n)).ok(),
        Int::I128(n) => T::try_from(n).ok(),
    }
}

impl<'a> de::Deserializer<'a> for &mut De<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        let (i, ev) = self.next()?;
        let result = match ev {
            Ev::Alias(target) => return self.replay(*target, i, |de| de.deserialize_any(v)),
            Ev::Scalar {
                text,
                style: Style::Plain,
            } => visit_plain(v, text),
            Ev::Scalar { text, .. } => v.visit_borrowed_str(text),
            Ev::SeqStart => self.seq(v, i, false),
            Ev::MapStart => self.map(v, i, false),
            Ev::SeqEnd | Ev::MapEnd => Err(Error::broken()),
        };
        result.map_err(|e| self.mark(e, i))
    }

    plain_as!(deserialize_bool, scalar::boolean, visit_bool);
    plain_as!(deserialize_i8, int_as::<i64>, visit_i64);
    plain_as!(deserialize_i16, int_as::<i64>, visit_i64);
    plain_as!(deserialize_i32, int_as::<i64>, visit_i64);
    plain_as!(deserialize_i64, int_as::<i64>, visit_i64);
    plain_as!(deserialize_i128, int_as::<i128>, visit_i128);
    plain_as!(deserialize_u8, int_as::<u64>, visit_u64);
    plain_as!(deserialize_u16, int_as::<u64>, visit_u64);
    plain_as!(deserialize_u32, int_as::<u64>, visit_u64);
    plain_as!(deserialize_u64, int_as::<u64>, visit_u64);
    plain_as!(deserialize_u128, int_as::<u128>, visit_u128);
    plain_as!(deserialize_f32, scalar::float, visit_f64);
    plain_as!(deserialize_f64, scalar::float, visit_f64);

    fn deserialize_char<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    /// Any scalar's text as written, whatever YAML would resolve it to.
    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        let (i, ev) = self.scalar_node()?;
        let result = match ev {
            Ev::Scalar { text, .. } => v.visit_borrowed_str(text),
            other => Err(invalid_type(other, &v)),
        };
        result.map_err(|e| self.mark(e, i))
    }

    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, _v: V) -> Result<V::Value, Error> {
        let i = self.next;
        Err(self.mark(
            de::Error::custom("binary data is not part of the format"),
            i,
        ))
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(v)
    }

    /// `null`, `~` or nothing is none; anything else (a quoted `"null"`
    /// too) is some.
    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        let (i, ev) = self.peek()?;
        match ev {
            Ev::Alias(target) => {
                self.next()?;
                self.replay(*target, i, |de| de.deserialize_option(v))
            }
            Ev::Scalar {
                text,
                style: Style::Plain,
            } if scalar::is_null(text) => {
                self.next()?;
                v.visit_none().map_err(|e| self.mark(e, i))
            }
            _ => v.visit_some(&mut *self).map_err(|e| self.mark(e, i)),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        let (i, ev) = self.scalar_node()?;
        let result = match ev {
            Ev::Scalar {
                text,
                style: Style::Plain,
            } if scalar::is_null(text) => v.visit_unit(),
            other => Err(invalid_type(other, &v)),
        };
        result.map_err(|e| self.mark(e, i))
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(v)
    }

    /// The private [`raw::TOKEN`] gives a scalar as written; any other
    /// newtype is its content.
    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        if name != raw::TOKEN {
            return v.visit_newtype_struct(self);
        }
        let (i, ev) = self.peek()?;
        match ev {
            Ev::Alias(target) => {
                self.next()?;
                self.replay(*target, i, |de| de.deserialize_newtype_struct(name, v))
            }
            Ev::Scalar { text, style } => {
                self.next()?;
                v.visit_enum(RawScalar {
                    text,
                    written: if *style == Style::Plain {
                        scalar::written(text)
                    } else {
                        Written::Quoted
                    },
                })
                .map_err(|e| self.mark(e, i))
            }
            _ => v
                .visit_newtype_struct(&mut *self)
                .map_err(|e| self.mark(e, i)),
        }
    }

    /// A list; `key:` with nothing after it is an empty one.
    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        let (i, ev) = self.next()?;
        let result = match ev {
            Ev::Alias(target) => return self.replay(*target, i, |de| de.deserialize_seq(v)),
            Ev::SeqStart => self.seq(v, i, false),
            ev if is_empty_plain(ev) => self.seq(v, i, true),
            other => Err(invalid_type(other, &v)),
        };
        result.map_err(|e| self.mark(e, i))
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    /// A mapping; `key:` with nothing after it is an empty one.
    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        let (i, ev) = self.next()?;
        let result = match ev {
            Ev::Alias(target) => return self.replay(*target, i, |de| de.deserialize_map(v)),
            Ev::MapStart => self.map(v, i, false),
            ev if is_empty_plain(ev) => self.map(v, i, true),
            other => Err(invalid_type(other, &v)),
        };
        result.map_err(|e| self.mark(e, i))
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(v)
    }

    /// A unit variant written as its name.
    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let (i, ev) = self.scalar_node()?;
        let result = match ev {
            Ev::Scalar { text, .. } => v.visit_enum(BorrowedStrDeserializer::new(text)),
            other => Err(invalid_type(other, &v)),
        };
        result.map_err(|e| self.mark(e, i))
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Error> {
        self.skip()?;
        v.visit_unit()
    }
}

/// The items of a list.
struct Seq<'r, 'a> {
    de: &'r mut De<'a>,
    start: usize,
    index: usize,
    ended: bool,
    /// The last item read.
    last: Option<usize>,
}

impl Seq<'_, '_> {
    /// An error the visitor raised itself is about the last item it read,
    /// or about the whole list once it read all of it.
    fn blame(&self, e: Error) -> Error {
        let i = match (self.ended, self.last) {
            (false, Some(last)) => last,
            _ => self.start,
        };
        self.de.mark(e, i)
    }

    /// Skips the items the visitor did not read, and the end.
    fn finish(&mut self) -> Result<(), Error> {
        while !self.ended {
            let (_, ev) = self.de.peek()?;
            if matches!(ev, Ev::SeqEnd) {
                self.de.next()?;
                self.ended = true;
            } else {
                self.de.skip()?;
            }
        }
        Ok(())
    }
}

impl<'a> SeqAccess<'a> for Seq<'_, 'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.ended {
            return Ok(None);
        }
        let (i, ev) = self.de.peek()?;
        if matches!(ev, Ev::SeqEnd) {
            self.de.next()?;
            self.ended = true;
            return Ok(None);
        }
        self.de.path.push(Seg::Index(self.index));
        let result = seed.deserialize(&mut *self.de);
        self.de.path.pop();
        self.index += 1;
        self.last = Some(i);
        result.map(Some)
    }
}

/// The entries of a mapping.
struct Map<'r, 'a> {
    de: &'r mut De<'a>,
    start: usize,
    ended: bool,
    /// The last key or value read.
    last: Option<usize>,
    /// The key whose value comes next, for the path.
    key: Seg<'a>,
    /// Where this mapping's keys start in `de.keys`.
    keys_from: usize,
    /// The keys, once there are more than [`SCAN_KEYS`].
    many: Option<HashMap<&'a str, usize>>,
}

impl<'a> Map<'_, 'a> {
    fn blame(&self, e: Error) -> Error {
        let i = match (self.ended, self.last) {
            (false, Some(last)) => last,
            _ => self.start,
        };
        self.de.mark(e, i)
    }

    /// Reads the entries the visitor did not (still checking their keys),
    /// and the end.
    fn finish(&mut self) -> Result<(), Error> {
        while self.next_key::<IgnoredAny>()?.is_some() {
            self.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    /// A key seen before in this mapping is an error at the second one.
    fn check_repeat(&mut self, key: &'a str, i: usize) -> Result<(), Error> {
        let first = match &self.many {
            Some(keys) => keys.get(key).copied(),
            None => self.de.keys[self.keys_from..]
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, at)| *at),
        };
        if let Some(first) = first {
            let at = self.de.pos(first);
            let mut e = Error::new(format!(
                "the key `{key}` appears twice in this mapping (first on line {} column {})",
                at.line, at.column
            ));
            e.0.help = Some(
                "a key may appear once in a mapping; keep the one you mean and remove the other"
                    .to_owned(),
            );
            return Err(self.de.mark(e, i));
        }
        match &mut self.many {
            Some(keys) => {
                keys.insert(key, i);
            }
            None => {
                self.de.keys.push((key, i));
                if self.de.keys.len() - self.keys_from > SCAN_KEYS {
                    self.many = Some(self.de.keys.drain(self.keys_from..).collect());
                }
            }
        }
        Ok(())
    }
}

impl<'a> MapAccess<'a> for Map<'_, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.ended {
            return Ok(None);
        }
        let (i, ev) = self.de.peek()?;
        if matches!(ev, Ev::MapEnd) {
            self.de.next()?;
            self.ended = true;
            return Ok(None);
        }
        self.key = match self.de.key_text(i) {
            Some(key) => {
                self.check_repeat(key, i)?;
                Seg::Key(key)
            }
            None => Seg::Unknown,
        };
        self.last = Some(i);
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let i = self.de.next;
        self.de.path.push(self.key);
        let result = seed.deserialize(&mut *self.de);
        self.de.path.pop();
        self.last = Some(i);
        result
    }
}

/// A scalar as written, for [`raw`]: the variant says how it was written
/// and what a plain one resolves to.
struct RawScalar<'a> {
    text: &'a str,
    written: Written,
}

impl<'a> EnumAccess<'a> for RawScalar<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let name = self.written.variant_name();
        let variant = seed.deserialize(BorrowedStrDeserializer::<Error>::new(name))?;
        Ok((variant, self))
    }
}

impl<'a> VariantAccess<'a> for RawScalar<'a> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Err(de::Error::custom("a scalar as written has a text"))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(self.text))
    }

    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, _v: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("a scalar as written has a text"))
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        _v: V,
    ) -> Result<V::Value, Error> {
        Err(de::Error::custom("a scalar as written has a text"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::events;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    fn read<T: de::DeserializeOwned>(text: &str) -> Result<T, (Pos, String)> {
        let doc = events::read(text)
            .map_err(|e| panic!("{e:?}"))
            .unwrap_or_else(|()| unreachable!());
        from_document(&doc).map_err(|e| {
            let e = e.into_inner();
            let path = path_text(&e.path);
            (
                e.at.unwrap_or(Pos { line: 0, column: 0 }),
                format!("{path}|{}", e.message),
            )
        })
    }

    #[test]
    fn values_resolve_as_yaml_reads_them() {
        let v: serde_json::Value =
            read("a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: '1'\ng: text\nh: [x, 0x1F]\n").unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": -2, "c": 1.5, "d": true, "e": null, "f": "1", "g": "text", "h": ["x", 31]})
        );
        // A string field takes any scalar's text as written.
        let v: BTreeMap<String, String> = read("a: 1.50\nb: true\nc: null\n").unwrap();
        assert_eq!(v["a"], "1.50");
        assert_eq!(v["b"], "true");
        assert_eq!(v["c"], "null");
        // `key:` with nothing is an empty list or mapping where one is expected,
        // and none where an option is.
        #[derive(Deserialize)]
        struct S {
            list: Vec<u32>,
            map: BTreeMap<String, u32>,
            opt: Option<String>,
            quoted: Option<String>,
        }
        let s: S = read("list:\nmap:\nopt:\nquoted: 'null'\n").unwrap();
        assert!(s.list.is_empty() && s.map.is_empty() && s.opt.is_none());
        assert_eq!(s.quoted.as_deref(), Some("null"));
    }

    #[test]
    fn errors_carry_the_node_and_its_path() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            n: u32,
            flag: bool,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            items: Vec<Inner>,
        }
        let e =
            read::<Outer>("items:\n  - {n: 1, flag: true}\n  - {n: 2, flag: maybe}\n").unwrap_err();
        assert_eq!(
            e.0,
            Pos {
                line: 3,
                column: 18
            }
        );
        assert_eq!(
            e.1,
            "items[1].flag|invalid type: string \"maybe\", expected a boolean"
        );
        let e = read::<Outer>("items:\n  - n: 1\n    flg: true\n").unwrap_err();
        assert_eq!(e.0, Pos { line: 3, column: 5 });
        assert!(e.1.starts_with("items[0]|unknown key `flg`"), "{}", e.1);
        // A missing key: the mapping, placed at its first key.
        let e = read::<Outer>("items:\n  - n: 1\n").unwrap_err();
        assert_eq!(
            (e.0, e.1.as_str()),
            (Pos { line: 2, column: 5 }, "items[0]|missing key `flag`")
        );
        let e = read::<Outer>("items: 3\n").unwrap_err();
        assert_eq!(e.0, Pos { line: 1, column: 8 });
        assert_eq!(e.1, "items|invalid type: integer `3`, expected a list");
    }

    #[test]
    fn a_repeated_key_is_found_in_long_mappings_too() {
        let mut text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k42: again\n");
        let e = read::<BTreeMap<String, String>>(&text).unwrap_err();
        assert_eq!(
            e.0,
            Pos {
                line: 101,
                column: 1
            }
        );
        assert!(
            e.1.contains("`k42` appears twice in this mapping (first on line 43 column 1)"),
            "{}",
            e.1
        );
        // The same key in two mappings is no repeat.
        let v: Vec<BTreeMap<String, u32>> = read("- {a: 1, b: 2}\n- {a: 3}\n").unwrap();
        assert_eq!(v.len(), 2);
        // Through an alias, a repeated key is still one.
        let e = read::<BTreeMap<String, String>>("&k a: 1\n*k : 2\n").unwrap_err();
        assert!(e.1.contains("`a` appears twice"), "{}", e.1);
    }

    #[test]
    fn nesting_is_limited_aliases_included() {
        let deep = format!("{}{}\n", "[".repeat(200), "]".repeat(200));
        let e = read::<serde_json::Value>(&deep).unwrap_err();
        assert!(e.1.contains("nested more than 128 levels"), "{}", e.1);
        let mut text = "a0: &a0 [x]\n".to_owned();
        for i in 1..300 {
            text.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
        }
        let e = read::<serde_json::Value>(&text).unwrap_err();
        assert!(e.1.contains("nested more than 128 levels"), "{}", e.1);
    }

    #[test]
    fn aliases_are_counted_against_the_budget() {
        // Each level repeats the one before ten times: 10^8 nodes in all.
        let mut text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
        for i in 1..9 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let started = std::time::Instant::now();
        let e = read::<serde_json::Value>(&text).unwrap_err();
        // Refused once the budget is spent, not after 10^8 nodes (hours):
        // a generous bound, for a loaded debug build.
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        assert!(e.1.contains("repeat more than 1.0 MiB"), "{}", e.1);
        assert_eq!(alias_budget(10), 1 << 20);
        assert_eq!(alias_budget(200_000), 2_000_000);
        assert_eq!(alias_budget(100 << 20), 16 << 20);
    }
}
