//! The reference's global built-ins (B §4.13) with its argument checks and messages: `map`,
//! `filter`, `reduce`, `max`, `min`, `confidence`, `threshold`, `consensus`, `aggregate`,
//! `sortBy`, `groupBy`, `debounce`.

use std::cmp::Ordering;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use super::array::{filter_with, map_with, reduce_with};
use super::sort::MergeOrder;
use super::{callback, globals::sleep_ms};
use crate::call::Callback;
use crate::collections::{ObjectMap, lookup};
use crate::error::{PResult, fail};
use crate::function::Function;
use crate::promise::Promise;
use crate::text::to_display_string;
use crate::value::Value;

/// `map(arr, fn)`: exactly 2 arguments; a confident `arr` gives a result with the same
/// confidence.
pub fn map() -> Function {
    Function::builtin_hybrid("map", |args| {
        Box::pin(async move {
            if args.len() != 2 {
                return fail("map() requires exactly 2 arguments: array and function");
            }
            let (arr_v, c) = split_array(&args, "map")?;
            let cb = callback(args.get(1), "Second argument to map() must be a function")?;
            let Value::Array(arr) = &arr_v else {
                return fail("First argument to map() must be an array");
            };
            let r = map_with(arr, &arr_v, &cb).await?;
            Ok(wrap_if(r, c))
        })
    })
}

/// `filter(arr, fn)`: like `map`.
pub fn filter() -> Function {
    Function::builtin_hybrid("filter", |args| {
        Box::pin(async move {
            if args.len() != 2 {
                return fail("filter() requires exactly 2 arguments: array and predicate");
            }
            let (arr_v, c) = split_array(&args, "filter")?;
            let cb = callback(args.get(1), "Second argument to filter() must be a function")?;
            let Value::Array(arr) = &arr_v else {
                return fail("First argument to filter() must be an array");
            };
            let r = filter_with(arr, &arr_v, &cb).await?;
            Ok(wrap_if(r, c))
        })
    })
}

/// `reduce(arr, fn[, init])`: a confident `arr` wraps a plain result with its confidence.
pub fn reduce() -> Function {
    Function::builtin_hybrid("reduce", |args| {
        Box::pin(async move {
            if args.len() < 2 || args.len() > 3 {
                return fail(
                    "reduce() requires 2 or 3 arguments: array, reducer, and optional initial value",
                );
            }
            let (arr_v, c) = split_array(&args, "reduce")?;
            let cb = callback(args.get(1), "Second argument to reduce() must be a function")?;
            let Value::Array(arr) = &arr_v else {
                return fail("First argument to reduce() must be an array");
            };
            let r = reduce_with(arr, &arr_v, &cb, args.get(2).cloned()).await?;
            Ok(match (c, r.is_confident()) {
                (Some(c), false) => Value::confident(r, c),
                _ => r,
            })
        })
    })
}

fn split_array(args: &[Value], name: &str) -> PResult<(Value, Option<f64>)> {
    let first = args.first().cloned().unwrap_or(Value::Null);
    let (inner, c) = match &first {
        Value::Confident(k) => (k.value().clone(), Some(k.confidence())),
        other => (other.clone(), None),
    };
    if !matches!(inner, Value::Array(_)) {
        return fail(format!("First argument to {name}() must be an array"));
    }
    Ok((inner, c))
}

fn wrap_if(r: Value, c: Option<f64>) -> Value {
    match c {
        Some(c) => Value::confident(r, c),
        None => r,
    }
}

fn extreme(name: &'static str, better: fn(f64, f64) -> bool, start: f64) -> Function {
    Function::builtin(name, move |args| {
        if args.is_empty() {
            return fail(format!("{name}() requires at least one argument"));
        }
        let mut best: Option<(f64, Option<f64>)> = None;
        let mut best_num = start;
        for a in args {
            let (v, c) = match a {
                Value::Confident(k) => (k.value(), Some(k.confidence())),
                other => (other, None),
            };
            let Value::Number(n) = v else {
                return fail(format!("{name}() requires numeric arguments, got {}", v.type_name()));
            };
            if better(*n, best_num) {
                best_num = *n;
                best = Some((*n, c));
            }
        }
        Ok(match best {
            Some((n, Some(c))) => Value::confident(Value::Number(n), c),
            Some((n, None)) => Value::Number(n),
            None => Value::Null,
        })
    })
}

/// `max(...n)`: numbers (confident allowed); the result is confident only if the winning
/// argument was; ties keep the first.
pub fn max() -> Function {
    extreme("max", |n, best| n > best, f64::NEG_INFINITY)
}

/// `min(...n)`: see [`max`].
pub fn min() -> Function {
    extreme("min", |n, best| n < best, f64::INFINITY)
}

