//! Destructuring with confidence thresholds (B §3.4) and loop sources (B §3.7, D5, D19).
//!
//! * The source must be a plain array / object: a confident one is `Cannot destructure
//!   non-array value` / `Cannot destructure non-object value`.
//! * A missing element or property gives null; an object property default is used only when
//!   the key is missing.
//! * Threshold check: the value's confidence (1.0 if plain) must be ≥ the element/property
//!   threshold if given, else the global one. On failure the target gets null and a nested
//!   pattern is destructured from an empty array/object. On success the value is bound still
//!   wrapped. Rest elements are filtered by the global threshold only. A nested pattern
//!   inherits the global threshold; a property-level threshold becomes its nested pattern's
//!   global one.
//!
//! Generated code can call the primitives ([`array_source`], [`element`], [`meets_threshold`],
//! …) inline, or describe the pattern with [`Pattern`] and call [`destructure`], which writes
//! the bound values into numbered slots.

use crate::collections::{Array, Object, ObjectMap};
use crate::error::{PResult, fail};
use crate::pstr::Str;
use crate::value::Value;

/// The plain array to destructure, or `Cannot destructure non-array value`.
pub fn array_source(v: &Value) -> PResult<Array> {
    match v {
        Value::Array(a) => Ok(a.clone()),
        _ => fail("Cannot destructure non-array value"),
    }
}

/// The plain object to destructure, or `Cannot destructure non-object value`.
pub fn object_source(v: &Value) -> PResult<Object> {
    match v {
        Value::Object(o) => Ok(o.clone()),
        _ => fail("Cannot destructure non-object value"),
    }
}

/// Element `i`, null past the end.
pub fn element(arr: &Array, i: usize) -> Value {
    arr.get(i).unwrap_or(Value::Null)
}

/// Property `key`, `None` if missing (then a default applies, else null).
pub fn property(obj: &Object, key: &str) -> Option<Value> {
    obj.get(key)
}

/// Which threshold is being checked (for the error wording).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdKind {
    /// `[a, b] ~> t = …`: `Confidence threshold must be a number`.
    Global,
    /// `[a ~> t] = …`: `Element confidence threshold must be a number`.
    Element,
    /// `{a ~> t} = …`: `Property confidence threshold must be a number`.
    Property,
}

/// Checks a threshold expression's value: a plain number, else the kind's error.
pub fn threshold(t: &Value, kind: ThresholdKind) -> PResult<f64> {
    match t {
        Value::Number(n) => Ok(*n),
        _ => fail(match kind {
            ThresholdKind::Global => "Confidence threshold must be a number",
            ThresholdKind::Element => "Element confidence threshold must be a number",
            ThresholdKind::Property => "Property confidence threshold must be a number",
        }),
    }
}

/// True if `v`'s confidence (1.0 if plain) is at least `t`.
pub fn meets_threshold(v: &Value, t: f64) -> bool {
    v.confidence_or_one() >= t
}

/// The rest of an array pattern: elements from `from` on that meet the global threshold.
pub fn rest_elements(arr: &Array, from: usize, global: Option<f64>) -> Value {
    let items = arr.read();
    let rest = items.get(from..).unwrap_or_default();
    Value::array(
        rest.iter().filter(|v| global.is_none_or(|t| meets_threshold(v, t))).cloned().collect(),
    )
}

/// The rest of an object pattern: the properties not in `taken` that meet the global threshold.
pub fn rest_properties(obj: &Object, taken: &[&str], global: Option<f64>) -> Value {
    let mut out = ObjectMap::default();
    for (k, v) in obj.read().iter() {
        if !taken.contains(&k.as_str()) && global.is_none_or(|t| meets_threshold(v, t)) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::object_from_map(out)
}

/// A destructuring pattern whose bindings are numbered slots.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// Bind the value to slot `n`.
    Bind(usize),
    /// An array pattern.
    Array {
        /// The elements; `None` is a hole.
        elements: Vec<Option<ArrayElement>>,
        /// The slot of `...rest`, if any.
        rest: Option<usize>,
    },
    /// An object pattern.
    Object {
        /// The properties, in order.
        props: Vec<PropPattern>,
        /// The slot of `...rest`, if any.
        rest: Option<usize>,
    },
}

