//! Calls (B §4.7, D5, D7), spread, promises and asynchronous functions.

#![allow(clippy::unwrap_used)]

mod core_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use core_support::*;
use prism_runtime::{
    Arity, Exception, FnKind, Function, ObjectMap, Promise, Value, await_value, call_value_sync,
    rest_args, spread_array_literal, spread_call_arg, spread_object_literal, try_call_method_sync,
};

#[test]
fn strict_arity_for_direct_calls() {
    let scale = lambda(1, |args| prism_runtime::ops::mul(&a(args, 0), &n(10.0)));
    assert_eq!(call(&scale, vec![n(2.0)]).unwrap(), n(20.0));
    assert_eq!(err(call(&scale, vec![n(1.0), n(2.0)])), "Lambda expects 1 arguments, got 2");
    let merge = lambda(3, |_| Ok(Value::Null));
    assert_eq!(err(call(&merge, vec![s("a"), s("b")])), "Lambda expects 3 arguments, got 2");
    let solo = named("solo", 1, |args| Ok(a(args, 0)));
    assert_eq!(
        err(call(&solo, vec![n(1.0), n(2.0), n(3.0)])),
        "Function expects 1 arguments, got 3"
    );
    let rest = Value::Function(Function::new_sync(
        "summarize",
        FnKind::Named,
        Arity::with_rest(2),
        |args| Ok(rest_args(args, 2)),
    ));
    assert_eq!(call(&rest, vec![n(1.0), n(2.0), n(3.0), n(4.0)]).unwrap(), nums(&[3.0, 4.0]));
    assert_eq!(err(call(&rest, vec![n(1.0)])), "Function expects at least 2 arguments, got 1");
    let defaults = Value::Function(Function::new_sync(
        "f",
        FnKind::Named,
        Arity::with_defaults(1, 2),
        |args| {
            let b = if a(args, 1).is_null() { n(1.0) } else { a(args, 1) };
            prism_runtime::ops::add(&a(args, 0), &b)
        },
    ));
    assert_eq!(call(&defaults, vec![n(3.0)]).unwrap(), n(4.0));
    assert_eq!(call(&defaults, vec![n(3.0), Value::Null]).unwrap(), n(4.0));
    assert_eq!(err(call(&defaults, vec![])), "Function expects at least 1 arguments, got 0");
    assert_eq!(
        err(call(&defaults, vec![n(1.0), n(2.0), n(3.0)])),
        "Function expects at most 2 arguments, got 3"
    );
}

#[test]
fn calling_non_functions() {
    assert_eq!(err(call(&s("not callable"), vec![])), "Cannot call non-function value: string");
    assert_eq!(err(call(&Value::Null, vec![])), "Cannot call non-function value: null");
    assert_eq!(err(call(&conf(n(1.0), 0.5), vec![])), "Cannot call non-function value: confident");
}

#[test]
fn confident_functions_use_the_product_rule() {
    let inc = lambda(1, |args| prism_runtime::ops::add(&a(args, 0), &n(1.0)));
    let rated = conf(inc.clone(), 0.45);
    assert_conf(&call(&rated, vec![n(5.0)]).unwrap(), &n(6.0), 0.45);
    let judge = lambda(1, |args| Ok(conf(a(args, 0), 0.5)));
    assert_conf(&call(&conf(judge, 0.8), vec![s("x")]).unwrap(), &s("x"), 0.4);
    let forecast = prism_runtime::ops::confidence::annotate_function(
        named("forecast", 0, |_| Ok(s("rain"))),
        &n(0.7),
    );
    let r = call(&forecast, vec![]).unwrap();
    assert_eq!(prism_runtime::ops::confidence::extract(&r), n(0.7));
    // Async annotated function: `rate(2) + 1` is 21 ~> 0.75.
    let rate = conf(async_lambda(1, |args| prism_runtime::ops::mul(&a(&args, 0), &n(10.0))), 0.75);
    let r = prism_runtime::ops::add(&call(&rate, vec![n(2.0)]).unwrap(), &n(1.0)).unwrap();
    assert_conf(&r, &n(21.0), 0.75);
}

