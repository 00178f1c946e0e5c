//! Global built-ins: the reference's (B §4.13) and D7's, and output (B §4.12).

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::{Clock, Host, OutputStream, Prelude, Value, ops, prelude::GLOBAL_NAMES};

#[test]
fn prelude_defines_every_global() {
    let (p, _) = prelude();
    for name in GLOBAL_NAMES {
        assert!(p.get(name).is_some(), "{name}");
    }
    assert_eq!(p.names().count(), GLOBAL_NAMES.len());
    assert!(p.get("Infinity").is_none());
}

#[test]
fn print_and_console() {
    let (p, out) = prelude();
    let print = p.get("print").unwrap();
    let console = p.get("console").unwrap();
    assert_eq!(
        call(&print, vec![s("Tokens:"), n(128.0), s("ok:"), b(false)]).unwrap(),
        Value::Null
    );
    method(&console, "log", vec![s("ids"), s("a"), n(1.0), Value::Null, b(true)]).unwrap();
    method(&console, "warn", vec![s("careful"), conf(n(2.0), 0.2)]).unwrap();
    method(&console, "error", vec![s("failed with"), n(500.0)]).unwrap();
    method(&console, "debug", vec![s("conf"), conf(n(8.0), 0.55)]).unwrap();
    call(&print, vec![]).unwrap();
    call(&print, vec![s("Quality:"), conf(n(88.0), 0.75)]).unwrap();
    assert_eq!(
        out.stdout_lines(),
        vec![
            "Tokens: 128 ok: false",
            "ids a 1 null true",
            "[DEBUG] conf 8 ~> 0.55",
            "",
            "Quality: 88 ~> 0.75"
        ]
    );
    assert_eq!(out.stderr_lines(), vec!["careful 2 ~> 0.20", "failed with 500"]);
    assert_eq!(out.lines()[2], (OutputStream::Stderr, "careful 2 ~> 0.20".to_string()));
}

#[test]
fn reference_map_filter_reduce() {
    let (p, _) = prelude();
    let (map, filter, reduce) =
        (p.get("map").unwrap(), p.get("filter").unwrap(), p.get("reduce").unwrap());
    let secs = lambda(1, |args| ops::div(&a(args, 0), &n(1000.0)));
    assert_eq!(
        call(&map, vec![nums(&[120.0, 80.0, 200.0]), secs]).unwrap(),
        nums(&[0.12, 0.08, 0.2])
    );
    let pass = lambda(1, |args| ops::ge(&a(args, 0), &n(0.7)));
    assert_eq!(
        call(&filter, vec![nums(&[0.2, 0.9, 0.55, 0.71]), pass.clone()]).unwrap(),
        nums(&[0.9, 0.71])
    );
    assert_conf(
        &call(&filter, vec![conf(nums(&[0.9, 0.1]), 0.5), pass.clone()]).unwrap(),
        &nums(&[0.9]),
        0.5,
    );
    let weighted = lambda(3, |args| ops::add(&a(args, 0), &ops::mul(&a(args, 1), &a(args, 2))?));
    assert_eq!(call(&reduce, vec![nums(&[5.0, 10.0, 15.0]), weighted, n(0.0)]).unwrap(), n(40.0));
    let sum = lambda(2, |args| ops::add(&a(args, 0), &a(args, 1)));
    assert_conf(
        &call(&reduce, vec![conf(nums(&[1.0, 2.0]), 0.3), sum.clone()]).unwrap(),
        &n(3.0),
        0.3,
    );
    assert_eq!(
        err(call(&map, vec![nums(&[4.0, 5.0])])),
        "map() requires exactly 2 arguments: array and function"
    );
    assert_eq!(
        err(call(&filter, vec![nums(&[1.0])])),
        "filter() requires exactly 2 arguments: array and predicate"
    );
    assert_eq!(
        err(call(&filter, vec![obj(vec![]), pass.clone()])),
        "First argument to filter() must be an array"
    );
    assert_eq!(
        err(call(&filter, vec![nums(&[3.0]), Value::Null])),
        "Second argument to filter() must be a function"
    );
    assert_eq!(err(call(&map, vec![n(9.0), pass])), "First argument to map() must be an array");
    assert_eq!(
        err(call(&reduce, vec![nums(&[1.0])])),
        "reduce() requires 2 or 3 arguments: array, reducer, and optional initial value"
    );
    assert_eq!(
        err(call(&reduce, vec![nums(&[]), sum])),
        "reduce() of empty array with no initial value"
    );
}

