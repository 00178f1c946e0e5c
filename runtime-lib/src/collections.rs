//! Shared mutable arrays and objects (D6, D18).
//!
//! Both are `Arc` handles: cloning aliases the storage. A container keeps the contents it was
//! created with (a literal, JSON data, the result of `map`…) in an immutable field that is read
//! **without locking** as long as the container has never been written; the first write copies
//! them into an `RwLock`-protected copy that is authoritative from then on (a write that
//! replaces everything, like `sort`'s, skips the copy). Reading an agent result's fields
//! therefore costs no atomic read-modify-write, while `push`, `o.k = v` and friends stay safe
//! across threads. (The initial contents stay referenced until the container is dropped.)
//!
//! The written copy is itself shared (`Arc`, copy on write): a loop over a written array takes
//! the current contents with one reference count ([`Array::elements`]) instead of copying every
//! element handle, and a write while such a loop runs copies the contents once, leaving the
//! loop its own unchanged view.
//!
//! Locks are held only for the duration of one leaf operation and never while calling out to
//! other code, so a callback that mutates the array it is iterating over cannot deadlock. A
//! poisoned lock is recovered (its data is still consistent: no operation panics while holding
//! it). Dropping deeply nested structures does not recurse: nested containers that become
//! unreachable are dismantled with an explicit work list.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub use crate::object_map::ObjectMap;
use crate::pstr::Str;
use crate::value::Value;

/// What a container holds: element values, which can be drained for a non-recursive drop.
pub trait Contents: Clone + Default {
    /// True if any value is itself a container (drop must then avoid recursion).
    fn has_containers(&self) -> bool;
    /// Moves all the values to `out` (an array's vector becomes `out` if that is empty).
    fn drain_into(self, out: &mut Vec<Value>);
}

impl Contents for Vec<Value> {
    fn has_containers(&self) -> bool {
        self.iter().any(Value::is_container)
    }
    fn drain_into(mut self, out: &mut Vec<Value>) {
        if out.is_empty() {
            *out = self;
        } else {
            out.append(&mut self);
        }
    }
}

impl Contents for ObjectMap {
    fn has_containers(&self) -> bool {
        self.values().any(Value::is_container)
    }
    fn drain_into(self, out: &mut Vec<Value>) {
        out.extend(self.into_values());
    }
}

/// The storage of a container: the initial contents (read without locking) and, from the
/// first write on, the authoritative copy under a lock. `current` is allocated only when the
/// container is first written, which keeps an object's cell in one cache line.
struct Cell<T: Contents> {
    initial: T,
    current: OnceLock<Box<RwLock<Arc<T>>>>,
}

// With the reference counts, an object's cell (with its inline entries) is 96 bytes.
const _: () = assert!(std::mem::size_of::<Cell<ObjectMap>>() <= 80);

impl<T: Contents> Cell<T> {
    fn new(initial: T) -> Cell<T> {
        Cell { initial, current: OnceLock::new() }
    }

    #[inline]
    fn frozen(&self) -> Option<&T> {
        if self.current.get().is_some() { None } else { Some(&self.initial) }
    }

