//! The version-table statements of a run, rendered and parsed once per kind.
//!
//! Every step ends with an `INSERT`, `UPDATE` or `DELETE` on the version
//! table, and in one run these differ only in the revision ids. A revision
//! id is 1 to 32 letters, digits and `_` ([`RevisionId`]), so when a
//! template puts each id inside a string literal, another id there changes
//! the literal's value and nothing else: the statement tokenizes, and so
//! parses, exactly as before. [`VersionSql::new`] therefore renders each
//! kind once with probe ids, parses it, checks with sqlparser's tokenizer
//! that every probe sits inside a string literal, and renders it again with
//! other probes to check that filling the slots gives what rendering gives;
//! each step's statement is then the shape with its ids put in. A template
//! from `--templates`, or one that fails any of these checks, is left to the
//! caller to render and parse for every step, as before.

use crate::dialect::Dialect;
use crate::emit::render::Renderer;
use crate::emit::validate;
use crate::history::plan::VersionChange;
use crate::lower::statement::Statement;
use crate::ops::ident::QualName;
use crate::source::revision::RevisionId;
use sqlparser::tokenizer::{Token, Tokenizer};

/// The statement that records `change` in the version table `table`.
pub fn version_statement(table: &QualName, change: &VersionChange) -> Statement {
    let table = table.clone();
    match change {
        VersionChange::Insert(v) => Statement::VersionInsert {
            table,
            version: v.to_string(),
        },
        VersionChange::Update { from, to } => Statement::VersionUpdate {
            table,
            from: from.to_string(),
            to: to.to_string(),
        },
        VersionChange::Delete(v) => Statement::VersionDelete {
            table,
            version: v.to_string(),
        },
    }
}

/// A rendered statement with slots where the ids go.
#[derive(Debug, Clone, PartialEq)]
struct Shape {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    /// The change's first id (`version`, or `from`), or its second (`to`).
    Slot(usize),
}

/// Probe ids for the shape, then other ones (of other lengths) to check it.
const PROBES: [&str; 2] = ["genprobe1aaaa", "genprobe2bbbb"];
const CHECK_PROBES: [&str; 2] = ["GENPROBE3", "GENPROBE4cccccccc"];

impl Shape {
    /// The shape of `sql`, rendered with `PROBES` in the slots, if every
    /// probe in it sits inside a string literal and the statement parses.
    fn of(dialect: &dyn Dialect, sql: &str) -> Option<Shape> {
        validate::check(dialect, sql).ok()?;
        let tokens = Tokenizer::new(&*dialect.parser(), sql).tokenize().ok()?;
        for probe in PROBES {
            let in_literals: usize = tokens
                .iter()
                .filter_map(string_literal)
                .map(|value| value.matches(probe).count())
                .sum();
            if in_literals != sql.matches(probe).count() {
                return None;
            }
        }
        let mut pieces = Vec::new();
        let mut rest = sql;
        loop {
            let next = PROBES
                .iter()
                .enumerate()
                .filter_map(|(slot, p)| rest.find(p).map(|at| (at, slot, p.len())))
                .min();
            let Some((at, slot, len)) = next else {
                if !rest.is_empty() {
                    pieces.push(Piece::Text(rest.to_owned()));
                }
                break;
            };
            if at > 0 {
                pieces.push(Piece::Text(rest[..at].to_owned()));
            }
            pieces.push(Piece::Slot(slot));
            rest = &rest[at + len..];
        }
        Some(Shape { pieces })
    }

    fn fill(&self, ids: [&str; 2]) -> String {
        let mut sql = String::with_capacity(
            self.pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.len(),
                    Piece::Slot(i) => ids[*i].len(),
                })
                .sum(),
        );
        for piece in &self.pieces {
            sql.push_str(match piece {
                Piece::Text(t) => t,
                Piece::Slot(i) => ids[*i],
            });
        }
        sql
    }
}

/// The value of a string-literal token.
fn string_literal(token: &Token) -> Option<&str> {
    match token {
        Token::SingleQuotedString(s)
        | Token::DoubleQuotedString(s)
        | Token::NationalStringLiteral(s)
        | Token::EscapedStringLiteral(s)
        | Token::UnicodeStringLiteral(s) => Some(s),
        _ => None,
    }
}

/// A change of each kind, with `ids` as its ids.
fn probe_change(kind: usize, ids: [&str; 2]) -> Option<VersionChange> {
    let id = |i: usize| RevisionId::parse(ids[i]).ok();
    Some(match kind {
        0 => VersionChange::Insert(id(0)?),
        1 => VersionChange::Update {
            from: id(0)?,
            to: id(1)?,
        },
        _ => VersionChange::Delete(id(0)?),
    })
}

fn kind_of(change: &VersionChange) -> usize {
    match change {
        VersionChange::Insert(_) => 0,
        VersionChange::Update { .. } => 1,
        VersionChange::Delete(_) => 2,
    }
}

