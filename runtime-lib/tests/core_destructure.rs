//! Destructuring with thresholds (B §3.4) and loop sources (B §3.7, D5).

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::destructure::{
    ArrayElement, Pattern, PropPattern, ThresholdKind, destructure, for_in_source, for_of_source,
    threshold,
};
use prism_runtime::{Str, Value};

fn bind(slot: usize) -> Pattern {
    Pattern::Bind(slot)
}

fn el(pattern: Pattern, t: Option<f64>) -> Option<ArrayElement> {
    Some(ArrayElement { pattern, threshold: t })
}

fn prop(key: &str, pattern: Pattern, t: Option<f64>, default: Option<Value>) -> PropPattern {
    PropPattern { key: Str::from(key), pattern, threshold: t, default }
}

fn run(p: &Pattern, v: &Value, global: Option<f64>, slots: usize) -> Vec<Value> {
    let mut out = vec![Value::Null; slots];
    destructure(p, v, global, &mut out).unwrap();
    out
}

#[test]
fn array_patterns() {
    let p = Pattern::Array {
        elements: vec![el(bind(0), None), el(bind(1), None), el(bind(2), None)],
        rest: None,
    };
    assert_eq!(
        run(&p, &arr(vec![s("agent-1")]), None, 3),
        vec![s("agent-1"), Value::Null, Value::Null]
    );
    // [[r1, c1], [r2, c2]] = [[0, 1], [4, 6]]
    let pair =
        |a, b| Pattern::Array { elements: vec![el(bind(a), None), el(bind(b), None)], rest: None };
    let p =
        Pattern::Array { elements: vec![el(pair(0, 1), None), el(pair(2, 3), None)], rest: None };
    assert_eq!(
        run(&p, &arr(vec![nums(&[0.0, 1.0]), nums(&[4.0, 6.0])]), None, 4),
        vec![n(0.0), n(1.0), n(4.0), n(6.0)]
    );
    // [, , x] and [lead, ...followers]
    let third = Pattern::Array { elements: vec![None, None, el(bind(0), None)], rest: None };
    assert_eq!(run(&third, &arr(vec![s("a"), s("b"), s("c"), s("d")]), None, 1), vec![s("c")]);
    let split = Pattern::Array { elements: vec![el(bind(0), None)], rest: Some(1) };
    assert_eq!(
        run(&split, &arr(vec![s("ana"), s("ben"), s("cy")]), None, 2),
        vec![s("ana"), arr(vec![s("ben"), s("cy")])]
    );
    // Confident elements are bound still wrapped.
    let two = Pattern::Array { elements: vec![el(bind(0), None), el(bind(1), None)], rest: None };
    let got = run(&two, &arr(vec![conf(s("gpt"), 0.55), conf(s("local"), 0.8)]), None, 2);
    assert_conf(&got[1], &s("local"), 0.8);
    // Errors.
    let mut out = vec![Value::Null; 2];
    assert_eq!(
        err(destructure(&two, &n(12.0), None, &mut out).map(|_| Value::Null)),
        "Cannot destructure non-array value"
    );
    assert_eq!(
        err(destructure(&two, &obj(vec![("a", n(1.0))]), None, &mut out).map(|_| Value::Null)),
        "Cannot destructure non-array value"
    );
    assert_eq!(
        err(destructure(&two, &conf(nums(&[1.0, 2.0]), 0.9), None, &mut out).map(|_| Value::Null)),
        "Cannot destructure non-array value",
        "a confident array is not unwrapped"
    );
}

