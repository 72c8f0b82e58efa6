//! The `serde::Deserializer` of [`De`]: each serde request read from the
//! next node, plain scalars resolved as [`scalar`] says, a wrong node
//! reported with what serde says it is, the private [`raw`] name answered
//! with the scalar as written.

use super::access::RawScalar;
use super::{De, Error};
use crate::ops::raw::{self, Written};
use crate::source::events::{Ev, Style};
use crate::source::scalar::{self, Int, Plain};
use serde::de::{self, value::BorrowedStrDeserializer, Unexpected, Visitor};

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