/// One element of an array pattern.
#[derive(Debug, Clone)]
pub struct ArrayElement {
    /// What the element binds.
    pub pattern: Pattern,
    /// `~> t` on the element (already checked with [`threshold`]).
    pub threshold: Option<f64>,
}

/// One property of an object pattern.
#[derive(Debug, Clone)]
pub struct PropPattern {
    /// The property name.
    pub key: Str,
    /// What the property binds.
    pub pattern: Pattern,
    /// `~> t` on the property (already checked with [`threshold`]).
    pub threshold: Option<f64>,
    /// The default value, used when the key is missing. It is supplied already evaluated:
    /// generated code whose default has side effects should use the primitives instead.
    pub default: Option<Value>,
}

/// Destructures `value` by `pattern` with an optional global threshold, writing bound values
/// into `slots` (slots out of range are ignored).
pub fn destructure(
    pattern: &Pattern,
    value: &Value,
    global: Option<f64>,
    slots: &mut [Value],
) -> PResult<()> {
    match pattern {
        Pattern::Bind(n) => {
            if let Some(slot) = slots.get_mut(*n) {
                *slot = value.clone();
            }
            Ok(())
        }
        Pattern::Array { elements, rest } => {
            let arr = array_source(value)?;
            for (i, el) in elements.iter().enumerate() {
                let Some(el) = el else { continue };
                let v = element(&arr, i);
                let ok = match el.threshold.or(global) {
                    Some(t) => meets_threshold(&v, t),
                    None => true,
                };
                bind_checked(&el.pattern, &v, ok, global, slots)?;
            }
            if let Some(n) = rest
                && let Some(slot) = slots.get_mut(*n)
            {
                *slot = rest_elements(&arr, elements.len(), global);
            }
            Ok(())
        }
        Pattern::Object { props, rest } => {
            let obj = object_source(value)?;
            let mut taken = Vec::with_capacity(props.len());
            for p in props {
                let v = match property(&obj, &p.key) {
                    Some(v) => {
                        taken.push(p.key.as_str());
                        v
                    }
                    None => p.default.clone().unwrap_or(Value::Null),
                };
                let ok = match p.threshold.or(global) {
                    Some(t) => meets_threshold(&v, t),
                    None => true,
                };
                let nested_global = p.threshold.or(global);
                bind_checked(&p.pattern, &v, ok, nested_global, slots)?;
            }
            if let Some(n) = rest
                && let Some(slot) = slots.get_mut(*n)
            {
                *slot = rest_properties(&obj, &taken, global);
            }
            Ok(())
        }
    }
}

fn bind_checked(
    pattern: &Pattern,
    v: &Value,
    ok: bool,
    global: Option<f64>,
    slots: &mut [Value],
) -> PResult<()> {
    match (pattern, ok) {
        (_, true) => destructure(pattern, v, global, slots),
        (Pattern::Bind(_), false) => destructure(pattern, &Value::Null, global, slots),
        (Pattern::Array { .. }, false) => {
            destructure(pattern, &Value::array(Vec::new()), global, slots)
        }
        (Pattern::Object { .. }, false) => {
            destructure(pattern, &Value::Object(Object::empty()), global, slots)
        }
    }
}

/// The array a `for x in e` loop iterates (B §3.7): a confident array is unwrapped (its
/// elements keep their own confidences); anything else is `for...in loop requires an array`.
pub fn for_in_source(v: &Value) -> PResult<Array> {
    match v.unwrap_one().0 {
        Value::Array(a) => Ok(a.clone()),
        _ => fail("for...in loop requires an array"),
    }
}