#[test]
fn reference_max_min() {
    let (max, min) = (global("max"), global("min"));
    assert_eq!(call(&min, vec![n(120.0), n(80.0), n(310.0)]).unwrap(), n(80.0));
    assert_eq!(
        call(&max, vec![conf(n(1.0), 0.9), n(3.0)]).unwrap(),
        n(3.0),
        "confident only if the winner was"
    );
    assert_conf(&call(&max, vec![conf(n(5.0), 0.9), n(3.0)]).unwrap(), &n(5.0), 0.9);
    assert_conf(&call(&max, vec![conf(n(5.0), 0.9), conf(n(5.0), 0.1)]).unwrap(), &n(5.0), 0.9);
    assert_eq!(err(call(&max, vec![])), "max() requires at least one argument");
    assert_eq!(
        err(call(&max, vec![n(0.4), n(0.9), s("n/a")])),
        "max() requires numeric arguments, got string"
    );
    assert_eq!(err(call(&min, vec![b(true)])), "min() requires numeric arguments, got boolean");
}

#[test]
fn reference_confidence_helpers() {
    let stamp = call(&global("confidence"), vec![n(0.6)]).unwrap();
    let bump = lambda(1, |args| ops::add(&a(args, 0), &n(1.0)));
    let guarded = call(&stamp, vec![bump]).unwrap();
    assert_conf(&call(&guarded, vec![conf(n(41.0), 0.8)]).unwrap(), &conf(n(42.0), 0.8), 0.6);
    assert_eq!(err(call(&guarded, vec![])), "Lambda expects 1 arguments, got 0");
    assert_eq!(
        err(call(&global("confidence"), vec![nums(&[0.5])])),
        "confidence() threshold must be a number"
    );
    assert_eq!(
        err(call(&global("confidence"), vec![n(2.0)])),
        "confidence() threshold must be between 0 and 1"
    );
    let keep = call(&global("threshold"), vec![n(0.75)]).unwrap();
    let kept = call(
        &keep,
        vec![arr(vec![
            conf(n(3.0), 0.5),
            conf(n(4.0), 0.75),
            conf(n(5.0), 0.95),
            conf(n(6.0), 0.7),
            n(7.0),
        ])],
    )
    .unwrap();
    assert_eq!(kept, arr(vec![conf(n(4.0), 0.75), conf(n(5.0), 0.95), n(7.0)]));
    let objs = arr(vec![obj(vec![("v", conf(n(1.0), 0.8))]), obj(vec![("v", conf(n(9.0), 0.5))])]);
    assert_eq!(call(&keep, vec![objs]).unwrap(), arr(vec![obj(vec![("v", conf(n(1.0), 0.8))])]));
    assert_eq!(err(call(&global("threshold"), vec![obj(vec![])])), "threshold() requires a number");
    let consensus = global("consensus");
    let answers = arr(vec![conf(s("keep"), 0.8), conf(s("drop"), 0.25), conf(s("hold"), 0.5)]);
    assert_conf(&call(&consensus, vec![answers.clone()]).unwrap(), &s("keep"), 0.8);
    let weakest = call(&consensus, vec![answers, obj(vec![("strategy", s("min"))])]).unwrap();
    assert_conf(&weakest, &s("drop"), 0.25);
    assert_eq!(err(call(&consensus, vec![arr(vec![])])), "consensus() requires at least one value");
    assert_eq!(
        err(call(&consensus, vec![nums(&[1.0]), obj(vec![("strategy", s("avg"))])])),
        "consensus() strategy must be \"min\" or \"max\""
    );
    let aggregate = global("aggregate");
    let combined =
        call(&aggregate, vec![arr(vec![conf(n(3.0), 0.2), conf(n(4.0), 0.6), conf(n(5.0), 0.7)])])
            .unwrap();
    assert!((combined.confidence().unwrap() - 0.5).abs() < 1e-9);
    let prod = call(
        &aggregate,
        vec![arr(vec![conf(n(3.0), 0.5), n(1.0)]), obj(vec![("strategy", s("product"))])],
    )
    .unwrap();
    assert_conf(&prod, &arr(vec![conf(n(3.0), 0.5), n(1.0)]), 0.5);
    let count = lambda(1, |args| prism_runtime::get_member(&a(args, 0), "length"));
    let counted = call(&aggregate, vec![nums(&[1.0, 2.0]), obj(vec![("combine", count)])]).unwrap();
    assert_conf(&counted, &n(2.0), 1.0);
    assert_conf(&call(&aggregate, vec![arr(vec![])]).unwrap(), &arr(vec![]), 1.0);
}

