//! The tree [`Document`](super::Document) walks: each YAML node of the text
//! with the position the event parser reported for it, built from
//! `yaml-rust2`'s events (aliases kept as leaves, nesting bounded by
//! [`MAX_DEPTH`]).

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A parsed YAML node with the position the parser reported for it.
#[derive(Debug)]
pub(super) enum Node {
    Scalar {
        value: String,
        style: TScalarStyle,
        mark: Marker,
    },
    Alias {
        mark: Marker,
    },
    Seq {
        mark: Marker,
        items: Vec<Node>,
    },
    Map {
        mark: Marker,
        entries: Vec<(Node, Node)>,
    },
}

impl Node {
    pub(super) fn is_collection(&self) -> bool {
        matches!(self, Node::Seq { .. } | Node::Map { .. })
    }

    /// `key:` with nothing after it: the parser reports an empty plain scalar
    /// positioned wherever the next token is, which is not a useful place.
    pub(super) fn is_empty_null(&self) -> bool {
        matches!(self, Node::Scalar { value, style: TScalarStyle::Plain, .. } if value.is_empty())
    }
}

/// A collection being built while its events arrive.
enum Frame {
    Seq {
        mark: Marker,
        items: Vec<Node>,
    },
    Map {
        mark: Marker,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// How deep the tree is built: the walks over it (and dropping it)
/// recurse once per level, so a file nested 100,000 levels deep (`- - - ...`
/// on one line) must not become a tree that deep. Nodes below this depth
/// are left out; no error points there (the loader stops at 128).
const MAX_DEPTH: usize = 256;

/// Receives parser events and assembles the first document's tree.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Inside a collection below [`MAX_DEPTH`]: how many are open.
    skipped: usize,
}

impl Builder {
    fn push_node(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }

    fn close(&mut self) {
        if let Some(frame) = self.stack.pop() {
            let node = match frame {
                Frame::Seq { mark, items } => Node::Seq { mark, items },
                // A key still waiting for its value (cut short by a syntax
                // error) is dropped.
                Frame::Map { mark, entries, .. } => Node::Map { mark, entries },
            };
            self.push_node(node);
        }
    }

    /// Closes whatever a syntax error left open and returns the root.
    fn finish(mut self) -> Option<Node> {
        while !self.stack.is_empty() {
            self.close();
        }
        self.root
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.skipped > 0 {
            match ev {
                Event::SequenceStart(..) | Event::MappingStart(..) => self.skipped += 1,
                Event::SequenceEnd | Event::MappingEnd => self.skipped -= 1,
                _ => {}
            }
            return;
        }
        if matches!(ev, Event::SequenceStart(..) | Event::MappingStart(..))
            && self.stack.len() >= MAX_DEPTH
        {
            self.skipped = 1;
            return;
        }
        match ev {
            Event::Scalar(value, style, _, _) => {
                self.push_node(Node::Scalar { value, style, mark })
            }
            Event::Alias(_) => self.push_node(Node::Alias { mark }),
            Event::SequenceStart(_, _) => self.stack.push(Frame::Seq {
                mark,
                items: Vec::new(),
            }),
            Event::MappingStart(_, _) => self.stack.push(Frame::Map {
                mark,
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

pub(super) fn parse(source: &str) -> Option<Node> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(source);
    // Event by event (the parser's own `load` recurses once per level of
    // nesting, which a deep enough file turns into a stack overflow). A
    // syntax error stops the parse; what was read before it is still
    // useful. Only the first document counts.
    let mut documents = 0;
    while let Ok((ev, mark)) = parser.next_token() {
        match ev {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    break;
                }
            }
            ev => builder.on_event(ev, mark),
        }
    }
    builder.finish()
}
