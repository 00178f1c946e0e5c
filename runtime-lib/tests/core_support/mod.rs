//! Helpers shared by the `core_*` test suites.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;

use prism_runtime::{
    Arity, Exception, FnKind, Function, Host, MemorySink, PResult, Prelude, Value, call_method,
    call_value,
};

pub fn n(x: f64) -> Value {
    Value::Number(x)
}

pub fn s(x: &str) -> Value {
    Value::from(x)
}

pub fn b(x: bool) -> Value {
    Value::Bool(x)
}

pub fn conf(v: Value, c: f64) -> Value {
    Value::confident(v, c)
}

pub fn arr(items: Vec<Value>) -> Value {
    Value::array(items)
}

pub fn nums(items: &[f64]) -> Value {
    Value::array(items.iter().map(|x| Value::Number(*x)).collect())
}

pub fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::object(pairs)
}

/// A synchronous lambda with `params` parameters.
pub fn lambda(params: usize, f: impl Fn(&[Value]) -> PResult + Send + Sync + 'static) -> Value {
    Value::Function(Function::lambda(Arity::exact(params), f))
}

/// A synchronous named function.
pub fn named(
    name: &str,
    params: usize,
    f: impl Fn(&[Value]) -> PResult + Send + Sync + 'static,
) -> Value {
    Value::Function(Function::new_sync(name, FnKind::Named, Arity::exact(params), f))
}

/// An asynchronous lambda (it yields once before computing).
pub fn async_lambda(
    params: usize,
    f: impl Fn(Vec<Value>) -> PResult + Send + Sync + Clone + 'static,
) -> Value {
    Value::Function(Function::new_async(
        "lambda",
        FnKind::Lambda,
        Arity::exact(params),
        move |args| {
            let f = f.clone();
            Box::pin(async move {
                tokio::task::yield_now().await;
                f(args)
            })
        },
    ))
}

/// Argument `i` (null if missing).
pub fn a(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Null)
}

pub fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

pub fn method(target: &Value, name: &str, args: Vec<Value>) -> PResult {
    block(call_method(target, name, args))
}

pub fn call(f: &Value, args: Vec<Value>) -> PResult {
    block(call_value(f, args))
}

pub fn prelude() -> (Prelude, Arc<MemorySink>) {
    let (host, sink) = Host::capturing();
    (Prelude::new(host), sink)
}

pub fn global(name: &str) -> Value {
    let (p, _) = prelude();
    p.get(name).unwrap()
}

/// Calls `Object.method(args)` on the prelude global `object`.
pub fn call_global_method(object: &str, name: &str, args: Vec<Value>) -> PResult {
    method(&global(object), name, args)
}

pub fn err(r: PResult) -> String {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.message(),
    }
}

pub fn thrown(r: PResult) -> Exception {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e,
    }
}

/// Asserts `v` is `(inner, c)` with c within 1e-9.
pub fn assert_conf(v: &Value, inner: &Value, c: f64) {
    match v {
        Value::Confident(k) => {
            assert_eq!(k.value(), inner, "inner value of {v:?}");
            assert!((k.confidence() - c).abs() < 1e-9, "confidence of {v:?}, expected {c}");
        }
        other => panic!("expected a confident value, got {other:?}"),
    }
}

/// Asserts `v` is plain and equal to `want`.
pub fn assert_plain(v: &Value, want: &Value) {
    assert!(!v.is_confident(), "expected a plain value, got {v:?}");
    assert_eq!(v, want);
}
