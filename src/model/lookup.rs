//! Reverse lookups over the schema model, so that replaying a long history
//! stays linear.
//!
//! Without them, dropping a table or a column scans every table for foreign
//! keys that point at it, finding which table holds an index scans every
//! table, and naming an unnamed constraint the way the engine does (a name
//! no relation of the schema has yet) scans every table's constraints:
//! quadratic over thousands of revisions. [`Lookup`] keeps, for each table,
//! the tables whose definition *may* reference it, and for each index or
//! constraint name, the tables that *may* hold it. Both are supersets (a dropped table
//! or index is not removed from them): a caller always checks the candidates'
//! actual definitions, so stale entries only cost a lookup, and the answers
//! are exactly those of a full scan, in the same (name) order.
//!
//! Names are kept as the engine compares them (the dialect's
//! [`Folding`]): the tables that may hold `Email` are those that may hold
//! `email` where the engine ignores case, so that one lookup also finds
//! the names the engine would read as one (`schema::names`).
//!
//! The one rule: whatever gives a table a new foreign key or index, or a new
//! name, must be noted here ([`Schema::apply`] does it after each operation,
//! at the cost of the one table it touched, or of the one column it added). The tests check the incremental
//! lookups against [`Lookup::rebuild`], which builds them from scratch.

use super::Table;
use crate::dialect::Folding;
use crate::ops::ident::{Ident, QualName};
use std::collections::HashMap;

/// Table names in name order, without repeats. Most hold one name (an
/// index or constraint name is rarely on two tables), where a `BTreeSet`
/// would allocate a whole node of eleven for it.
#[derive(Debug, Clone, Default)]
struct Tables(Vec<QualName>);

impl Tables {
    fn insert(&mut self, table: &QualName) {
        if let Err(at) = self.0.binary_search(table) {
            crate::ops::compact::room_for_one(&mut self.0);
            self.0.insert(at, table.clone());
        }
    }

    fn iter(&self) -> std::slice::Iter<'_, QualName> {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a Tables {
    type Item = &'a QualName;
    type IntoIter = std::slice::Iter<'a, QualName>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// (schema, name) -> tables that may hold something of that name.
type NameTables = HashMap<(Option<Ident>, Ident), Tables>;

/// `name` as `folding` compares it, as a key.
fn folded(folding: Folding, name: &Ident) -> Ident {
    match folding.key(name.as_str()) {
        std::borrow::Cow::Borrowed(_) => name.clone(),
        // Folding adds no control character: never refused.
        std::borrow::Cow::Owned(k) => Ident::new(&k).unwrap_or_else(|_| name.clone()),
    }
}

fn note_name(map: &mut NameTables, folding: Folding, table: &QualName, name: &Ident) {
    map.entry((table.schema.clone(), folded(folding, name)))
        .or_default()
        .insert(table);
}

fn tables_named<'m>(
    map: &'m NameTables,
    folding: Folding,
    schema: &Option<Ident>,
    name: &Ident,
) -> impl Iterator<Item = &'m QualName> {
    // A borrowed key would need an owned tuple; the clone is two short names.
    map.get(&(schema.clone(), folded(folding, name)))
        .into_iter()
        .flatten()
}

/// Superset reverse indexes over the tables (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Lookup {
    /// Referenced table -> tables whose definition may reference it.
    referrers: HashMap<QualName, Tables>,
    /// (schema, index name) -> tables that may hold the index.
    index_tables: NameTables,
    /// (schema, constraint name) -> tables that may hold the constraint.
    constraint_tables: NameTables,
    /// (schema, table name) -> tables that may be called so (renamed
    /// since, or dropped), as the engine compares names.
    table_names: NameTables,
    /// How the keys of the name maps are compared.
    folding: Folding,
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup::folding(Folding::Exact)
    }
}

impl Lookup {
    /// Empty lookups whose names compare as `folding` says.
    pub(crate) fn folding(folding: Folding) -> Lookup {
        Lookup {
            referrers: HashMap::new(),
            index_tables: NameTables::new(),
            constraint_tables: NameTables::new(),
            table_names: NameTables::new(),
            folding,
        }
    }