#[test]
fn object_patterns() {
    let p = Pattern::Object {
        props: vec![prop("model", bind(0), None, None), prop("tokens", bind(1), None, None)],
        rest: None,
    };
    let got = run(&p, &obj(vec![("model", s("m-large")), ("tokens", n(2048.0))]), None, 2);
    assert_eq!(got, vec![s("m-large"), n(2048.0)]);
    // Defaults apply only when the key is missing.
    let d = Pattern::Object {
        props: vec![
            prop("retries", bind(0), None, Some(n(3.0))),
            prop("timeout", bind(1), None, Some(n(30.0))),
        ],
        rest: None,
    };
    assert_eq!(run(&d, &obj(vec![("timeout", n(5.0))]), None, 2), vec![n(3.0), n(5.0)]);
    assert_eq!(run(&d, &obj(vec![("retries", Value::Null)]), None, 2), vec![Value::Null, n(30.0)]);
    // {id, ...meta}
    let r = Pattern::Object { props: vec![prop("id", bind(0), None, None)], rest: Some(1) };
    let got =
        run(&r, &obj(vec![("id", n(9.0)), ("owner", s("kai")), ("priority", n(2.0))]), None, 2);
    assert_eq!(got[1], obj(vec![("owner", s("kai")), ("priority", n(2.0))]));
    // {meta: {agent: {name, version}}, code}
    let nested = Pattern::Object {
        props: vec![
            prop(
                "meta",
                Pattern::Object {
                    props: vec![prop(
                        "agent",
                        Pattern::Object {
                            props: vec![
                                prop("name", bind(0), None, None),
                                prop("version", bind(1), None, None),
                            ],
                            rest: None,
                        },
                        None,
                        None,
                    )],
                    rest: None,
                },
                None,
                None,
            ),
            prop("code", bind(2), None, None),
        ],
        rest: None,
    };
    let reply = obj(vec![
        (
            "meta",
            obj(vec![
                ("agent", obj(vec![("name", s("router")), ("version", n(3.0))])),
                ("elapsed", n(12.0)),
            ]),
        ),
        ("code", n(201.0)),
    ]);
    assert_eq!(run(&nested, &reply, None, 3), vec![s("router"), n(3.0), n(201.0)]);
    let mut out = vec![Value::Null; 2];
    assert_eq!(
        err(destructure(&p, &n(404.0), None, &mut out).map(|_| Value::Null)),
        "Cannot destructure non-object value"
    );
    assert_eq!(
        err(destructure(&p, &arr(vec![n(200.0)]), None, &mut out).map(|_| Value::Null)),
        "Cannot destructure non-object value"
    );
}

