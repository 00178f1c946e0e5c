//! Number formatting, text form and print format (B §4.1, §4.12, D19).

#![allow(clippy::unwrap_used)]

use prism_runtime::number_format::{
    number_to_string, parse_float, parse_int, percent, string_to_number, to_fixed, to_radix_string,
};
use prism_runtime::text::{print_form, print_line, to_display_string};
use prism_runtime::{Arity, Function, Value};

#[test]
fn number_to_string_table() {
    let cases: &[(f64, &str)] = &[
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (15.0, "15"),
        (-42.0, "-42"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e-7, "1e-7"),
        (1e-6, "0.000001"),
        (1.5e-10, "1.5e-10"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        (121.00000000000003, "121.00000000000003"),
        (0.12, "0.12"),
        (9007199254740993.0, "9007199254740992"),
        (1e15, "1000000000000000"),
        (123e-20, "1.23e-18"),
        (2f64.powi(60), "1152921504606847000"),
    ];
    for (x, want) in cases {
        assert_eq!(number_to_string(*x), *want, "toString of {x:e}");
        assert_eq!(to_display_string(&Value::from(*x)), *want);
    }
}

#[test]
fn to_fixed_table() {
    let cases: &[(f64, u32, &str)] = &[
        (1.005, 2, "1.00"),
        (2.5, 0, "3"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (-2.5, 0, "-3"),
        (1.25, 1, "1.3"),
        (1.35, 1, "1.4"),
        (1.45, 1, "1.4"),
        (0.85, 2, "0.85"),
        (0.8, 2, "0.80"),
        (85.0, 1, "85.0"),
        (-0.0, 1, "0.0"),
        (1e21, 2, "1e+21"),
        (123.456, 0, "123"),
        (0.000001, 3, "0.000"),
        (f64::NAN, 2, "NaN"),
    ];
    for (x, d, want) in cases {
        assert_eq!(to_fixed(*x, *d), *want, "({x}).toFixed({d})");
    }
    assert_eq!(percent(0.85), "85.0%");
    assert_eq!(percent(0.25), "25.0%");
    assert_eq!(percent(1.0), "100.0%");
    assert_eq!(percent(0.0), "0.0%");
    assert_eq!(percent(0.6666), "66.7%");
}

#[test]
fn radix_and_parsing() {
    assert_eq!(to_radix_string(255.0, 16), "ff");
    assert_eq!(to_radix_string(-10.0, 2), "-1010");
    assert_eq!(to_radix_string(0.5, 2), "0.1");
    assert_eq!(parse_float("2.75abc"), 2.75);
    assert_eq!(parse_float("  -.5e1x"), -5.0);
    assert_eq!(parse_float("5abc"), 5.0);
    assert!(parse_float("abc").is_nan());
    assert_eq!(parse_float("Infinityx"), f64::INFINITY);
    assert_eq!(parse_float("1e"), 1.0);
    assert_eq!(string_to_number(" 42 "), 42.0);
    assert_eq!(string_to_number(""), 0.0);
    assert_eq!(string_to_number("0x1A"), 26.0);
    assert!(string_to_number("12px").is_nan());
    assert!(string_to_number("inf").is_nan());
    assert_eq!(string_to_number("-Infinity"), f64::NEG_INFINITY);
    assert_eq!(parse_int("42px", None), 42.0);
    assert_eq!(parse_int("ff", Some(16.0)), 255.0);
    assert_eq!(parse_int("0x1f", None), 31.0);
    assert_eq!(parse_int("-17.9", None), -17.0);
    assert!(parse_int("x", None).is_nan());
    assert!(parse_int("10", Some(1.0)).is_nan());
}

#[test]
fn text_form_of_structures() {
    let state = Value::object([
        ("names", Value::array(vec!["a1".into(), "a2".into()])),
        (
            "votes",
            Value::array(vec![
                Value::confident(1.0.into(), 0.85),
                Value::confident(0.0.into(), 0.4),
            ]),
        ),
        ("info", Value::object([("n", Value::from(2.0))])),
    ]);
    assert_eq!(
        to_display_string(&state),
        "{ names: [a1, a2], votes: [1 (~85.0%), 0 (~40.0%)], info: { n: 2 } }"
    );
    assert_eq!(to_display_string(&Value::object(Vec::<(&str, Value)>::new())), "{}");
    assert_eq!(to_display_string(&Value::array(vec![])), "[]");
    assert_eq!(to_display_string(&Value::Null), "null");
    assert_eq!(to_display_string(&Value::Bool(true)), "true");
    let f = Function::lambda(Arity::exact(1), |_| Ok(Value::Null));
    assert_eq!(to_display_string(&Value::Function(f)), "[Function: lambda]");
    let nested = Value::confident(Value::confident(55.0.into(), 0.6), 0.95);
    assert_eq!(to_display_string(&nested), "55 (~60.0%) (~95.0%)");
    assert_eq!(print_form(&nested), "55 (~60.0%) ~> 0.95");
}

#[test]
fn print_line_format() {
    let line = print_line(&[
        "Tokens:".into(),
        128.0.into(),
        "ok:".into(),
        false.into(),
        Value::Null,
        Value::confident("cat".into(), 0.45),
    ]);
    assert_eq!(line, "Tokens: 128 ok: false null cat ~> 0.45");
    assert_eq!(print_line(&[]), "");
    assert_eq!(print_line(&[Value::confident(95.0.into(), 0.8)]), "95 ~> 0.80");
    assert_eq!(
        print_line(&[Value::array(vec![Value::confident(5.0.into(), 0.8)])]),
        "[5 (~80.0%)]"
    );
}

#[test]
fn cyclic_structures_print_without_overflow() {
    let a = Value::array(vec![1.0.into()]);
    if let Value::Array(arr) = &a {
        arr.push(a.clone());
    }
    assert_eq!(to_display_string(&a), "[1, [Circular]]");
    // Deep nesting is cut off instead of overflowing the stack.
    let mut deep = Value::Null;
    for _ in 0..10_000 {
        deep = Value::array(vec![deep]);
    }
    assert!(to_display_string(&deep).contains("[...]"));
    drop(deep);
    if let Value::Array(arr) = &a {
        arr.pop();
    }
}
