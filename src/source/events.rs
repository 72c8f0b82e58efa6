//! One YAML document read into a flat list of events, each with the line
//! and column it starts at.
//!
//! `yaml-rust2`'s event parser does the YAML; this module decides what a
//! migration file may be: a UTF-8 BOM at the start is skipped (positions are
//! then counted as an editor shows them, without it); a stream with no
//! document, or whose only document is empty, is [`Document::is_empty`]; a
//! second document is an error naming its line. Anchors are resolved here,
//! once: an alias becomes the index of the event that starts the node it
//! repeats, and an alias inside the very node it names is refused (it would
//! repeat forever). Tags are not part of the format: the core ones
//! (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`) are
//! checked and folded into the scalar's text and style, any other is an
//! error. Positions are fixed up while reading so that errors point at what
//! the user sees: an empty value (`key:` with nothing after it) is placed at
//! its key, a block mapping at its first key.
//!
//! A syntax error keeps the parser's words, reordered to say the problem
//! first, with where the construct being read started and, for the usual
//! indentation mistakes, a hint naming the lines to align with.

mod tags;

use tags::{is_core, tag_text, tagged_style, TAG_HELP};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

/// A position: 1-based line and column, the column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    fn of(mark: &Marker) -> Pos {
        Pos {
            line: mark.line(),
            column: mark.col() + 1,
        }
    }
}

/// How a scalar was written: plain (its meaning is resolved, see
/// [`super::scalar`]) or any other way (quoted or block: always text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    Quoted,
}

/// One event of the document.
#[derive(Debug)]
pub(crate) enum Ev {
    Scalar {
        text: String,
        style: Style,
    },
    SeqStart,
    SeqEnd,
    MapStart,
    MapEnd,
    /// An alias: the index of the first event of the node it repeats.
    Alias(usize),
}

/// A document: its events in order, where each starts, and the size of the
/// text it was read from (the alias budget is a multiple of it).
#[derive(Debug)]
pub(crate) struct Document {
    pub events: Vec<Ev>,
    pub positions: Vec<Pos>,
    pub size: usize,
}

impl Document {
    /// No node, or only an empty one (a file of comments, or just `---`).
    pub fn is_empty(&self) -> bool {
        match self.events.as_slice() {
            [] => true,
            [Ev::Scalar { text, style }] => text.is_empty() && *style == Style::Plain,
            _ => false,
        }
    }
}

/// Why a text is not one document.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Not YAML, or a construct the format does not allow (a tag, an alias
    /// to its own node); `help` says what to do when we know.
    Syntax {
        at: Pos,
        message: String,
        help: Option<String>,
    },
    /// A second document starts at this line.
    SeveralDocuments { line: usize },
}

/// A collection being read.
struct Open {
    map: bool,
    /// Index of its start event.
    start: usize,
    /// The anchor it defines (0: none).
    anchor: usize,
    /// Mappings: the next node is a key.
    expect_key: bool,
    /// Mappings: where the last key is.
    key_at: Option<Pos>,
    /// Its start as the parser reported it: the `[` or `{` of a flow
    /// collection, the `-` of a block sequence, somewhere after the first
    /// key of a block mapping.
    mark: Marker,
}

/// Reads `text` (one revision file or `gen.yaml`) into a [`Document`].
pub(crate) fn read(text: &str) -> Result<Document, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader {
        text,
        doc: Document {
            events: Vec::new(),
            positions: Vec::new(),
            size: text.len(),
        },
        open: Vec::new(),
        anchors: Vec::new(),
        last_closed: None,
    };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => return Err(reader.syntax_error(&e)),
        };
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(ReadError::SeveralDocuments { line: mark.line() });
                }
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            other => reader.event(other, &mark)?,
        }
    }
    // No document at all reads as one empty (null) node, as an empty
    // document does.
    if reader.doc.events.is_empty() {
        reader.push(
            Ev::Scalar {
                text: String::new(),
                style: Style::Plain,
            },
            Pos { line: 1, column: 1 },
        );
    }
    Ok(reader.doc)
}

struct Reader<'t> {
    text: &'t str,
    doc: Document,
    open: Vec<Open>,
    /// By anchor id (the parser numbers them from 1): the node's first
    /// event, and whether the node is complete.
    anchors: Vec<Option<(usize, bool)>>,
    /// Where the block mapping closed last starts (its first key): a key
    /// indented less than its keys closes it, and may have been meant for it.
    last_closed: Option<Pos>,
}