#[test]
fn reference_collections() {
    let urgent_first = call(&global("sortBy"), vec![s("priority"), s("desc")]).unwrap();
    let tasks = arr(vec![
        obj(vec![("id", s("t1")), ("priority", n(2.0))]),
        obj(vec![("id", s("t2")), ("priority", n(5.0))]),
        obj(vec![("id", s("t3")), ("priority", n(3.0))]),
    ]);
    let ordered = call(&urgent_first, vec![tasks]).unwrap();
    let ids = method(
        &ordered,
        "map",
        vec![lambda(1, |args| prism_runtime::get_member(&a(args, 0), "id"))],
    )
    .unwrap();
    assert_conf(&ids, &arr(vec![s("t2"), s("t3"), s("t1")]), 0.95);
    let alpha = call(&global("sortBy"), vec![s("id")]).unwrap();
    let sorted = call(
        &alpha,
        vec![arr(vec![
            obj(vec![("id", s("delta"))]),
            obj(vec![("id", s("Alpha"))]),
            obj(vec![("id", s("charlie"))]),
        ])],
    )
    .unwrap();
    assert_conf(
        &sorted,
        &arr(vec![
            obj(vec![("id", s("Alpha"))]),
            obj(vec![("id", s("charlie"))]),
            obj(vec![("id", s("delta"))]),
        ]),
        0.95,
    );
    assert_eq!(
        err(call(&global("sortBy"), vec![s("a"), s("b"), s("c")])),
        "sortBy() requires 1-2 arguments: key [, direction]"
    );
    assert_eq!(
        err(call(&global("sortBy"), vec![conf(n(7.0), 0.9)])),
        "sortBy() key must be a string"
    );
    let by_team = call(&global("groupBy"), vec![s("team")]).unwrap();
    let people = arr(vec![
        obj(vec![("who", s("ana")), ("team", s("red"))]),
        obj(vec![("who", s("bo"))]),
        obj(vec![("who", s("cy")), ("team", s("red"))]),
    ]);
    let groups = call(&by_team, vec![people]).unwrap();
    assert_eq!(
        prism_runtime::to_display_string(&groups),
        "{ red: [{ who: ana, team: red }, { who: cy, team: red }], null: [{ who: bo }] }"
    );
    let parity =
        call(&global("groupBy"), vec![lambda(1, |args| ops::rem(&a(args, 0), &n(2.0)))]).unwrap();
    assert_eq!(
        prism_runtime::to_display_string(&call(&parity, vec![nums(&[1.0, 2.0, 3.0])]).unwrap()),
        "{ 1: [1, 3], 0: [2] }"
    );
}

