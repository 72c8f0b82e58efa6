//! Synthetic migration histories for the benchmarks.
//!
//! [`History::generate`] builds `n` revisions deterministically (a seeded
//! LCG, no `rand`): a trunk that splits into a side branch at the start of
//! every segment of ~50 revisions and merges it back at the end, now and then
//! with a branch label or a cross-branch `depends_on`. Operations are a
//! realistic mix: `create_table` (3-8 columns of portable types, usually a
//! foreign key to an earlier table), `add_column`, `create_index`,
//! `drop_index`, `drop_column`, `alter_column` (a rename, a nullability
//! change or a wider type), `execute` with `reverse_sql`, and an occasional
//! `rename_table` or `drop_table`.
//!
//! The history is valid in any topological order: every table belongs to one
//! lane (the trunk, or the side branch that created it, until its merge) and
//! only that lane touches it; a branch points foreign keys only at tables
//! that were already referenced before it split, and referenced tables are
//! never dropped. The generator tracks the schema itself, so it also knows
//! each operation's inverse: [`History::write_manifest`] writes the upgrade
//! and the explicit downgrade of every revision as JSON, from which
//! `bench/alembic_writer.py` writes the same history as an Alembic project.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

/// The operation mix's version: histories cached on disk are keyed by it,
/// so bump it whenever what [`History::generate`] writes changes.
pub const MIX: u32 = 2;

/// Revisions per segment: a branch splits at its start and merges at its end.
pub const SEGMENT: usize = 50;

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 16
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A portable column type, with its Alembic spelling.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    Integer,
    BigInt,
    Varchar(u16),
    Text,
    Boolean,
    Numeric,
    Timestamptz,
    Date,
    Uuid,
    Json,
}

impl Ty {
    fn pick(rng: &mut Lcg) -> Ty {
        match rng.below(10) {
            0 => Ty::Integer,
            1 => Ty::BigInt,
            2 => Ty::Varchar([32, 64, 120, 255][rng.below(4)]),
            3 => Ty::Text,
            4 => Ty::Boolean,
            5 => Ty::Numeric,
            6 => Ty::Timestamptz,
            7 => Ty::Date,
            8 => Ty::Uuid,
            _ => Ty::Json,
        }
    }
    /// The gen spelling.
    pub fn gen(self) -> String {
        match self {
            Ty::Integer => "integer".into(),
            Ty::BigInt => "bigint".into(),
            Ty::Varchar(n) => format!("varchar({n})"),
            Ty::Text => "text".into(),
            Ty::Boolean => "boolean".into(),
            Ty::Numeric => "numeric(12,2)".into(),
            Ty::Timestamptz => "timestamptz".into(),
            Ty::Date => "date".into(),
            Ty::Uuid => "uuid".into(),
            Ty::Json => "json".into(),
        }
    }
}

/// A column default.
#[derive(Clone, Debug)]
pub enum Default {
    /// A literal written as a YAML scalar (`0`, `false`, `active`).
    Literal(String),
    /// `{sql: CURRENT_TIMESTAMP}`.
    Sql(String),
}

#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    pub ty: Ty,
    pub nullable: bool,
    pub primary_key: bool,
    pub default: Option<Default>,
    /// Referenced table (its `id`), `on_delete: cascade`.
    pub references: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
}

/// One operation, with everything needed to write it and its inverse.
#[derive(Clone, Debug)]
pub enum Op {
    CreateTable {
        name: String,
        columns: Vec<Column>,
    },
    DropTable {
        name: String,
        /// The definition before the drop (for the inverse).
        columns: Vec<Column>,
        indexes: Vec<Index>,
    },
    AddColumn {
        table: String,
        column: Column,
    },
    DropColumn {
        table: String,
        column: Column,
    },
    CreateIndex {
        table: String,
        index: Index,
    },
    DropIndex {
        table: String,
        index: Index,
    },
    /// `from` is the column before, `to` after: a new name, nullability
    /// or type (what differs is what the operation says).
    AlterColumn {
        table: String,
        from: Column,
        to: Column,
    },
    RenameTable {
        from: String,
        to: String,
    },
    Execute {
        sql: String,
        reverse_sql: String,
    },
}