    #[inline]
    fn read(&self) -> Read<'_, T> {
        match self.current.get() {
            None => Read::Initial(&self.initial),
            Some(lock) => Read::Locked(lock.read().unwrap_or_else(|e| e.into_inner())),
        }
    }

    fn write(&self) -> Write<'_, T> {
        let lock =
            self.current.get_or_init(|| Box::new(RwLock::new(Arc::new(self.initial.clone()))));
        Write(lock.write().unwrap_or_else(|e| e.into_inner()))
    }

    /// The current contents shared (one reference count), or the initial ones borrowed.
    fn shared(&self) -> Shared<'_, T> {
        match self.current.get() {
            None => Shared::Initial(&self.initial),
            Some(lock) => {
                Shared::Current(Arc::clone(&lock.read().unwrap_or_else(|e| e.into_inner())))
            }
        }
    }

    /// Replaces the whole contents; the first write takes `contents` as they are instead of
    /// copying the initial contents first. Returns the replaced contents (to drop them once no
    /// lock is held).
    fn replace(&self, contents: T) -> Option<Arc<T>> {
        let mut contents = Some(contents);
        let lock = self
            .current
            .get_or_init(|| Box::new(RwLock::new(Arc::new(contents.take().unwrap_or_default()))));
        let contents = contents?;
        let mut current = lock.write().unwrap_or_else(|e| e.into_inner());
        Some(std::mem::replace(&mut *current, Arc::new(contents)))
    }

    /// Moves all the values to `out` (a work list, taken from the end: the written copy's
    /// values come off first).
    fn take_all(&mut self, out: &mut Vec<Value>) {
        std::mem::take(&mut self.initial).drain_into(out);
        if let Some(current) = self.take_current() {
            current.drain_into(out);
        }
    }

    /// The written copy, if any, by value.
    fn take_current(&mut self) -> Option<T> {
        let current = self.current.take()?.into_inner().unwrap_or_else(|e| e.into_inner());
        // Shared only if a loop's view outlives the container; the view then drops the
        // contents (each nested container dismantling its own contents, no deep recursion).
        Arc::into_inner(current)
    }

    /// True if some value is a container: dropping the contents as usual could then recurse.
    fn nests(&mut self) -> bool {
        let current_nested = self
            .current
            .get_mut()
            .is_some_and(|lock| lock.get_mut().map_or(true, |c| c.has_containers()));
        current_nested || self.initial.has_containers()
    }
}

impl<T: Contents> Drop for Cell<T> {
    fn drop(&mut self) {
        if self.nests() {
            // The written copy first, so that the initial contents (in the order the elements
            // were made, unlike a sorted copy) hold the last references; each part is its own
            // work list (no new vector for the two together).
            if let Some(current) = self.take_current() {
                let mut work = Vec::new();
                current.drain_into(&mut work);
                drop_iteratively(work);
            }
            let mut work = Vec::new();
            std::mem::take(&mut self.initial).drain_into(&mut work);
            drop_iteratively(work);
        }
    }
}

/// Read access to a container's contents: the unlocked initial contents, or a read guard.
pub enum Read<'a, T> {
    /// The never-written initial contents (no lock).
    Initial(&'a T),
    /// The current contents under a read lock.
    Locked(RwLockReadGuard<'a, Arc<T>>),
}

impl<T> Deref for Read<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        match self {
            Read::Initial(t) => t,
            Read::Locked(g) => g,
        }
    }
}

/// Write access to a container's contents (under the write lock). The contents are copied
/// first only if a loop still holds a view of them ([`Array::elements`]).
pub struct Write<'a, T>(RwLockWriteGuard<'a, Arc<T>>);

impl<T> Deref for Write<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Write<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

/// A container's contents for a loop: the initial contents borrowed, or the current ones
/// shared.
pub enum Shared<'a, T: Contents> {
    /// The never-written initial contents (they can never change).
    Initial(&'a T),
    /// The current contents when the loop started, shared with the container until either
    /// changes.
    Current(Arc<T>),
}

impl<T: Contents> Deref for Shared<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        match self {
            Shared::Initial(t) => t,
            Shared::Current(c) => c,
        }
    }
}

/// Read access to an array's elements.
pub type ArrayRead<'a> = Read<'a, Vec<Value>>;
/// Read access to an object's properties.
pub type ObjectRead<'a> = Read<'a, ObjectMap>;