#[test]
fn sync_fast_path() {
    let f = lambda(2, |args| prism_runtime::ops::add(&a(args, 0), &a(args, 1)));
    assert_eq!(call_value_sync(&f, &[n(1.0), n(2.0)]).unwrap().unwrap(), n(3.0));
    assert_eq!(
        call_value_sync(&f, &[n(1.0)]).unwrap().unwrap_err().message(),
        "Lambda expects 2 arguments, got 1"
    );
    let g = async_lambda(0, |_| Ok(n(1.0)));
    assert!(call_value_sync(&g, &[]).is_none());
    assert_eq!(call(&g, vec![]).unwrap(), n(1.0));
    // A hybrid built-in runs synchronously with a sync callback, not with an async one.
    let map = global("map");
    let double = lambda(1, |args| prism_runtime::ops::mul(&a(args, 0), &n(2.0)));
    assert_eq!(
        call_value_sync(&map, &[nums(&[1.0, 2.0]), double]).unwrap().unwrap(),
        nums(&[2.0, 4.0])
    );
    assert!(call_value_sync(&map, &[nums(&[1.0]), g.clone()]).is_none());
    // Methods too.
    let xs = nums(&[3.0, 1.0, 2.0]);
    let len = try_call_method_sync(&xs, "indexOf", &[n(1.0)]).unwrap().unwrap();
    assert_eq!(len, n(1.0));
    assert!(try_call_method_sync(&xs, "map", &[g]).is_none());
    let math = global("Math");
    assert_eq!(try_call_method_sync(&math, "max", &[n(1.0), n(4.0)]).unwrap().unwrap(), n(4.0));
    assert_eq!(
        try_call_method_sync(&math, "nope", &[]).unwrap().unwrap_err().message(),
        "Property 'nope' does not exist"
    );
}

#[test]
fn async_functions_and_concurrent_map() {
    let started = Arc::new(AtomicUsize::new(0));
    let counter = started.clone();
    // Each call waits until all three have started: only a concurrent map finishes.
    let f = Value::Function(Function::new_async(
        "lambda",
        FnKind::Lambda,
        Arity::exact(1),
        move |args| {
            let counter = counter.clone();
            Box::pin(async move {
                counter.fetch_add(1, Ordering::SeqCst);
                while counter.load(Ordering::SeqCst) < 3 {
                    tokio::task::yield_now().await;
                }
                prism_runtime::ops::mul(&a(&args, 0), &n(2.0))
            })
        },
    ));
    let xs = nums(&[1.0, 2.0, 3.0]);
    assert_eq!(method(&xs, "map", vec![f.clone()]).unwrap(), nums(&[2.0, 4.0, 6.0]));
    let failing = async_lambda(1, |args| {
        if a(&args, 0) == n(2.0) { Err(Exception::error("bad 2")) } else { Ok(b(true)) }
    });
    assert_eq!(err(method(&xs, "filter", vec![failing.clone()])), "bad 2");
    let failing2 = async_lambda(2, |args| {
        if a(&args, 1) == n(2.0) { Err(Exception::error("bad 2")) } else { Ok(a(&args, 1)) }
    });
    assert_eq!(err(method(&xs, "reduce", vec![failing2, n(0.0)])), "bad 2");
    let _ = failing;
    let keep_odd = async_lambda(1, |args| Ok(b(a(&args, 0) != n(2.0))));
    assert_eq!(method(&xs, "filter", vec![keep_odd]).unwrap(), nums(&[1.0, 3.0]));
}

