//! [`ObjectMap`]: the storage of a Prism object, an insertion-ordered map from string keys to
//! values (the reference's `Map`, D18).
//!
//! Objects in patterns are small (an agent result has about eight fields, `map(r => ({answer,
//! weight}))` makes two) and numerous (one per agent result). The map is therefore a plain
//! sequence of entries, each with a tag made of the key's length and first bytes stored inline,
//! so a search compares tags without following a key's pointer (a cache miss per key when
//! objects are many) and reads the key only to confirm a long match; a hash index is added only
//! once a map grows past [`INDEX_THRESHOLD`] keys, so large maps (`votes[key]` counters) stay
//! O(1). Up to [`INLINE`] entries live in the map itself, so a small object is one allocation
//! (its cell) instead of two, and reading its properties follows no further pointer. There is no
//! removal: Prism has no `delete`.

use std::collections::HashMap;
use std::fmt;

use crate::pstr::Str;
use crate::value::Value;

/// Number of keys from which a hash index is maintained.
pub const INDEX_THRESHOLD: usize = 16;

/// Number of entries stored in the map itself before they move to a vector.
pub const INLINE: usize = 2;

/// An insertion-ordered map from [`Str`] keys to [`Value`]s.
#[derive(Clone, Default)]
pub struct ObjectMap(Entries);

// Two inline entries and no more: with the reference counts and the written-copy slot, a small
// object's cell is 96 bytes, one allocation.
const _: () = assert!(std::mem::size_of::<ObjectMap>() == INLINE * 32);

#[derive(Clone)]
struct Entry {
    key: EntryKey,
    value: Value,
}

/// A key and its tag ([`key_tag`]).
#[derive(Clone)]
enum EntryKey {
    /// A key of an object literal, shared by every object made there: making and dropping such
    /// an entry touches no reference count (two atomic operations per key and object).
    Literal(&'static LiteralKey),
    Shared {
        tag: u64,
        key: Str,
    },
}

impl Entry {
    #[inline]
    fn literal(key: &'static LiteralKey, value: Value) -> Entry {
        Entry { key: EntryKey::Literal(key), value }
    }

    #[inline]
    fn tag(&self) -> u64 {
        match &self.key {
            EntryKey::Literal(k) => k.tag,
            EntryKey::Shared { tag, .. } => *tag,
        }
    }

    #[inline]
    fn key(&self) -> &Str {
        match &self.key {
            EntryKey::Literal(k) => &k.key,
            EntryKey::Shared { key, .. } => key,
        }
    }
}

/// The key of an object literal's property, made once per call site by [`static_key!`](crate::static_key)
/// and then shared by every object made there.
pub struct LiteralKey {
    tag: u64,
    key: Str,
}

impl LiteralKey {
    /// The key `text`.
    pub fn new(text: &str) -> LiteralKey {
        LiteralKey { tag: key_tag(text), key: Str::from(text) }
    }

    /// The key's text.
    pub fn as_str(&self) -> &str {
        self.key.as_str()
    }
}

/// The [`LiteralKey`] for a property name written in the source (`{answer: …}`), made once
/// per call site: generated code passes it to [`ObjectMap::insert_literal`].
#[macro_export]
macro_rules! static_key {
    ($text:literal) => {{
        static KEY: ::std::sync::OnceLock<$crate::LiteralKey> = ::std::sync::OnceLock::new();
        KEY.get_or_init(|| $crate::LiteralKey::new($text))
    }};
}

/// The entries in insertion order.
#[derive(Clone)]
enum Entries {
    /// Up to [`INLINE`] entries, filled from the front (`None` only after the last one).
    Inline([Option<Entry>; INLINE]),
    /// More entries than fit inline (or room reserved for them), and from
    /// [`INDEX_THRESHOLD`] keys on an index of their positions (boxed, so that the map stays
    /// the size of its inline entries).
    #[allow(clippy::box_collection)]
    Heap { entries: Vec<Entry>, index: Option<Box<HashMap<Str, usize>>> },
}

impl Default for Entries {
    fn default() -> Self {
        Entries::Inline(Default::default())
    }
}

impl Entries {
    #[inline]
    fn len(&self) -> usize {
        match self {
            Entries::Inline(slots) => slots.iter().take_while(|e| e.is_some()).count(),
            Entries::Heap { entries, .. } => entries.len(),
        }
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&Entry> {
        match self {
            Entries::Inline(slots) => slots.get(i).and_then(Option::as_ref),
            Entries::Heap { entries, .. } => entries.get(i),
        }
    }

    #[inline]
    fn get_mut(&mut self, i: usize) -> Option<&mut Entry> {
        match self {
            Entries::Inline(slots) => slots.get_mut(i).and_then(Option::as_mut),
            Entries::Heap { entries, .. } => entries.get_mut(i),
        }
    }

    #[inline]
    fn iter(&self) -> impl Iterator<Item = &Entry> + '_ {
        let (inline, heap): (&[Option<Entry>], &[Entry]) = match self {
            Entries::Inline(slots) => (slots, &[]),
            Entries::Heap { entries, .. } => (&[], entries),
        };
        inline.iter().map_while(Option::as_ref).chain(heap)
    }

