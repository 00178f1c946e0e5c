//! Calls (B §4.7, D7) and spread (B §2.3, §2.4).
//!
//! * [`call_value`] is a direct Prism call `f(args)`: the callee must be a function or a
//!   confident function (else `Cannot call non-function value: T`); user functions get the
//!   strict arity check; calling a confident function `(f, cf)` turns a plain result `r` into
//!   `(r, cf)` and a confident result `(v, cr)` into `(v, cr × cf)` ([`apply_conf`]).
//! * [`call_value_sync`] is the synchronous fast path of the same call.
//! * Built-ins call their callbacks through an adapter ([`Callback`]) that passes exactly as many
//!   arguments as the callback declares (D7): extra ones are dropped, missing ones are null.

use crate::collections::ObjectMap;
use crate::error::{PResult, fail};
use crate::function::{Function, KeyComparator, SyncFn};
use crate::value::Value;

/// The product rule of a call through a confident function (B §4.7): a plain `r` becomes
/// `(r, c)`, a confident `(v, cr)` becomes `(v, cr × c)`.
pub fn apply_conf(r: Value, c: f64) -> Value {
    match r {
        Value::Confident(k) => Value::confident(k.value().clone(), k.confidence() * c),
        other => Value::confident(other, c),
    }
}

/// The function and the confidence of a callee (`f` or `(f, cf)`), or the B §4.7 error.
pub fn callee_parts(callee: &Value) -> PResult<(&Function, Option<f64>)> {
    match callee {
        Value::Function(f) => Ok((f, None)),
        Value::Confident(c) => match c.value() {
            Value::Function(f) => Ok((f, Some(c.confidence()))),
            _ => fail("Cannot call non-function value: confident"),
        },
        other => fail(format!("Cannot call non-function value: {}", other.type_name())),
    }
}

/// A direct call `callee(args)` with the strict arity check (B §4.7). Works for sync and async
/// functions.
pub async fn call_value(callee: &Value, args: Vec<Value>) -> PResult {
    let (f, c) = callee_parts(callee)?;
    let r = f.call_checked(args).await?;
    Ok(match c {
        Some(c) => apply_conf(r, c),
        None => r,
    })
}

/// The synchronous fast path of [`call_value`]: `Some(result)` when the call completes without
/// suspending, `None` when the callee must be awaited (then nothing has run yet).
pub fn call_value_sync(callee: &Value, args: &[Value]) -> Option<PResult> {
    let (f, c) = match callee_parts(callee) {
        Ok(parts) => parts,
        Err(e) => return Some(Err(e)),
    };
    if let Err(e) = f.check_arity(args.len()) {
        return Some(Err(e));
    }
    let r = f.try_call_sync(args)?;
    Some(r.map(|r| match c {
        Some(c) => apply_conf(r, c),
        None => r,
    }))
}

/// A callback as built-ins call it: arguments adapted to the declared arity (D7), the product
/// rule applied for a confident function.
#[derive(Clone)]
pub struct Callback {
    f: Function,
    conf: Option<f64>,
}

impl Callback {
    /// The callback in `v` (a function or a confident function), if it is one.
    pub fn from_value(v: &Value) -> Option<Callback> {
        match v {
            Value::Function(f) => Some(Callback { f: f.clone(), conf: None }),
            Value::Confident(c) => match c.value() {
                Value::Function(f) => Some(Callback { f: f.clone(), conf: Some(c.confidence()) }),
                _ => None,
            },
            _ => None,
        }
    }

    /// The underlying function.
    pub fn function(&self) -> &Function {
        &self.f
    }

    /// What the callback computes as a comparator, if prismc recognised it (see
    /// [`KeyComparator`]); never for a confident function, whose results are confident.
    pub fn key_comparator(&self) -> Option<KeyComparator> {
        if self.conf.is_some() { None } else { self.f.key_comparator() }
    }