impl Op {
    /// The operations that undo this one, in order.
    pub fn inverse(&self) -> Vec<Op> {
        match self {
            Op::CreateTable { name, columns } => vec![Op::DropTable {
                name: name.clone(),
                columns: columns.clone(),
                indexes: Vec::new(),
            }],
            Op::DropTable {
                name,
                columns,
                indexes,
            } => {
                let mut out = vec![Op::CreateTable {
                    name: name.clone(),
                    columns: columns.clone(),
                }];
                out.extend(indexes.iter().map(|i| Op::CreateIndex {
                    table: name.clone(),
                    index: i.clone(),
                }));
                out
            }
            Op::AddColumn { table, column } => vec![Op::DropColumn {
                table: table.clone(),
                column: column.clone(),
            }],
            Op::DropColumn { table, column } => vec![Op::AddColumn {
                table: table.clone(),
                column: column.clone(),
            }],
            Op::CreateIndex { table, index } => vec![Op::DropIndex {
                table: table.clone(),
                index: index.clone(),
            }],
            Op::DropIndex { table, index } => vec![Op::CreateIndex {
                table: table.clone(),
                index: index.clone(),
            }],
            Op::AlterColumn { table, from, to } => vec![Op::AlterColumn {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
            }],
            Op::RenameTable { from, to } => vec![Op::RenameTable {
                from: to.clone(),
                to: from.clone(),
            }],
            Op::Execute { sql, reverse_sql } => vec![Op::Execute {
                sql: reverse_sql.clone(),
                reverse_sql: sql.clone(),
            }],
        }
    }
}

#[derive(Clone, Debug)]
pub struct Revision {
    pub id: String,
    pub slug: String,
    pub message: String,
    pub create_date: String,
    pub parents: Vec<String>,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub upgrade: Vec<Op>,
}

impl Revision {
    pub fn file_stem(&self) -> String {
        format!("{}_{}", self.id, self.slug)
    }
    /// The explicit downgrade: inverses in reverse order.
    pub fn downgrade(&self) -> Vec<Op> {
        self.upgrade.iter().rev().flat_map(Op::inverse).collect()
    }
}

/// A table as the generator tracks it.
struct Table {
    name: String,
    columns: Vec<Column>,
    indexes: Vec<Index>,
    /// Some foreign key points at it: never dropped.
    pinned: bool,
}

/// Which tables a lane (the trunk or one side branch) may touch.
#[derive(Default)]
struct Lane {
    /// Indexes into `Builder::tables` of the live tables this lane owns.
    tables: Vec<usize>,
    tip: Option<String>,
}

const WORDS: &[&str] = &[
    "accounts",
    "orders",
    "invoices",
    "projects",
    "tasks",
    "notes",
    "events",
    "payments",
    "shipments",
    "products",
    "reviews",
    "tickets",
    "devices",
    "sessions",
    "reports",
    "teams",
];
const COLS: &[&str] = &[
    "title",
    "amount",
    "status",
    "note",
    "code",
    "email",
    "score",
    "total",
    "label",
    "kind",
    "flag",
    "starts_on",
    "ends_on",
    "payload",
    "region",
    "priority",
];

struct Builder {
    rng: Lcg,
    ids: HashSet<String>,
    tables: Vec<Table>,
    /// Append-only: tables pinned so far (pinned tables are never dropped).
    pinned: Vec<usize>,
    counter: usize,
    revisions: Vec<Revision>,
}

