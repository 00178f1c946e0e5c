//! [`ObjectMap`]: the storage of a Prism object, an insertion-ordered map from string keys to
//! values (the reference's `Map`, D18).
//!
//! Objects in patterns are small (an agent result has about eight fields) and numerous (one
//! per agent result). The map is therefore a plain vector of entries, each with a tag made of the
//! key's length and first bytes stored inline, so a search compares tags without following a
//! key's pointer (a cache miss per key when objects are many) and reads the key only to confirm
//! a long match; a hash index is added only once a map grows past [`INDEX_THRESHOLD`] keys, so
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
    entries: Vec<Entry>,
    // Boxed so that a small map (no index) stays 32 bytes and an object's cell one cache line.
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<Str, usize>>>,
}

#[derive(Clone)]
struct Entry {
    tag: u64,
    key: Str,
    value: Value,
}

/// Keys of up to [`TAG_BYTES`] bytes are identified by their tag alone.
const TAG_BYTES: usize = 7;

/// The key's length (saturated at 255) in the top byte and its first seven bytes below: equal
/// tags mean equal keys for keys of up to seven bytes, and likely equal ones otherwise.
#[inline]
fn key_tag(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let mut tag = (bytes.len().min(255) as u64) << 56;
    for (i, &b) in bytes.iter().take(TAG_BYTES).enumerate() {
        tag |= u64::from(b) << (i * 8);
    }
    tag
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
        self.position_tagged(key, key_tag(key))
    }

    /// The position of `key`, whose tag is `tag`: through the index, or by comparing tags.
    #[inline]
    fn position_tagged(&self, key: &str, tag: u64) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => {
                let short = key.len() <= TAG_BYTES;
                self.entries.iter().position(|e| e.tag == tag && (short || e.key.as_str() == key))
            }
        }
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).and_then(|i| self.entries.get(i)).map(|e| &e.value)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        let i = self.position(key)?;
        self.entries.get_mut(i).map(|e| &mut e.value)
    }

    /// True if `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets `key`: an existing key keeps its position and its old value is returned, a new key
    /// goes last.
    pub fn insert(&mut self, key: Str, value: Value) -> Option<Value> {
        // The tag is computed once, for the search and for the new entry.
        let tag = key_tag(&key);
        let found = self.position_tagged(&key, tag);
        if let Some(slot) = found.and_then(|i| self.entries.get_mut(i)) {
            return Some(std::mem::replace(&mut slot.value, value));
        }
        let i = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), i);
        }
        self.entries.push(Entry { tag, key, value });
        if self.index.is_none() && self.entries.len() > INDEX_THRESHOLD {
            let index = self.entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i)).collect();
            self.index = Some(Box::new(index));
        }
        None
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Str, &Value)> + '_ {
        self.entries.iter().map(|e| (&e.key, &e.value))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &Str> + '_ {
        self.entries.iter().map(|e| &e.key)
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> + '_ {
        self.entries.iter().map(|e| &e.value)
    }

    /// The values in order, by value.
    pub fn into_values(self) -> impl Iterator<Item = Value> {
        self.entries.into_iter().map(|e| e.value)
    }
}

impl IntoIterator for ObjectMap {
    type Item = (Str, Value);
    type IntoIter = IntoIter;
    fn into_iter(self) -> IntoIter {
        IntoIter(self.entries.into_iter())
    }
}

/// The entries of an [`ObjectMap`], by value, in order.
pub struct IntoIter(std::vec::IntoIter<Entry>);

impl Iterator for IntoIter {
    type Item = (Str, Value);

    #[inline]
    fn next(&mut self) -> Option<(Str, Value)> {
        self.0.next().map(|e| (e.key, e.value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for IntoIter {}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sharing_length_and_first_bytes_stay_apart() {
        let long_a = "k".repeat(300) + "a";
        let long_b = "k".repeat(300) + "b";
        let keys =
            ["agentId", "agentIx", "abcdefgX", "abcdefgY", "", "é", long_a.as_str(), &long_b];
        let mut map = ObjectMap::new();
        for (i, k) in keys.iter().enumerate() {
            assert!(map.insert(Str::from(*k), Value::from(i as f64)).is_none(), "{k}");
        }
        for (i, k) in keys.iter().enumerate() {
            assert!(matches!(map.get(k), Some(Value::Number(n)) if *n == i as f64), "{k}");
        }
        assert!(map.get("abcdefgZ").is_none());
        assert!(map.get("agentI").is_none());
        let order: Vec<String> = map.into_iter().map(|(k, _)| k.to_string()).collect();
        assert_eq!(order, keys);
    }
}
