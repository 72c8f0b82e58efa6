//! The index options an engine accepts (`create_index`'s `using`,
//! `include` and `kind`, and an element's `nulls`, `opclass` and
//! `length`), answered by one [`Dialect::index_support`] value per dialect.
//! `desc` is every engine's and is not listed. Lowering refuses what is
//! missing, naming the dialect.
//!
//! [`Dialect::index_support`]: super::Dialect::index_support

use crate::ops::{IndexKind, IndexMethod};

/// What `CREATE INDEX` can say beyond columns on one engine.
#[derive(Debug, Clone, Copy)]
pub struct IndexSupport {
    /// `using:` methods accepted (empty: none can be named).
    pub methods: &'static [IndexMethod],
    /// `kind:` values accepted.
    pub kinds: &'static [IndexKind],
    /// `include: [...]` (covering columns outside the key).
    pub include: bool,
    /// An element's `nulls: first|last`.
    pub nulls_order: bool,
    /// An element's `opclass:`.
    pub opclass: bool,
    /// An element's `length:` (a prefix of the value).
    pub prefix_length: bool,
}

impl IndexSupport {
    /// Columns, expressions, `desc`: nothing more.
    pub const PLAIN: IndexSupport = IndexSupport {
        methods: &[],
        kinds: &[],
        include: false,
        nulls_order: false,
        opclass: false,
        prefix_length: false,
    };
}
