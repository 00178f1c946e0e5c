//! Method dispatch: `target.name(args)` without allocating a bound function
//! ([`call_method`], [`try_call_method_sync`]), and the bound method values that `target.name`
//! evaluates to ([`bound_method`]).
//!
//! Arrays, strings and numbers have built-in methods (B §4.6, D6, D7); on any other target a
//! method call is a property read followed by a call (`Math.max(1, 2)`, `obj.f(x)`,
//! `console.log(x)`), with the usual errors (`Property 'k' does not exist`,
//! `Cannot call non-function value: T`).

use futures::FutureExt;

use super::{array, string};
use crate::access::get_member;
use crate::call::{apply_conf, call_value, call_value_sync};
use crate::error::{Exception, PResult, fail};
use crate::function::{Function, holds_async_function};
use crate::value::Value;

/// The reference's array methods (B §4.6); on a confident receiver they act as a confident
/// function (product rule).
pub const ARRAY_REFERENCE_METHODS: &[&str] =
    &["map", "filter", "reduce", "forEach", "push", "join"];

/// D7's array methods (D19 confidence rule).
pub const ARRAY_D7_METHODS: &[&str] = &[
    "find",
    "findIndex",
    "some",
    "every",
    "includes",
    "indexOf",
    "lastIndexOf",
    "slice",
    "concat",
    "sort",
    "reverse",
    "flat",
    "flatMap",
    "pop",
    "shift",
    "unshift",
];

/// D7's string methods (`length` is a property).
pub const STRING_METHODS: &[&str] = &[
    "includes",
    "startsWith",
    "endsWith",
    "indexOf",
    "lastIndexOf",
    "slice",
    "substring",
    "split",
    "trim",
    "trimStart",
    "trimEnd",
    "toUpperCase",
    "toLowerCase",
    "replace",
    "replaceAll",
    "repeat",
    "padStart",
    "padEnd",
    "charAt",
];

/// Number methods (JavaScript's `toFixed` and `toString`).
pub const NUMBER_METHODS: &[&str] = &["toFixed", "toString"];

fn find_name(list: &[&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|m| *m == name)
}

/// The static name of the method `name` of a plain `base`, if it has one.
fn method_name(base: &Value, name: &str) -> Option<&'static str> {
    match base {
        Value::Array(_) => {
            find_name(ARRAY_REFERENCE_METHODS, name).or_else(|| find_name(ARRAY_D7_METHODS, name))
        }
        Value::Str(_) => find_name(STRING_METHODS, name),
        Value::Number(_) => find_name(NUMBER_METHODS, name),
        _ => None,
    }
}

/// True if the plain value `base` has a built-in method `name`.
pub fn is_method(base: &Value, name: &str) -> bool {
    method_name(base, name).is_some()
}

/// True for a method that follows the D19 rule (every string and number method, D7's array
/// methods), false for the reference's array methods.
pub fn is_d7_method(base: &Value, name: &str) -> bool {
    match base {
        Value::Array(_) => ARRAY_D7_METHODS.contains(&name),
        Value::Str(_) | Value::Number(_) => is_method(base, name),
        _ => false,
    }
}

/// The bound method `base.name` as a function value (hybrid: it completes synchronously when
/// its callbacks are synchronous). `full` is the receiver before unwrapping: D7 methods keep
/// its confidence; the reference's methods are bound to the plain `base` (and the caller wraps
/// the function with the receiver's confidence, B §4.6).
pub fn bound_method(full: &Value, base: &Value, name: &str) -> Option<Value> {
    let name = method_name(base, name)?;
    let receiver = if is_d7_method(base, name) { full.clone() } else { base.clone() };
    let f = Function::builtin_hybrid(name, move |args| {
        let receiver = receiver.clone();
        Box::pin(async move { invoke(&receiver, name, args).await })
    });
    Some(Value::Function(f))
}

/// Runs method `name` of `receiver` (plain, or confident for D7 methods).
async fn invoke(receiver: &Value, name: &str, args: Vec<Value>) -> PResult {
    match receiver.unwrap_one().0 {
        Value::Array(_) => array::call(receiver, name, args).await,
        Value::Str(_) => string::call(receiver, name, args).await,
        Value::Number(_) => string::call_number(receiver, name, args),
        other => fail(format!("Cannot access property '{name}' on {}", other.type_name())),
    }
}

/// `target.name(args)`: the direct fast path of a method call (no bound function is
/// allocated for array, string and number methods). Same result as
/// `call_value(&get_member(target, name)?, args)`.
pub async fn call_method(target: &Value, name: &str, args: Vec<Value>) -> PResult {
    let (base, c) = match target {
        Value::Confident(k) => (k.value(), Some(k.confidence())),
        other => (other, None),
    };
    if let Some(static_name) = method_name(base, name) {
        if is_d7_method(base, static_name) {
            return invoke(target, static_name, args).await;
        }
        let r = invoke(base, static_name, args).await?;
        return Ok(match c {
            Some(c) => apply_conf(r, c),
            None => r,
        });
    }
    let f = get_member(target, name)?;
    call_value(&f, args).await
}

/// The synchronous fast path of [`call_method`]: `Some(result)` if the call completes without
/// suspending, `None` (before anything ran) if it must be awaited.
pub fn try_call_method_sync(target: &Value, name: &str, args: &[Value]) -> Option<PResult> {
    if args.iter().any(holds_async_function) {
        return None;
    }
    if method_name(target.unwrap_one().0, name).is_some() {
        return Some(call_method(target, name, args.to_vec()).now_or_never().unwrap_or_else(
            || Err(Exception::error("internal error: a synchronous method call suspended")),
        ));
    }
    let f = match get_member(target, name) {
        Ok(f) => f,
        Err(e) => return Some(Err(e)),
    };
    call_value_sync(&f, args)
}

/// [`try_call_method_sync`] for code that knows the call cannot suspend (no asynchronous
/// function among the arguments): a call that would suspend is an error instead of `None`.
pub fn call_method_sync(target: &Value, name: &str, args: &[Value]) -> PResult {
    try_call_method_sync(target, name, args).unwrap_or_else(|| {
        Err(Exception::error(format!(
            "internal error: method '{name}' called synchronously with an asynchronous function"
        )))
    })
}
