//! The Prism value model (B §4.1, §4.2, D3, D6).
//!
//! [`Value`] is 16 bytes and `Send + Sync`; cloning it is at most a reference-count bump.
//! Arrays and objects are mutable and shared by reference (D6): two clones of an array value
//! alias the same storage. A confident value `(v, c)` is [`Value::Confident`]; wrapping an
//! already confident value nests (B §4.2).

use std::fmt;
use std::sync::Arc;

use crate::collections::{Array, Object, ObjectMap};
use crate::function::Function;
use crate::promise::Promise;
use crate::pstr::Str;

/// A Prism value.
///
/// `undefined` does not exist: it is [`Value::Null`] (D3). Numbers are IEEE-754 doubles.
///
/// The layout is an 8-byte tag followed by an 8-byte payload (`repr(u64)`), so moving a value
/// is two aligned word moves (a `bool` payload at byte 1 made the compiler copy values in
/// misaligned pieces, stalling store forwarding in hot loops).
#[derive(Clone, Default)]
#[repr(u64)]
pub enum Value {
    /// `null` (and `undefined`, D3).
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (f64).
    Number(f64),
    /// A string.
    Str(Str),
    /// A mutable, shared array (D6).
    Array(Array),
    /// A mutable, shared, insertion-ordered object (D6, D18).
    Object(Object),
    /// A function: user code or built-in, sync or async.
    Function(Function),
    /// A confident value `(value, c)` (B §4.2).
    Confident(Conf),
    /// A promise (`delay`, `Promise.resolve`, …; B §4.14).
    Promise(Promise),
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);

struct ConfInner {
    value: Value,
    confidence: f64,
}

impl Drop for ConfInner {
    fn drop(&mut self) {
        let value = std::mem::take(&mut self.value);
        if value.is_container() {
            crate::collections::drop_iteratively(vec![value]);
        }
    }
}

/// A confident value: an inner value and its confidence, stored clamped to [0, 1] (B §4.2).
#[derive(Clone)]
pub struct Conf(Arc<ConfInner>);

impl Conf {
    /// Wraps `value` with confidence `c`, clamped to [0, 1] (NaN becomes 0; use
    /// [`crate::ops::confidence::attach`] for the checked `~>` operator).
    pub fn new(value: Value, c: f64) -> Conf {
        Conf(Arc::new(ConfInner { value, confidence: clamp_confidence(c) }))
    }

    /// The inner value (one layer).
    #[inline]
    pub fn value(&self) -> &Value {
        &self.0.value
    }

    /// The confidence.
    #[inline]
    pub fn confidence(&self) -> f64 {
        self.0.confidence
    }

    /// True if both handles share storage.
    pub fn ptr_eq(a: &Conf, b: &Conf) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    pub(crate) fn into_value(self) -> Option<Value> {
        Arc::into_inner(self.0).map(|mut inner| std::mem::take(&mut inner.value))
    }
}

/// Clamps a confidence to [0, 1]; NaN becomes 0 and -0 becomes 0.
pub fn clamp_confidence(c: f64) -> f64 {
    if c.is_nan() || c <= 0.0 {
        0.0
    } else if c > 1.0 {
        1.0
    } else {
        c
    }
}

impl Value {
    /// A string value.
    pub fn string(s: impl Into<Str>) -> Value {
        Value::Str(s.into())
    }

