//! YAML tags in a migration file: only the core schema's `!!str`, `!!null`,
//! `!!bool`, `!!int` and `!!float` are accepted, on a scalar whose text
//! fits the tag; the scalar then reads as text or as a plain scalar of
//! that type. Any other tag is an error with [`TAG_HELP`].

use super::Style;
use crate::source::scalar::{self, Plain};
use yaml_rust2::parser::Tag;
use yaml_rust2::scanner::TScalarStyle;

pub(super) const TAG_HELP: &str =
    "a migration file uses plain YAML values; remove the tag (quote a value to keep it as text)";

pub(super) fn is_core(tag: &Tag) -> bool {
    tag.handle == "tag:yaml.org,2002:"
}

pub(super) fn tag_text(tag: &Tag) -> String {
    if is_core(tag) {
        format!("!!{}", tag.suffix)
    } else if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("!<{}{}>", tag.handle, tag.suffix)
    }
}

/// A scalar with a core tag: the tag is checked against the text and the
/// scalar becomes text (`!!str`) or a plain scalar of that type.
pub(super) fn tagged_style(tag: &Tag, text: &str, style: TScalarStyle) -> Result<Style, String> {
    let fits = |wanted: &str| {
        matches!(
            (wanted, scalar::resolve(text)),
            ("null", Plain::Null)
                | ("bool", Plain::Bool(_))
                | ("int", Plain::Int(_))
                | ("float", Plain::Float(_) | Plain::Int(_))
        )
    };
    if !is_core(tag) {
        return Err(format!("the tag `{}` is not supported", tag_text(tag)));
    }
    match tag.suffix.as_str() {
        "str" => Ok(Style::Quoted),
        s @ ("null" | "bool" | "int" | "float") if fits(s) => Ok(Style::Plain),
        s @ ("null" | "bool" | "int" | "float") => Err(format!(
            "`{text}` is not a valid `!!{s}`{}",
            if style == TScalarStyle::Plain {
                ""
            } else {
                " (quoted)"
            }
        )),
        _ => Err(format!("the tag `{}` is not supported here", tag_text(tag))),
    }
}
