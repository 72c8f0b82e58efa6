//! The YAML text of an imported revision: a small ordered value tree
//! ([`Y`]) that translation builds, written in block style with each scalar
//! through `yaml_scalar` (so it reads back as written), and the file
//! around it: header keys in the contract's order, explicit `upgrade:` and
//! `downgrade:` lists (Alembic's downgrade is written, not derived), and
//! the `# TODO(import)` comments above each placeholder.

use crate::source::write::modeline;
use crate::source::yaml_scalar;
use std::fmt::Write as _;

/// A YAML value, keys kept in the order they were added.
#[derive(Debug, Clone, PartialEq)]
pub enum Y {
    Null,
    Bool(bool),
    /// A number, as its text.
    Num(String),
    Str(String),
    List(Vec<Y>),
    Map(Vec<(String, Y)>),
}

impl Y {
    /// An empty map.
    pub fn map() -> Y {
        Y::Map(Vec::new())
    }

    /// Adds `key: value` to a map (no effect on other values).
    pub fn set(&mut self, key: &str, value: Y) {
        if let Y::Map(entries) = self {
            entries.push((key.to_owned(), value));
        }
    }

    /// Adds `key: value` unless `value` is null, false or an empty list.
    pub fn set_some(&mut self, key: &str, value: Y) {
        match value {
            Y::Null | Y::Bool(false) => {}
            Y::List(ref l) if l.is_empty() => {}
            v => self.set(key, v),
        }
    }

    pub fn str(text: &str) -> Y {
        Y::Str(text.to_owned())
    }

    /// A one-key map `{name: args}`: an operation.
    pub fn op(name: &str, args: Y) -> Y {
        Y::Map(vec![(name.to_owned(), args)])
    }

    fn is_scalar(&self) -> bool {
        !matches!(self, Y::List(_) | Y::Map(_))
    }

    /// The value on one line (flow style), for scalars and lists of them.
    fn flow(&self) -> String {
        match self {
            Y::Null => "null".to_owned(),
            Y::Bool(b) => b.to_string(),
            Y::Num(n) => n.clone(),
            Y::Str(s) => yaml_scalar(s),
            Y::List(items) => format!(
                "[{}]",
                items.iter().map(Y::flow).collect::<Vec<_>>().join(", ")
            ),
            Y::Map(entries) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", yaml_scalar(k), v.flow()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// Whether the value reads well on one line.
    fn short(&self) -> bool {
        match self {
            Y::List(items) => items.iter().all(Y::is_scalar),
            Y::Map(entries) => entries.len() <= 3 && entries.iter().all(|(_, v)| v.is_scalar()),
            _ => true,
        }
    }

    /// Block lines of a map's entries at `indent`.
    fn block(&self, indent: usize, out: &mut Vec<String>) {
        let pad = " ".repeat(indent);
        match self {
            Y::Map(entries) => {
                for (k, v) in entries {
                    let key = yaml_scalar(k);
                    if v.short() && v.flow().len() + indent < 100 {
                        out.push(format!("{pad}{key}: {}", v.flow()));
                    } else if let Y::List(items) = v {
                        out.push(format!("{pad}{key}:"));
                        for item in items {
                            item.list_item(indent + 2, out);
                        }
                    } else {
                        out.push(format!("{pad}{key}:"));
                        v.block(indent + 2, out);
                    }
                }
            }
            other => out.push(format!("{pad}{}", other.flow())),
        }
    }

    /// `- item` lines at `indent`.
    pub fn list_item(&self, indent: usize, out: &mut Vec<String>) {
        let pad = " ".repeat(indent);
        if self.short() && self.flow().len() + indent < 100 {
            out.push(format!("{pad}- {}", self.flow()));
            return;
        }
        let mut inner = Vec::new();
        self.block(indent + 2, &mut inner);
        if let Some(first) = inner.first_mut() {
            *first = format!("{pad}- {}", first.trim_start());
        }
        out.extend(inner);
    }
}

/// One entry of an `upgrade:` / `downgrade:` list.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Op(Y),
    /// What needs a person: comment lines, then a placeholder that fails
    /// `gen check`.
    Placeholder {
        reason: String,
        quoted: Vec<String>,
    },
    /// An item for some dialects only (`dialects: [...]` beside it).
    Only(Box<Item>, Vec<String>),
}

/// An imported revision, ready to write.
#[derive(Debug, Clone, Default)]
pub struct ImportedRevision {
    pub id: String,
    pub down_revisions: Vec<String>,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub message: String,
    pub create_date: Option<String>,
    pub source_file: String,
    pub upgrade: Vec<Item>,
    pub downgrade: Vec<Item>,
    /// Notes written as comments at the end of the file.
    pub notes: Vec<String>,
}

/// Text safe on one comment line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn list(items: &[String]) -> String {
    Y::List(items.iter().map(|s| Y::str(s)).collect()).flow()
}

