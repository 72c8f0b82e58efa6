//! Live-engine harness: runs SQL scripts through the real database clients.
//!
//! A test module uses it as `crate::support::live`.
//!
//! It uses nothing but `std`: every engine is driven through its command-line client,
//! exactly as a DBA would apply the generated script:
//!
//! | engine     | client    | connection (env var, keyword=value pairs, no quoting)                  |
//! |------------|-----------|------------------------------------------------------------------------|
//! | PostgreSQL | `psql`    | `GEN_TEST_PG`, default `host=127.0.0.1 port=5432 user=gen password=gen dbname=postgres` |
//! | MariaDB    | `mariadb` | `GEN_TEST_MARIADB`, default `host=127.0.0.1 port=3306 user=gen password=gen` |
//! | SQLite     | `sqlite3` | none: a temporary database file                                        |
//!
//! `.ci/run` starts the servers and exports both variables. [`pg`], [`mariadb`] and
//! [`sqlite`] return `None` (after a loud `SKIPPED:` line on stderr) when the client is
//! missing or the server does not answer; with `CI=true` they panic instead, so that CI
//! cannot pass by skipping.
//!
//! Query results are text: one `Vec<String>` per row, columns split on tabs, SQL NULL
//! printed as `NULL` on every engine.
#![allow(dead_code)]

/// Notes for the summary at the end of `cargo test` (which engines ran).
use super::outcomes;

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Default for `GEN_TEST_PG`; matches `.ci/run`.
pub const DEFAULT_PG: &str = "host=127.0.0.1 port=5432 user=gen password=gen dbname=postgres";
/// Default for `GEN_TEST_MARIADB`; matches `.ci/run`.
pub const DEFAULT_MARIADB: &str = "host=127.0.0.1 port=3306 user=gen password=gen";

/// Separator used inside one text column for lists (index columns, enum labels).
const LIST_SEP: char = '\u{1f}';

/// Which database engine an [`Engine`] drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Postgres,
    MariaDb,
    Sqlite,
}

