//! Ordinary operators (B §4.3, §4.4, D8, D17, D19).

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::ops::{self, equality::loose_equal_plain};
use prism_runtime::{At, Location, Value};

#[test]
fn addition_and_concatenation() {
    assert_eq!(ops::add(&n(2.0), &n(3.0)).unwrap(), n(5.0));
    assert_eq!(ops::add(&n(7.0), &s(" agents")).unwrap(), s("7 agents"));
    assert_eq!(ops::add(&s("id:"), &Value::Null).unwrap(), s("id:null"));
    assert_eq!(ops::add(&s("a"), &nums(&[1.0, 2.0])).unwrap(), s("a[1, 2]"));
    assert_eq!(ops::add(&s("o="), &obj(vec![("k", n(1.0))])).unwrap(), s("o={ k: 1 }"));
    assert_eq!(ops::add(&n(0.1), &n(0.2)).unwrap(), n(0.30000000000000004));
    assert_eq!(err(ops::add(&n(1.0), &b(true))), "Cannot apply + to number and boolean");
    assert_eq!(err(ops::add(&Value::Null, &n(1.0))), "Cannot apply + to null and number");
    assert_eq!(err(ops::add(&nums(&[]), &n(1.0))), "Cannot apply + to array and number");
}

#[test]
fn arithmetic_errors_and_js_semantics() {
    assert_eq!(ops::sub(&n(100.0), &n(5.0)).unwrap(), n(95.0));
    assert_eq!(ops::mul(&n(6.0), &n(7.0)).unwrap(), n(42.0));
    assert_eq!(ops::div(&n(9.0), &n(2.0)).unwrap(), n(4.5));
    assert_eq!(ops::rem(&n(-7.0), &n(3.0)).unwrap(), n(-1.0));
    assert_eq!(ops::rem(&n(7.5), &n(2.0)).unwrap(), n(1.5));
    assert_eq!(ops::pow(&n(2.0), &n(10.0)).unwrap(), n(1024.0));
    assert_eq!(ops::pow(&n(0.0), &n(-1.0)).unwrap(), n(f64::INFINITY));
    assert!(ops::pow(&n(1.0), &n(f64::INFINITY)).unwrap().as_number().unwrap().is_nan());
    assert!(ops::pow(&n(1.0), &n(f64::NAN)).unwrap().as_number().unwrap().is_nan());
    assert_eq!(ops::pow(&n(-2.0), &n(2.0)).unwrap(), n(4.0));
    assert_eq!(err(ops::div(&n(1.0), &n(0.0))), "Division by zero");
    assert_eq!(err(ops::div(&n(1.0), &n(-0.0))), "Division by zero");
    assert_eq!(err(ops::rem(&n(17.0), &n(0.0))), "Modulo by zero");
    assert_eq!(err(ops::mul(&s("-"), &n(40.0))), "Cannot apply * to string and number");
    assert_eq!(err(ops::div(&s("planner"), &n(2.0))), "Cannot apply / to string and number");
    assert_eq!(err(ops::rem(&s("task-7"), &n(2.0))), "Cannot apply % to string and number");
    assert_eq!(err(ops::sub(&nums(&[1.0]), &n(1.0))), "Cannot apply - to array and number");
    assert_eq!(err(ops::pow(&s("2"), &n(2.0))), "Cannot apply ** to string and number");
    assert_eq!(ops::neg(&n(3.0)).unwrap(), n(-3.0));
    assert_eq!(err(ops::neg(&b(true))), "Cannot apply unary - to boolean");
    assert_eq!(err(ops::neg(&conf(n(1.0), 0.5))), "Cannot apply unary - to confident");
    assert_eq!(err(ops::neg(&s("x"))), "Cannot apply unary - to string");
}

#[test]
fn increment_and_decrement() {
    assert_eq!(ops::increment(&n(5.0)).unwrap(), n(6.0));
    assert_eq!(ops::decrement(&n(5.0)).unwrap(), n(4.0));
    assert_conf(&ops::increment(&conf(n(1.0), 0.7)).unwrap(), &n(2.0), 0.7);
    assert_eq!(err(ops::increment(&s("a"))), "Cannot apply ++ to string");
    assert_eq!(err(ops::decrement(&Value::Null)), "Cannot apply -- to null");
}

