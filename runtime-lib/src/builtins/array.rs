//! Array methods (B §4.6, D6, D7, D19).
//!
//! The reference's `map filter reduce forEach push join` keep its argument checks and messages
//! (`Array.map() requires exactly 1 argument: function`, `Argument to map() must be a
//! function`, …); `push` appends in place and returns the array itself (D6). D7 adds `find
//! findIndex some every includes indexOf lastIndexOf slice concat sort reverse flat flatMap pop
//! shift unshift` with JavaScript behaviour. Callbacks receive `(x, i, arr)` (`(acc, x, i,
//! arr)` for `reduce`) truncated to the parameters they declare (D7).
//!
//! With a synchronous callback every loop runs without suspending or allocating per element.
//! The loops iterate over the elements present when the method was called (a snapshot of the
//! element handles, so no lock is held while a callback runs): like JavaScript, elements
//! appended by a callback are not visited; unlike JavaScript, a slot reassigned by a callback
//! before it is visited is seen with its old value.
//! `map`, `filter` and `flatMap` given an asynchronous callback start all calls at once and
//! await them together (a concurrent fan-out such as `agents.map(a => a.analyze(x))`); the
//! other methods call asynchronous callbacks one at a time, in order.

use futures::future::join_all;

/// Calls a callback: directly when it is synchronous (a tight loop, no future), awaiting it
/// otherwise.
macro_rules! invoke {
    ($cb:expr, $args:expr) => {
        match $cb.try_sync($args) {
            Some(r) => r,
            None => $cb.invoke($args).await,
        }
    };
}

use super::{callback, finish, min_conf, relative_index, to_integer, unwrap_args};
use crate::access::get_member_path_ref;
use crate::call::Callback;
use crate::collections::Array;
use crate::error::{PResult, fail};
use crate::function::SyncFn;
use crate::ops;
use crate::ops::equality::deep_equal;
use crate::text::MAX_DEPTH;
use crate::value::Value;

/// Calls `cb(x, i, arr)` with `x` alone, borrowed, if `cb` is a plain synchronous function
/// declaring at most one parameter (`direct` is `cb.direct(3)`, looked up once per loop):
/// `None` if the call must go through [`call_element`].
#[inline]
fn call_element_directly(direct: Option<(&SyncFn, usize)>, x: &Value) -> Option<PResult> {
    match direct {
        Some((f, n)) if n <= 1 => Some(f(std::slice::from_ref(x).get(..n).unwrap_or_default())),
        _ => None,
    }
}

/// Calls `cb(x, i, arr)` (`buf[2]` holds `arr`): a callback declaring one parameter gets `x`
/// borrowed, with no copy or reference count.
async fn call_element(cb: &Callback, x: &Value, i: usize, buf: &mut [Value; 3]) -> PResult {
    if cb.passes(3) <= 1 {
        return invoke!(cb, std::slice::from_ref(x));
    }
    buf[0] = x.clone();
    buf[1] = Value::from(i);
    invoke!(cb, &buf[..])
}

/// Runs array method `name` of `receiver` (a plain array for the reference's methods, the
/// possibly confident receiver for D7's).
pub(crate) async fn call(receiver: &Value, name: &str, args: Vec<Value>) -> PResult {
    let recv_conf = receiver.confidence();
    let base = receiver.unwrap_one().0;
    let Value::Array(arr) = base else {
        return fail(format!("Cannot access property '{name}' on {}", base.type_name()));
    };
    match name {
        "map" => map(arr, base, args).await,
        "filter" => filter(arr, base, args).await,
        "reduce" => reduce(arr, base, args).await,
        "forEach" => for_each(arr, base, args).await,
        "push" => {
            arr.extend(args);
            Ok(base.clone())
        }
        "join" => join(arr, &args),
        "unshift" => Ok(finish(Value::from(arr.unshift(args)), recv_conf)),
        "concat" => Ok(finish(concat(arr, args), recv_conf)),
        _ => {
            let (args, arg_conf) = unwrap_args(args);
            let conf = min_conf(recv_conf, arg_conf);
            let r = computing(arr, base, name, args).await?;
            Ok(finish(r, conf))
        }
    }
}