    /// Records the name, foreign keys and indexes `table` has now.
    pub(crate) fn note_table(&mut self, name: &QualName, table: &Table) {
        note_name(&mut self.table_names, self.folding, name, &name.name);
        let inline = table
            .def
            .columns
            .iter()
            .filter_map(|c| c.references.as_ref())
            .map(|r| (&r.schema, &r.table));
        let table_level = table
            .def
            .foreign_keys
            .iter()
            .map(|fk| (&fk.references.schema, &fk.references.table));
        for (schema, target) in inline.chain(table_level) {
            self.note_reference(name, QualName::new(schema.clone(), target.clone()));
        }
        for index in table.indexes.keys() {
            self.note_index(name, index);
        }
        for constraint in table.constraint_names() {
            self.note_constraint(name, constraint);
        }
    }

    /// Records that `table` may reference `target`.
    pub(crate) fn note_reference(&mut self, table: &QualName, target: QualName) {
        self.referrers.entry(target).or_default().insert(table);
    }

    /// Records that `table` may hold a constraint called `name`.
    pub(crate) fn note_constraint(&mut self, table: &QualName, name: &Ident) {
        note_name(&mut self.constraint_tables, self.folding, table, name);
    }

    /// Table `old` is now `new` (defined as `table`): what referenced `old`
    /// references `new` (itself too, if its keys point at itself), and its
    /// own keys, indexes and constraints are noted under the new name.
    pub(crate) fn rename_table(&mut self, old: &QualName, new: &QualName, table: &Table) {
        if let Some(referrers) = self.referrers.get(old) {
            let moved: Vec<QualName> = referrers
                .iter()
                .map(|q| if q == old { new.clone() } else { q.clone() })
                .collect();
            let into = self.referrers.entry(new.clone()).or_default();
            for q in &moved {
                into.insert(q);
            }
        }
        self.note_table(new, table);
    }

    /// Records that `table` may hold index `index`.
    pub(crate) fn note_index(&mut self, table: &QualName, index: &Ident) {
        note_name(&mut self.index_tables, self.folding, table, index);
    }

    /// The lookups of `tables`, from scratch (what the incremental ones must cover).
    #[cfg(test)]
    pub(crate) fn rebuild(tables: &HashMap<QualName, Box<Table>>) -> Lookup {
        let mut lookup = Lookup::default();
        for (name, table) in tables {
            lookup.note_table(name, table);
        }
        lookup
    }

    /// Tables whose definition may reference `target`, in name order.
    pub(crate) fn referrers(&self, target: &QualName) -> impl Iterator<Item = &QualName> {
        self.referrers.get(target).into_iter().flatten()
    }

    /// Tables in `schema` that may hold index `name` (or one the engine
    /// reads as `name`), in name order.
    pub(crate) fn index_tables(
        &self,
        schema: &Option<Ident>,
        name: &Ident,
    ) -> impl Iterator<Item = &QualName> {
        tables_named(&self.index_tables, self.folding, schema, name)
    }

    /// Tables in `schema` that may hold a constraint called `name` (or a
    /// name the engine reads as `name`), in name order.
    pub(crate) fn constraint_tables(
        &self,
        schema: &Option<Ident>,
        name: &Ident,
    ) -> impl Iterator<Item = &QualName> {
        tables_named(&self.constraint_tables, self.folding, schema, name)
    }

    /// Tables in `schema` that may be called `name` (or a name the engine
    /// reads as `name`), in name order.
    pub(crate) fn tables_called(
        &self,
        schema: &Option<Ident>,
        name: &Ident,
    ) -> impl Iterator<Item = &QualName> {
        tables_named(&self.table_names, self.folding, schema, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Schema;
    use crate::ops::Op;
    use std::collections::BTreeSet;

    /// The incremental lookups hold at least what a rebuild from scratch does.
    fn assert_covers_a_rebuild(s: &Schema) {
        let fresh = Lookup::rebuild(&s.tables);
        for (target, set) in &fresh.referrers {
            let have: BTreeSet<_> = s.lookup.referrers(target).collect();
            assert!(set.iter().all(|q| have.contains(q)), "{target}");
        }
        for ((schema, name), set) in &fresh.index_tables {
            let have: BTreeSet<_> = s.lookup.index_tables(schema, name).collect();
            assert!(set.iter().all(|q| have.contains(q)), "{name}");
        }
        for ((schema, name), set) in &fresh.constraint_tables {
            let have: BTreeSet<_> = s.lookup.constraint_tables(schema, name).collect();
            assert!(set.iter().all(|q| have.contains(q)), "{name}");
        }
    }

    #[test]
    fn tables_stay_in_name_order_without_repeats() {
        let q = |n: &str| QualName::new(None, Ident::new(n).unwrap());
        let mut t = Tables::default();
        for n in ["m", "b", "x", "b", "a", "m"] {
            t.insert(&q(n));
        }
        let names: Vec<&str> = t.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "m", "x"]);
    }

