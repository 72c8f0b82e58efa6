//! How serde walks what a node holds: the items of a list ([`Seq`]), the
//! entries of a mapping ([`Map`], which refuses a repeated key at the
//! second one), and a scalar as written ([`RawScalar`]). An error a visitor
//! raises is placed at the last item, key or value read.

use super::{De, Error, Seg, SCAN_KEYS};
use crate::ops::raw::Written;
use crate::source::events::Ev;
use serde::de::{
    self, value::BorrowedStrDeserializer, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};
use std::collections::HashMap;

impl<'a> De<'a> {
    pub(super) fn seq<V: Visitor<'a>>(
        &mut self,
        v: V,
        start: usize,
        empty: bool,
    ) -> Result<V::Value, Error> {
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

    pub(super) fn map<V: Visitor<'a>>(
        &mut self,
        v: V,
        start: usize,
        empty: bool,
    ) -> Result<V::Value, Error> {
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

/// The items of a list.
pub(super) struct Seq<'r, 'a> {
    pub(super) de: &'r mut De<'a>,
    pub(super) start: usize,
    pub(super) index: usize,
    pub(super) ended: bool,
    /// The last item read.
    pub(super) last: Option<usize>,
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
pub(super) struct Map<'r, 'a> {
    pub(super) de: &'r mut De<'a>,
    pub(super) start: usize,
    pub(super) ended: bool,
    /// The last key or value read.
    pub(super) last: Option<usize>,
    /// The key whose value comes next, for the path.
    pub(super) key: Seg<'a>,
    /// Where this mapping's keys start in `de.keys`.
    pub(super) keys_from: usize,
    /// The keys, once there are more than [`SCAN_KEYS`].
    pub(super) many: Option<HashMap<&'a str, usize>>,
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
pub(super) struct RawScalar<'a> {
    pub(super) text: &'a str,
    pub(super) written: Written,
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