fn ids_of(change: &VersionChange) -> [&str; 2] {
    match change {
        VersionChange::Insert(v) | VersionChange::Delete(v) => [v.as_str(), ""],
        VersionChange::Update { from, to } => [from.as_str(), to.as_str()],
    }
}

/// The shapes of one run's version-table statements, by kind (insert,
/// update, delete); `None` where each statement must be rendered.
// Policy: render and parse each kind once per run, fill ids after; rendering each instead made 2k runs 24-33% slower (over the 10% limit).
#[derive(Debug)]
pub struct VersionSql {
    shapes: [Option<Shape>; 3],
}

impl VersionSql {
    /// Renders and checks each kind once (see the module doc).
    pub fn new(renderer: &Renderer, table: &QualName) -> VersionSql {
        let dialect = renderer.dialect();
        let shape = |kind: usize| -> Option<Shape> {
            let sql_with = |ids| {
                let stmt = version_statement(table, &probe_change(kind, ids)?);
                if !renderer.is_built_in(stmt.kind()) {
                    return None;
                }
                renderer.statement(&stmt).ok()
            };
            let shape = Shape::of(dialect, &sql_with(PROBES)?)?;
            (shape.fill(CHECK_PROBES) == sql_with(CHECK_PROBES)?).then_some(shape)
        };
        VersionSql {
            shapes: [shape(0), shape(1), shape(2)],
        }
    }

    /// The statement for `change`, when its kind has a shape.
    pub fn fill(&self, change: &VersionChange) -> Option<String> {
        let shape = self.shapes[kind_of(change)].as_ref()?;
        Some(shape.fill(ids_of(change)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::{by_name, PostgreSql};
    use crate::emit::templates::TemplateSource;
    use crate::ops::ident::Ident;
    use std::sync::Arc;

    fn table() -> QualName {
        QualName::new(None, Ident::from_static("alembic_version"))
    }

    fn changes(a: &str, b: &str) -> Vec<VersionChange> {
        let id = |s: &str| RevisionId::parse(s).unwrap();
        vec![
            VersionChange::Insert(id(a)),
            VersionChange::Update {
                from: id(a),
                to: id(b),
            },
            VersionChange::Delete(id(b)),
        ]
    }

    #[test]
    fn filled_shapes_are_what_rendering_gives_on_every_dialect() {
        let ids = [
            ("ae1027a6acf", "27c6a30d7c24"),
            ("select", "from"),
            ("1", "0123456789abcdef0123456789abcdef"),
            ("_", "a_b_C"),
        ];
        for name in ["postgresql", "mysql", "sqlite", "mssql"] {
            let dialect: Arc<dyn Dialect> = by_name(name).unwrap();
            let source = TemplateSource::default();
            let renderer = Renderer::new(dialect.clone(), source.clone());
            for table in [
                table(),
                QualName::new(
                    Some(Ident::from_static("ops")),
                    Ident::from_static("my version"),
                ),
            ] {
                let versions = VersionSql::new(&renderer, &table);
                for (a, b) in ids {
                    for change in changes(a, b) {
                        let rendered = renderer
                            .statement(&version_statement(&table, &change))
                            .unwrap();
                        assert_eq!(versions.fill(&change), Some(rendered), "{name}");
                    }
                }
            }
        }
    }

    #[test]
    fn an_id_outside_a_string_literal_gets_no_shape() {
        let sql = |v: &str| format!("DELETE FROM alembic_version WHERE version_num = {v}");
        assert_eq!(Shape::of(&PostgreSql, &sql(PROBES[0])), None);
        // Inside a quoted identifier is not inside a literal either.
        let quoted = format!("DELETE FROM \"{}\" WHERE version_num = 'x'", PROBES[0]);
        assert_eq!(Shape::of(&PostgreSql, &quoted), None);
        // In a literal it is a slot; and a statement that does not parse has no shape.
        assert!(Shape::of(&PostgreSql, &sql(&format!("'{}'", PROBES[0]))).is_some());
        assert_eq!(
            Shape::of(&PostgreSql, &format!("DELETE '{}'", PROBES[0])),
            None
        );
    }

    #[test]
    fn overridden_templates_are_rendered_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let common = dir.path().join("common");
        std::fs::create_dir_all(&common).unwrap();
        // The same text as the built-in template: still the user's file.
        std::fs::write(
            common.join("version_delete.sql.j2"),
            crate::emit::templates::embedded("common/version_delete.sql.j2").unwrap(),
        )
        .unwrap();
        let source = TemplateSource {
            overrides: Some(camino::Utf8PathBuf::from_path_buf(dir.path().to_owned()).unwrap()),
        };
        let renderer = Renderer::new(Arc::new(PostgreSql), source.clone());
        let versions = VersionSql::new(&renderer, &table());
        let [insert, update, delete] = changes("a1", "b2").try_into().unwrap();
        assert!(versions.fill(&insert).is_some());
        assert!(versions.fill(&update).is_some());
        assert_eq!(versions.fill(&delete), None);
    }
}