#[test]
fn comparisons_are_numbers_only() {
    assert_eq!(ops::lt(&n(-3.0), &n(2.0)).unwrap(), b(true));
    assert_eq!(ops::ge(&n(7.5), &n(7.5)).unwrap(), b(true));
    assert_eq!(ops::gt(&n(3.0), &n(8.0)).unwrap(), b(false));
    assert_eq!(ops::le(&n(f64::NAN), &n(1.0)).unwrap(), b(false));
    assert_eq!(err(ops::lt(&s("b"), &s("a"))), "Cannot compare string and string");
    assert_eq!(err(ops::gt(&n(7.0), &s("3"))), "Cannot compare number and string");
    assert_eq!(err(ops::lt(&b(false), &s("yes"))), "Cannot compare boolean and string");
    assert_eq!(err(ops::le(&Value::Null, &b(true))), "Cannot compare null and boolean");
    assert_eq!(err(ops::ge(&Value::Null, &n(3.0))), "Cannot compare null and number");
}

#[test]
fn confident_operands_take_the_minimum() {
    assert_conf(&ops::add(&conf(n(5.0), 0.9), &n(1.0)).unwrap(), &n(6.0), 0.9);
    assert_conf(&ops::mul(&conf(n(4.0), 0.6), &conf(n(5.0), 0.95)).unwrap(), &n(20.0), 0.6);
    assert_conf(&ops::add(&s("a"), &conf(n(1.0), 0.5)).unwrap(), &s("a1"), 0.5);
    assert_conf(&ops::sub(&n(100.0), &conf(n(5.0), 0.85)).unwrap(), &n(95.0), 0.85);
    assert_conf(&ops::strict_eq(&conf(n(5.0), 0.9), &n(5.0)).unwrap(), &b(true), 0.9);
    assert_conf(&ops::gt(&conf(n(0.82), 0.6), &n(0.5)).unwrap(), &b(true), 0.6);
    // cpu * mem - disk / 4 with confidences 0.95, 0.6, 0.85
    let cpu = conf(n(4.0), 0.95);
    let mem = conf(n(8.0), 0.6);
    let disk = conf(n(100.0), 0.85);
    let load =
        ops::sub(&ops::mul(&cpu, &mem).unwrap(), &ops::div(&disk, &n(4.0)).unwrap()).unwrap();
    assert_conf(&load, &n(7.0), 0.6);
    // Nested operands unwrap one layer per step and nest the result.
    let nested = ops::add(&conf(conf(n(1.0), 0.5), 0.8), &n(1.0)).unwrap();
    assert_conf(&nested, &conf(n(2.0), 0.5), 0.8);
    // Errors still happen on the inner values.
    assert_eq!(err(ops::div(&conf(n(1.0), 0.5), &n(0.0))), "Division by zero");
    assert_eq!(err(ops::lt(&conf(s("b"), 0.5), &s("a"))), "Cannot compare string and string");
}

#[test]
fn strict_equality_is_deep() {
    let t = |a: &Value, c: &Value| ops::strict_eq(a, c).unwrap();
    assert_eq!(t(&n(3.0), &n(3.0)), b(true));
    assert_eq!(t(&n(8080.0), &s("8080")), b(false));
    assert_eq!(t(&n(0.0), &b(false)), b(false));
    assert_eq!(t(&Value::Null, &Value::Null), b(true));
    assert_eq!(
        t(&arr(vec![n(1.0), nums(&[2.0, 3.0])]), &arr(vec![n(1.0), nums(&[2.0, 3.0])])),
        b(true)
    );
    assert_eq!(t(&obj(vec![("k", nums(&[1.0]))]), &obj(vec![("k", nums(&[2.0]))])), b(false));
    assert_eq!(
        t(&obj(vec![("a", n(1.0)), ("b", n(2.0))]), &obj(vec![("b", n(2.0)), ("a", n(1.0))])),
        b(true)
    );
    assert_eq!(t(&n(f64::NAN), &n(f64::NAN)), b(false));
    let f1 = lambda(1, |_| Ok(Value::Null));
    let f2 = lambda(2, |_| Ok(n(1.0)));
    assert_eq!(t(&f1, &f2), b(true), "lambdas are equal by name");
    assert_eq!(t(&named("f", 0, |_| Ok(Value::Null)), &f1), b(false));
    assert_eq!(ops::strict_ne(&n(9.0), &n(9.0)).unwrap(), b(false));
    assert_eq!(ops::strict_ne(&n(404.0), &s("404")).unwrap(), b(true));
    let both = ops::strict_eq(&conf(n(7.0), 0.75), &conf(n(7.0), 0.55)).unwrap();
    assert_conf(&both, &b(true), 0.55);
    // Inside structures confident values compare by value and confidence.
    assert_eq!(t(&arr(vec![conf(n(1.0), 0.5)]), &arr(vec![conf(n(1.0), 0.5)])), b(true));
    assert_eq!(t(&arr(vec![conf(n(1.0), 0.5)]), &arr(vec![n(1.0)])), b(false));
}