/// The array a `for (const x of e)` loop iterates (D5, D19): an array (a confident one is
/// unwrapped) or a string (its characters); anything else is `for...of loop requires an
/// array`. Iterate by index with [`Array::get`] so elements appended during the loop are seen,
/// as in JavaScript.
pub fn for_of_source(v: &Value) -> PResult<Array> {
    match v.unwrap_one().0 {
        Value::Array(a) => Ok(a.clone()),
        Value::Str(s) => Ok(Array::new(s.chars().map(|c| Value::from(c.to_string())).collect())),
        _ => fail("for...of loop requires an array"),
    }
}

/// A `match` arm pattern (B §3.10) whose bindings are numbered slots.
#[derive(Debug, Clone)]
pub enum MatchPattern {
    /// `_`: matches anything.
    Wildcard,
    /// An identifier: matches anything and binds the value (still wrapped) to slot `n`.
    Bind(usize),
    /// A number, string, boolean or null literal, compared with the value unwrapped one layer.
    Literal(Value),
    /// `[p, p ~> t, , ...rest]`: an array of exactly this length (at least, with a rest).
    Array {
        /// The elements with their thresholds; `None` is a hole.
        elements: Vec<Option<(MatchPattern, Option<f64>)>>,
        /// `Some(Some(n))` binds the rest to slot `n`, `Some(None)` is `..._`, `None` no rest.
        rest: Option<Option<usize>>,
    },
    /// `{k, k: p, k ~> t, ...rest}`: an object having every listed key.
    Object {
        /// The properties with their thresholds.
        props: Vec<(Str, MatchPattern, Option<f64>)>,
        /// As for arrays.
        rest: Option<Option<usize>>,
    },
}

fn bind_slot(slots: &mut [Value], n: usize, v: Value) {
    if let Some(slot) = slots.get_mut(n) {
        *slot = v;
    }
}

/// Matches `value` against an arm pattern with the arm's threshold (`pattern ~> t =>`),
/// writing bindings into `slots`; true if the arm matches (then its guard, if any, decides).
/// A threshold applies to the value and is inherited by nested patterns; an element or
/// property threshold replaces it for that element.
pub fn match_pattern(
    pattern: &MatchPattern,
    value: &Value,
    threshold: Option<f64>,
    slots: &mut [Value],
) -> bool {
    if threshold.is_some_and(|t| !meets_threshold(value, t)) {
        return false;
    }
    let inner = value.unwrap_one().0;
    match pattern {
        MatchPattern::Wildcard => true,
        MatchPattern::Bind(n) => {
            bind_slot(slots, *n, value.clone());
            true
        }
        MatchPattern::Literal(lit) => match (lit, inner) {
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Null, Value::Null) => true,
            _ => false,
        },
        MatchPattern::Array { elements, rest } => {
            let Value::Array(arr) = inner else { return false };
            let items = arr.snapshot();
            if items.len() < elements.len() || (rest.is_none() && items.len() != elements.len()) {
                return false;
            }
            for (el, item) in elements.iter().zip(items.iter()) {
                let Some((p, t)) = el else { continue };
                if !match_pattern(p, item, t.or(threshold), slots) {
                    return false;
                }
            }
            if let Some(Some(n)) = rest {
                let tail = items.get(elements.len()..).unwrap_or_default().to_vec();
                bind_slot(slots, *n, Value::array(tail));
            }
            true
        }
        MatchPattern::Object { props, rest } => {
            let Value::Object(obj) = inner else { return false };
            for (key, p, t) in props {
                let Some(v) = obj.get(key) else { return false };
                if !match_pattern(p, &v, t.or(threshold), slots) {
                    return false;
                }
            }
            if let Some(Some(n)) = rest {
                let taken: Vec<&str> = props.iter().map(|(k, _, _)| k.as_str()).collect();
                bind_slot(slots, *n, rest_properties(obj, &taken, None));
            }
            true
        }
    }
}