    /// The property chain the callback sums as a reducer, if prismc recognised it (see
    /// [`Function::with_key_sum`]); never for a confident function.
    pub fn key_sum(&self) -> Option<&'static [&'static str]> {
        if self.conf.is_some() { None } else { self.f.key_sum() }
    }

    /// How many of `provided` arguments a call passes (D7 adaptation).
    #[inline]
    pub fn passes(&self, provided: usize) -> usize {
        self.f.arity().adapt(provided)
    }

    /// True if every call completes without suspending.
    pub fn is_sync(&self) -> bool {
        self.f.is_sync()
    }

    /// The arguments a call with `args` needs padded with nulls, if the callback declares more
    /// parameters than are passed (rare; otherwise `None` and the slice is passed as is).
    fn padded(&self, args: &[Value]) -> Option<Vec<Value>> {
        let a = self.f.arity();
        if a.rest || a.params <= args.len() {
            return None;
        }
        let mut v = args.to_vec();
        v.resize(a.params, Value::Null);
        Some(v)
    }

    #[inline]
    fn finish(&self, r: Value) -> Value {
        match self.conf {
            Some(c) => apply_conf(r, c),
            None => r,
        }
    }

    /// For a loop making many calls with `provided` arguments: the body and how many of the
    /// arguments it takes, when calling it directly is all [`Callback::try_sync`] would do (a
    /// plain synchronous function that needs no padding).
    #[inline]
    pub fn direct(&self, provided: usize) -> Option<(&SyncFn, usize)> {
        let a = self.f.arity();
        if self.conf.is_some() || (!a.rest && a.params > provided) {
            return None;
        }
        Some((self.f.sync_fn()?, a.adapt(provided)))
    }

    /// The synchronous fast path of [`Callback::invoke`]: `Some(result)` for a synchronous
    /// function (called directly, no future involved), `None` otherwise.
    #[inline]
    pub fn try_sync(&self, args: &[Value]) -> Option<PResult> {
        let f = self.f.sync_fn()?;
        let n = self.f.arity().adapt(args.len());
        let r = match self.padded(args) {
            Some(padded) => f(&padded),
            None => f(args.get(..n).unwrap_or(args)),
        };
        Some(r.map(|r| self.finish(r)))
    }

    /// Calls with `args` adapted to the declared parameters (D7): extra arguments dropped,
    /// missing ones padded with null (a rest parameter takes them all).
    pub async fn invoke(&self, args: &[Value]) -> PResult {
        let n = self.f.arity().adapt(args.len());
        let r = match self.padded(args) {
            Some(padded) => self.f.call(padded).await?,
            None => self.f.call_slice(args.get(..n).unwrap_or(args)).await?,
        };
        Ok(self.finish(r))
    }

    /// Like [`Callback::invoke`] with owned arguments (for futures run concurrently).
    pub async fn invoke_owned(self, mut args: Vec<Value>) -> PResult {
        if let Some(padded) = self.padded(&args) {
            args = padded;
        }
        let n = self.f.arity().adapt(args.len());
        args.truncate(n);
        let r = self.f.call(args).await?;
        Ok(self.finish(r))
    }
}

/// Spread in a call, `f(...v)`: `v` must be a plain array (`Cannot spread non-array value: T`;
/// a confident array is rejected, B §2.4). Appends its elements to `args`.
pub fn spread_call_arg(args: &mut Vec<Value>, v: &Value) -> PResult<()> {
    match v {
        Value::Array(a) => {
            args.extend(a.read().iter().cloned());
            Ok(())
        }
        other => fail(format!("Cannot spread non-array value: {}", other.type_name())),
    }
}

/// Spread in an array literal, `[...v]`: a confident array is unwrapped; anything else that
/// is not an array is `Cannot spread non-array value`.
pub fn spread_array_literal(items: &mut Vec<Value>, v: &Value) -> PResult<()> {
    match v.unwrap_one().0 {
        Value::Array(a) => {
            items.extend(a.read().iter().cloned());
            Ok(())
        }
        _ => fail("Cannot spread non-array value"),
    }
}

/// Spread in an object literal, `{...v}`: a confident object is unwrapped (its properties are
/// copied plain, B §2.3); anything else is `Cannot spread non-object value`.
pub fn spread_object_literal(map: &mut ObjectMap, v: &Value) -> PResult<()> {
    match v.unwrap_one().0 {
        Value::Object(o) => {
            for (k, item) in o.read().iter() {
                map.insert(k.clone(), item.clone());
            }
            Ok(())
        }
        _ => fail("Cannot spread non-object value"),
    }
}