#[test]
fn math_object() {
    let m = global("Math");
    let c = |name: &str, args: Vec<Value>| method(&m, name, args).unwrap();
    assert_eq!(c("min", vec![n(4.0), n(2.0), n(8.0)]), n(2.0));
    assert_eq!(c("max", vec![n(4.0), n(2.0), n(8.0)]), n(8.0));
    assert_eq!(c("max", vec![]), n(f64::NEG_INFINITY));
    assert!(c("max", vec![n(1.0), s("x")]).as_number().unwrap().is_nan());
    assert_eq!(c("max", vec![s("5"), n(2.0)]), n(5.0));
    assert_eq!(c("round", vec![n(2.5)]), n(3.0));
    assert_eq!(c("round", vec![n(-2.5)]), n(-2.0));
    assert_eq!(c("round", vec![n(0.49999999999999994)]), n(0.0));
    assert_eq!(c("sqrt", vec![n(16.0)]), n(4.0));
    assert_eq!(c("pow", vec![n(2.0), n(10.0)]), n(1024.0));
    assert_eq!(c("abs", vec![n(-3.0)]), n(3.0));
    assert_eq!(c("floor", vec![n(-1.5)]), n(-2.0));
    assert_eq!(c("ceil", vec![n(1.2)]), n(2.0));
    assert_eq!(c("exp", vec![n(0.0)]), n(1.0));
    assert_eq!(c("log", vec![n(1.0)]), n(0.0));
    assert_eq!(prism_runtime::get_member(&m, "PI").unwrap(), n(std::f64::consts::PI));
    assert_conf(&c("max", vec![conf(n(5.0), 0.9), n(3.0)]), &n(5.0), 0.9);
    assert_conf(&c("max", vec![conf(n(1.0), 0.9), n(3.0)]), &n(3.0), 0.9);
    assert_eq!(c("max", vec![n(1.0), n(2.0)]), n(2.0));
    for _ in 0..100 {
        let r = c("random", vec![]).as_number().unwrap();
        assert!((0.0..1.0).contains(&r));
    }
    // Seeded hosts repeat their sequence.
    let draw = |seed| {
        let (host, _) = Host::capturing();
        let host = std::sync::Arc::try_unwrap(host).unwrap().with_seed(seed);
        let p = Prelude::new(std::sync::Arc::new(host));
        method(&p.get("Math").unwrap(), "random", vec![]).unwrap()
    };
    assert_eq!(draw(7), draw(7));
    assert_ne!(draw(7), draw(8));
}

#[test]
fn conversions_and_misc() {
    assert_eq!(call(&global("Number"), vec![s("42")]).unwrap(), n(42.0));
    assert_eq!(call(&global("Number"), vec![Value::Null]).unwrap(), n(0.0));
    assert_eq!(call(&global("Number"), vec![]).unwrap(), n(0.0));
    assert!(call(&global("Number"), vec![s("abc")]).unwrap().as_number().unwrap().is_nan());
    assert_eq!(call(&global("String"), vec![n(1.5)]).unwrap(), s("1.5"));
    assert_eq!(call(&global("String"), vec![nums(&[1.0, 2.0])]).unwrap(), s("[1, 2]"));
    assert_conf(&call(&global("String"), vec![conf(n(5.0), 0.5)]).unwrap(), &s("5"), 0.5);
    let bools: Vec<Value> = [n(0.0), s(""), s("x"), n(1.0), Value::Null, arr(vec![]), n(f64::NAN)]
        .into_iter()
        .map(|v| call(&global("Boolean"), vec![v]).unwrap())
        .collect();
    assert_eq!(bools, vec![b(false), b(false), b(true), b(true), b(false), b(true), b(true)]);
    assert_eq!(call(&global("parseInt"), vec![s("42px")]).unwrap(), n(42.0));
    assert_eq!(call(&global("parseInt"), vec![s("ff"), n(16.0)]).unwrap(), n(255.0));
    assert_eq!(call(&global("parseFloat"), vec![s("2.75abc")]).unwrap(), n(2.75));
    let is_nan = global("isNaN");
    assert_eq!(call(&is_nan, vec![n(f64::NAN)]).unwrap(), b(true));
    assert_eq!(call(&is_nan, vec![n(5.0)]).unwrap(), b(false));
    assert_eq!(call(&is_nan, vec![s("12")]).unwrap(), b(false));
    assert_eq!(call(&is_nan, vec![s("abc")]).unwrap(), b(true));
    assert_eq!(call_global_method("Array", "isArray", vec![nums(&[])]).unwrap(), b(true));
    assert_eq!(call_global_method("Array", "isArray", vec![obj(vec![])]).unwrap(), b(false));
    let (host, _) = Host::capturing();
    let host =
        std::sync::Arc::try_unwrap(host).unwrap().with_clock(Clock::Fixed(1_700_000_000_000.0));
    let p = Prelude::new(std::sync::Arc::new(host));
    assert_eq!(method(&p.get("Date").unwrap(), "now", vec![]).unwrap(), n(1_700_000_000_000.0));
    assert!(call_global_method("Date", "now", vec![]).unwrap().as_number().unwrap() > 1.6e12);
    assert_eq!(err(call(&global("llm"), vec![s("hi")])), "No LLM provider configured");
    assert_eq!(err(call(&global("llm"), vec![n(1.0)])), "llm() first argument must be a string");
}

