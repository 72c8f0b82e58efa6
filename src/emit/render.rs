//! Rendering: a lowered statement in, its SQL text out, through the
//! dialect's minijinja templates.
//!
//! One environment per run, with strict undefined (a typo in a template is an
//! error, not an empty string) and no auto-escaping. Templates never quote by
//! hand: the filters `ident`, `qname`, `idents`, `sqltype`, `string_literal`,
//! `literal` and `default_value` call the [`Dialect`], which also refuses
//! names longer than the engine allows or holding what its client would
//! misread (`name_literal` writes a name as a string, checked the same
//! way). Text a template puts after `--`
//! goes through the `comment` filter ([`crate::emit::comment::escaped`]).

use crate::diag::span::Span;
use crate::dialect::ColumnType;
use crate::dialect::Dialect;
use crate::emit::templates::TemplateSource;
use crate::lower::statement::Statement;
use crate::ops::literal::Literal;
use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Deserialize;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A template that failed to load or render (including a refused name).
#[derive(Debug, Clone, PartialEq)]
pub struct RenderError {
    pub template: String,
    pub message: String,
    /// The name the dialect refused (too long), so the error can point at it.
    pub name: Option<String>,
    /// Where in the template the error is (a syntax error, an undefined
    /// variable), when minijinja knows.
    pub at: Option<Box<Span>>,
}

/// The source of a filter error that refused a name, so that
/// [`render_error`] can tell which name it was.
#[derive(Debug)]
struct NameRefused(String);

impl fmt::Display for NameRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "name `{}` refused", self.0)
    }
}

impl std::error::Error for NameRefused {}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn render_error(template: &str, e: &Error, source: &TemplateSource, dialect: &str) -> RenderError {
    // An error inside an included fragment (`_column`) comes wrapped
    // ("error in \"_column\""): what failed, and where, is the inner one.
    let mut e = e;
    while e.kind() == ErrorKind::BadInclude {
        match std::error::Error::source(e).and_then(|s| s.downcast_ref::<Error>()) {
            Some(inner) => e = inner,
            None => break,
        }
    }
    let name = std::error::Error::source(e)
        .and_then(|s| s.downcast_ref::<NameRefused>())
        .map(|n| n.0.clone());
    let kind = e.name().unwrap_or(template);
    let file = source.origin(dialect, kind);
    let too_long = std::error::Error::source(e)
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .and_then(|io| io.get_ref())
        .is_some_and(|inner| inner.is::<TooLong>());
    // A filter's own message (e.g. a name too long) is the useful part.
    let message = match (e.kind(), e.detail()) {
        (ErrorKind::OutOfFuel, _) => format!(
            "template `{file}` ran out of fuel: it ran more than {TEMPLATE_FUEL} instructions for one statement (a loop that does not end?)"
        ),
        (ErrorKind::WriteFailure, _) if too_long => format!(
            "template `{file}` wrote more than {MAX_STATEMENT_BYTES} bytes for one statement"
        ),
        (ErrorKind::InvalidOperation, Some(d)) => d.to_owned(),
        (k, Some(d)) => format!("template `{file}`: {k}: {d}"),
        (k, None) => format!("template `{file}`: {k}"),
    };
    // minijinja gives a 1-based line and a byte range in the template text.
    let at = e.line().map(|line| {
        let column = match (e.range(), source.get(dialect, kind)) {
            (Some(range), Ok(Some(text))) => {
                let upto = text.get(..range.start).unwrap_or_default();
                let line_start = upto.rfind('\n').map_or(0, |i| i + 1);
                upto[line_start..].chars().count() + 1
            }
            _ => 1,
        };
        Box::new(Span::pos(&file, line, column))
    });
    RenderError {
        template: template.to_owned(),
        message,
        name,
        at,
    }
}

/// How many template instructions one statement may take (minijinja's
/// fuel) when a `--templates` folder is given: a template that loops
/// forever fails with an error instead of hanging the run. The built-in
/// templates take at most about 1,300 per statement (`docs/security.md`
/// has the figures; `tests/template_fuel.rs` checks a margin of 1,000
/// times); a
/// `bulk_insert` takes about ten per value, so a statement of several
/// hundred thousand values still fits. Without `--templates` only gen's
/// own templates run, bounded by their input, and no fuel is counted.
pub const TEMPLATE_FUEL: u64 = 5_000_000;

/// The most text one statement's template may write (with `--templates`).
pub const MAX_STATEMENT_BYTES: usize = 64 * 1024 * 1024;

/// The most fuel one statement has taken in this process (for measuring
/// the margin of [`TEMPLATE_FUEL`]).
static MAX_FUEL_USED: AtomicU64 = AtomicU64::new(0);

/// The most fuel one statement's template has taken so far in this process.
pub fn max_fuel_used() -> u64 {
    MAX_FUEL_USED.load(Ordering::Relaxed)
}