impl Builder {
    fn fresh(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    fn new_id(&mut self) -> String {
        loop {
            let id = format!("{:012x}", self.rng.next() & 0xffff_ffff_ffff);
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn column(&mut self, with_default: bool) -> Column {
        let word = COLS[self.rng.below(COLS.len())];
        let name = format!("{word}_{}", self.fresh());
        let ty = Ty::pick(&mut self.rng);
        let default = if with_default && self.rng.chance(30) {
            match ty {
                Ty::Integer | Ty::BigInt | Ty::Numeric => Some(Default::Literal("0".into())),
                Ty::Boolean => Some(Default::Literal("false".into())),
                Ty::Varchar(_) | Ty::Text => Some(Default::Literal("active".into())),
                Ty::Timestamptz => Some(Default::Sql("CURRENT_TIMESTAMP".into())),
                _ => None,
            }
        } else {
            None
        };
        Column {
            name,
            ty,
            nullable: default.is_none() || self.rng.chance(50),
            primary_key: false,
            default,
            references: None,
        }
    }

    fn pin(&mut self, t: usize) {
        if !self.tables[t].pinned {
            self.tables[t].pinned = true;
            self.pinned.push(t);
        }
    }

    /// A foreign-key target for a lane: one of its own tables, or a table
    /// pinned before the segment started (`pinned_before`).
    fn fk_target(&mut self, lane: &Lane, pinned_before: usize) -> Option<usize> {
        if !lane.tables.is_empty() && (pinned_before == 0 || self.rng.chance(60)) {
            return Some(lane.tables[self.rng.below(lane.tables.len())]);
        }
        if pinned_before > 0 {
            return Some(self.pinned[self.rng.below(pinned_before)]);
        }
        None
    }

    fn create_table(&mut self, lane: &mut Lane, pinned_before: usize) -> Op {
        let word = WORDS[self.rng.below(WORDS.len())];
        let name = format!("{word}_{}", self.fresh());
        let mut columns = vec![Column {
            name: "id".into(),
            ty: Ty::Integer,
            nullable: false,
            primary_key: true,
            default: None,
            references: None,
        }];
        let extra = 2 + self.rng.below(6);
        let fk = if self.rng.chance(80) {
            self.fk_target(lane, pinned_before)
        } else {
            None
        };
        for i in 0..extra {
            match fk {
                Some(t) if i == 0 => {
                    self.pin(t);
                    let target = self.tables[t].name.clone();
                    columns.push(Column {
                        name: format!("{target}_id"),
                        ty: Ty::Integer,
                        nullable: false,
                        primary_key: false,
                        default: None,
                        references: Some(target),
                    });
                }
                _ => {
                    let c = self.column(true);
                    columns.push(c);
                }
            }
        }
        self.tables.push(Table {
            name: name.clone(),
            columns: columns.clone(),
            indexes: Vec::new(),
            pinned: false,
        });
        lane.tables.push(self.tables.len() - 1);
        Op::CreateTable { name, columns }
    }

    /// One operation for `lane`, falling back to `create_table` when the
    /// drawn kind has nothing to act on.
    fn op(&mut self, lane: &mut Lane, pinned_before: usize, may_drop_table: bool) -> Op {
        let roll = self.rng.below(100);
        if lane.tables.is_empty() || roll < 20 {
            return self.create_table(lane, pinned_before);
        }
        let pos = self.rng.below(lane.tables.len());
        let t = lane.tables[pos];
        let table = self.tables[t].name.clone();
        if roll < 40 {
            let column = self.column(true);
            self.tables[t].columns.push(column.clone());
            return Op::AddColumn { table, column };
        }
        if roll < 55 {
            let candidates: Vec<String> = self.tables[t]
                .columns
                .iter()
                .filter(|c| !c.primary_key && !matches!(c.ty, Ty::Json))
                .map(|c| c.name.clone())
                .collect();
            if !candidates.is_empty() {
                let mut columns = vec![candidates[self.rng.below(candidates.len())].clone()];
                if candidates.len() > 1 && self.rng.chance(30) {
                    let second = candidates[self.rng.below(candidates.len())].clone();
                    if second != columns[0] {
                        columns.push(second);
                    }
                }
                let index = Index {
                    name: format!("ix_{}_{}", self.fresh(), columns[0]),
                    columns,
                    unique: self.rng.chance(15),
                };
                self.tables[t].indexes.push(index.clone());
                return Op::CreateIndex { table, index };
            }
        } else if roll < 63 {
            if !self.tables[t].indexes.is_empty() {
                let i = self.rng.below(self.tables[t].indexes.len());
                let index = self.tables[t].indexes.remove(i);
                return Op::DropIndex { table, index };
            }
        } else if roll < 71 {
            // Only columns that nothing uses: not the key, not a foreign
            // key, not in an index.
            let tab = &self.tables[t];
            let free: Vec<usize> = (0..tab.columns.len())
                .filter(|&i| {
                    let c = &tab.columns[i];
                    !c.primary_key
                        && c.references.is_none()
                        && !tab.indexes.iter().any(|ix| ix.columns.contains(&c.name))
                })
                .collect();
            if free.len() > 1 {
                let i = free[self.rng.below(free.len())];
                let column = self.tables[t].columns.remove(i);
                return Op::DropColumn { table, column };
            }
        } else if roll < 81 {
            if let Some(op) = self.alter_column(t) {
                return op;
            }
        } else if roll < 83 {
            // Nothing points at an unpinned table: renaming it touches no
            // other table's foreign keys.
            if !self.tables[t].pinned {
                let word = WORDS[self.rng.below(WORDS.len())];
                let to = format!("{word}_{}", self.fresh());
                let from = std::mem::replace(&mut self.tables[t].name, to.clone());
                return Op::RenameTable { from, to };
            }
        } else if roll < 96 {
            let tab = &self.tables[t];
            let col = tab
                .columns
                .iter()
                .find(|c| !c.primary_key)
                .map_or("id", |c| c.name.as_str());
            return Op::Execute {
                sql: format!("UPDATE {table} SET {col} = {col} WHERE id < 0"),
                reverse_sql: format!("UPDATE {table} SET {col} = {col} WHERE id < -1"),
            };
        } else if may_drop_table && !self.tables[t].pinned {
            lane.tables.swap_remove(pos);
            let tab = &self.tables[t];
            return Op::DropTable {
                name: tab.name.clone(),
                columns: tab.columns.clone(),
                indexes: tab.indexes.clone(),
            };
        }
        let column = self.column(true);
        self.tables[t].columns.push(column.clone());
        Op::AddColumn { table, column }
    }

    /// Renames a column no index uses, or changes a column's nullability
    /// or widens its type (never the key or a foreign key).
    fn alter_column(&mut self, t: usize) -> Option<Op> {
        let tab = &self.tables[t];
        let table = tab.name.clone();
        let candidates: Vec<usize> = (0..tab.columns.len())
            .filter(|&i| !tab.columns[i].primary_key && tab.columns[i].references.is_none())
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let i = candidates[self.rng.below(candidates.len())];
        let from = tab.columns[i].clone();
        let indexed = tab.indexes.iter().any(|ix| ix.columns.contains(&from.name));
        let mut to = from.clone();
        match (self.rng.below(3), from.ty) {
            (0, _) if !indexed => {
                let word = COLS[self.rng.below(COLS.len())];
                to.name = format!("{word}_{}", self.fresh());
            }
            (1, Ty::Varchar(n)) if n < 255 => to.ty = Ty::Varchar(255),
            (1, Ty::Integer) => to.ty = Ty::BigInt,
            _ => to.nullable = !from.nullable,
        }
        self.tables[t].columns[i] = to.clone();
        Some(Op::AlterColumn { table, from, to })
    }

    fn revision(
        &mut self,
        lane: &mut Lane,
        parents: Vec<String>,
        pinned_before: usize,
        ops: usize,
    ) -> usize {
        let id = self.new_id();
        let upgrade: Vec<Op> = (0..ops)
            .map(|_| self.op(lane, pinned_before, true))
            .collect();
        let (slug, message) = describe(&upgrade);
        let n = self.revisions.len();
        self.revisions.push(Revision {
            id: id.clone(),
            slug,
            message,
            create_date: format!(
                "2026-{:02}-{:02} {:02}:{:02}:00",
                1 + (n / 1440 / 28) % 12,
                1 + (n / 1440) % 28,
                (n / 60) % 24,
                n % 60
            ),
            parents,
            branch_labels: Vec::new(),
            depends_on: Vec::new(),
            upgrade,
        });
        lane.tip = Some(id);
        n
    }
}

fn describe(ops: &[Op]) -> (String, String) {
    let first = match ops.first() {
        Some(Op::CreateTable { name, .. }) => format!("create {name}"),
        Some(Op::DropTable { name, .. }) => format!("drop {name}"),
        Some(Op::AddColumn { table, column }) => format!("add {table} {}", column.name),
        Some(Op::DropColumn { table, column }) => format!("drop {table} {}", column.name),
        Some(Op::CreateIndex { index, .. }) => format!("index {}", index.name),
        Some(Op::DropIndex { index, .. }) => format!("drop index {}", index.name),
        Some(Op::AlterColumn { table, from, .. }) => format!("alter {table} {}", from.name),
        Some(Op::RenameTable { from, to }) => format!("rename {from} to {to}"),
        Some(Op::Execute { .. }) => "backfill data".to_owned(),
        None => "merge branches".to_owned(),
    };
    let slug: String = first
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    (slug, first)
}

/// A generated history.
pub struct History {
    pub revisions: Vec<Revision>,
}

impl History {
    /// `n` revisions from `seed`.
    pub fn generate(n: usize, seed: u64) -> History {
        let mut b = Builder {
            rng: Lcg::new(seed),
            ids: HashSet::new(),
            tables: Vec::new(),
            pinned: Vec::new(),
            counter: 0,
            revisions: Vec::new(),
        };
        let mut trunk = Lane::default();
        let mut segment = 0usize;
        while b.revisions.len() < n {
            let left = n - b.revisions.len();
            let pinned_before = b.pinned.len();
            // A segment: a side branch from the trunk's tip, merged back at the end.
            let split = trunk.tip.clone();
            if left < 6 || split.is_none() {
                let parents = trunk.tip.iter().cloned().collect();
                let ops = 1 + b.rng.below(3);
                b.revision(&mut trunk, parents, pinned_before, ops);
                continue;
            }
            segment += 1;
            let len = left.min(SEGMENT);
            let branch_len = (len / 4).max(1) + b.rng.below(len / 4 + 1);
            let trunk_len = len - 1 - branch_len;
            let mut side = Lane {
                tables: Vec::new(),
                tip: split.clone(),
            };
            let mut trunk_made: Vec<String> = Vec::new();
            let (mut ti, mut si) = (0, 0);
            while ti < trunk_len || si < branch_len {
                let ops = 1 + b.rng.below(3);
                if si < branch_len && (ti >= trunk_len || b.rng.chance(40)) {
                    let parents = side.tip.iter().cloned().collect();
                    let r = b.revision(&mut side, parents, pinned_before, ops);
                    if si == 0 && segment % 3 == 0 {
                        b.revisions[r].branch_labels = vec![format!("feature_{segment}")];
                    }
                    if !trunk_made.is_empty() && b.rng.chance(5) {
                        let dep = trunk_made[b.rng.below(trunk_made.len())].clone();
                        b.revisions[r].depends_on = vec![dep];
                    }
                    si += 1;
                } else {
                    let parents = trunk.tip.iter().cloned().collect();
                    let r = b.revision(&mut trunk, parents, pinned_before, ops);
                    trunk_made.push(b.revisions[r].id.clone());
                    ti += 1;
                }
            }
            // The merge: both tips, no operations; the side's tables join the trunk.
            let parents: Vec<String> = trunk.tip.iter().chain(side.tip.iter()).cloned().collect();
            b.revision(&mut trunk, parents, pinned_before, 0);
            trunk.tables.append(&mut side.tables);
        }
        History {
            revisions: b.revisions,
        }
    }

    /// Writes one YAML file per revision into `dir` (created if needed).
    pub fn write_yaml(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for r in &self.revisions {
            std::fs::write(dir.join(format!("{}.yaml", r.file_stem())), yaml(r))?;
        }
        Ok(())
    }

    /// Writes the whole history, with explicit downgrades, as one JSON file.
    pub fn write_manifest(&self, path: &Path) -> std::io::Result<()> {
        let mut out = String::from("[\n");
        for (i, r) in self.revisions.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            let _ = write!(
                out,
                "{{\"id\": {}, \"file\": {}, \"message\": {}, \"create_date\": {}, \"parents\": {}, \"branch_labels\": {}, \"depends_on\": {}, \"upgrade\": {}, \"downgrade\": {}}}",
                js(&r.id),
                js(&r.file_stem()),
                js(&r.message),
                js(&r.create_date),
                js_list(&r.parents),
                js_list(&r.branch_labels),
                js_list(&r.depends_on),
                js_ops(&r.upgrade),
                js_ops(&r.downgrade()),
            );
        }
        out.push_str("\n]\n");
        std::fs::write(path, out)
    }
}

fn flow_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

fn yaml_column(out: &mut String, indent: &str, c: &Column) {
    let _ = writeln!(out, "{indent}name: {}", c.name);
    let _ = writeln!(out, "{indent}type: {}", c.ty.gen());
    if c.primary_key {
        let _ = writeln!(out, "{indent}primary_key: true");
        let _ = writeln!(out, "{indent}autoincrement: true");
    } else if !c.nullable {
        let _ = writeln!(out, "{indent}nullable: false");
    }
    match &c.default {
        Some(Default::Literal(v)) => {
            let _ = writeln!(out, "{indent}default: {v}");
        }
        Some(Default::Sql(v)) => {
            let _ = writeln!(out, "{indent}default: {{sql: {v}}}");
        }
        None => {}
    }
    if let Some(t) = &c.references {
        let _ = writeln!(
            out,
            "{indent}references: {{table: {t}, column: id, on_delete: cascade}}"
        );
    }
}

/// The revision as a block-style YAML file, as a person would write it.
pub fn yaml(r: &Revision) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "revision: {}", quote_id(&r.id));
    match r.parents.as_slice() {
        [] => out.push_str("down_revision: null\n"),
        [one] => {
            let _ = writeln!(out, "down_revision: {}", quote_id(one));
        }
        many => {
            let ids: Vec<String> = many.iter().map(|s| quote_id(s)).collect();
            let _ = writeln!(out, "down_revision: {}", flow_list(&ids));
        }
    }
    if !r.branch_labels.is_empty() {
        let _ = writeln!(out, "branch_labels: {}", flow_list(&r.branch_labels));
    }
    if !r.depends_on.is_empty() {
        let ids: Vec<String> = r.depends_on.iter().map(|s| quote_id(s)).collect();
        let _ = writeln!(out, "depends_on: {}", flow_list(&ids));
    }
    let _ = writeln!(out, "message: {}", r.message);
    let _ = writeln!(out, "create_date: {}", r.create_date);
    if r.upgrade.is_empty() {
        out.push_str("upgrade: []\n");
        return out;
    }
    out.push_str("upgrade:\n");
    for op in &r.upgrade {
        match op {
            Op::CreateTable { name, columns } => {
                let _ = writeln!(out, "  - create_table:\n      name: {name}\n      columns:");
                for c in columns {
                    let mut col = String::new();
                    yaml_column(&mut col, "          ", c);
                    out.push_str("        - ");
                    out.push_str(col.trim_start());
                }
            }
            Op::DropTable { name, .. } => {
                let _ = writeln!(out, "  - drop_table:\n      name: {name}");
            }
            Op::AddColumn { table, column } => {
                let _ = writeln!(out, "  - add_column:\n      table: {table}\n      column:");
                yaml_column(&mut out, "        ", column);
            }
            Op::DropColumn { table, column } => {
                let _ = writeln!(
                    out,
                    "  - drop_column:\n      table: {table}\n      column: {}",
                    column.name
                );
            }
            Op::CreateIndex { table, index } => {
                let _ = writeln!(
                    out,
                    "  - create_index:\n      name: {}\n      table: {table}\n      columns: {}",
                    index.name,
                    flow_list(&index.columns)
                );
                if index.unique {
                    out.push_str("      unique: true\n");
                }
            }
            Op::DropIndex { table, index } => {
                let _ = writeln!(
                    out,
                    "  - drop_index:\n      name: {}\n      table: {table}",
                    index.name
                );
            }
            Op::AlterColumn { table, from, to } => {
                let _ = writeln!(
                    out,
                    "  - alter_column:\n      table: {table}\n      column: {}",
                    from.name
                );
                if to.name != from.name {
                    let _ = writeln!(out, "      new_name: {}", to.name);
                }
                if to.ty.gen() != from.ty.gen() {
                    let _ = writeln!(out, "      type: {}", to.ty.gen());
                }
                if to.nullable != from.nullable {
                    let _ = writeln!(out, "      nullable: {}", to.nullable);
                }
            }
            Op::RenameTable { from, to } => {
                let _ = writeln!(
                    out,
                    "  - rename_table:\n      name: {from}\n      new_name: {to}"
                );
            }
            Op::Execute { sql, reverse_sql } => {
                let _ = writeln!(
                    out,
                    "  - execute:\n      sql: {sql}\n      reverse_sql: {reverse_sql}"
                );
            }
        }
    }
    out
}

