//! Property tests of algebraic facts of the runtime.

#![allow(clippy::unwrap_used)]

use prism_runtime::number_format::{number_to_string, parse_float, to_fixed};
use prism_runtime::ops::{self, confidence as c};
use prism_runtime::uncertain::{Level, level_of};
use prism_runtime::{Value, to_display_string};
use proptest::prelude::*;
use serde_json::Value as Json;

/// Arbitrary JSON data without NaN (what agents send).
fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        (-1e12f64..1e12)
            .prop_map(|x| serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number)),
        any::<i32>().prop_map(Json::from),
        "[a-z é😀]{0,8}".prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..6)
                .prop_map(|kvs| Json::Object(kvs.into_iter().collect())),
        ]
    })
}

fn plain_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1e6f64..1e6).prop_map(Value::Number),
        "[a-z]{0,6}".prop_map(Value::from),
    ]
}

type BinOp = fn(&Value, &Value) -> prism_runtime::PResult;
type PlainOp = fn(f64, f64) -> Value;

fn confidence() -> impl Strategy<Value = f64> {
    0.0f64..=1.0
}

proptest! {
    #[test]
    fn extract_of_attach_is_clamped_confidence(x in plain_scalar(), c in -5.0f64..5.0) {
        let v = c::attach(&x, &Value::Number(c)).unwrap();
        prop_assert_eq!(c::extract(&v), Value::Number(c.clamp(0.0, 1.0)));
        prop_assert_eq!(c::extract(&x), Value::Number(1.0));
    }

    #[test]
    fn binary_operators_take_the_minimum(a in -1e6f64..1e6, b in -1e6f64..1e6, ca in confidence(), cb in confidence()) {
        let (x, y) = (Value::confident(Value::Number(a), ca), Value::confident(Value::Number(b), cb));
        let ops_list: [(BinOp, PlainOp); 5] = [
            (ops::add, |p, q| Value::Number(p + q)),
            (ops::sub, |p, q| Value::Number(p - q)),
            (ops::mul, |p, q| Value::Number(p * q)),
            (ops::lt, |p, q| Value::Bool(p < q)),
            (ops::strict_eq, |p, q| Value::Bool(p == q)),
        ];
        for (op, plain) in ops_list {
            let r = op(&x, &y).unwrap();
            prop_assert_eq!(r.confidence(), Some(ca.min(cb)));
            prop_assert_eq!(r.unwrap_one().0, &plain(a, b));
            // With one plain operand the other's confidence is kept.
            let r1 = op(&x, &Value::Number(b)).unwrap();
            prop_assert_eq!(r1.confidence(), Some(ca));
        }
        if b != 0.0 {
            let r = ops::div(&x, &y).unwrap();
            prop_assert_eq!(r.confidence(), Some(ca.min(cb)));
        }
    }

    #[test]
    fn parallel_picks_the_first_maximum(cs in prop::collection::vec(confidence(), 1..8)) {
        let values: Vec<Value> = cs.iter().enumerate()
            .map(|(i, c)| Value::confident(Value::from(i), *c))
            .collect();
        let mut best = values[0].clone();
        for v in &values[1..] {
            best = c::parallel(&best, v).unwrap();
        }
        let max = cs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let first = cs.iter().position(|c| *c == max).unwrap();
        prop_assert_eq!(best.confidence(), Some(max));
        prop_assert_eq!(best.unwrap_one().0, &Value::from(first));
    }

    #[test]
    fn strict_equality_is_reflexive_on_acyclic_values(j in json_value()) {
        let (a, b) = (Value::from_json(&j), Value::from_json(&j));
        prop_assert_eq!(ops::strict_eq(&a, &b).unwrap(), Value::Bool(true));
        prop_assert_eq!(ops::strict_eq(&a, &a).unwrap(), Value::Bool(true));
        prop_assert_eq!(ops::loose_eq(&a, &b).unwrap(), Value::Bool(true));
        let ca = Value::confident(a.clone(), 0.5);
        let r = ops::strict_eq(&ca, &b).unwrap();
        prop_assert_eq!(r.unwrap_one().0, &Value::Bool(true));
    }

    #[test]
    fn json_round_trip_of_plain_values(j in json_value()) {
        let v = Value::from_json(&j);
        let back = Value::from_json(&v.to_json());
        prop_assert!(ops::deep_equal(&v, &back));
        let text = prism_runtime::json::stringify(&v, &Default::default()).unwrap().unwrap();
        let parsed = prism_runtime::json::parse(&text).unwrap();
        prop_assert!(ops::deep_equal(&v, &parsed), "{text}");
        // The text form never fails and is stable.
        prop_assert_eq!(to_display_string(&v), to_display_string(&back));
    }

    #[test]
    fn number_text_round_trips(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
        let text = number_to_string(x);
        prop_assert_eq!(parse_float(&text), x);
        prop_assert!(!text.ends_with(".0"));
    }

    #[test]
    fn to_fixed_is_within_half_a_unit(x in -1e9f64..1e9, d in 0u32..8) {
        let text = to_fixed(x, d);
        let back: f64 = text.parse().unwrap();
        let unit = 10f64.powi(-(d as i32));
        prop_assert!((back - x).abs() <= unit / 2.0 + x.abs() * 1e-15, "{x} {d} {text}");
        let decimals = text.split('.').nth(1).map_or(0, str::len);
        prop_assert_eq!(decimals, d as usize);
    }

    #[test]
    fn levels_are_monotone(a in confidence(), b in confidence()) {
        let rank = |l: Level| match l { Level::Low => 0, Level::Medium => 1, Level::High => 2 };
        if a <= b {
            prop_assert!(rank(level_of(a)) <= rank(level_of(b)));
        }
    }

    #[test]
    fn string_slices_agree_with_length(s in "[a-zé😀 ]{0,12}", i in 0usize..16, j in 0usize..16) {
        let v = Value::from(s.as_str());
        let len = prism_runtime::get_member(&v, "length").unwrap().as_number().unwrap() as usize;
        prop_assert_eq!(len, s.encode_utf16().count());
        let sliced = prism_runtime::call_method_sync(&v, "slice", &[Value::from(i), Value::from(j)]).unwrap();
        let want = if i < j.min(len) {
            String::from_utf16_lossy(&s.encode_utf16().collect::<Vec<_>>()[i.min(len)..j.min(len)])
        } else {
            String::new()
        };
        prop_assert_eq!(sliced, Value::from(want));
    }
}