impl Reader<'_> {
    fn push(&mut self, ev: Ev, at: Pos) -> usize {
        self.doc.events.push(ev);
        self.doc.positions.push(at);
        self.doc.events.len() - 1
    }

    fn event(&mut self, event: Event, mark: &Marker) -> Result<(), ReadError> {
        let at = Pos::of(mark);
        let is_map = matches!(event, Event::MappingStart(..));
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let parent_wants_value = self.open.last().is_some_and(|o| o.map && !o.expect_key);
                let style = match tag {
                    Some(tag) => {
                        tagged_style(&tag, &text, style).map_err(|message| ReadError::Syntax {
                            at,
                            message,
                            help: Some(TAG_HELP.to_owned()),
                        })?
                    }
                    None if style == TScalarStyle::Plain => Style::Plain,
                    None => Style::Quoted,
                };
                // `key:` with nothing after it: the parser places the empty
                // value at the next token, wherever that is; the key is what
                // the user wrote.
                let at = match self.open.last() {
                    Some(o) if parent_wants_value && text.is_empty() && style == Style::Plain => {
                        o.key_at.unwrap_or(at)
                    }
                    _ => at,
                };
                let index = self.push(Ev::Scalar { text, style }, at);
                self.anchor(anchor, index, true);
                self.node_done(at);
            }
            Event::Alias(id) => {
                let target = match self.anchors.get(id).copied().flatten() {
                    Some((target, true)) => target,
                    Some((_, false)) => return Err(ReadError::Syntax {
                        at,
                        message:
                            "this alias repeats a node that contains it, which would repeat forever"
                                .to_owned(),
                        help: Some(
                            "an alias may only name an anchor whose node ends before the alias"
                                .to_owned(),
                        ),
                    }),
                    None => {
                        return Err(ReadError::Syntax {
                            at,
                            message: "this alias names no anchor defined before it".to_owned(),
                            help: None,
                        })
                    }
                };
                self.push(Ev::Alias(target), at);
                self.node_done(at);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                let map = is_map;
                if let Some(tag) = tag {
                    let fits = is_core(&tag) && tag.suffix == if map { "map" } else { "seq" };
                    if !fits {
                        return Err(ReadError::Syntax {
                            at,
                            message: format!("the tag `{}` is not supported here", tag_text(&tag)),
                            help: Some(TAG_HELP.to_owned()),
                        });
                    }
                }
                let start = self.push(if map { Ev::MapStart } else { Ev::SeqStart }, at);
                self.anchor(anchor, start, false);
                self.open.push(Open {
                    map,
                    start,
                    anchor,
                    expect_key: true,
                    key_at: None,
                    mark: *mark,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = if matches!(event, Event::MappingEnd) {
                    Ev::MapEnd
                } else {
                    Ev::SeqEnd
                };
                self.push(end, at);
                if let Some(o) = self.open.pop() {
                    if o.anchor > 0 {
                        self.anchor(o.anchor, o.start, true);
                    }
                    let start = self.doc.positions[o.start];
                    if o.map && !self.is_flow(&o) {
                        self.last_closed = Some(start);
                    }
                    self.node_done(start);
                }
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
        Ok(())
    }

    fn anchor(&mut self, id: usize, index: usize, complete: bool) {
        if id == 0 {
            return;
        }
        if self.anchors.len() <= id {
            self.anchors.resize(id + 1, None);
        }
        self.anchors[id] = Some((index, complete));
    }

    /// A node starting at `at` is complete: in a mapping, keys and values
    /// alternate, and a block mapping is placed at its first key.
    fn node_done(&mut self, at: Pos) {
        let Some(o) = self.open.last_mut() else {
            return;
        };
        if !o.map {
            return;
        }
        if o.expect_key {
            // A block mapping's start is reported after its first key; a
            // flow mapping's `{` comes before it.
            if o.key_at.is_none() && self.doc.positions[o.start] > at {
                self.doc.positions[o.start] = at;
            }
            o.key_at = Some(at);
        }
        o.expect_key = !o.expect_key;
    }

    /// The text of a 1-based line. Only asked when reporting an error.
    fn line(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }

    /// Whether an open collection is a flow one (`[...]`, `{...}`). A block
    /// mapping was placed at its first key, before the parser's mark; a
    /// flow collection's mark is at its bracket.
    fn is_flow(&self, o: &Open) -> bool {
        if o.map {
            return self.doc.positions[o.start] == Pos::of(&o.mark);
        }
        let Some(line) = self.line(o.mark.line()) else {
            return false;
        };
        line.chars().nth(o.mark.col()) == Some('[')
    }

    fn syntax_error(&self, e: &ScanError) -> ReadError {
        let at = Pos::of(e.marker());
        let info = e.info();
        // yaml-rust2 says "while parsing a flow mapping, did not find ...":
        // say the problem first, then what was being read and where it
        // started (the innermost open collection of that kind).
        let (message, context) = match info.split_once(", ") {
            Some((context, problem)) if context.starts_with("while ") => {
                (problem.to_owned(), Some(context.to_owned()))
            }
            _ => (info.to_owned(), None),
        };
        let started = |flow: bool, map: bool| {
            self.open
                .iter()
                .rev()
                .find(|o| o.map == map && self.is_flow(o) == flow)
                .map(|o| Pos::of(&o.mark))
        };
        let start = match context.as_deref() {
            Some("while parsing a flow mapping") => started(true, true),
            Some("while parsing a flow sequence") => started(true, false),
            Some("while parsing a block mapping") => self
                .open
                .iter()
                .rev()
                .find(|o| o.map && !self.is_flow(o))
                .map(|o| self.doc.positions[o.start]),
            _ => None,
        };
        // Any other error inside a flow collection begun on an earlier
        // line: most likely its closing bracket is missing.
        let unclosed = match (&context, self.open.last()) {
            (None, Some(o)) if self.is_flow(o) && o.mark.line() < at.line => Some(o),
            _ => None,
        };
        let message = match (context, start, unclosed) {
            (Some(c), Some(s), _) => format!(
                "{message}, {c} that starts at line {} column {}",
                s.line, s.column
            ),
            (Some(c), None, _) => format!("{message}, {c}"),
            (None, _, Some(o)) => format!(
                "{message}, inside the {} that starts at line {} column {}",
                if o.map {
                    "flow mapping"
                } else {
                    "flow sequence"
                },
                o.mark.line(),
                o.mark.col() + 1
            ),
            (None, _, None) => message,
        };
        let help = match unclosed {
            Some(o) => Some(format!(
                "is the closing `{}` missing?",
                if o.map { '}' } else { ']' }
            )),
            None => self.indentation_help(&message, at),
        };
        // A key out of line is reported where the parser gave up on it
        // (after its `:`); point at the key itself.
        let at = match (&help, self.line(at.line)) {
            (Some(_), Some(line)) if message.starts_with("did not find expected key") => Pos {
                line: at.line,
                column: line.chars().take_while(|c| *c == ' ').count() + 1,
            },
            _ => at,
        };
        ReadError::Syntax { at, message, help }
    }

    /// For the parser's indentation complaints: which keys the line could
    /// be meant to line up with.
    fn indentation_help(&self, message: &str, at: Pos) -> Option<String> {
        if message.starts_with("did not find expected key") {
            let line = self.line(at.line)?;
            let indent = line.chars().take_while(|c| *c == ' ').count() + 1;
            let key: String = line
                .trim_start()
                .chars()
                .take_while(|c| *c != ':' && !c.is_whitespace())
                .collect();
            let columns: Vec<Pos> = self
                .open
                .iter()
                .rev()
                .filter(|o| o.map && !self.is_flow(o))
                .map(|o| self.doc.positions[o.start])
                .collect();
            let inner = self
                .last_closed
                .iter()
                .chain(&columns)
                .find(|p| p.column > indent);
            let outer = columns.iter().find(|p| p.column < indent);
            let place = |p: &Pos| format!("column {} (as on line {})", p.column, p.line);
            let options = match (inner, outer) {
                (Some(i), Some(o)) => format!("{} or {}", place(i), place(o)),
                (Some(p), None) | (None, Some(p)) => place(p),
                (None, None) => return None,
            };
            return Some(format!(
                "`{key}` on line {} starts in column {indent}, which lines up with no key above it; keys of one mapping start in the same column: move it to {options}",
                at.line
            ));
        }
        if message.starts_with("mapping values are not allowed in this context") {
            return Some("a `:` followed by a space ends a key; if this line is a key, indent it like the keys of its mapping, and if the `:` is part of a text, put the text in quotes".to_owned());
        }
        None
    }
}

#[cfg(test)]
mod tests;