/// Ids are hex: quote them so that an all-digit one stays text.
fn quote_id(id: &str) -> String {
    format!("'{id}'")
}

fn js(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn js_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| js(s)).collect();
    format!("[{}]", parts.join(", "))
}

fn js_column(c: &Column) -> String {
    let default = match &c.default {
        Some(Default::Literal(v)) => format!("{{\"literal\": {}}}", js(v)),
        Some(Default::Sql(v)) => format!("{{\"sql\": {}}}", js(v)),
        None => "null".to_owned(),
    };
    let ty = match c.ty {
        Ty::Varchar(n) => format!("{{\"name\": \"varchar\", \"length\": {n}}}"),
        t => format!("{{\"name\": {}}}", js(&t.gen())),
    };
    format!(
        "{{\"name\": {}, \"type\": {ty}, \"nullable\": {}, \"primary_key\": {}, \"default\": {default}, \"references\": {}}}",
        js(&c.name),
        c.nullable && !c.primary_key,
        c.primary_key,
        c.references.as_deref().map_or("null".to_owned(), js),
    )
}

fn js_index(i: &Index) -> String {
    format!(
        "{{\"name\": {}, \"columns\": {}, \"unique\": {}}}",
        js(&i.name),
        js_list(&i.columns),
        i.unique
    )
}

