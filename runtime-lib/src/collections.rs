//! Shared mutable arrays and objects (D6, D18).
//!
//! Both are `Arc<RwLock<…>>` handles: cloning aliases the storage. Locks are held only for
//! the duration of one leaf operation and never while calling out to other code, so a
//! callback that mutates the array it is iterating over cannot deadlock. A poisoned lock is
//! recovered (its data is still consistent: no operation panics while holding it).
//!
//! Dropping deeply nested structures does not recurse: nested containers that become
//! unreachable are dismantled with an explicit work list.

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use indexmap::IndexMap;

use crate::pstr::Str;
use crate::value::Value;

/// The storage of an object: insertion-ordered keys (the reference's `Map`).
pub type ObjectMap = IndexMap<Str, Value>;

struct ArrayCell {
    items: RwLock<Vec<Value>>,
}

impl Drop for ArrayCell {
    fn drop(&mut self) {
        let items = std::mem::take(self.items.get_mut().unwrap_or_else(|e| e.into_inner()));
        if items.iter().any(Value::is_container) {
            drop_iteratively(items);
        }
    }
}

struct ObjectCell {
    map: RwLock<ObjectMap>,
}

impl Drop for ObjectCell {
    fn drop(&mut self) {
        let map = std::mem::take(self.map.get_mut().unwrap_or_else(|e| e.into_inner()));
        if map.values().any(Value::is_container) {
            drop_iteratively(map.into_values().collect());
        }
    }
}

/// Drops `values` without recursion: containers whose last handle is in the list are opened
/// and their contents pushed on the work list.
pub(crate) fn drop_iteratively(mut stack: Vec<Value>) {
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => {
                if let Some(cell) = Arc::into_inner(a.0) {
                    let mut cell = cell;
                    let items =
                        std::mem::take(cell.items.get_mut().unwrap_or_else(|e| e.into_inner()));
                    stack.extend(items);
                }
            }
            Value::Object(o) => {
                if let Some(cell) = Arc::into_inner(o.0) {
                    let mut cell = cell;
                    let map = std::mem::take(cell.map.get_mut().unwrap_or_else(|e| e.into_inner()));
                    stack.extend(map.into_values());
                }
            }
            Value::Confident(c) => {
                if let Some(inner) = c.into_value() {
                    stack.push(inner);
                }
            }
            other => drop(other),
        }
    }
}

/// A shared, mutable Prism array (D6). Clone aliases the same storage.
#[derive(Clone)]
pub struct Array(Arc<ArrayCell>);

impl Array {
    /// A new array holding `items`.
    pub fn new(items: Vec<Value>) -> Array {
        Array(Arc::new(ArrayCell { items: RwLock::new(items) }))
    }

