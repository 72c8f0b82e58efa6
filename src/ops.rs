//! Migration operations (placeholder; filled in by the operations module).

/// One operation of a revision.
#[derive(Debug, Clone)]
pub enum Op {}