#[test]
fn loose_equality_table() {
    let cases: Vec<(Value, Value, bool)> = vec![
        (n(0.0), b(false), true),
        (b(true), n(1.0), true),
        (n(12.0), n(12.0), true),
        (s("alpha"), s("omega"), false),
        (n(1.0), b(false), false),
        (s("5abc"), n(5.0), true),
        (s("true"), b(true), true),
        (s("0"), b(false), false),
        (s(""), b(false), true),
        (n(3.0), s("4"), false),
        (nums(&[1.0]), nums(&[1.0]), true),
        (arr(vec![s("a"), n(1.0)]), arr(vec![s("a"), n(1.0)]), true),
        (Value::Null, Value::Null, true),
        // D17: null equals only null.
        (Value::Null, n(0.0), false),
        (n(0.0), Value::Null, false),
        (Value::Null, b(false), false),
        (s("null"), Value::Null, false),
        (s("x"), n(3.0), false),
        (obj(vec![]), b(true), true),
        (nums(&[]), obj(vec![]), false),
    ];
    for (x, y, want) in cases {
        assert_eq!(loose_equal_plain(&x, &y), want, "{x:?} == {y:?}");
        assert_eq!(ops::loose_eq(&x, &y).unwrap(), b(want));
        assert_eq!(ops::loose_ne(&x, &y).unwrap(), b(!want));
    }
    assert_conf(&ops::loose_eq(&conf(n(5.0), 0.4), &s("5")).unwrap(), &b(true), 0.4);
}

#[test]
fn nullish_coalescing() {
    assert_eq!(ops::nullish(&Value::Null, &s("base")).unwrap(), s("base"));
    assert_eq!(ops::nullish(&n(0.0), &n(5.0)).unwrap(), n(0.0));
    assert_eq!(ops::nullish(&s(""), &s("-x")).unwrap(), s(""));
    assert_eq!(ops::nullish(&b(false), &b(true)).unwrap(), b(false));
    assert!(ops::nullish_short_circuits(&n(0.0)));
    assert!(!ops::nullish_short_circuits(&Value::Null));
    assert!(!ops::nullish_short_circuits(&conf(s("v2"), 0.82)));
    assert_conf(
        &ops::nullish(&conf(Value::Null, 0.55), &s("cache-miss")).unwrap(),
        &s("cache-miss"),
        0.55,
    );
    assert_conf(&ops::nullish(&conf(s("v2"), 0.82), &s("v1")).unwrap(), &s("v2"), 0.82);
}

#[test]
fn errors_carry_locations() {
    const LOC: &Location = &Location::new("main.prism", 3, 7);
    const OUTER: &Location = &Location::new("main.prism", 9, 1);
    let e = ops::div(&n(1.0), &n(0.0)).at(LOC).at(OUTER).unwrap_err();
    assert_eq!(e.to_string(), "main.prism:3:7: Division by zero");
    assert_eq!(e.message(), "Division by zero");
    assert_eq!(e.location(), Some(LOC));
    assert_eq!(e.catch_value(), s("Division by zero"));
    let t = prism_runtime::Exception::thrown(obj(vec![("code", n(42.0))])).at(LOC);
    assert!(t.is_thrown());
    assert_eq!(prism_runtime::get_member(&t.catch_value(), "code").unwrap(), n(42.0));
    assert_eq!(t.to_string(), "main.prism:3:7: Uncaught { code: 42 }");
    let plain = prism_runtime::RuntimeError::new("boom");
    assert_eq!(plain.to_string(), "boom");
}