#[test]
fn spread() {
    let mut args = vec![n(7.0)];
    spread_call_arg(&mut args, &nums(&[5.0, 6.0])).unwrap();
    assert_eq!(args, vec![n(7.0), n(5.0), n(6.0)]);
    assert_eq!(
        err(spread_call_arg(&mut args, &n(12.0)).map(|_| Value::Null)),
        "Cannot spread non-array value: number"
    );
    assert_eq!(
        err(spread_call_arg(&mut args, &conf(nums(&[1.0]), 0.5)).map(|_| Value::Null)),
        "Cannot spread non-array value: confident"
    );
    let mut items = vec![s("start")];
    spread_array_literal(&mut items, &conf(nums(&[2.0, 3.0]), 0.5)).unwrap();
    assert_eq!(items, vec![s("start"), n(2.0), n(3.0)]);
    assert_eq!(
        err(spread_array_literal(&mut items, &Value::Null).map(|_| Value::Null)),
        "Cannot spread non-array value"
    );
    assert_eq!(
        err(spread_array_literal(&mut items, &obj(vec![])).map(|_| Value::Null)),
        "Cannot spread non-array value"
    );
    let mut map = ObjectMap::default();
    spread_object_literal(&mut map, &obj(vec![("timeout", n(30.0)), ("mode", s("fast"))])).unwrap();
    spread_object_literal(&mut map, &conf(obj(vec![("mode", s("careful"))]), 0.6)).unwrap();
    assert_eq!(
        Value::object_from_map(map.clone()),
        obj(vec![("timeout", n(30.0)), ("mode", s("careful"))])
    );
    assert_eq!(
        err(spread_object_literal(&mut map, &b(true)).map(|_| Value::Null)),
        "Cannot spread non-object value"
    );
}

#[test]
fn promises_and_await() {
    assert_eq!(block(await_value(n(3.0))).unwrap(), n(3.0));
    assert_eq!(block(await_value(Value::Promise(Promise::resolved(s("T-1"))))).unwrap(), s("T-1"));
    let rejected = block(await_value(Value::Promise(Promise::rejected(s("timeout"))))).unwrap_err();
    assert_eq!(rejected.catch_value(), s("timeout"));
    let p = global("Promise");
    let first = method(&p, "resolve", vec![s("alpha")]).unwrap();
    let second = method(&p, "resolve", vec![s("beta")]).unwrap();
    let all = method(&p, "all", vec![arr(vec![second, first, n(5.0)])]).unwrap();
    assert_eq!(block(await_value(all)).unwrap(), arr(vec![s("beta"), s("alpha"), n(5.0)]));
    let r = method(&p, "reject", vec![s("nope")]).unwrap();
    assert_eq!(block(await_value(r)).unwrap_err().catch_value(), s("nope"));
    assert_eq!(err(method(&p, "all", vec![n(1.0)])), "Promise.all() requires an array of promises");
    let delay = global("delay");
    let slept = call(&delay, vec![n(1.0)]).unwrap();
    assert!(matches!(slept, Value::Promise(_)));
    assert_eq!(prism_runtime::ops::type_of(&slept), s("unknown"));
    assert_eq!(prism_runtime::to_display_string(&slept), "[Promise]");
    assert_eq!(block(await_value(slept)).unwrap(), Value::Null);
    // Without a tokio runtime the promise still resolves (the thread sleeps).
    let p2 = call(&global("sleep"), vec![n(1.0)]).unwrap();
    assert_eq!(futures::executor::block_on(await_value(p2)).unwrap(), Value::Null);
    assert_eq!(err(call(&delay, vec![s("x")])), "delay() requires a number of milliseconds");
}

#[test]
fn debounce_builtin() {
    let settle = call(&global("debounce"), vec![n(5.0)]).unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let record = lambda(0, move |_| Ok(n((h.fetch_add(1, Ordering::SeqCst) + 1) as f64)));
    let quiet = call(&settle, vec![record]).unwrap();
    assert_eq!(prism_runtime::ops::type_of(&quiet), s("function"));
    let p1 = call(&quiet, vec![]).unwrap();
    let p2 = call(&quiet, vec![]).unwrap();
    let (r1, r2) = block(async { (await_value(p1).await, await_value(p2).await) });
    assert_eq!(r1.unwrap(), Value::Null);
    assert_eq!(r2.unwrap(), n(1.0));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        err(call(&global("debounce"), vec![Value::Null])),
        "debounce() delay must be a number"
    );
    assert_eq!(err(call(&settle, vec![n(42.0)])), "debounce creator requires a function argument");
}

#[test]
fn method_call_futures_stay_small() {
    let v = nums(&[1.0]);
    let size = std::mem::size_of_val(&prism_runtime::call_method(&v, "map", vec![]));
    let call_size = std::mem::size_of_val(&prism_runtime::call_value(&v, vec![]));
    println!("call_method future: {size} bytes, call_value future: {call_size} bytes");
    assert!(size <= 4096, "call_method future is {size} bytes");
    assert!(call_size <= 1024, "call_value future is {call_size} bytes");
}