    /// Read access to the elements. Do not call other runtime code while holding it.
    pub fn read(&self) -> RwLockReadGuard<'_, Vec<Value>> {
        self.0.items.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Write access to the elements. Do not call other runtime code while holding it.
    pub fn write(&self) -> RwLockWriteGuard<'_, Vec<Value>> {
        self.0.items.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// The element at `i` (a clone of the handle), or `None` past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Value> {
        self.read().get(i).cloned()
    }

    /// Replaces the element at `i`; appends when `i == len` (D19: `a[a.length] = v`).
    /// Returns false (and changes nothing) when `i > len`.
    pub fn set(&self, i: usize, v: Value) -> bool {
        let mut items = self.write();
        if i < items.len() {
            if let Some(slot) = items.get_mut(i) {
                let old = std::mem::replace(slot, v);
                drop(items);
                drop(old);
            }
            true
        } else if i == items.len() {
            items.push(v);
            true
        } else {
            false
        }
    }

    /// Appends one element.
    pub fn push(&self, v: Value) {
        self.write().push(v);
    }

    /// Appends all of `vs`.
    pub fn extend(&self, vs: impl IntoIterator<Item = Value>) {
        self.write().extend(vs);
    }

    /// Removes and returns the last element.
    pub fn pop(&self) -> Option<Value> {
        self.write().pop()
    }

    /// Removes and returns the first element.
    pub fn shift(&self) -> Option<Value> {
        let mut items = self.write();
        if items.is_empty() { None } else { Some(items.remove(0)) }
    }

    /// Inserts `vs` at the front, in order; returns the new length.
    pub fn unshift(&self, vs: Vec<Value>) -> usize {
        let mut items = self.write();
        items.splice(0..0, vs);
        items.len()
    }

    /// A copy of the element list (element handles are cloned, not deep-copied).
    pub fn snapshot(&self) -> Vec<Value> {
        self.read().clone()
    }

    /// Replaces all elements.
    pub fn replace_all(&self, items: Vec<Value>) {
        let old = std::mem::replace(&mut *self.write(), items);
        drop(old);
    }

    /// True if both handles share storage (JavaScript identity).
    pub fn ptr_eq(a: &Array, b: &Array) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    pub(crate) fn addr(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

impl Default for Array {
    fn default() -> Self {
        Array::new(Vec::new())
    }
}

/// Up to this many keys, property lookup scans instead of hashing.
const SCAN_LIMIT: usize = 12;

/// A shared, mutable, insertion-ordered Prism object (D6). Clone aliases the same storage.
#[derive(Clone)]
pub struct Object(Arc<ObjectCell>);

impl Object {
    /// A new object holding `map`.
    pub fn new(map: ObjectMap) -> Object {
        Object(Arc::new(ObjectCell { map: RwLock::new(map) }))
    }

    /// An empty object.
    pub fn empty() -> Object {
        Object::new(ObjectMap::default())
    }

    /// Read access to the properties. Do not call other runtime code while holding it.
    pub fn read(&self) -> RwLockReadGuard<'_, ObjectMap> {
        self.0.map.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Write access to the properties. Do not call other runtime code while holding it.
    pub fn write(&self) -> RwLockWriteGuard<'_, ObjectMap> {
        self.0.map.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The value of property `key`, or `None` if absent.
    #[inline]
    pub fn get(&self, key: &str) -> Option<Value> {
        let map = self.read();
        lookup(&map, key).cloned()
    }

    /// True if the property exists.
    pub fn contains_key(&self, key: &str) -> bool {
        lookup(&self.read(), key).is_some()
    }

    /// Sets property `key` (a new key goes last; an existing key keeps its position).
    pub fn insert(&self, key: impl Into<Str>, v: Value) {
        let old = self.write().insert(key.into(), v);
        drop(old);
    }

    /// Sets property `key` given as `&str`, allocating the key only when it is new.
    pub fn set(&self, key: &str, v: Value) {
        let mut map = self.write();
        let old = match map.get_mut(key) {
            Some(slot) => Some(std::mem::replace(slot, v)),
            None => {
                map.insert(Str::from(key), v);
                None
            }
        };
        drop(map);
        drop(old);
    }

    /// Number of properties.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// True if there are no properties.
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// The keys, in order.
    pub fn keys(&self) -> Vec<Str> {
        self.read().keys().cloned().collect()
    }

    /// The values, in order.
    pub fn values(&self) -> Vec<Value> {
        self.read().values().cloned().collect()
    }

    /// The `(key, value)` pairs, in order.
    pub fn entries(&self) -> Vec<(Str, Value)> {
        self.read().iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// True if both handles share storage (JavaScript identity).
    pub fn ptr_eq(a: &Object, b: &Object) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    pub(crate) fn addr(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

impl Default for Object {
    fn default() -> Self {
        Object::empty()
    }
}

/// Property lookup: a length-first scan for small objects (no hashing), the index otherwise.
#[inline]
pub(crate) fn lookup<'a>(map: &'a ObjectMap, key: &str) -> Option<&'a Value> {
    if map.len() <= SCAN_LIMIT {
        map.iter().find(|(k, _)| k.len() == key.len() && k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}
