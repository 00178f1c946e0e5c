//! Shared variable cells for closures (B §3.11, D2, D19): a Prism closure sees later
//! assignments to the variables it captures, so a captured variable lives in a [`SharedCell`]
//! that the closure and its defining scope both hold. `Send + Sync`, so closures can run on
//! any tokio worker.
//!
//! A cell may start uninitialized (a `let` in its temporal dead zone, or an implicitly
//! declared name not yet assigned, D2): reading it is `Undefined variable: x`.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use crate::error::{PResult, fail};
use crate::value::Value;

/// A shared, mutable variable slot. Clone shares the slot.
#[derive(Clone, Debug, Default)]
pub struct SharedCell(Arc<Mutex<Option<Value>>>);

impl SharedCell {
    /// A cell holding `v`.
    pub fn new(v: Value) -> SharedCell {
        SharedCell(Arc::new(Mutex::new(Some(v))))
    }

    /// A cell with no value yet.
    pub fn uninit() -> SharedCell {
        SharedCell(Arc::new(Mutex::new(None)))
    }

    /// The value (null if uninitialized).
    pub fn get(&self) -> Value {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone().unwrap_or(Value::Null)
    }

    /// The value, or `Undefined variable: name` if it was never assigned.
    pub fn get_checked(&self, name: &str) -> PResult {
        match &*self.0.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(v) => Ok(v.clone()),
            None => fail(format!("Undefined variable: {name}")),
        }
    }

    /// Assigns `v`.
    pub fn set(&self, v: Value) {
        let old = self.0.lock().unwrap_or_else(|e| e.into_inner()).replace(v);
        drop(old);
    }

    /// True once a value was assigned.
    pub fn is_initialized(&self) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }
}

/// A variable no closure captures (prismc proves it): the same interface as [`SharedCell`],
/// without the allocation and the lock. It lives in one invocation of one function body, so it
/// is `Send` (the body may be a future moved between workers) but never shared.
#[derive(Debug, Default)]
pub struct LocalCell(RefCell<Option<Value>>);

impl LocalCell {
    /// A cell holding `v`.
    #[inline]
    pub fn new(v: Value) -> LocalCell {
        LocalCell(RefCell::new(Some(v)))
    }

    /// A cell with no value yet.
    #[inline]
    pub fn uninit() -> LocalCell {
        LocalCell(RefCell::new(None))
    }

    /// The value (null if uninitialized).
    #[inline]
    pub fn get(&self) -> Value {
        self.0.borrow().clone().unwrap_or(Value::Null)
    }

    /// The value, or `Undefined variable: name` if it was never assigned.
    #[inline]
    pub fn get_checked(&self, name: &str) -> PResult {
        match &*self.0.borrow() {
            Some(v) => Ok(v.clone()),
            None => fail(format!("Undefined variable: {name}")),
        }
    }

    /// Assigns `v`.
    #[inline]
    pub fn set(&self, v: Value) {
        let old = self.0.replace(Some(v));
        drop(old);
    }

    /// True once a value was assigned.
    #[inline]
    pub fn is_initialized(&self) -> bool {
        self.0.borrow().is_some()
    }
}