impl Kind {
    /// The `gen --dialect` value that targets this engine.
    pub fn dialect(self) -> &'static str {
        match self {
            Kind::Postgres => "postgresql",
            Kind::MariaDb => "mysql",
            Kind::Sqlite => "sqlite",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Postgres => "PostgreSQL",
            Kind::MariaDb => "MariaDB",
            Kind::Sqlite => "SQLite",
        }
    }

    fn client(self) -> &'static str {
        match self {
            Kind::Postgres => "psql",
            Kind::MariaDb => "mariadb",
            Kind::Sqlite => "sqlite3",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A reachable database engine: a client on PATH and, for servers, the connection.
#[derive(Clone, Debug)]
pub struct Engine {
    kind: Kind,
    /// Connection keywords (`host`, `port`, `user`, `password`, `dbname`); empty for SQLite.
    conn: BTreeMap<String, String>,
}

/// PostgreSQL via `psql`, configured by `GEN_TEST_PG`.
pub fn pg() -> Option<Engine> {
    probe(Kind::Postgres, "GEN_TEST_PG", DEFAULT_PG)
}

/// MariaDB (or MySQL) via the `mariadb` client, configured by `GEN_TEST_MARIADB`.
pub fn mariadb() -> Option<Engine> {
    probe(Kind::MariaDb, "GEN_TEST_MARIADB", DEFAULT_MARIADB)
}

/// SQLite via `sqlite3`; each database is a temporary file.
pub fn sqlite() -> Option<Engine> {
    probe(Kind::Sqlite, "", "")
}

/// Every reachable engine, in the order PostgreSQL, MariaDB, SQLite (skips are reported).
pub fn engines() -> Vec<Engine> {
    [pg(), mariadb(), sqlite()].into_iter().flatten().collect()
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn probe(kind: Kind, var: &str, default: &str) -> Option<Engine> {
    let spec = if var.is_empty() {
        String::new()
    } else {
        std::env::var(var).unwrap_or_else(|_| default.to_string())
    };
    let engine = Engine {
        kind,
        conn: parse_conn(&spec),
    };
    let problem = match Command::new(kind.client()).arg("--version").output() {
        Err(e) => Some(format!("client `{}` not runnable: {e}", kind.client())),
        Ok(_) => match engine.run_sql(engine.maintenance_db().as_deref(), "SELECT 1") {
            Ok(out) if out.trim() == "1" => None,
            Ok(out) => Some(format!("`SELECT 1` answered {out:?}")),
            Err(e) => Some(e.split_whitespace().collect::<Vec<_>>().join(" ")),
        },
    };
    let Some(problem) = problem else {
        outcomes::ran(kind.label());
        return Some(engine);
    };
    let msg = match kind {
        Kind::Sqlite => format!(
            "SKIPPED: no SQLite: {problem}; install the `sqlite3` client (under CI=true this fails)"
        ),
        _ => format!(
            "SKIPPED: no {kind} reachable at \"{}\": {problem}; set {var}=\"{default}\" \
             (keyword=value pairs) or run .ci/run (under CI=true this fails)",
            engine.redacted()
        ),
    };
    let fix = match kind {
        Kind::Sqlite => "install the sqlite3 client".to_owned(),
        _ => format!("set {var}, see the README"),
    };
    outcomes::skipped(kind.label(), &format!("{problem}; {fix}"));
    if ci() {
        panic!("{msg}");
    }
    // Written to the real stderr, past the test harness's output capture.
    let _ = writeln!(std::io::stderr().lock(), "\n*** {msg}\n");
    None
}

fn parse_conn(spec: &str) -> BTreeMap<String, String> {
    spec.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn unique_name(hint: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let hint: String = hint
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(24)
        .collect();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "gen_{hint}_{}_{}_{:05}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos % 100_000
    )
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `Ok(stdout)` when the client exited 0, else `Err` with its stderr (and stdout).
fn outcome(out: std::io::Result<Output>, what: &str) -> Result<String, String> {
    let out = out.map_err(|e| format!("{what}: {e}"))?;
    let (stdout, stderr) = text(&out);
    if out.status.success() {
        Ok(stdout)
    } else if stderr.trim().is_empty() {
        Err(format!("{what} exited with {}: {stdout}", out.status))
    } else {
        Err(stderr)
    }
}

fn sql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Engine {
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The `gen --dialect` value for this engine.
    pub fn dialect(&self) -> &'static str {
        self.kind.dialect()
    }

    /// The connection without its password, for messages.
    fn redacted(&self) -> String {
        self.conn
            .iter()
            .map(|(k, v)| {
                if k == "password" {
                    format!("{k}=***")
                } else {
                    format!("{k}={v}")
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn maintenance_db(&self) -> Option<String> {
        match self.kind {
            Kind::Postgres => Some(
                self.conn
                    .get("dbname")
                    .cloned()
                    .unwrap_or_else(|| "postgres".into()),
            ),
            Kind::MariaDb => None,
            Kind::Sqlite => Some(":memory:".into()),
        }
    }

    /// The client command, connected to `db` (a database name, or SQLite file path).
    fn client(&self, db: Option<&str>) -> Command {
        let mut cmd = Command::new(self.kind.client());
        cmd.stdin(Stdio::null());
        match self.kind {
            Kind::Postgres => {
                let mut conn = self.conn.clone();
                if let Some(db) = db {
                    conn.insert("dbname".into(), db.into());
                }
                conn.entry("connect_timeout".into())
                    .or_insert_with(|| "5".into());
                let conninfo = conn
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &conninfo]);
            }
            Kind::MariaDb => {
                cmd.args(["--protocol=tcp", "--connect-timeout=5", "--batch"]);
                for (key, flag) in [("host", "--host"), ("port", "--port"), ("user", "--user")] {
                    if let Some(v) = self.conn.get(key) {
                        cmd.arg(format!("{flag}={v}"));
                    }
                }
                // MYSQL_PWD keeps the password off the command line.
                cmd.env("MYSQL_PWD", self.conn.get("password").map_or("", |p| p));
                if let Some(db) = db {
                    cmd.arg(format!("--database={db}"));
                }
            }
            Kind::Sqlite => {
                // Options go before the database file; SQL (if any) follows it.
                cmd.args(["-bail", "-batch", "-noheader", "-separator", "\t"]);
                cmd.args(["-nullvalue", "NULL", db.unwrap_or(":memory:")]);
            }
        }
        cmd
    }

    /// Runs one SQL text (may hold several statements) and returns raw stdout.
    fn run_sql(&self, db: Option<&str>, sql: &str) -> Result<String, String> {
        let mut cmd = self.client(db);
        match self.kind {
            Kind::Postgres => {
                cmd.args(["-A", "-t", "-F", "\t", "-P", "null=NULL", "-c", sql]);
            }
            Kind::MariaDb => {
                cmd.args(["--skip-column-names", "-e", sql]);
            }
            Kind::Sqlite => {
                cmd.arg(sql);
            }
        }
        outcome(cmd.output(), self.kind.client())
    }

    /// A new, empty, uniquely named database (`name_hint` makes it recognisable);
    /// dropped again when the returned [`Db`] is dropped. Panics if it cannot be made.
    pub fn fresh_db(&self, name_hint: &str) -> Db {
        let name = unique_name(name_hint);
        let maint = self.maintenance_db();
        let made = match self.kind {
            Kind::Postgres => self
                .run_sql(maint.as_deref(), &format!("DROP DATABASE IF EXISTS {name}"))
                .and_then(|_| self.run_sql(maint.as_deref(), &format!("CREATE DATABASE {name}"))),
            Kind::MariaDb => self.run_sql(
                None,
                &format!(
                    "DROP DATABASE IF EXISTS {name}; \
                     CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
                ),
            ),
            Kind::Sqlite => Ok(String::new()),
        };
        if let Err(e) = made {
            panic!("{}: cannot create database {name}: {e}", self.kind);
        }
        let path = match self.kind {
            Kind::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.sqlite3"));
                let _ = std::fs::remove_file(&path);
                Some(path)
            }
            _ => None,
        };
        Db {
            engine: self.clone(),
            name,
            path,
        }
    }
}

/// One index as the engine reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    /// Backs the primary key (PostgreSQL `*_pkey`, MariaDB `PRIMARY`, SQLite `origin = pk`).
    pub primary: bool,
    /// Has a `WHERE` clause (always false on MariaDB, which has no partial indexes).
    pub partial: bool,
    /// Key columns in order; an expression key is its text on PostgreSQL, `<expr>` on
    /// SQLite, empty on MariaDB.
    pub columns: Vec<String>,
}

/// A scratch database on one engine; dropped (best effort) on `Drop`.
#[derive(Debug)]
pub struct Db {
    engine: Engine,
    name: String,
    /// The database file (SQLite only).
    path: Option<PathBuf>,
}

impl Db {
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn kind(&self) -> Kind {
        self.engine.kind
    }

    /// The database name (SQLite: the file's stem).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SQLite database file, `None` on servers.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn target(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => self.name.clone(),
        }
    }

    /// Applies a script file as a DBA would, stopping at the first error:
    /// `psql -v ON_ERROR_STOP=1 -X -q -f FILE`, `mariadb --batch < FILE`,
    /// `sqlite3 -bail DB < FILE`. `Ok(stdout)` or `Err(the client's stderr)`.
    pub fn apply_file(&self, path: impl AsRef<Path>) -> Result<String, String> {
        let path = path.as_ref();
        let target = self.target();
        let mut cmd = self.engine.client(Some(&target));
        match self.kind() {
            Kind::Postgres => {
                cmd.arg("-f").arg(path);
            }
            Kind::MariaDb | Kind::Sqlite => {
                let file =
                    File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                cmd.stdin(Stdio::from(file));
            }
        }
        outcome(cmd.output(), self.engine.kind.client())
    }

    /// Applies a script as [`Db::apply_file`] does, in a session whose
    /// settings the operator changed first: `pg_options` as psql's
    /// `PGOPTIONS` (`-c name=value`), `mariadb_init` as the mariadb
    /// client's `--init-command`; SQLite has no such settings.
    pub fn apply_file_in_session(
        &self,
        path: impl AsRef<Path>,
        pg_options: &str,
        mariadb_init: &str,
    ) -> Result<String, String> {
        let path = path.as_ref();
        let mut cmd = self.engine.client(Some(&self.target()));
        match self.kind() {
            Kind::Postgres => {
                cmd.env("PGOPTIONS", pg_options).arg("-f").arg(path);
            }
            Kind::MariaDb | Kind::Sqlite => {
                if self.kind() == Kind::MariaDb {
                    cmd.arg(format!("--init-command={mariadb_init}"));
                }
                let file =
                    File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                cmd.stdin(Stdio::from(file));
            }
        }
        outcome(cmd.output(), self.engine.kind.client())
    }

    /// The environment a client started by hand needs to reach this
    /// database as `psql` reads it (`PGHOST`, `PGPORT`, `PGUSER`,
    /// `PGPASSWORD`, `PGDATABASE`); empty for the other engines.
    pub fn libpq_env(&self) -> Vec<(String, String)> {
        if self.kind() != Kind::Postgres {
            return Vec::new();
        }
        let mut env: Vec<(String, String)> = [
            ("host", "PGHOST"),
            ("port", "PGPORT"),
            ("user", "PGUSER"),
            ("password", "PGPASSWORD"),
        ]
        .iter()
        .filter_map(|(k, var)| {
            self.engine
                .conn
                .get(*k)
                .map(|v| ((*var).to_owned(), v.clone()))
        })
        .collect();
        env.push(("PGDATABASE".to_owned(), self.name.clone()));
        env
    }

    /// The schema as the engine's own dump tool writes it: `pg_dump
    /// --schema-only`, `mariadb-dump --no-data`, `sqlite3 DB .schema`.
    pub fn dump_schema(&self) -> Result<String, String> {
        let conn = &self.engine.conn;
        let (tool, mut cmd) = match self.kind() {
            Kind::Postgres => {
                let mut cmd = Command::new("pg_dump");
                cmd.envs(self.libpq_env()).arg("--schema-only");
                ("pg_dump", cmd)
            }
            Kind::MariaDb => {
                let mut cmd = Command::new("mariadb-dump");
                cmd.args(["--protocol=tcp", "--no-data"]);
                for (key, flag) in [("host", "--host"), ("port", "--port"), ("user", "--user")] {
                    if let Some(v) = conn.get(key) {
                        cmd.arg(format!("{flag}={v}"));
                    }
                }
                cmd.env("MYSQL_PWD", conn.get("password").map_or("", |p| p));
                cmd.arg(&self.name);
                ("mariadb-dump", cmd)
            }
            Kind::Sqlite => {
                let mut cmd = Command::new("sqlite3");
                cmd.arg(self.target()).arg(".schema");
                ("sqlite3", cmd)
            }
        };
        cmd.stdin(Stdio::null());
        outcome(cmd.output(), tool)
    }

    /// Writes `sql` to a temporary file and applies it with [`Db::apply_file`].
    pub fn apply_sql(&self, sql: &str) -> Result<String, String> {
        let path = std::env::temp_dir().join(format!("{}_{}.sql", self.name, unique_name("s")));
        std::fs::write(&path, sql).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let result = self.apply_file(&path);
        let _ = std::fs::remove_file(&path);
        result
    }

    /// Runs `sql` and returns its rows as text columns, or the client's error.
    pub fn try_query(&self, sql: &str) -> Result<Vec<Vec<String>>, String> {
        let out = self.engine.run_sql(Some(&self.target()), sql)?;
        Ok(out
            .lines()
            .map(|line| line.split('\t').map(str::to_string).collect())
            .collect())
    }

    /// Runs `sql` and returns its rows as text columns; panics on error.
    pub fn query(&self, sql: &str) -> Vec<Vec<String>> {
        self.try_query(sql)
            .unwrap_or_else(|e| panic!("{} query failed: {sql}\n{e}", self.kind()))
    }

    /// The first column of every row.
    fn column0(&self, sql: &str) -> Vec<String> {
        self.query(sql)
            .into_iter()
            .filter_map(|row| row.into_iter().next())
            .collect()
    }

    /// User tables in the default schema (including the version table), sorted.
    pub fn tables(&self) -> Vec<String> {
        let sql = match self.kind() {
            Kind::Postgres => {
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            }
            Kind::MariaDb => {
                "SELECT table_name FROM information_schema.tables \
                 WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
            }
            Kind::Sqlite => {
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            }
        };
        let mut tables = self.column0(sql);
        tables.sort();
        tables
    }

    /// `(name, type, nullable)` for each column of `table`, in table order. Types are
    /// the engine's own spelling: `character varying(255)`, `varchar(255)`, `VARCHAR(255)`.
    pub fn columns(&self, table: &str) -> Vec<(String, String, bool)> {
        let t = sql_literal(table);
        let sql = match self.kind() {
            Kind::Postgres => format!(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull \
                 FROM pg_attribute a WHERE a.attrelid = to_regclass(quote_ident({t})) \
                 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
            ),
            Kind::MariaDb => format!(
                "SELECT column_name, column_type, is_nullable = 'YES' \
                 FROM information_schema.columns \
                 WHERE table_schema = DATABASE() AND table_name = {t} ORDER BY ordinal_position"
            ),
            Kind::Sqlite => {
                format!(
                    "SELECT name, type, \"notnull\" = 0 FROM pragma_table_xinfo({t}) WHERE hidden <> 1 ORDER BY cid"
                )
            }
        };
        self.query(&sql)
            .into_iter()
            .map(|row| {
                let [name, ty, nullable] = <[String; 3]>::try_from(row)
                    .unwrap_or_else(|row| panic!("unexpected column row {row:?}"));
                (name, ty, is_true(&nullable))
            })
            .collect()
    }

    /// Indexes on `table` (including those backing primary keys and unique
    /// constraints), sorted by name. SQLite's `INTEGER PRIMARY KEY` has no index.
    pub fn indexes(&self, table: &str) -> Vec<Index> {
        let t = sql_literal(table);
        let sql = match self.kind() {
            Kind::Postgres => format!(
                "SELECT i.relname, ix.indisunique, ix.indisprimary, ix.indpred IS NOT NULL, \
                 array_to_string(ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) \
                   FROM generate_series(1, ix.indnkeyatts) AS k ORDER BY k), chr(31)) \
                 FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid \
                 WHERE ix.indrelid = to_regclass(quote_ident({t}))"
            ),
            Kind::MariaDb => format!(
                "SELECT index_name, MIN(non_unique) = 0, index_name = 'PRIMARY', 0, \
                 GROUP_CONCAT(COALESCE(column_name, '') ORDER BY seq_in_index SEPARATOR '\u{1f}') \
                 FROM information_schema.statistics \
                 WHERE table_schema = DATABASE() AND table_name = {t} GROUP BY index_name"
            ),
            Kind::Sqlite => format!(
                "SELECT il.name, il.\"unique\", il.origin = 'pk', il.partial, \
                 (SELECT group_concat(COALESCE(ii.name, '<expr>'), char(31)) \
                  FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno) AS ii) \
                 FROM pragma_index_list({t}) AS il"
            ),
        };
        let mut indexes: Vec<Index> = self
            .query(&sql)
            .into_iter()
            .map(|row| {
                let [name, unique, primary, partial, columns] = <[String; 5]>::try_from(row)
                    .unwrap_or_else(|row| panic!("unexpected index row {row:?}"));
                Index {
                    name,
                    unique: is_true(&unique),
                    primary: is_true(&primary),
                    partial: is_true(&partial),
                    columns: split_list(&columns),
                }
            })
            .collect();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        indexes
    }

    /// PostgreSQL: user-defined enum types in the default schema with their labels in
    /// order, sorted by name. Other engines have no such types: always empty.
    pub fn types(&self) -> Vec<(String, Vec<String>)> {
        if self.kind() != Kind::Postgres {
            return Vec::new();
        }
        self.query(
            "SELECT t.typname, array_to_string(ARRAY(SELECT e.enumlabel FROM pg_enum e \
               WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), chr(31)) \
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE n.nspname = current_schema() AND t.typtype = 'e' ORDER BY t.typname",
        )
        .into_iter()
        .map(|row| {
            let [name, labels] = <[String; 2]>::try_from(row)
                .unwrap_or_else(|row| panic!("unexpected type row {row:?}"));
            (name, split_list(&labels))
        })
        .collect()
    }
}

fn is_true(s: &str) -> bool {
    matches!(s, "t" | "true" | "1")
}

fn split_list(s: &str) -> Vec<String> {
    if s.is_empty() || s == "NULL" {
        Vec::new()
    } else {
        s.split(LIST_SEP).map(str::to_string).collect()
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let name = &self.name;
        let maint = self.engine.maintenance_db();
        match self.engine.kind {
            Kind::Postgres => {
                let forced = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                if self.engine.run_sql(maint.as_deref(), &forced).is_err() {
                    let plain = format!("DROP DATABASE IF EXISTS {name}");
                    let _ = self.engine.run_sql(maint.as_deref(), &plain);
                }
            }
            Kind::MariaDb => {
                let _ = self
                    .engine
                    .run_sql(None, &format!("DROP DATABASE IF EXISTS {name}"));
            }
            Kind::Sqlite => {
                if let Some(path) = &self.path {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
}