#[test]
fn object_and_json_objects() {
    let o = obj(vec![("a", n(1.0)), ("b", n(2.0))]);
    assert_eq!(
        call_global_method("Object", "keys", vec![o.clone()]).unwrap(),
        arr(vec![s("a"), s("b")])
    );
    assert_eq!(call_global_method("Object", "values", vec![o.clone()]).unwrap(), nums(&[1.0, 2.0]));
    assert_eq!(
        call_global_method("Object", "entries", vec![o.clone()]).unwrap(),
        arr(vec![arr(vec![s("a"), n(1.0)]), arr(vec![s("b"), n(2.0)])])
    );
    let kept = call_global_method(
        "Object",
        "values",
        vec![obj(vec![("a", conf(n(1.0), 0.5)), ("b", n(2.0))])],
    )
    .unwrap();
    assert_eq!(kept, arr(vec![conf(n(1.0), 0.5), n(2.0)]));
    let merged = call_global_method(
        "Object",
        "assign",
        vec![
            obj(vec![]),
            obj(vec![("a", n(1.0)), ("b", n(1.0))]),
            Value::Null,
            obj(vec![("b", n(2.0)), ("c", n(3.0))]),
        ],
    )
    .unwrap();
    assert_eq!(merged, obj(vec![("a", n(1.0)), ("b", n(2.0)), ("c", n(3.0))]));
    assert_eq!(
        call_global_method("Object", "keys", vec![nums(&[5.0, 6.0])]).unwrap(),
        arr(vec![s("0"), s("1")])
    );
    assert_eq!(
        err(call_global_method("Object", "keys", vec![Value::Null])),
        "Cannot convert undefined or null to object"
    );
    let text = call_global_method(
        "JSON",
        "stringify",
        vec![obj(vec![("a", nums(&[1.0, 2.0])), ("b", s("c"))])],
    )
    .unwrap();
    assert_eq!(text, s(r#"{"a":[1,2],"b":"c"}"#));
    let pretty = call_global_method(
        "JSON",
        "stringify",
        vec![obj(vec![("a", n(1.0))]), Value::Null, n(2.0)],
    )
    .unwrap();
    assert_eq!(pretty, s("{\n  \"a\": 1\n}"));
    let only_a = call_global_method("JSON", "stringify", vec![o, arr(vec![s("a")])]).unwrap();
    assert_eq!(only_a, s(r#"{"a":1}"#));
    assert_conf(
        &call_global_method("JSON", "stringify", vec![conf(n(1.0), 0.8)]).unwrap(),
        &s("1"),
        0.8,
    );
    assert_eq!(
        call_global_method("JSON", "stringify", vec![lambda(0, |_| Ok(Value::Null))]).unwrap(),
        Value::Null
    );
    let parsed = call_global_method("JSON", "parse", vec![s(r#"{"answer": 42}"#)]).unwrap();
    assert_eq!(prism_runtime::get_member(&parsed, "answer").unwrap(), n(42.0));
    assert!(err(call_global_method("JSON", "parse", vec![s("not json")])).contains("JSON"));
}