/// The number inside a possibly confident argument.
fn number_arg(v: Option<&Value>) -> Option<f64> {
    match v.map(|v| v.unwrap_one().0) {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    }
}

/// `confidence(t)`: returns `g(fn)`, which returns a wrapper whose results are wrapped (nested
/// if already confident) with confidence `t` ∈ [0, 1].
pub fn confidence() -> Function {
    Function::builtin("confidence", |args| {
        if args.len() != 1 {
            return fail("confidence() requires exactly one argument: threshold");
        }
        let Some(t) = number_arg(args.first()) else {
            return fail("confidence() threshold must be a number");
        };
        if !(0.0..=1.0).contains(&t) {
            return fail("confidence() threshold must be between 0 and 1");
        }
        Ok(Value::Function(Function::builtin("confidenceThreshold", move |inner| {
            if inner.len() != 1 {
                return fail(
                    "confidence-configured function requires exactly one argument: function",
                );
            }
            let Some(Value::Function(f)) = inner.first() else {
                return fail("confidence-configured function requires a function argument");
            };
            let f = f.clone();
            let wrapper = if f.is_sync() {
                Function::builtin("confidenceWrapper", move |call_args| {
                    f.check_arity(call_args.len())?;
                    let r = f.try_call_sync(call_args).unwrap_or_else(|| {
                        fail("internal error: expected a synchronous function")
                    })?;
                    Ok(Value::confident(r, t))
                })
            } else {
                Function::builtin_async("confidenceWrapper", move |call_args| {
                    let f = f.clone();
                    Box::pin(
                        async move { Ok(Value::confident(f.call_checked(call_args).await?, t)) },
                    )
                })
            };
            Ok(Value::Function(wrapper))
        })))
    })
}

/// `threshold(t)`: returns `g(arr)` keeping confident elements with c ≥ t, objects with no
/// confident property below t, and every other element.
pub fn threshold() -> Function {
    Function::builtin("threshold", |args| {
        if args.len() != 1 {
            return fail("threshold() requires exactly one argument: minimum confidence");
        }
        let Some(t) = number_arg(args.first()) else {
            return fail("threshold() requires a number");
        };
        Ok(Value::Function(Function::builtin("thresholdFilter", move |inner| {
            if inner.len() != 1 {
                return fail("threshold filter requires exactly one argument: array");
            }
            let Some(Value::Array(arr)) = inner.first().map(|v| v.unwrap_one().0) else {
                return fail("threshold filter requires an array");
            };
            let kept = arr.snapshot().into_iter().filter(|e| match e {
                Value::Confident(c) => c.confidence() >= t,
                Value::Object(o) => {
                    !o.read().values().any(|v| v.confidence().is_some_and(|c| c < t))
                }
                _ => true,
            });
            Ok(Value::array(kept.collect()))
        })))
    })
}

/// Reads `strategy` from an options object (`None` if absent).
fn strategy_option(opts: Option<&Value>, name: &str) -> PResult<(Option<String>, Option<Value>)> {
    let Some(opts) = opts else { return Ok((None, None)) };
    let Value::Object(o) = opts.unwrap_one().0 else {
        return fail(format!("{name}() options must be an object"));
    };
    let map = o.read();
    let strategy = match lookup(&map, "strategy") {
        None => None,
        Some(v) => match v.unwrap_one().0 {
            Value::Str(s) => Some(s.as_str().to_string()),
            _ => return fail(format!("{name}() strategy must be a string")),
        },
    };
    Ok((strategy, lookup(&map, "combine").cloned()))
}

fn values_arg(args: &[Value], name: &str) -> PResult<Vec<Value>> {
    if args.is_empty() || args.len() > 2 {
        return fail(format!("{name}() requires an array and optional options object"));
    }
    match args.first().map(|v| v.unwrap_one().0) {
        Some(Value::Array(a)) => Ok(a.snapshot()),
        _ => fail(format!("{name}() expects an array of values")),
    }
}

/// `consensus(arr[, {strategy: "max"|"min"}])`: the element with the highest (lowest)
/// confidence, plain counting as 1.0, first on ties.
pub fn consensus() -> Function {
    Function::builtin("consensus", |args| {
        let values = values_arg(args, "consensus")?;
        let (strategy, _) = strategy_option(args.get(1), "consensus")?;
        let want_max = match strategy.as_deref() {
            None | Some("max") => true,
            Some("min") => false,
            Some(_) => return fail("consensus() strategy must be \"min\" or \"max\""),
        };
        let mut it = values.into_iter();
        let Some(mut best) = it.next() else {
            return fail("consensus() requires at least one value");
        };
        for e in it {
            let (ce, cb) = (e.confidence_or_one(), best.confidence_or_one());
            if (want_max && ce > cb) || (!want_max && ce < cb) {
                best = e;
            }
        }
        Ok(best)
    })
}