#[test]
fn thresholds() {
    // [p, q, r] ~> 0.75 = [5 ~> 0.55, 6 ~> 0.95, 7 ~> 0.75]
    let three = Pattern::Array {
        elements: vec![el(bind(0), None), el(bind(1), None), el(bind(2), None)],
        rest: None,
    };
    let signals = arr(vec![conf(n(5.0), 0.55), conf(n(6.0), 0.95), conf(n(7.0), 0.75)]);
    let got = run(&three, &signals, Some(0.75), 3);
    assert_eq!(got[0], Value::Null);
    assert_conf(&got[1], &n(6.0), 0.95);
    assert_conf(&got[2], &n(7.0), 0.75);
    // Plain elements count as 1.0.
    let got = run(&three, &arr(vec![conf(n(1.0), 0.9), n(2.0), conf(n(3.0), 0.4)]), Some(0.95), 3);
    assert_eq!(got, vec![Value::Null, n(2.0), Value::Null]);
    // [head, ...tail] ~> 0.6: the rest is filtered by the global threshold.
    let ht = Pattern::Array { elements: vec![el(bind(0), None)], rest: Some(1) };
    let batch =
        arr(vec![conf(n(9.0), 0.3), conf(n(8.0), 0.9), conf(n(7.0), 0.2), conf(n(6.0), 0.7)]);
    let got = run(&ht, &batch, Some(0.6), 2);
    assert_eq!(got[0], Value::Null);
    assert_eq!(got[1], arr(vec![conf(n(8.0), 0.9), conf(n(6.0), 0.7)]));
    // Per-element thresholds win over none.
    let per = Pattern::Array {
        elements: vec![el(bind(0), Some(0.2)), el(bind(1), Some(0.65)), el(bind(2), Some(0.9))],
        rest: None,
    };
    let got =
        run(&per, &arr(vec![conf(n(1.0), 0.3), conf(n(2.0), 0.6), conf(n(3.0), 0.9)]), None, 3);
    assert_conf(&got[0], &n(1.0), 0.3);
    assert_eq!(got[1], Value::Null);
    assert_conf(&got[2], &n(3.0), 0.9);
    // {scores: [s1, s2] ~> 0.6, owner}: a property threshold becomes the nested global one.
    let inner = Pattern::Array { elements: vec![el(bind(0), None), el(bind(1), None)], rest: None };
    let p = Pattern::Object {
        props: vec![prop("scores", inner, Some(0.6), None), prop("owner", bind(2), None, None)],
        rest: None,
    };
    let report = obj(vec![
        ("scores", arr(vec![conf(n(70.0), 0.95), conf(n(80.0), 0.5)])),
        ("owner", s("qa")),
    ]);
    let got = run(&p, &report, None, 3);
    assert_conf(&got[0], &n(70.0), 0.95);
    assert_eq!(got[1], Value::Null);
    assert_eq!(got[2], s("qa"));
    // A failing nested pattern destructures from an empty container.
    let p = Pattern::Object {
        props: vec![prop(
            "pair",
            Pattern::Array { elements: vec![el(bind(0), None)], rest: None },
            Some(0.9),
            None,
        )],
        rest: None,
    };
    assert_eq!(run(&p, &obj(vec![("pair", conf(nums(&[1.0]), 0.5))]), None, 1), vec![Value::Null]);
    // {primary: mainHost ~> 0.9, backup: spareHost ~> 0.9}
    let renamed = Pattern::Object {
        props: vec![
            prop("primary", bind(0), Some(0.9), None),
            prop("backup", bind(1), Some(0.9), None),
        ],
        rest: None,
    };
    let got = run(
        &renamed,
        &obj(vec![("primary", conf(s("db1"), 0.6)), ("backup", conf(s("db2"), 0.99))]),
        None,
        2,
    );
    assert_eq!(got[0], Value::Null);
    assert_conf(&got[1], &s("db2"), 0.99);
    // Zero and one.
    let two = Pattern::Array { elements: vec![el(bind(0), None), el(bind(1), None)], rest: None };
    let got = run(&two, &arr(vec![conf(s("a"), 0.0), conf(s("b"), 0.01)]), Some(0.0), 2);
    assert_conf(&got[0], &s("a"), 0.0);
    let got =
        run(&three, &arr(vec![conf(b(true), 0.999), b(false), conf(b(true), 1.0)]), Some(1.0), 3);
    assert_eq!(got[0], Value::Null);
    assert_eq!(got[1], b(false));
    assert_conf(&got[2], &b(true), 1.0);
    // Threshold values are checked.
    assert_eq!(
        err(threshold(&s("strict"), ThresholdKind::Global).map(Value::from)),
        "Confidence threshold must be a number"
    );
    assert_eq!(
        err(threshold(&s("firm"), ThresholdKind::Element).map(Value::from)),
        "Element confidence threshold must be a number"
    );
    assert_eq!(
        err(threshold(&Value::Null, ThresholdKind::Property).map(Value::from)),
        "Property confidence threshold must be a number"
    );
    assert_eq!(threshold(&n(0.5), ThresholdKind::Global).unwrap(), 0.5);
}