/// Drops `values` without recursion: containers whose last handle is in the list are opened
/// and their contents pushed on the work list.
pub(crate) fn drop_iteratively(mut stack: Vec<Value>) {
    while let Some(v) = stack.pop() {
        match v {
            // A container without nested ones is dropped as usual (no recursion, no copying of
            // its values to the work list).
            Value::Array(a) => {
                if let Some(mut cell) = Arc::into_inner(a.0)
                    && cell.nests()
                {
                    cell.take_all(&mut stack);
                }
            }
            Value::Object(o) => {
                if let Some(mut cell) = Arc::into_inner(o.0)
                    && cell.nests()
                {
                    cell.take_all(&mut stack);
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
pub struct Array(Arc<Cell<Vec<Value>>>);

impl Array {
    /// A new array holding `items`.
    pub fn new(items: Vec<Value>) -> Array {
        Array(Arc::new(Cell::new(items)))
    }

    /// Read access to the elements. Do not call other runtime code while holding it.
    #[inline]
    pub fn read(&self) -> ArrayRead<'_> {
        self.0.read()
    }

    /// Write access to the elements. Do not call other runtime code while holding it.
    pub fn write(&self) -> Write<'_, Vec<Value>> {
        self.0.write()
    }

    /// The elements as they are now, for a loop that may call code changing the array: the
    /// never-written elements borrowed, or the current ones shared (one reference count, no
    /// copy; a write during the loop copies them once and leaves this view unchanged).
    #[inline]
    pub fn elements(&self) -> Shared<'_, Vec<Value>> {
        self.0.shared()
    }

    /// The elements, borrowed without locking, if the array was never written since its
    /// creation (they can then never change).
    #[inline]
    pub fn frozen(&self) -> Option<&[Value]> {
        self.0.frozen().map(Vec::as_slice)
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
        let old = self.0.replace(items);
        // Dropped here, with no lock held.
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

/// A shared, mutable, insertion-ordered Prism object (D6). Clone aliases the same storage.
#[derive(Clone)]
pub struct Object(Arc<Cell<ObjectMap>>);

impl Object {
    /// A new object holding `map`.
    pub fn new(map: ObjectMap) -> Object {
        Object(Arc::new(Cell::new(map)))
    }

    /// The initial properties of an object that is not shared yet (for building it in place).
    pub(crate) fn initial_mut(&mut self) -> Option<&mut ObjectMap> {
        Arc::get_mut(&mut self.0).map(|cell| &mut cell.initial)
    }

    /// An empty object.
    pub fn empty() -> Object {
        Object::new(ObjectMap::default())
    }

    /// Read access to the properties. Do not call other runtime code while holding it.
    #[inline]
    pub fn read(&self) -> ObjectRead<'_> {
        self.0.read()
    }

    /// Write access to the properties. Do not call other runtime code while holding it.
    pub fn write(&self) -> Write<'_, ObjectMap> {
        self.0.write()
    }

    /// The properties, borrowed without locking, if the object was never written since its
    /// creation (they can then never change).
    #[inline]
    pub fn frozen(&self) -> Option<&ObjectMap> {
        self.0.frozen()
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

/// Property lookup (see [`ObjectMap::get`]).
#[inline]
pub(crate) fn lookup<'a>(map: &'a ObjectMap, key: &str) -> Option<&'a Value> {
    map.get(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loop_view_of_a_written_array_is_unchanged_by_later_writes() {
        let arr = Array::new(vec![Value::from(1.0)]);
        arr.push(Value::from(2.0));
        let view = arr.elements();
        arr.push(Value::from(3.0));
        arr.set(0, Value::from(9.0));
        assert_eq!(view.len(), 2);
        assert!(matches!(view.first(), Some(Value::Number(n)) if *n == 1.0));
        drop(view);
        assert_eq!(arr.snapshot().len(), 3);
        assert!(matches!(arr.get(0), Some(Value::Number(n)) if n == 9.0));
        // A replacement before any other write skips copying the initial elements.
        let fresh = Array::new(vec![Value::from(1.0)]);
        fresh.replace_all(vec![Value::from(5.0), Value::from(6.0)]);
        assert_eq!(fresh.snapshot().len(), 2);
        assert!(fresh.frozen().is_none());
    }
}