    fn ops(yaml: &str) -> Vec<Op> {
        crate::source::parse_ops(yaml).unwrap()
    }

    #[test]
    fn incremental_lookups_cover_a_rebuild_and_answer_like_a_scan() {
        let mut s = Schema::new();
        for op in ops(
            "- create_table: {name: a, columns: [{name: id, type: integer, primary_key: true}]}
- create_table: {name: b, columns: [{name: id, type: integer, primary_key: true}, {name: a_id, type: integer, references: {table: a, column: id}}]}
- create_table: {name: c, columns: [{name: id, type: integer, primary_key: true}]}
- add_column: {table: c, column: {name: b_id, type: integer, references: {table: b, column: id}}}
- create_index: {name: ix_c_b, table: c, columns: [b_id]}
- drop_index: {name: ix_c_b, table: c}
- create_index: {name: ix_c_b, table: b, columns: [a_id]}
- drop_table: {name: c}
",
        ) {
            s.apply(&op).unwrap();
        }
        assert_covers_a_rebuild(&s);
        let ix = Ident::new("ix_c_b").unwrap();
        assert_eq!(
            s.index_owner(&None, &ix).map(|q| q.to_string()),
            Some("b".into())
        );
        // `c` is gone: its stale entry under `b` changes nothing.
        let b = QualName::new(None, Ident::new("b").unwrap());
        assert!(s.lookup.referrers(&b).any(|q| q.name.as_str() == "c"));
        assert!(s.apply(&ops("- drop_table: {name: b}")[0]).is_ok());
    }

    #[test]
    fn renames_and_added_keys_keep_the_lookups_complete() {
        let mut s = Schema::new();
        for op in ops(
            "- create_table: {name: a, columns: [{name: id, type: integer, primary_key: true}]}
- create_table: {name: b, columns: [{name: id, type: integer, primary_key: true}, {name: a_id, type: integer}]}
- create_foreign_key: {table: b, columns: [a_id], references: {table: a, columns: [id]}}
- rename_table: {name: a, new_name: authors}
- create_index: {name: ix_b_a, table: b, columns: [a_id]}
- rename_table: {name: b, new_name: books}
- create_table: {name: n, columns: [{name: id, type: integer, primary_key: true}, {name: parent, type: integer, references: {table: n, column: id}}]}
- create_index: {name: ix_n_parent, table: n, columns: [parent]}
- rename_table: {name: n, new_name: nodes}
- alter_column: {table: authors, column: id, new_name: author_id}
- alter_column: {table: nodes, column: id, new_name: node_id}
- add_column: {table: books, column: {name: isbn, type: text, unique: true}}
- add_column: {table: books, column: {name: editor_id, type: integer, references: {table: authors, column: author_id}}}
- create_table: {name: solo, columns: [{name: v, type: integer}]}
- add_column: {table: solo, column: {name: id, type: integer, primary_key: true}}
",
        ) {
            s.apply(&op).unwrap();
            assert_covers_a_rebuild(&s);
        }
        // The renamed parent is still protected by the renamed child's key.
        let e = s
            .apply(&ops("- drop_table: {name: authors}")[0])
            .unwrap_err();
        assert!(e.to_string().contains("books"), "{e}");
        // Keys follow both renames: the table's and the referenced column's.
        let fk = |table: &str| {
            let q = QualName::new(None, Ident::new(table).unwrap());
            let fk = &s.tables[&q].def.foreign_keys[0];
            format!("{}({})", fk.references.table, fk.references.columns[0])
        };
        assert_eq!(fk("books"), "authors(author_id)");
        assert_eq!(fk("nodes"), "nodes(node_id)");
        let ix = Ident::new("ix_n_parent").unwrap();
        assert_eq!(
            s.index_owner(&None, &ix).map(|q| q.to_string()),
            Some("nodes".into())
        );
    }
}