async fn computing(arr: &Array, base: &Value, name: &str, args: Vec<Value>) -> PResult {
    match name {
        "find" | "findIndex" | "some" | "every" => search(arr, base, name, &args).await,
        "includes" => {
            let from = relative_index(args.get(1), arr.len(), 0);
            Ok(Value::Bool(position(arr, args.first(), from..arr.len()).is_some()))
        }
        "indexOf" => {
            let from = relative_index(args.get(1), arr.len(), 0);
            Ok(index_value(position(arr, args.first(), from..arr.len())))
        }
        "lastIndexOf" => Ok(index_value(last_position(arr, &args))),
        "slice" => {
            let items = arr.read();
            let start = relative_index(args.first(), items.len(), 0);
            let end = relative_index(args.get(1), items.len(), items.len());
            let part = if start < end {
                items.get(start..end).unwrap_or_default().to_vec()
            } else {
                Vec::new()
            };
            Ok(Value::array(part))
        }
        "sort" => super::sort::sort(arr, base, &args).await,
        "reverse" => {
            arr.write().reverse();
            Ok(base.clone())
        }
        "flat" => {
            let depth = match args.first() {
                None | Some(Value::Null) => 1.0,
                Some(v) => to_integer(Some(v)),
            };
            let mut out = Vec::new();
            let mut path = vec![arr.addr()];
            flatten_into(&mut out, &arr.snapshot(), depth, &mut path)?;
            Ok(Value::array(out))
        }
        "flatMap" => flat_map(arr, base, &args).await,
        "pop" => Ok(arr.pop().unwrap_or(Value::Null)),
        "shift" => Ok(arr.shift().unwrap_or(Value::Null)),
        other => fail(format!("Property '{other}' does not exist")),
    }
}

fn index_value(i: Option<usize>) -> Value {
    i.map_or(Value::Number(-1.0), Value::from)
}

/// D19: `includes`/`indexOf`/`lastIndexOf` compare with Prism's `===` (top-level confidences
/// unwrapped).
fn same(a: &Value, b: &Value) -> bool {
    deep_equal(a.strip_confidence(), b.strip_confidence())
}

fn position(arr: &Array, x: Option<&Value>, range: std::ops::Range<usize>) -> Option<usize> {
    let x = x.cloned().unwrap_or(Value::Null);
    range.into_iter().find(|&i| arr.get(i).is_some_and(|e| same(&e, &x)))
}

fn last_position(arr: &Array, args: &[Value]) -> Option<usize> {
    let len = arr.len();
    if len == 0 {
        return None;
    }
    let x = args.first().cloned().unwrap_or(Value::Null);
    let from = match args.get(1) {
        None => len as f64 - 1.0,
        Some(v) => {
            let n = to_integer(Some(v));
            if n < 0.0 { len as f64 + n } else { n.min(len as f64 - 1.0) }
        }
    };
    if from < 0.0 {
        return None;
    }
    (0..=from as usize).rev().find(|&i| arr.get(i).is_some_and(|e| same(&e, &x)))
}

async fn map(arr: &Array, base: &Value, args: Vec<Value>) -> PResult {
    if args.len() != 1 {
        return fail("Array.map() requires exactly 1 argument: function");
    }
    let cb = callback(args.first(), "Argument to map() must be a function")?;
    map_with(arr, base, &cb).await
}

