//! A table's indexes, by name, in name order.
//!
//! A long history's schema has tens of thousands of tables, most with no
//! index or a few. A B-tree map allocates room for eleven entries as soon as
//! it holds one (about 1.3 KB per indexed table here); [`Indexes`] holds
//! exactly the indexes there are, sorted by name and found by binary search,
//! so listing them gives the same order a map by name gave.

use crate::ops::ident::Ident;
use crate::ops::CreateIndex;

/// Indexes sorted by name, no two with the same name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Indexes(Vec<CreateIndex>);

impl Indexes {
    fn find(&self, name: &Ident) -> Result<usize, usize> {
        self.0.binary_search_by(|index| index.name.cmp(name))
    }

    pub fn contains_key(&self, name: &Ident) -> bool {
        self.find(name).is_ok()
    }

    pub fn get(&self, name: &Ident) -> Option<&CreateIndex> {
        self.find(name).ok().map(|i| &self.0[i])
    }

    /// Adds `index`, in place of one of the same name.
    pub fn insert(&mut self, index: CreateIndex) {
        match self.find(&index.name) {
            Ok(i) => self.0[i] = index,
            Err(i) => {
                crate::ops::compact::room_for_one(&mut self.0);
                self.0.insert(i, index);
            }
        }
    }

    pub fn remove(&mut self, name: &Ident) -> Option<CreateIndex> {
        let i = self.find(name).ok()?;
        Some(self.0.remove(i))
    }

    /// The names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Ident> {
        self.0.iter().map(|index| &index.name)
    }

    /// The indexes, in name order.
    pub fn values(&self) -> std::slice::Iter<'_, CreateIndex> {
        self.0.iter()
    }

    /// The indexes, to change what they cover (their table, their
    /// columns). Not their names, which keep them in order.
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, CreateIndex> {
        self.0.iter_mut()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Index<&Ident> for Indexes {
    type Output = CreateIndex;

    /// Panics when there is no such index (as a map's `[]` does): for tests.
    fn index(&self, name: &Ident) -> &CreateIndex {
        match self.get(name) {
            Some(index) => index,
            None => panic!("no index `{name}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::IndexColumn;

    fn index(name: &str, column: &str) -> CreateIndex {
        CreateIndex {
            name: Ident::new(name).unwrap(),
            table: Ident::new("t").unwrap(),
            schema: None,
            columns: vec![IndexColumn::Column(Ident::new(column).unwrap())],
            unique: false,
            where_clause: None,
            concurrently: false,
            if_not_exists: false,
            using: None,
            include: None,
            kind: None,
        }
    }

    #[test]
    fn kept_in_name_order_and_replaced_by_name() {
        let mut all = Indexes::default();
        for (name, column) in [("ix_c", "a"), ("ix_a", "b"), ("ix_b", "c"), ("ix_a", "d")] {
            all.insert(index(name, column));
        }
        let names: Vec<&str> = all.keys().map(Ident::as_str).collect();
        assert_eq!(names, ["ix_a", "ix_b", "ix_c"]);
        let ix_a = Ident::new("ix_a").unwrap();
        assert_eq!(all[&ix_a].columns, index("ix_a", "d").columns);
        assert_eq!(all.remove(&ix_a).map(|i| i.name), Some(ix_a.clone()));
        assert!(!all.contains_key(&ix_a));
        assert_eq!(all.remove(&ix_a), None);
        assert_eq!(all.len(), 2);
        assert!(all.get(&Ident::new("ix_b").unwrap()).is_some());
    }
}