fn js_ops(ops: &[Op]) -> String {
    let parts: Vec<String> = ops
        .iter()
        .map(|op| match op {
            Op::CreateTable { name, columns } => format!(
                "{{\"op\": \"create_table\", \"name\": {}, \"columns\": [{}]}}",
                js(name),
                columns.iter().map(js_column).collect::<Vec<_>>().join(", ")
            ),
            Op::DropTable { name, .. } => {
                format!("{{\"op\": \"drop_table\", \"name\": {}}}", js(name))
            }
            Op::AddColumn { table, column } => format!(
                "{{\"op\": \"add_column\", \"table\": {}, \"column\": {}}}",
                js(table),
                js_column(column)
            ),
            Op::DropColumn { table, column } => format!(
                "{{\"op\": \"drop_column\", \"table\": {}, \"column\": {}}}",
                js(table),
                js(&column.name)
            ),
            Op::CreateIndex { table, index } => format!(
                "{{\"op\": \"create_index\", \"table\": {}, \"index\": {}}}",
                js(table),
                js_index(index)
            ),
            Op::DropIndex { table, index } => format!(
                "{{\"op\": \"drop_index\", \"table\": {}, \"index\": {}}}",
                js(table),
                js_index(index)
            ),
            Op::AlterColumn { table, from, to } => format!(
                "{{\"op\": \"alter_column\", \"table\": {}, \"from\": {}, \"to\": {}}}",
                js(table),
                js_column(from),
                js_column(to)
            ),
            Op::RenameTable { from, to } => format!(
                "{{\"op\": \"rename_table\", \"from\": {}, \"to\": {}}}",
                js(from),
                js(to)
            ),
            Op::Execute { sql, reverse_sql } => format!(
                "{{\"op\": \"execute\", \"sql\": {}, \"reverse_sql\": {}}}",
                js(sql),
                js(reverse_sql)
            ),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}