/// `arr.map(cb)`: sequential for a synchronous callback, concurrent for an asynchronous one.
pub(crate) async fn map_with(arr: &Array, base: &Value, cb: &Callback) -> PResult {
    if !cb.is_sync() {
        let results = concurrent(arr, base, cb).await?;
        return Ok(Value::array(results));
    }
    let items = arr.elements();
    let mut out = Vec::with_capacity(items.len());
    let mut buf = [Value::Null, Value::Null, base.clone()];
    let direct = cb.direct(3);
    for (i, x) in items.iter().enumerate() {
        let r = match call_element_directly(direct, x) {
            Some(r) => r,
            None => call_element(cb, x, i, &mut buf).await,
        };
        out.push(r?);
    }
    Ok(Value::array(out))
}

/// Calls `cb(x, i, arr)` for every element at once and collects the results in order; the
/// first error by index wins.
async fn concurrent(arr: &Array, base: &Value, cb: &Callback) -> PResult<Vec<Value>> {
    let items = arr.snapshot();
    let calls = items
        .into_iter()
        .enumerate()
        .map(|(i, x)| cb.clone().invoke_owned(vec![x, Value::from(i), base.clone()]));
    join_all(calls).await.into_iter().collect()
}

async fn filter(arr: &Array, base: &Value, args: Vec<Value>) -> PResult {
    if args.len() != 1 {
        return fail("Array.filter() requires exactly 1 argument: predicate");
    }
    let cb = callback(args.first(), "Argument to filter() must be a function")?;
    filter_with(arr, base, &cb).await
}

/// `arr.filter(cb)`.
pub(crate) async fn filter_with(arr: &Array, base: &Value, cb: &Callback) -> PResult {
    if !cb.is_sync() {
        let items = arr.snapshot();
        let verdicts = concurrent(arr, base, cb).await?;
        let kept = items.into_iter().zip(verdicts).filter(|(_, v)| v.truthy()).map(|(x, _)| x);
        return Ok(Value::array(kept.collect()));
    }
    let items = arr.elements();
    let mut out = Vec::with_capacity(items.len());
    let mut buf = [Value::Null, Value::Null, base.clone()];
    let direct = cb.direct(3);
    for (i, x) in items.iter().enumerate() {
        let verdict = match call_element_directly(direct, x) {
            Some(r) => r,
            None => call_element(cb, x, i, &mut buf).await,
        };
        if verdict?.truthy() {
            out.push(x.clone());
        }
    }
    // Room for every element saves growing the vector step by step; what a selective filter
    // leaves unused is given back.
    if out.len() < out.capacity() / 2 {
        out.shrink_to_fit();
    }
    Ok(Value::array(out))
}

async fn reduce(arr: &Array, base: &Value, args: Vec<Value>) -> PResult {
    if args.is_empty() || args.len() > 2 {
        return fail(
            "Array.reduce() requires 1 or 2 arguments: reducer and optional initial value",
        );
    }
    let cb = callback(args.first(), "First argument to reduce() must be a function")?;
    reduce_with(arr, base, &cb, args.get(1).cloned()).await
}

/// `arr.reduce(cb[, init])`: the callback gets `(acc, x, i, arr)` truncated to its arity.
pub(crate) async fn reduce_with(
    arr: &Array,
    base: &Value,
    cb: &Callback,
    init: Option<Value>,
) -> PResult {
    let items = arr.elements();
    let mut iter = items.iter().enumerate();
    let acc = match init {
        Some(v) => v,
        None => match iter.next() {
            Some((_, first)) => first.clone(),
            None => return fail("reduce() of empty array with no initial value"),
        },
    };
    let mut buf = [acc, Value::Null, Value::Null, base.clone()];
    let n = cb.passes(4);
    let direct = cb.direct(4);
    if let (Some((f, 2)), Some(path)) = (direct, cb.key_sum()) {
        for (_, x) in iter {
            // What the callback computes, without copying `x` into its arguments.
            let sum = get_member_path_ref(x, path).and_then(|k| ops::add(&buf[0], &k));
            buf[0] = match sum {
                Ok(v) => v,
                // The callback itself raises the error, with its location.
                Err(_) => {
                    buf[1] = x.clone();
                    f(buf.get(..2).unwrap_or(&buf))?
                }
            };
        }
        return Ok(std::mem::take(&mut buf[0]));
    }
    for (i, x) in iter {
        if n >= 2 {
            buf[1] = x.clone();
        }
        if n >= 3 {
            buf[2] = Value::from(i);
        }
        buf[0] = match direct {
            Some((f, n)) => f(buf.get(..n).unwrap_or(&buf)),
            None => invoke!(cb, &buf),
        }?;
    }
    Ok(std::mem::take(&mut buf[0]))
}