fn items(key: &str, list: &[Item], out: &mut String) {
    if list.is_empty() {
        let _ = writeln!(out, "{key}: []");
        return;
    }
    let _ = writeln!(out, "{key}:");
    for item in list {
        let mut lines = Vec::new();
        item_lines(item, &mut lines);
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
    }
}

fn item_lines(item: &Item, lines: &mut Vec<String>) {
    match item {
        Item::Op(y) => y.list_item(2, lines),
        Item::Placeholder { reason, quoted } => {
            lines.push(format!("  # TODO(import): {}", one_line(reason)));
            for q in quoted {
                lines.push(format!("  #   {}", one_line(q)));
            }
            let sql = "TODO(import): replace with the SQL the comment above asks for".to_owned();
            // `strict`: text that does not parse is an error, not the
            // `unparsed-sql` warning, so `gen check` fails until it is done.
            let args = vec![
                ("sql".to_owned(), Y::Str(sql)),
                ("validate".to_owned(), Y::Str("strict".to_owned())),
            ];
            Y::op("execute", Y::Map(args)).list_item(2, lines);
        }
        Item::Only(inner, dialects) => {
            item_lines(inner, lines);
            lines.push(format!("    dialects: {}", list(dialects)));
        }
    }
}

impl ImportedRevision {
    /// The file's text.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", modeline());
        let _ = writeln!(
            out,
            "# Imported by `gen import alembic` from {}",
            one_line(&self.source_file)
        );
        let _ = writeln!(out, "revision: {}", yaml_scalar(&self.id));
        let down = match self.down_revisions.as_slice() {
            [] => "null".to_owned(),
            [one] => yaml_scalar(one),
            many => list(many),
        };
        let _ = writeln!(out, "down_revision: {down}");
        if !self.branch_labels.is_empty() {
            let _ = writeln!(out, "branch_labels: {}", list(&self.branch_labels));
        }
        if !self.depends_on.is_empty() {
            let _ = writeln!(out, "depends_on: {}", list(&self.depends_on));
        }
        if !self.message.is_empty() {
            let _ = writeln!(out, "message: {}", yaml_scalar(&self.message));
        }
        if let Some(date) = &self.create_date {
            let _ = writeln!(out, "create_date: {}", yaml_scalar(date));
        }
        items("upgrade", &self.upgrade, &mut out);
        items("downgrade", &self.downgrade, &mut out);
        for note in &self.notes {
            let _ = writeln!(out, "# NOTE(import): {}", one_line(note));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back() {
        let mut args = Y::map();
        args.set("name", Y::str("users"));
        let mut col = Y::map();
        col.set("name", Y::str("id"));
        col.set("type", Y::str("integer"));
        col.set("default", Y::str("it's: # odd"));
        args.set("columns", Y::List(vec![col]));
        let rev = ImportedRevision {
            id: "0123".into(),
            upgrade: vec![
                Item::Op(Y::op("create_table", args)),
                Item::Placeholder {
                    reason: "data logic".into(),
                    quoted: vec!["x.py:3: conn.execute(...)".into()],
                },
            ],
            ..Default::default()
        };
        let text = rev.to_yaml();
        let parsed = crate::source::parse_revision(
            camino::Utf8Path::new("m/x.yaml"),
            &text,
            crate::source::checksum::Checksum::default(),
        )
        .unwrap();
        assert_eq!(parsed.id.as_str(), "0123");
        assert!(text.contains("# TODO(import): data logic"), "{text}");
        assert!(text.contains("default: \"it's: # odd\""), "{text}");
    }
}