#[test]
fn loop_sources() {
    let xs = for_in_source(&conf(nums(&[2.0, 3.0, 5.0]), 0.6)).unwrap();
    assert_eq!(xs.snapshot(), vec![n(2.0), n(3.0), n(5.0)]);
    assert_eq!(err(for_in_source(&n(3.0)).map(Value::from)), "for...in loop requires an array");
    let chars = for_of_source(&s("ab")).unwrap();
    assert_eq!(chars.snapshot(), vec![s("a"), s("b")]);
    assert_eq!(
        err(for_of_source(&obj(vec![])).map(Value::from)),
        "for...of loop requires an array"
    );
    // Iterating by index sees elements appended during the loop.
    let live = nums(&[1.0]);
    let arr_h = for_of_source(&live).unwrap();
    let mut seen = 0;
    let mut i = 0;
    while let Some(x) = arr_h.get(i) {
        seen += 1;
        if x == n(1.0) {
            method(&live, "push", vec![n(2.0)]).unwrap();
        }
        i += 1;
    }
    assert_eq!(seen, 2);
}

#[test]
fn match_patterns() {
    use prism_runtime::destructure::{MatchPattern as P, match_pattern};
    let mut slots = vec![Value::Null; 3];
    // [first, ...more] => more
    let head_rest = P::Array { elements: vec![Some((P::Bind(0), None))], rest: Some(Some(1)) };
    let steps = arr(vec![s("plan"), s("act"), s("check")]);
    assert!(match_pattern(&head_rest, &steps, None, &mut slots));
    assert_eq!(slots[1], arr(vec![s("act"), s("check")]));
    // {kind: "done", payload} => payload * 2
    let done = P::Object {
        props: vec![
            (Str::from("kind"), P::Literal(s("done")), None),
            (Str::from("payload"), P::Bind(0), None),
        ],
        rest: None,
    };
    let event = obj(vec![("kind", s("done")), ("payload", n(42.0))]);
    assert!(match_pattern(&done, &event, None, &mut slots));
    assert_eq!(slots[0], n(42.0));
    assert!(!match_pattern(
        &done,
        &obj(vec![("kind", s("fail")), ("payload", n(1.0))]),
        None,
        &mut slots
    ));
    assert!(!match_pattern(&done, &obj(vec![("kind", s("done"))]), None, &mut slots));
    // [x, y] ~> 0.7 with votes [1 ~> 0.75, 1 ~> 0.95]
    let pair =
        P::Array { elements: vec![Some((P::Bind(0), None)), Some((P::Bind(1), None))], rest: None };
    let votes = arr(vec![conf(n(1.0), 0.75), conf(n(1.0), 0.95)]);
    assert!(match_pattern(&pair, &votes, Some(0.7), &mut slots));
    assert!(!match_pattern(&pair, &votes, Some(0.8), &mut slots));
    assert!(!match_pattern(&pair, &nums(&[1.0]), None, &mut slots), "exact length without rest");
    // [d ~> 0.8, r ~> 0.5] fails, [d ~> 0.8, r] matches
    let both = P::Array {
        elements: vec![Some((P::Bind(0), Some(0.8))), Some((P::Bind(1), Some(0.5)))],
        rest: None,
    };
    let draft_only = P::Array {
        elements: vec![Some((P::Bind(0), Some(0.8))), Some((P::Bind(1), None))],
        rest: None,
    };
    let drafts = arr(vec![conf(s("draft"), 0.9), conf(s("review"), 0.4)]);
    assert!(!match_pattern(&both, &drafts, None, &mut slots));
    assert!(match_pattern(&draft_only, &drafts, None, &mut slots));
    // {accuracy: a ~> 0.9} fails, {accuracy: a ~> 0.8} matches
    let acc =
        |t| P::Object { props: vec![(Str::from("accuracy"), P::Bind(0), Some(t))], rest: None };
    let report = obj(vec![("accuracy", conf(n(0.91), 0.85)), ("source", s("eval"))]);
    assert!(!match_pattern(&acc(0.9), &report, None, &mut slots));
    assert!(match_pattern(&acc(0.8), &report, None, &mut slots));
    assert!(match_pattern(&P::Wildcard, &Value::Null, None, &mut slots));
    assert!(match_pattern(&P::Literal(Value::Null), &conf(Value::Null, 0.3), None, &mut slots));
    assert!(!match_pattern(&P::Literal(n(f64::NAN)), &n(f64::NAN), None, &mut slots));
}