    /// The position of `key`, whose tag is `tag`: through the index, or by comparing tags.
    #[inline]
    fn position(&self, key: &str, tag: u64) -> Option<usize> {
        let short = key.len() <= TAG_BYTES;
        let hit = |e: &Entry| e.tag() == tag && (short || e.key().as_str() == key);
        match self {
            Entries::Inline(slots) => slots.iter().map_while(Option::as_ref).position(hit),
            Entries::Heap { index: Some(index), .. } => index.get(key).copied(),
            Entries::Heap { entries, index: None } => entries.iter().position(hit),
        }
    }

    /// Appends an entry whose key is not present.
    fn push(&mut self, entry: Entry) {
        match self {
            Entries::Inline(slots) => match slots.iter_mut().find(|e| e.is_none()) {
                Some(free) => *free = Some(entry),
                None => {
                    let mut entries = Vec::with_capacity(INLINE * 2);
                    entries.extend(slots.iter_mut().filter_map(Option::take));
                    entries.push(entry);
                    *self = Entries::Heap { entries, index: None };
                }
            },
            Entries::Heap { entries, index } => {
                if let Some(index) = index {
                    index.insert(entry.key().clone(), entries.len());
                }
                entries.push(entry);
                if index.is_none() && entries.len() > INDEX_THRESHOLD {
                    let positions =
                        entries.iter().enumerate().map(|(i, e)| (e.key().clone(), i)).collect();
                    *index = Some(Box::new(positions));
                }
            }
        }
    }
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
        if n <= INLINE {
            ObjectMap::default()
        } else {
            ObjectMap(Entries::Heap { entries: Vec::with_capacity(n), index: None })
        }
    }

    /// Number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True if there are no entries.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.get(0).is_none()
    }

    #[inline]
    fn position(&self, key: &str) -> Option<usize> {
        self.0.position(key, key_tag(key))
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).and_then(|i| self.0.get(i)).map(|e| &e.value)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        let i = self.position(key)?;
        self.0.get_mut(i).map(|e| &mut e.value)
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
        self.set(Entry { key: EntryKey::Shared { tag, key }, value })
    }

    /// Sets the value of `entry`'s key: in place if the key is present, else appended.
    fn set(&mut self, entry: Entry) -> Option<Value> {
        let found = self.0.position(entry.key().as_str(), entry.tag());
        if let Some(slot) = found.and_then(|i| self.0.get_mut(i)) {
            return Some(std::mem::replace(&mut slot.value, entry.value));
        }
        self.0.push(entry);
        None
    }

    /// The properties of an object literal whose keys are all literal, in order (a later
    /// duplicate key overwrites the earlier value but keeps its position, as with
    /// [`ObjectMap::insert_literal`]). A literal small enough to be stored inline with distinct
    /// keys is stored as it is, without searching for its keys.
    pub fn from_literal<const N: usize>(props: [(&'static LiteralKey, Value); N]) -> ObjectMap {
        let mut map = ObjectMap::with_capacity(N);
        let mut props = props.into_iter();
        if N <= INLINE {
            let distinct = |a: &LiteralKey, b: &LiteralKey| a.tag != b.tag || a.key != b.key;
            match (props.next(), props.next()) {
                (Some((k, v)), None) => {
                    map.0 = Entries::Inline([Some(Entry::literal(k, v)), None]);
                }
                (Some((k0, v0)), Some((k1, v1))) if distinct(k0, k1) => {
                    let entries = [Some(Entry::literal(k0, v0)), Some(Entry::literal(k1, v1))];
                    map.0 = Entries::Inline(entries);
                }
                (first, second) => {
                    for (k, v) in first.into_iter().chain(second) {
                        map.insert_literal(k, v);
                    }
                }
            }
        }
        for (k, v) in props {
            map.insert_literal(k, v);
        }
        map
    }

    /// [`ObjectMap::insert`] with a literal key ([`static_key!`](crate::static_key)).
    pub fn insert_literal(&mut self, key: &'static LiteralKey, value: Value) -> Option<Value> {
        self.set(Entry::literal(key, value))
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Str, &Value)> + '_ {
        self.0.iter().map(|e| (e.key(), &e.value))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &Str> + '_ {
        self.0.iter().map(Entry::key)
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> + '_ {
        self.0.iter().map(|e| &e.value)
    }

    /// The values in order, by value.
    pub fn into_values(self) -> impl Iterator<Item = Value> {
        self.into_iter().map(|(_, v)| v)
    }
}