/// Written past [`MAX_STATEMENT_BYTES`].
#[derive(Debug)]
struct TooLong;

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "more than {MAX_STATEMENT_BYTES} bytes")
    }
}

impl std::error::Error for TooLong {}

/// A statement's text as its template writes it, refused past
/// [`MAX_STATEMENT_BYTES`].
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_STATEMENT_BYTES {
            return Err(std::io::Error::other(TooLong));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn fail(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

fn checked_ident(d: &dyn Dialect, name: &str) -> Result<String, Error> {
    let max = d.max_identifier_len();
    if name.len() > max {
        return Err(fail(format!(
            "name `{name}` is {} bytes long; {} allows at most {max}",
            name.len(),
            d.name()
        ))
        .with_source(NameRefused(name.to_owned())));
    }
    if let Some(hazard) = d.name_hazard(name) {
        return Err(fail(format!(
            "name `{name}` holds {hazard}; a {} script cannot write it safely: choose another name",
            d.name()
        ))
        .with_source(NameRefused(name.to_owned())));
    }
    Ok(d.ident(name))
}

/// A name as a string literal (a procedure's argument, a catalog lookup),
/// refused as [`checked_ident`] refuses it.
fn name_literal(d: &dyn Dialect, name: &str) -> Result<String, Error> {
    checked_ident(d, name)?;
    d.literal(&Literal::String(name.to_owned())).map_err(fail)
}

fn qname(d: &dyn Dialect, v: &Value) -> Result<String, Error> {
    let name = v.get_attr("name")?;
    let Some(name) = name.as_str() else {
        return Err(fail("qname needs a {schema, name} value"));
    };
    let schema = v.get_attr("schema")?;
    match schema.as_str() {
        Some(s) => Ok(format!(
            "{}.{}",
            checked_ident(d, s)?,
            checked_ident(d, name)?
        )),
        None => checked_ident(d, name),
    }
}

fn literal(d: &dyn Dialect, v: &Value) -> Result<String, Error> {
    let kind = v.get_attr("kind")?;
    let value = v.get_attr("value")?;
    let lit = match kind.as_str() {
        Some("null") => Literal::Null,
        Some("bool") => Literal::Bool(value.is_true()),
        Some("number") => Literal::Number(value.to_string()),
        Some("string") => Literal::String(value.as_str().unwrap_or_default().to_owned()),
        _ => return Err(fail("literal needs a {kind, value} value")),
    };
    d.literal(&lit).map_err(fail)
}

/// Renders statements for one dialect.
pub struct Renderer {
    env: Environment<'static>,
    dialect: Arc<dyn Dialect>,
    source: TemplateSource,
    /// User templates (`--templates`) may be in use: rendering counts fuel
    /// and caps each statement's size.
    limited: bool,
}

impl Renderer {
    pub fn new(dialect: Arc<dyn Dialect>, source: TemplateSource) -> Renderer {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        // Only a user's templates can loop or flood: gen's own are bounded
        // by their input, and counting fuel costs ~5% of a long run.
        let limited = source.overrides.is_some();
        if limited {
            env.set_fuel(Some(TEMPLATE_FUEL));
        }
        let dname = dialect.name();
        let loader_source = source.clone();
        // A name or file the sandbox refuses is an error of its own, not
        // "no such template" (which would quietly use the built-in one).
        env.set_loader(move |kind| {
            loader_source
                .get(dname, kind)
                .map_err(|e| Error::new(ErrorKind::InvalidOperation, e))
        });
        let d = dialect.clone();
        env.add_filter("ident", move |s: String| checked_ident(&*d, &s));
        let d = dialect.clone();
        env.add_filter("qname", move |v: Value| qname(&*d, &v));
        let d = dialect.clone();
        env.add_filter("idents", move |v: Value| -> Result<String, Error> {
            let mut parts = Vec::new();
            for item in v.try_iter()? {
                let Some(s) = item.as_str() else {
                    return Err(fail("idents needs a list of names"));
                };
                parts.push(checked_ident(&*d, s)?);
            }
            Ok(parts.join(", "))
        });
        let d = dialect.clone();
        env.add_filter("sqltype", move |v: Value| -> Result<String, Error> {
            let ty = ColumnType::deserialize(v).map_err(|e| fail(format!("sqltype: {e}")))?;
            Ok(match ty {
                ColumnType::Portable(t) => d.type_sql(&t),
                ColumnType::Native(n) => n,
                ColumnType::Named { schema, name } => match schema {
                    Some(s) => {
                        format!("{}.{}", checked_ident(&*d, &s)?, checked_ident(&*d, &name)?)
                    }
                    None => checked_ident(&*d, &name)?,
                },
            })
        });
        let d = dialect.clone();
        env.add_filter("string_literal", move |s: String| {
            d.literal(&Literal::String(s)).map_err(fail)
        });
        let d = dialect.clone();
        env.add_filter("name_literal", move |s: String| name_literal(&*d, &s));
        let d = dialect.clone();
        env.add_filter("literal", move |v: Value| literal(&*d, &v));
        // Text for a `--` comment line the template writes: on one line,
        // escaped as every comment gen writes (`crate::emit::comment`).
        env.add_filter("comment", |s: String| crate::emit::comment::escaped(&s));
        let d = dialect.clone();
        env.add_filter("default_value", move |v: Value| -> Result<String, Error> {
            let kind = v.get_attr("kind")?;
            let inner = v.get_attr("value")?;
            match kind.as_str() {
                Some("sql") if inner.kind() == ValueKind::String => Ok(
                    crate::model::fragment::default_sql(&*d, inner.as_str().unwrap_or_default())
                        .into_owned(),
                ),
                Some("literal") => literal(&*d, &inner),
                _ => Err(fail("default_value needs a literal or {sql: ...}")),
            }
        });
        Renderer {
            env,
            dialect,
            source,
            limited,
        }
    }

    pub fn dialect(&self) -> &dyn Dialect {
        &*self.dialect
    }

    /// Whether the template for `kind` is a built-in one, not the user's
    /// (see [`TemplateSource::is_built_in`]).
    pub fn is_built_in(&self, kind: &str) -> bool {
        self.source.is_built_in(self.dialect.name(), kind)
    }

    fn render_kind(&self, kind: &str, ctx: Value) -> Result<String, RenderError> {
        let tmpl = self.env.get_template(kind).map_err(|e| match e.kind() {
            ErrorKind::TemplateNotFound => RenderError {
                template: kind.to_owned(),
                message: format!(
                    "no template `{}/{kind}.sql.j2` (neither in --templates nor built in)",
                    self.dialect.name()
                ),
                name: None,
                at: None,
            },
            _ => render_error(kind, &e, &self.source, self.dialect.name()),
        })?;
        if !self.limited {
            let text = tmpl
                .render(ctx)
                .map_err(|e| render_error(kind, &e, &self.source, self.dialect.name()))?;
            return Ok(text.trim_end().to_owned());
        }
        let mut out = Capped(Vec::with_capacity(256));
        let captured = tmpl
            .render_captured_to(ctx, &mut out)
            .map_err(|e| render_error(kind, &e, &self.source, self.dialect.name()))?;
        if let Some((used, _)) = captured.state().fuel_levels() {
            MAX_FUEL_USED.fetch_max(used, Ordering::Relaxed);
        }
        drop(captured);
        // minijinja writes whole strings, so the bytes are UTF-8.
        let text = String::from_utf8(out.0).map_err(|_| RenderError {
            template: kind.to_owned(),
            message: format!("template `{kind}` wrote text that is not UTF-8"),
            name: None,
            at: None,
        })?;
        Ok(text.trim_end().to_owned())
    }

    /// The SQL of one statement, without a terminator.
    pub fn statement(&self, stmt: &Statement) -> Result<String, RenderError> {
        self.render_kind(stmt.kind(), Value::from_serialize(stmt))
    }

    /// A fragment the dialect may not have (`prologue`, `foreign_keys_off`):
    /// `None` when it has no such template.
    pub fn optional_fragment(&self, kind: &str) -> Result<Option<String>, RenderError> {
        match self.env.get_template(kind) {
            Err(e) if e.kind() == ErrorKind::TemplateNotFound => Ok(None),
            _ => self.fragment(kind).map(Some),
        }
    }

    /// A context-free fragment such as `begin` or `commit`.
    pub fn fragment(&self, kind: &str) -> Result<String, RenderError> {
        self.render_kind(kind, Value::from(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use camino::Utf8PathBuf;

    fn user_templates(files: &[(&str, &str)]) -> (tempfile::TempDir, TemplateSource) {
        let dir = tempfile::tempdir().unwrap();
        let root = Utf8PathBuf::from_path_buf(dir.path().to_owned()).unwrap();
        for (rel, text) in files {
            std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
            std::fs::write(root.join(rel), text).unwrap();
        }
        let source = TemplateSource {
            overrides: Some(root),
        };
        (dir, source)
    }

    fn pg(source: TemplateSource) -> Renderer {
        Renderer::new(crate::dialect::by_name("postgresql").unwrap(), source)
    }

    /// A template that puts text in a comment gets it on one line, escaped
    /// as every comment line gen writes.
    #[test]
    fn the_comment_filter_keeps_text_on_its_line() {
        let (_dir, source) = user_templates(&[(
            "postgresql/begin.sql.j2",
            "-- {{ \"a\\rDROP TABLE payments; --\\n\\\\! x\" | comment }}\nBEGIN",
        )]);
        let text = pg(source).fragment("begin").unwrap();
        assert_eq!(text, "-- a\\rDROP TABLE payments; --\\n\\\\! x\nBEGIN");
    }

    fn begin_error(files: &[(&str, &str)]) -> String {
        let (_dir, source) = user_templates(files);
        match pg(source).fragment("begin") {
            Ok(text) => panic!("rendered: {text}"),
            Err(e) => e.message,
        }
    }

    /// Issue 19.17: a template reads nothing outside `--templates DIR`:
    /// not by a name with `..` or a root, not through a link.
    #[test]
    fn templates_cannot_reach_outside_their_folder() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.sql.j2"), "SECRET").unwrap();
        let secret = outside.path().join("secret").display().to_string();
        for tag in ["include", "import", "extends", "from"] {
            for name in [
                "../../secret",
                "../secret",
                secret.as_str(),
                "a//b",
                "./begin",
                "",
            ] {
                let body = match tag {
                    "import" => format!("{{% import \"{name}\" as m %}}BEGIN"),
                    "from" => format!("{{% from \"{name}\" import x %}}BEGIN"),
                    _ => format!("{{% {tag} \"{name}\" %}}"),
                };
                let message = begin_error(&[("postgresql/begin.sql.j2", &body)]);
                assert!(
                    message.contains("is not a template name"),
                    "{tag} {name:?}: {message}"
                );
                assert!(!message.contains("SECRET"));
            }
        }
        // Links leading out: a template file, or a whole folder.
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            std::fs::write(outside.path().join("begin.sql.j2"), "SECRET").unwrap();
            let (dir, source) = user_templates(&[("common/x.sql.j2", "x")]);
            std::fs::create_dir(dir.path().join("postgresql")).unwrap();
            symlink(
                outside.path().join("secret.sql.j2"),
                dir.path().join("postgresql/begin.sql.j2"),
            )
            .unwrap();
            let message = pg(source.clone()).fragment("begin").unwrap_err().message;
            assert!(
                message.contains("leads outside the templates folder"),
                "{message}"
            );
            std::fs::remove_dir_all(dir.path().join("postgresql")).unwrap();
            symlink(outside.path(), dir.path().join("postgresql")).unwrap();
            let message = pg(source.clone()).fragment("begin").unwrap_err().message;
            assert!(
                message.contains("leads outside the templates folder"),
                "{message}"
            );
            // A link that stays inside is followed.
            std::fs::remove_file(dir.path().join("postgresql")).unwrap();
            std::fs::create_dir(dir.path().join("postgresql")).unwrap();
            std::fs::write(dir.path().join("common/real.sql.j2"), "BEGIN -- inside").unwrap();
            symlink(
                dir.path().join("common/real.sql.j2"),
                dir.path().join("postgresql/begin.sql.j2"),
            )
            .unwrap();
            assert_eq!(pg(source).fragment("begin").unwrap(), "BEGIN -- inside");
        }
    }

    /// An `include` of a file inside the folder still works.
    #[test]
    fn templates_may_include_files_inside_their_folder() {
        let (_dir, source) = user_templates(&[
            ("postgresql/begin.sql.j2", "{% include \"parts/word\" %}"),
            ("common/parts/word.sql.j2", "BEGIN"),
        ]);
        assert_eq!(pg(source).fragment("begin").unwrap(), "BEGIN");
    }

    /// A FIFO among the templates is refused, not opened (which would hang).
    #[cfg(unix)]
    #[test]
    fn a_template_that_is_not_a_regular_file_is_refused() {
        let (dir, source) = user_templates(&[("common/x.sql.j2", "x")]);
        std::fs::create_dir(dir.path().join("postgresql")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("postgresql/begin.sql.j2"))
            .status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("warning: no mkfifo; the FIFO case is not checked");
            return;
        }
        let message = pg(source).fragment("begin").unwrap_err().message;
        assert!(message.contains("is not a regular file"), "{message}");
    }

    /// Issue 19.17: a template that never ends runs out of fuel; one that
    /// writes without end hits the size limit. Both fail quickly.
    #[test]
    fn a_looping_or_flooding_template_fails_with_an_error() {
        let started = std::time::Instant::now();
        let message = begin_error(&[(
            "postgresql/begin.sql.j2",
            "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
        )]);
        assert!(message.contains("ran out of fuel"), "{message}");
        assert!(message.contains("postgresql/begin.sql.j2"), "{message}");
        let message = begin_error(&[(
            "postgresql/begin.sql.j2",
            "{% for i in range(1000) %}{{ \"x\" * 1000000 }}{% endfor %}",
        )]);
        assert!(message.contains("bytes for one statement"), "{message}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "{:?}",
            started.elapsed()
        );
    }
}
