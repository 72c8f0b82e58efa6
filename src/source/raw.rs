//! Scalars as written, for the few types that need the text itself.
//!
//! serde hands a visitor a number as an `f64` or an integer, which loses
//! what the user wrote: `99999999999999999.99` is not an `f64`, and the
//! revision id `479024506e05` is not a number at all. A type that needs the
//! text (a [`Literal`](crate::ops::literal::Literal), a default, a revision id,
//! an id list) asks for it with [`deserialize`]: it calls
//! `deserialize_newtype_struct` with a private name, the way serde_json's
//! arbitrary-precision numbers do. The loader's deserializer
//! (`load::yaml`) recognises the name and, for a scalar, calls the
//! visitor's `visit_enum` with the variant `plain` or `quoted` holding the
//! text as written; any other node (a list, a mapping) and any other
//! deserializer reach the visitor through `visit_newtype_struct` and then
//! the ordinary `deserialize_any`, so such a type still reads from other
//! formats, only without the text.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};
use std::fmt;

/// The private newtype-struct name that asks for a scalar as written.
pub(crate) const TOKEN: &str = "$gen::source::raw::Scalar";

/// The variant names that say how the scalar was written.
pub(crate) const PLAIN: &str = "plain";
pub(crate) const QUOTED: &str = "quoted";

/// A visitor that can take a scalar as written.
pub(crate) trait RawVisitor<'de>: Visitor<'de> {
    /// `text` as written, and whether it was plain (unquoted: YAML would
    /// resolve it to null, a boolean, a number or text) or quoted (text).
    fn visit_scalar<E: de::Error>(self, text: &str, plain: bool) -> Result<Self::Value, E>;
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
            plain: style.0,
        })
    }
}

/// Which variant: plain (`true`) or quoted.
struct Style(bool);

impl<'de> de::Deserialize<'de> for Style {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Style;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`plain` or `quoted`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Style, E> {
                match v {
                    PLAIN => Ok(Style(true)),
                    QUOTED => Ok(Style(false)),
                    other => Err(E::unknown_variant(other, &[PLAIN, QUOTED])),
                }
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The scalar's text, handed to the visitor with its style.
struct Text<V> {
    visitor: V,
    plain: bool,
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
        self.visitor.visit_scalar(v, self.plain)
    }
}