/// `aggregate(arr[, {strategy, combine}])`: `(arr or combine(arr), combined c)`; default
/// strategy average; an empty array gives c = 1.0.
pub fn aggregate() -> Function {
    Function::builtin_hybrid("aggregate", |args| {
        Box::pin(async move {
            let values = values_arg(&args, "aggregate")?;
            let (strategy, combine) = strategy_option(args.get(1), "aggregate")?;
            let strategy = strategy.unwrap_or_else(|| "average".to_string());
            if !matches!(strategy.as_str(), "min" | "max" | "product" | "average") {
                return fail(
                    "aggregate() strategy must be \"min\", \"max\", \"product\", or \"average\"",
                );
            }
            let combine = match combine {
                None => None,
                Some(v) => match v.unwrap_one().0 {
                    Value::Function(f) => Some(f.clone()),
                    _ => return fail("aggregate() combine must be a function"),
                },
            };
            let cs: Vec<f64> = values.iter().map(Value::confidence_or_one).collect();
            let combined = if cs.is_empty() {
                1.0
            } else {
                match strategy.as_str() {
                    "min" => cs.iter().copied().fold(f64::INFINITY, f64::min),
                    "max" => cs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    "product" => cs.iter().product(),
                    _ => cs.iter().sum::<f64>() / cs.len() as f64,
                }
            };
            let copy = Value::array(values);
            let value = match combine {
                Some(f) => f.call_checked(vec![copy]).await?,
                None => copy,
            };
            Ok(Value::confident(value, combined))
        })
    })
}

/// An approximation of `String#localeCompare`: case-insensitive first, then lower case before
/// upper case, then code points.
pub(crate) fn locale_compare(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| {
            let flip = |s: &str| {
                s.chars().map(|c| if c.is_uppercase() { 1 } else { 0 }).collect::<Vec<u8>>()
            };
            flip(a).cmp(&flip(b))
        })
        .then_with(|| a.cmp(b))
}

/// A stable merge sort with any comparator (never panics, even for inconsistent orders): the
/// same merge order as `arr.sort`, so both sorts agree on equal elements.
pub(crate) fn merge_sort_by(
    items: Vec<Value>,
    cmp: &dyn Fn(&Value, &Value) -> Ordering,
) -> Vec<Value> {
    let mut order = MergeOrder::new(items.len());
    while let Some((x, y)) = order.next_pair() {
        let right_first = match (items.get(x), items.get(y)) {
            (Some(a), Some(b)) => cmp(a, b) == Ordering::Greater,
            _ => false,
        };
        order.answer(right_first);
    }
    order.apply(items)
}

fn sort_key(v: &Value, key: &str) -> Value {
    match v.unwrap_one().0 {
        Value::Object(o) => o.get(key).map(|p| p.unwrap_one().0.clone()).unwrap_or(Value::Null),
        other => other.clone(),
    }
}

/// `sortBy(key[, "asc"|"desc"])`: returns `g(arr)`, a sorted copy wrapped with confidence
/// 0.95; numbers compare numerically, anything else by locale comparison of the text forms;
/// any direction other than `"asc"` sorts descending.
pub fn sort_by() -> Function {
    Function::builtin("sortBy", |args| {
        if args.is_empty() || args.len() > 2 {
            return fail("sortBy() requires 1-2 arguments: key [, direction]");
        }
        let Some(Value::Str(key)) = args.first().map(|v| v.unwrap_one().0) else {
            return fail("sortBy() key must be a string");
        };
        let ascending = match args.get(1).map(|v| v.unwrap_one().0) {
            None => true,
            Some(Value::Str(d)) => d.as_str() == "asc",
            Some(_) => return fail("sortBy() direction must be a string"),
        };
        let key = key.clone();
        Ok(Value::Function(Function::builtin("sorter", move |inner| {
            if inner.len() != 1 {
                return fail("sortBy sorter requires exactly one argument: array");
            }
            let Some(Value::Array(arr)) = inner.first().map(|v| v.unwrap_one().0) else {
                return fail("sortBy sorter requires an array");
            };
            let compare = |a: &Value, b: &Value| {
                let (both_objects, a0, b0) = (
                    matches!(a.unwrap_one().0, Value::Object(_))
                        && matches!(b.unwrap_one().0, Value::Object(_)),
                    a.unwrap_one().0.clone(),
                    b.unwrap_one().0.clone(),
                );
                let (ka, kb) =
                    if both_objects { (sort_key(a, &key), sort_key(b, &key)) } else { (a0, b0) };
                let ord = match (&ka, &kb) {
                    (Value::Number(x), Value::Number(y)) => {
                        x.partial_cmp(y).unwrap_or(Ordering::Equal)
                    }
                    _ => locale_compare(&to_display_string(&ka), &to_display_string(&kb)),
                };
                if ascending { ord } else { ord.reverse() }
            };
            let sorted = merge_sort_by(arr.snapshot(), &compare);
            Ok(Value::confident(Value::array(sorted), 0.95))
        })))
    })
}