    /// A new array holding `items`.
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Array::new(items))
    }

    /// A new object from `(key, value)` pairs, in order (a later duplicate key overwrites the
    /// earlier value but keeps its position, as in JavaScript).
    pub fn object<K: Into<Str>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
        let mut map = ObjectMap::default();
        for (k, v) in pairs {
            map.insert(k.into(), v);
        }
        Value::Object(Object::new(map))
    }

    /// A new object from a ready map.
    pub fn object_from_map(map: ObjectMap) -> Value {
        Value::Object(Object::new(map))
    }

    /// The confident value `(value, c)`, c clamped to [0, 1]; wraps again (nests) if `value`
    /// is already confident (B §4.2).
    pub fn confident(value: Value, c: f64) -> Value {
        Value::Confident(Conf::new(value, c))
    }

    /// The runtime type name used in messages: `number string boolean null array object
    /// function confident promise` (B §4.1).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Function(_) => "function",
            Value::Confident(_) => "confident",
            Value::Promise(_) => "promise",
        }
    }

    /// Prism truthiness (B §4.1): numbers are truthy when `!= 0` (so **NaN is truthy**),
    /// strings when non-empty, null never, arrays/objects/functions/promises always, a
    /// confident value by its inner value.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) | Value::Function(_) | Value::Promise(_) => true,
            Value::Confident(c) => c.value().truthy(),
        }
    }

    /// True for `null`.
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True for a confident value.
    #[inline]
    pub fn is_confident(&self) -> bool {
        matches!(self, Value::Confident(_))
    }

    /// The number, if this is a (plain) number.
    #[inline]
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, if this is a (plain) boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The text, if this is a (plain) string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The array handle, if this is a (plain) array.
    pub fn as_array(&self) -> Option<&Array> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The object handle, if this is a (plain) object.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The function, if this is a (plain) function.
    pub fn as_function(&self) -> Option<&Function> {
        match self {
            Value::Function(f) => Some(f),
            _ => None,
        }
    }

    /// The confident pair, if this is a confident value.
    pub fn as_confident(&self) -> Option<&Conf> {
        match self {
            Value::Confident(c) => Some(c),
            _ => None,
        }
    }

    /// The outer confidence, or `None` for a plain value.
    pub fn confidence(&self) -> Option<f64> {
        match self {
            Value::Confident(c) => Some(c.confidence()),
            _ => None,
        }
    }

    /// The confidence every confidence rule uses: the outer confidence, 1.0 for a plain value
    /// (B §4.2, `<~`).
    #[inline]
    pub fn confidence_or_one(&self) -> f64 {
        match self {
            Value::Confident(c) => c.confidence(),
            _ => 1.0,
        }
    }

    /// One layer unwrapped: `(inner, c)` for a confident value, `(self, 1.0)` otherwise.
    #[inline]
    pub fn unwrap_one(&self) -> (&Value, f64) {
        match self {
            Value::Confident(c) => (c.value(), c.confidence()),
            other => (other, 1.0),
        }
    }

    /// The value with every confidence layer removed.
    pub fn strip_confidence(&self) -> &Value {
        let mut v = self;
        while let Value::Confident(c) = v {
            v = c.value();
        }
        v
    }

    /// True if dropping this value may recurse (an array, an object, or a confident value
    /// wrapping one of those or another confident value).
    pub(crate) fn is_container(&self) -> bool {
        match self {
            Value::Array(_) | Value::Object(_) => true,
            Value::Confident(c) => {
                matches!(c.value(), Value::Array(_) | Value::Object(_) | Value::Confident(_))
            }
            _ => false,
        }
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}

impl From<i32> for Value {
    fn from(n: i32) -> Value {
        Value::Number(f64::from(n))
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(f64::from(n))
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Number(n as f64)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(Str::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(Str::from(s))
    }
}

impl From<Str> for Value {
    fn from(s: Str) -> Value {
        Value::Str(s)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::array(items)
    }
}

impl From<Array> for Value {
    fn from(a: Array) -> Value {
        Value::Array(a)
    }
}

impl From<Object> for Value {
    fn from(o: Object) -> Value {
        Value::Object(o)
    }
}

impl From<Function> for Value {
    fn from(f: Function) -> Value {
        Value::Function(f)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// Structural equality as Prism's deep `===` on nested values (B §4.3): same kind, arrays
/// element-wise, objects by key set and values, functions by name, confident values by value
/// and confidence (tolerance 1e-10), NaN unequal to itself, promises never equal.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        crate::ops::equality::deep_equal(self, other)
    }
}

/// Debug shows the kind and the Prism text form, e.g. `Number(2.5)`, `Str("a")`,
/// `Array([1, 2])`, `Confident(5 (~80.0%))`.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = crate::text::to_display_string(self);
        match self {
            Value::Null => f.write_str("Null"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Number(_) => write!(f, "Number({text})"),
            Value::Str(s) => write!(f, "Str({:?})", s.as_str()),
            Value::Array(_) => write!(f, "Array({text})"),
            Value::Object(_) => write!(f, "Object({text})"),
            Value::Function(_) => write!(f, "Function({text})"),
            Value::Confident(_) => write!(f, "Confident({text})"),
            Value::Promise(_) => f.write_str("Promise"),
        }
    }
}

/// Display is the Prism text form (`toString`, B §4.12).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::to_display_string(self))
    }
}
