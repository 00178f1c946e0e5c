//! The value model: sizes, sharing (D6), truthiness, typeof/instanceof, JSON in and out.

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::json::{StringifyOptions, parse, result_to_json, stringify};
use prism_runtime::ops::{instance_of, not, type_of};
use prism_runtime::{Value, get_index, get_member, set_index, set_member};
use serde_json::json;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn value_is_small_send_and_sync() {
    assert_send_sync::<Value>();
    assert_send_sync::<prism_runtime::Exception>();
    assert_eq!(std::mem::size_of::<Value>(), 16);
}

#[test]
fn futures_of_calls_are_send() {
    fn is_send<T: Send>(_: &T) {}
    let f = lambda(1, |args| Ok(a(args, 0)));
    let target = nums(&[1.0]);
    is_send(&prism_runtime::call_value(&f, vec![]));
    is_send(&prism_runtime::call_method(&target, "map", vec![f.clone()]));
    is_send(&prism_runtime::await_value(Value::Null));
}

#[test]
fn arrays_and_objects_are_shared_by_reference() {
    let xs = nums(&[1.0, 2.0]);
    let alias = xs.clone();
    method(&alias, "push", vec![n(3.0)]).unwrap();
    assert_eq!(get_member(&xs, "length").unwrap(), n(3.0));
    let o = obj(vec![("a", n(1.0))]);
    let p = o.clone();
    set_member(&p, "a", n(2.0)).unwrap();
    assert_eq!(get_member(&o, "a").unwrap(), n(2.0));
    set_index(&xs, &n(3.0), n(4.0)).unwrap();
    assert_eq!(get_index(&alias, &n(3.0)).unwrap(), n(4.0));
}

#[test]
fn truthiness_table() {
    let cases = [
        (n(0.0), false),
        (n(-0.0), false),
        (n(f64::NAN), true),
        (n(-0.5), true),
        (s(""), false),
        (s("false"), true),
        (Value::Null, false),
        (b(false), false),
        (arr(vec![]), true),
        (obj(vec![]), true),
        (lambda(0, |_| Ok(Value::Null)), true),
        (conf(n(0.0), 0.9), false),
        (conf(s("x"), 0.1), true),
    ];
    for (v, want) in cases {
        assert_eq!(v.truthy(), want, "truthiness of {v:?}");
        assert_eq!(not(&v), b(!want));
    }
}

#[test]
fn typeof_names() {
    let cases = [
        (n(3.5), "number"),
        (s("a"), "string"),
        (b(true), "boolean"),
        (Value::Null, "null"),
        (arr(vec![]), "array"),
        (obj(vec![]), "object"),
        (lambda(1, |_| Ok(Value::Null)), "function"),
        (conf(n(0.5), 0.3), "number"),
        (conf(s("go"), 0.2), "string"),
        (conf(conf(n(1.0), 0.5), 0.5), "unknown"),
    ];
    for (v, want) in cases {
        assert_eq!(type_of(&v), s(want), "typeof {v:?}");
    }
}

#[test]
fn instanceof_type_names() {
    assert_eq!(instance_of(&arr(vec![]), &s("array")).unwrap(), b(true));
    assert_eq!(instance_of(&obj(vec![]), &s("Object")).unwrap(), b(true));
    assert_eq!(instance_of(&arr(vec![]), &s("object")).unwrap(), b(false));
    assert_eq!(instance_of(&Value::Null, &s("undefined")).unwrap(), b(true));
    assert_eq!(instance_of(&s("42"), &s("number")).unwrap(), b(false));
    // The left side is unwrapped; no confidence propagates.
    assert_eq!(instance_of(&conf(arr(vec![]), 0.9), &s("object")).unwrap(), b(false));
    assert_eq!(instance_of(&conf(arr(vec![]), 0.9), &s("array")).unwrap(), b(true));
    assert!(err(instance_of(&s("ok"), &s("Text"))).contains("Unknown type name: text"));
    assert_eq!(
        err(instance_of(&s("x"), &n(3.0))),
        "Right-hand side of instanceof must be a type name or constructor"
    );
    let f = lambda(1, |_| Ok(Value::Null));
    assert_eq!(
        err(instance_of(&n(7.0), &f)),
        "instanceof with constructor functions not yet supported"
    );
}

#[test]
fn json_in_keeps_order_and_numbers() {
    let v = Value::from_json(&json!({"b": 1, "a": [1.5, "x", true, null], "c": {"d": -2}}));
    assert_eq!(
        prism_runtime::to_display_string(&v),
        "{ b: 1, a: [1.5, x, true, null], c: { d: -2 } }"
    );
    assert_eq!(v.to_json(), json!({"b": 1, "a": [1.5, "x", true, null], "c": {"d": -2}}));
}

#[test]
fn json_out_shape_of_confident_values() {
    let v = obj(vec![("score", conf(n(7.0), 0.5)), ("n", n(f64::NAN))]);
    assert_eq!(v.to_json(), json!({"score": {"value": 7, "confidence": 0.5}, "n": null}));
    assert_eq!(
        result_to_json(&conf(obj(vec![("a", n(1.0))]), 0.75)),
        json!({"value": {"a": 1}, "confidence": 0.75})
    );
    assert_eq!(result_to_json(&s("plain")), json!({"value": "plain", "confidence": null}));
    let nested = conf(conf(n(6.0), 0.6), 0.4);
    assert_eq!(
        result_to_json(&nested),
        json!({"value": {"value": 6, "confidence": 0.6}, "confidence": 0.4})
    );
    assert_eq!(serde_json::to_value(&nested).unwrap()["confidence"], json!(0.4));
}