fn group_key(key: &Value, element: &Value) -> String {
    let obj = element.unwrap_one().0;
    match (key, obj) {
        (Value::Str(k), Value::Object(o)) => {
            o.get(k).map_or_else(|| "null".to_string(), |p| to_display_string(&p))
        }
        _ => to_display_string(obj),
    }
}

fn push_group(groups: &mut ObjectMap, key: String, element: Value) {
    match groups.get(key.as_str()) {
        Some(Value::Array(a)) => a.push(element),
        _ => {
            groups.insert(key.into(), Value::array(vec![element]));
        }
    }
}

/// `groupBy(keyOrFn)`: returns `g(arr)`, an object mapping the text of each element's key (a
/// property name or a function of the element; a missing property groups under `"null"`) to
/// the array of its elements.
pub fn group_by() -> Function {
    Function::builtin("groupBy", |args| {
        if args.len() != 1 {
            return fail("groupBy() requires exactly one argument: key or function");
        }
        let key = args.first().cloned().unwrap_or(Value::Null);
        let check = |inner: &[Value]| -> PResult<Vec<Value>> {
            if inner.len() != 1 {
                return fail("groupBy grouper requires exactly one argument: array");
            }
            match inner.first().map(|v| v.unwrap_one().0) {
                Some(Value::Array(a)) => Ok(a.snapshot()),
                _ => fail("groupBy grouper requires an array"),
            }
        };
        let grouper = match Callback::from_value(&key) {
            Some(cb) if !cb.is_sync() => Function::builtin_async("grouper", move |inner| {
                let cb = cb.clone();
                let items = check(&inner);
                Box::pin(async move {
                    let mut groups = ObjectMap::default();
                    for e in items? {
                        let k = to_display_string(&cb.invoke(std::slice::from_ref(&e)).await?);
                        push_group(&mut groups, k, e);
                    }
                    Ok(Value::object_from_map(groups))
                })
            }),
            _ => Function::builtin("grouper", move |inner| {
                let items = check(inner)?;
                let cb = Callback::from_value(&key);
                let mut groups = ObjectMap::default();
                for e in items {
                    let k = match (&key, &cb) {
                        (Value::Str(_), _) => group_key(&key, &e),
                        (_, Some(cb)) => {
                            let r = cb
                                .function()
                                .try_call_sync(std::slice::from_ref(&e))
                                .unwrap_or_else(|| fail("internal error"))?;
                            to_display_string(&r)
                        }
                        _ => return fail("groupBy() requires a string key or function"),
                    };
                    push_group(&mut groups, k, e);
                }
                Ok(Value::object_from_map(groups))
            }),
        };
        Ok(Value::Function(grouper))
    })
}

/// `debounce(ms)`: returns `g(fn)`, which returns a debounced function; each call returns a
/// promise that, `ms` later and unless a newer call came meanwhile, resolves to `fn(args)` (an
/// error resolves to null, as in the reference). A superseded call resolves to null (the
/// reference left it pending forever).
pub fn debounce() -> Function {
    Function::builtin("debounce", |args| {
        if args.len() != 1 {
            return fail("debounce() requires exactly one argument: delay in milliseconds");
        }
        let Some(ms) = number_arg(args.first()) else {
            return fail("debounce() delay must be a number");
        };
        Ok(Value::Function(Function::builtin("debouncer", move |inner| {
            if inner.len() != 1 {
                return fail("debounce creator requires exactly one argument: function");
            }
            let Some(Value::Function(f)) = inner.first() else {
                return fail("debounce creator requires a function argument");
            };
            let f = f.clone();
            let generation = Arc::new(AtomicU64::new(0));
            Ok(Value::Function(Function::builtin("debouncedFunction", move |call_args| {
                let mine = generation.fetch_add(1, AtomicOrdering::SeqCst) + 1;
                let (f, generation, call_args) =
                    (f.clone(), generation.clone(), call_args.to_vec());
                Ok(Value::Promise(Promise::new(async move {
                    sleep_ms(ms).await;
                    if generation.load(AtomicOrdering::SeqCst) != mine {
                        return Ok(Value::Null);
                    }
                    Ok(f.call(call_args).await.unwrap_or(Value::Null))
                })))
            })))
        })))
    })
}
