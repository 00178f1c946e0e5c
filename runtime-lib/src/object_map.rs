//! [`ObjectMap`]: the storage of a Prism object, an insertion-ordered map from string keys to
//! values (the reference's `Map`, D18).
//!
//! Objects in patterns are small (an agent result has about eight fields) and numerous (one
//! per agent result). The map is therefore a plain vector of entries, searched by length and
//! then bytes; a hash index is added only once a map grows past [`INDEX_THRESHOLD`] keys, so
//! large maps (`votes[key]` counters) stay O(1). There is no removal: Prism has no `delete`.

use std::collections::HashMap;
use std::fmt;

use crate::pstr::Str;
use crate::value::Value;

/// Number of keys from which a hash index is maintained.
pub const INDEX_THRESHOLD: usize = 16;

/// An insertion-ordered map from [`Str`] keys to [`Value`]s.
#[derive(Clone, Default)]
pub struct ObjectMap {
    entries: Vec<(Str, Value)>,
    // Boxed so that a small map (no index) stays 32 bytes and an object's cell one cache line.
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<Str, usize>>>,
}

impl ObjectMap {
    /// An empty map.
    pub fn new() -> ObjectMap {
        ObjectMap::default()
    }

    /// An empty map with room for `n` entries.
    pub fn with_capacity(n: usize) -> ObjectMap {
        ObjectMap { entries: Vec::with_capacity(n), index: None }
    }

    /// Number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if there are no entries.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    #[inline]
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => {
                self.entries.iter().position(|(k, _)| k.len() == key.len() && k.as_str() == key)
            }
        }
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).and_then(|i| self.entries.get(i)).map(|(_, v)| v)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        let i = self.position(key)?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    /// True if `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets `key`: an existing key keeps its position and its old value is returned, a new key
    /// goes last.
    pub fn insert(&mut self, key: Str, value: Value) -> Option<Value> {
        if let Some(slot) = self.get_mut(&key) {
            return Some(std::mem::replace(slot, value));
        }
        let i = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), i);
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() > INDEX_THRESHOLD {
            let index = self.entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
            self.index = Some(Box::new(index));
        }
        None
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Str, &Value)> + '_ {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &Str> + '_ {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values in order, by value.
    pub fn into_values(self) -> impl Iterator<Item = Value> {
        self.entries.into_iter().map(|(_, v)| v)
    }
}

impl IntoIterator for ObjectMap {
    type Item = (Str, Value);
    type IntoIter = std::vec::IntoIter<(Str, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Into<Str>> FromIterator<(K, Value)> for ObjectMap {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut map = ObjectMap::new();
        for (k, v) in iter {
            map.insert(k.into(), v);
        }
        map
    }
}

impl fmt::Debug for ObjectMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