#[test]
fn stringify_and_parse() {
    let compact = StringifyOptions::default();
    let v = obj(vec![("b", n(1.0)), ("a", arr(vec![n(1.0), s("x"), b(true), Value::Null]))]);
    assert_eq!(stringify(&v, &compact).unwrap().unwrap(), r#"{"b":1,"a":[1,"x",true,null]}"#);
    let pretty = StringifyOptions { gap: "  ".into(), allow_keys: None };
    let v2 = obj(vec![("a", n(1.0)), ("b", nums(&[1.0, 2.0]))]);
    assert_eq!(
        stringify(&v2, &pretty).unwrap().unwrap(),
        "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}"
    );
    // Confident values are written as their inner value; functions are skipped in objects.
    let v3 = obj(vec![("c", conf(n(0.5), 0.9)), ("f", lambda(0, |_| Ok(Value::Null)))]);
    assert_eq!(stringify(&v3, &compact).unwrap().unwrap(), r#"{"c":0.5}"#);
    assert_eq!(stringify(&s("a\"b\n"), &compact).unwrap().unwrap(), r#""a\"b\n""#);
    let round = parse(r#"{"k":"v","n":[1,{"m":null}],"t":true}"#).unwrap();
    assert_eq!(
        round,
        obj(vec![
            ("k", s("v")),
            ("n", arr(vec![n(1.0), obj(vec![("m", Value::Null)])])),
            ("t", b(true)),
        ])
    );
    assert!(err(parse("{oops")).starts_with("Unexpected token in JSON"));
    let cyclic = arr(vec![]);
    method(&cyclic, "push", vec![cyclic.clone()]).unwrap();
    assert_eq!(
        err(stringify(&cyclic, &compact).map(|_| Value::Null)),
        "Converting circular structure to JSON"
    );
    method(&cyclic, "pop", vec![]).unwrap();
}

#[test]
fn deep_structures_drop_without_recursion() {
    let mut deep = Value::Null;
    for i in 0..200_000 {
        deep = if i % 3 == 0 {
            arr(vec![deep])
        } else if i % 3 == 1 {
            obj(vec![("k", deep)])
        } else {
            conf(deep, 0.5)
        };
    }
    drop(deep);
}

#[test]
fn equality_of_values_as_rust_partial_eq() {
    assert_eq!(nums(&[1.0, 2.0]), nums(&[1.0, 2.0]));
    assert_ne!(n(f64::NAN), n(f64::NAN));
    assert_eq!(conf(n(1.0), 0.5), conf(n(1.0), 0.5 + 1e-12));
    assert_ne!(conf(n(1.0), 0.5), n(1.0));
    assert_eq!(format!("{:?}", conf(n(5.0), 0.8)), "Confident(5 (~80.0%))");
}

#[test]
fn conformance_encoding() {
    use prism_runtime::json::{from_tagged_json, to_tagged_json};
    let input = json!({"$confident": {"task": "Triage", "priority": "high"}, "confidence": 0.8});
    let v = from_tagged_json(&input);
    assert_conf(&get_member(&v, "task").unwrap(), &s("Triage"), 0.8);
    let out = obj(vec![
        ("c", conf(n(6.0), 0.6)),
        ("nan", n(f64::NAN)),
        ("inf", n(f64::NEG_INFINITY)),
        ("f", lambda(0, |_| Ok(Value::Null))),
    ]);
    let tagged = to_tagged_json(&out);
    assert_eq!(
        tagged,
        json!({"c": {"$confident": 6, "confidence": 0.6}, "nan": {"$number": "NaN"}, "inf": {"$number": "-Infinity"}, "f": {"$function": true}})
    );
    let back = from_tagged_json(&tagged);
    assert_conf(&get_member(&back, "c").unwrap(), &n(6.0), 0.6);
    assert_eq!(get_member(&back, "inf").unwrap(), n(f64::NEG_INFINITY));
}

#[test]
fn deeply_wrapped_confident_values_do_not_overflow() {
    let mut x = n(1.0);
    for _ in 0..100_000 {
        x = conf(x, 0.9);
    }
    let y = prism_runtime::ops::add(&x, &n(1.0)).unwrap();
    assert_eq!(y.strip_confidence(), &n(2.0));
    assert_eq!(prism_runtime::ops::increment(&x).unwrap().strip_confidence(), &n(2.0));
    assert!(prism_runtime::to_display_string(&x).contains("[...]"));
    assert!(!prism_runtime::ops::deep_equal(&x, &y));
    assert_eq!(prism_runtime::ops::type_of(&x), s("unknown"));
    assert_eq!(
        call_global_method("Math", "abs", vec![x.clone()]).unwrap().strip_confidence(),
        &n(1.0)
    );
    drop(y);
    drop(x);
}