async fn for_each(arr: &Array, base: &Value, args: Vec<Value>) -> PResult {
    if args.len() != 1 {
        return fail("Array.forEach() requires exactly 1 argument: function");
    }
    let cb = callback(args.first(), "Argument to forEach() must be a function")?;
    let mut buf = [Value::Null, Value::Null, base.clone()];
    for (i, x) in arr.elements().iter().enumerate() {
        call_element(&cb, x, i, &mut buf).await?;
    }
    Ok(Value::Null)
}

/// `join([sep])` (B §4.6): separator `,` by default and must be a string; null elements are
/// empty text, others their text form.
pub(crate) fn join(arr: &Array, args: &[Value]) -> PResult {
    if args.len() > 1 {
        return fail("Array.join() requires 0 or 1 argument");
    }
    let sep = match args.first() {
        None => ",".to_string(),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(_) => return fail("Array.join() separator must be a string"),
    };
    let mut out = String::new();
    for (i, item) in arr.snapshot().iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        if !item.is_null() {
            crate::text::write_display(&mut out, item);
        }
    }
    Ok(Value::from(out))
}

fn concat(arr: &Array, args: Vec<Value>) -> Value {
    let mut out = arr.snapshot();
    for a in args {
        match &a {
            Value::Array(other) => out.extend(other.snapshot()),
            _ => out.push(a),
        }
    }
    Value::array(out)
}

async fn search(arr: &Array, base: &Value, name: &str, args: &[Value]) -> PResult {
    let cb = callback(args.first(), &format!("Argument to {name}() must be a function"))?;
    let mut buf = [Value::Null, Value::Null, base.clone()];
    for (i, x) in arr.elements().iter().enumerate() {
        let hit = call_element(&cb, x, i, &mut buf).await?.truthy();
        match (name, hit) {
            ("find", true) => return Ok(x.clone()),
            ("findIndex", true) => return Ok(Value::from(i)),
            ("some", true) => return Ok(Value::Bool(true)),
            ("every", false) => return Ok(Value::Bool(false)),
            _ => {}
        }
    }
    Ok(match name {
        "find" => Value::Null,
        "findIndex" => Value::Number(-1.0),
        "some" => Value::Bool(false),
        _ => Value::Bool(true),
    })
}

async fn flat_map(arr: &Array, base: &Value, args: &[Value]) -> PResult {
    let cb = callback(args.first(), "Argument to flatMap() must be a function")?;
    let mapped = map_with(arr, base, &cb).await?;
    let mut out = Vec::new();
    if let Value::Array(m) = mapped {
        for item in m.snapshot() {
            match &item {
                Value::Array(inner) => out.extend(inner.snapshot()),
                _ => out.push(item),
            }
        }
    }
    Ok(Value::array(out))
}

fn flatten_into(
    out: &mut Vec<Value>,
    items: &[Value],
    depth: f64,
    path: &mut Vec<usize>,
) -> PResult<()> {
    for item in items {
        match item {
            Value::Array(inner) if depth >= 1.0 => {
                if path.contains(&inner.addr()) || path.len() >= MAX_DEPTH {
                    return fail("Cannot flatten a circular array");
                }
                path.push(inner.addr());
                flatten_into(out, &inner.snapshot(), depth - 1.0, path)?;
                path.pop();
            }
            other => out.push(other.clone()),
        }
    }
    Ok(())
}
