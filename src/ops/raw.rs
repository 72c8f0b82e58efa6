//! Scalars as written, for the few types that need the text itself.
//!
//! serde hands a visitor a number as an `f64` or an integer, which loses
//! what the user wrote: `99999999999999999.99` is not an `f64`, and the
//! revision id `479024506e05` is not a number at all. A type that needs the
//! text (a [`Literal`](crate::ops::literal::Literal), a default, a revision id,
//! an id list) asks for it with [`deserialize`]: it calls
//! `deserialize_newtype_struct` with a private name, the way serde_json's
//! arbitrary-precision numbers do. The loader's deserializer
//! (`source::yaml`) recognises the name and, for a scalar, calls the
//! visitor's `visit_enum` with a variant saying how the scalar was written
//! and, when plain, what the loader resolved it to ([`Written`]), holding
//! the text as written; any other node (a list, a mapping) and any other
//! deserializer reach the visitor through `visit_newtype_struct` and then
//! the ordinary `deserialize_any`, so such a type still reads from other
//! formats, only without the text. This protocol is plain serde: which
//! words are null, booleans or numbers is the loader's to say.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};
use std::fmt;

/// The private newtype-struct name that asks for a scalar as written.
pub(crate) const TOKEN: &str = "$gen::ops::raw::Scalar";

/// How a scalar was written: quoted (text, whatever it says), or plain and
/// resolved by the loader to one of the other variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    /// Quoted or a block scalar: always text.
    Quoted,
    Null,
    Bool(bool),
    /// An integer (decimal, `0x`, `0o` or `0b`, with an optional sign)
    /// that fits 128 bits.
    Int,
    /// A finite floating-point number.
    Float,
    /// Infinity or not-a-number (`.inf`, `-.inf`, `.nan`).
    NotFinite,
    /// Plain text.
    Text,
}

/// Each [`Written`] and the variant name that carries it.
const VARIANTS: [(Written, &str); 8] = [
    (Written::Quoted, "quoted"),
    (Written::Null, "null"),
    (Written::Bool(true), "true"),
    (Written::Bool(false), "false"),
    (Written::Int, "int"),
    (Written::Float, "float"),
    (Written::NotFinite, "not_finite"),
    (Written::Text, "text"),
];

const VARIANT_NAMES: [&str; 8] = {
    let mut names = [""; 8];
    let mut i = 0;
    while i < names.len() {
        names[i] = VARIANTS[i].1;
        i += 1;
    }
    names
};
impl Written {
    /// The variant name a deserializer gives for this.
    pub(crate) fn variant_name(self) -> &'static str {
        VARIANTS
            .iter()
            .find(|(w, _)| *w == self)
            .map_or("text", |(_, name)| name)
    }
}

/// A visitor that can take a scalar as written.
pub(crate) trait RawVisitor<'de>: Visitor<'de> {
    /// `text` as written, and how it was written (see [`Written`]).
    fn visit_scalar<E: de::Error>(self, text: &str, written: Written) -> Result<Self::Value, E>;
}

/// Deserializes with `visitor`, giving it scalars as written when the
/// deserializer can.
pub(crate) fn deserialize<'de, D, V>(d: D, visitor: V) -> Result<V::Value, D::Error>
where
    D: Deserializer<'de>,
    V: RawVisitor<'de>,
{
    d.deserialize_newtype_struct(TOKEN, Raw(visitor))
}

struct Raw<V>(V);

impl<'de, V: RawVisitor<'de>> Visitor<'de> for Raw<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    /// Not a scalar, or a deserializer that does not know the name.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        d.deserialize_any(self.0)
    }

    /// A scalar as written.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let (style, text) = data.variant::<Style>()?;
        text.newtype_variant_seed(Text {
            visitor: self.0,
            written: style.0,
        })
    }
}

/// Which variant.
struct Style(Written);

impl<'de> de::Deserialize<'de> for Style {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Style;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("how a scalar was written")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Style, E> {
                VARIANTS
                    .iter()
                    .find(|(_, name)| *name == v)
                    .map(|(w, _)| Style(*w))
                    .ok_or_else(|| E::unknown_variant(v, &VARIANT_NAMES))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The scalar's text, handed to the visitor with how it was written.
struct Text<V> {
    visitor: V,
    written: Written,
}

impl<'de, V: RawVisitor<'de>> DeserializeSeed<'de> for Text<V> {
    type Value = V::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, V: RawVisitor<'de>> Visitor<'de> for Text<V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.visitor.visit_scalar(v, self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_name() {
        for (written, name) in VARIANTS {
            assert_eq!(written.variant_name(), name);
        }
        let mut names = VARIANT_NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), VARIANTS.len());
    }
}