impl IntoIterator for ObjectMap {
    type Item = (Str, Value);
    type IntoIter = IntoIter;
    fn into_iter(self) -> IntoIter {
        let (inline, heap) = match self.0 {
            Entries::Inline(slots) => (slots, Vec::new()),
            Entries::Heap { entries, .. } => (Default::default(), entries),
        };
        IntoIter { inline: inline.into_iter(), heap: heap.into_iter() }
    }
}

/// The entries of an [`ObjectMap`], by value, in order.
pub struct IntoIter {
    inline: std::array::IntoIter<Option<Entry>, INLINE>,
    heap: std::vec::IntoIter<Entry>,
}

impl Iterator for IntoIter {
    type Item = (Str, Value);

    #[inline]
    fn next(&mut self) -> Option<(Str, Value)> {
        let e = match self.inline.next() {
            Some(Some(e)) => e,
            _ => self.heap.next()?,
        };
        let key = match e.key {
            EntryKey::Literal(k) => k.key.clone(),
            EntryKey::Shared { key, .. } => key,
        };
        Some((key, e.value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.inline.as_slice().iter().flatten().count() + self.heap.len();
        (left, Some(left))
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

    fn keys_of(map: &ObjectMap) -> Vec<String> {
        map.keys().map(|k| k.to_string()).collect()
    }

    #[test]
    fn growing_past_the_inline_entries_keeps_order_and_values() {
        // Through the inline entries, the move to a vector and the index.
        for n in [0, 1, INLINE, INLINE + 1, INDEX_THRESHOLD, INDEX_THRESHOLD + 5] {
            for capacity in [0, n] {
                let mut map = ObjectMap::with_capacity(capacity);
                let keys: Vec<String> = (0..n).map(|i| format!("key{i}")).collect();
                for (i, k) in keys.iter().enumerate() {
                    assert!(map.insert(Str::from(k.as_str()), Value::from(i as f64)).is_none());
                }
                assert_eq!(map.len(), n);
                assert_eq!(map.is_empty(), n == 0);
                assert_eq!(keys_of(&map), keys);
                for (i, k) in keys.iter().enumerate() {
                    assert!(matches!(map.get(k), Some(Value::Number(x)) if *x == i as f64));
                }
                assert!(map.get("missing").is_none());
                let values: Vec<f64> = map.values().filter_map(Value::as_number).collect();
                assert_eq!(values, (0..n).map(|i| i as f64).collect::<Vec<_>>());
                let by_value: Vec<(String, f64)> = map
                    .clone()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.as_number().unwrap_or(f64::NAN)))
                    .collect();
                assert_eq!(by_value.len(), n);
                assert_eq!(map.clone().into_iter().len(), n);
                assert!(
                    by_value.iter().enumerate().all(|(i, (k, v))| *k == keys[i] && *v == i as f64)
                );
            }
        }
    }

    #[test]
    fn overwriting_a_key_keeps_its_position_inline_and_on_the_heap() {
        for n in [INLINE, INLINE + 3] {
            let mut map = ObjectMap::new();
            for i in 0..n {
                map.insert(Str::from(format!("k{i}")), Value::from(i as f64));
            }
            let old = map.insert(Str::from("k0"), Value::from("first"));
            assert!(matches!(old, Some(Value::Number(x)) if x == 0.0));
            if let Some(v) = map.get_mut("k1") {
                *v = Value::from("second");
            }
            assert_eq!(map.len(), n);
            assert_eq!(keys_of(&map).first().map(String::as_str), Some("k0"));
            assert_eq!(map.get("k0").and_then(Value::as_str), Some("first"));
            assert_eq!(map.get("k1").and_then(Value::as_str), Some("second"));
            assert!(map.contains_key("k1") && !map.contains_key("k9"));
            // The new key goes last, after the overwritten ones.
            map.insert(Str::from("late"), Value::Null);
            assert_eq!(keys_of(&map).last().map(String::as_str), Some("late"));
            assert_eq!(map.len(), n + 1);
        }
    }

    #[test]
    fn literal_keys_mix_with_shared_ones() {
        let answer: &'static LiteralKey = crate::static_key!("answer");
        assert_eq!(answer.as_str(), "answer");
        // The same call site gives the same key.
        let again: &'static LiteralKey = crate::static_key!("answer");
        assert_eq!(again.as_str(), "answer");
        for extra in [0, INDEX_THRESHOLD + 1] {
            let mut map = ObjectMap::new();
            assert!(map.insert_literal(answer, Value::from(1.0)).is_none());
            assert!(map.insert(Str::from("weight"), Value::from(2.0)).is_none());
            for i in 0..extra {
                map.insert(Str::from(format!("k{i}")), Value::Null);
            }
            // A literal and a shared key with the same text are one property.
            let old = map.insert(Str::from("answer"), Value::from(3.0));
            assert!(matches!(old, Some(Value::Number(x)) if x == 1.0));
            let old = map.insert_literal(crate::static_key!("weight"), Value::from(4.0));
            assert!(matches!(old, Some(Value::Number(x)) if x == 2.0));
            assert!(map.insert_literal(crate::static_key!("late"), Value::from(5.0)).is_none());
            assert_eq!(map.len(), extra + 3);
            assert!(matches!(map.get("answer"), Some(Value::Number(x)) if *x == 3.0));
            assert!(matches!(map.get("weight"), Some(Value::Number(x)) if *x == 4.0));
            assert!(matches!(map.get("late"), Some(Value::Number(x)) if *x == 5.0));
            let keys = keys_of(&map);
            assert_eq!(keys.first().map(String::as_str), Some("answer"));
            assert_eq!(keys.get(1).map(String::as_str), Some("weight"));
            assert_eq!(keys.last().map(String::as_str), Some("late"));
            let copy = map.clone();
            let by_value: Vec<String> = map.into_iter().map(|(k, _)| k.to_string()).collect();
            assert_eq!(by_value, keys);
            assert_eq!(keys_of(&copy), keys);
        }
    }

    fn numbers(map: &ObjectMap) -> Vec<(String, f64)> {
        map.iter().map(|(k, v)| (k.to_string(), v.as_number().unwrap_or(f64::NAN))).collect()
    }

    #[test]
    fn object_literals_keep_order_and_the_last_duplicate() {
        let a: &'static LiteralKey = crate::static_key!("a");
        let b: &'static LiteralKey = crate::static_key!("b");
        let c: &'static LiteralKey = crate::static_key!("c");
        let pairs = |v: &[(&str, f64)]| -> Vec<(String, f64)> {
            v.iter().map(|(k, x)| (k.to_string(), *x)).collect()
        };
        assert!(ObjectMap::from_literal::<0>([]).is_empty());
        let one = ObjectMap::from_literal([(a, Value::from(1.0))]);
        assert_eq!(numbers(&one), pairs(&[("a", 1.0)]));
        let two = ObjectMap::from_literal([(b, Value::from(1.0)), (a, Value::from(2.0))]);
        assert_eq!(numbers(&two), pairs(&[("b", 1.0), ("a", 2.0)]));
        assert!(matches!(two.get("a"), Some(Value::Number(x)) if *x == 2.0));
        // `{a: 1, a: 2}` is `{a: 2}`, inline or not.
        let same = ObjectMap::from_literal([(a, Value::from(1.0)), (a, Value::from(2.0))]);
        assert_eq!(numbers(&same), pairs(&[("a", 2.0)]));
        let other_a: &'static LiteralKey = crate::static_key!("a");
        let same = ObjectMap::from_literal([(a, Value::from(1.0)), (other_a, Value::from(3.0))]);
        assert_eq!(numbers(&same), pairs(&[("a", 3.0)]));
        let three = ObjectMap::from_literal([
            (c, Value::from(1.0)),
            (a, Value::from(2.0)),
            (c, Value::from(3.0)),
            (b, Value::from(4.0)),
        ]);
        assert_eq!(numbers(&three), pairs(&[("c", 3.0), ("a", 2.0), ("b", 4.0)]));
        assert!(three.get("b").is_some() && three.get("d").is_none());
    }
}
