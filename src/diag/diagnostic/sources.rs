//! Where the renderer gets a file's text: [`SourceProvider`], read from
//! disk ([`FsSources`]) or from memory (a map of path to text), and
//! [`LastFile`], which keeps the last file read and parsed so that many
//! diagnostics about one file parse it once.

use crate::diag::locate::Document;
use camino::{Utf8Path, Utf8PathBuf};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Gives the renderer the text of a file named in a span.
pub trait SourceProvider {
    /// The file's text, or `None` if it cannot be had (the diagnostic is then
    /// shown without a source line).
    fn source(&self, file: &Utf8Path) -> Option<Cow<'_, str>>;

    /// The file's text, shared; read anew on each call unless the provider
    /// remembers it (see [`LastFile`]).
    fn text(&self, file: &Utf8Path) -> Option<Rc<str>> {
        self.source(file).map(|text| Rc::from(text.as_ref()))
    }

    /// The file parsed for locating nodes in it; parsed anew on each call
    /// unless the provider remembers it (see [`LastFile`]).
    fn document(&self, file: &Utf8Path) -> Option<Rc<Document>> {
        self.source(file)
            .map(|text| Rc::new(Document::parse(text.into_owned())))
    }
}

/// Reads sources from disk, at the path the span names.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsSources;

impl SourceProvider for FsSources {
    fn source(&self, file: &Utf8Path) -> Option<Cow<'_, str>> {
        std::fs::read_to_string(file).ok().map(Cow::Owned)
    }
}

/// In-memory sources, for tests and for text that never was a file.
impl SourceProvider for BTreeMap<Utf8PathBuf, String> {
    fn source(&self, file: &Utf8Path) -> Option<Cow<'_, str>> {
        self.get(file).map(|s| Cow::Borrowed(s.as_str()))
    }
}

/// Remembers the last file read and parsed, so a run of diagnostics about
/// one file (the warnings of one revision come together) reads and parses
/// it once. One file only: a long history's warnings must not keep every
/// parsed file alive.
pub struct LastFile<'p> {
    inner: &'p dyn SourceProvider,
    last: RefCell<Option<(Utf8PathBuf, Option<Rc<Document>>)>>,
    last_text: RefCell<Option<(Utf8PathBuf, Option<Rc<str>>)>>,
}

impl<'p> LastFile<'p> {
    pub fn new(inner: &'p dyn SourceProvider) -> Self {
        LastFile {
            inner,
            last: RefCell::new(None),
            last_text: RefCell::new(None),
        }
    }
}

impl SourceProvider for LastFile<'_> {
    fn source(&self, file: &Utf8Path) -> Option<Cow<'_, str>> {
        self.inner.source(file)
    }

    fn text(&self, file: &Utf8Path) -> Option<Rc<str>> {
        let mut last = self.last_text.borrow_mut();
        match last.as_ref() {
            Some((path, text)) if path == file => text.clone(),
            _ => {
                let text = self.inner.text(file);
                *last = Some((file.to_owned(), text.clone()));
                text
            }
        }
    }

    fn document(&self, file: &Utf8Path) -> Option<Rc<Document>> {
        let mut last = self.last.borrow_mut();
        match last.as_ref() {
            Some((path, doc)) if path == file => doc.clone(),
            _ => {
                let doc = self.inner.document(file);
                *last = Some((file.to_owned(), doc.clone()));
                doc
            }
        }
    }
}
