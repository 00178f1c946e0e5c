//! String methods (D7) and number methods.

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::Value;

fn m(target: &str, name: &str, args: Vec<Value>) -> Value {
    method(&s(target), name, args).unwrap()
}

#[test]
fn string_methods() {
    assert_eq!(m("hello world", "includes", vec![s("wor")]), b(true));
    assert_eq!(m("prism.rs", "startsWith", vec![s("prism")]), b(true));
    assert_eq!(m("prism.rs", "endsWith", vec![s(".rs")]), b(true));
    assert_eq!(m("prism.rs", "endsWith", vec![s("prism"), n(5.0)]), b(true));
    assert_eq!(m("hello", "slice", vec![n(-3.0)]), s("llo"));
    assert_eq!(m("hello", "slice", vec![n(1.0), n(-1.0)]), s("ell"));
    assert_eq!(m("hello", "substring", vec![n(1.0), n(4.0)]), s("ell"));
    assert_eq!(m("hello", "substring", vec![n(4.0), n(1.0)]), s("ell"));
    assert_eq!(m("a,b,c", "split", vec![s(",")]), arr(vec![s("a"), s("b"), s("c")]));
    assert_eq!(m("abc", "split", vec![s("")]), arr(vec![s("a"), s("b"), s("c")]));
    assert_eq!(m("abc", "split", vec![]), arr(vec![s("abc")]));
    assert_eq!(m("a,b,c", "split", vec![s(","), n(2.0)]), arr(vec![s("a"), s("b")]));
    assert_eq!(m("", "split", vec![s(",")]), arr(vec![s("")]));
    assert_eq!(m("  x \n", "trim", vec![]), s("x"));
    assert_eq!(m("\u{a0} x", "trimStart", vec![]), s("x"));
    assert_eq!(m("MiXeD", "toUpperCase", vec![]), s("MIXED"));
    assert_eq!(m("MiXeD", "toLowerCase", vec![]), s("mixed"));
    assert_eq!(m("a-b-c", "replace", vec![s("-"), s("+")]), s("a+b-c"));
    assert_eq!(m("a-b-c", "replaceAll", vec![s("-"), s("+")]), s("a+b+c"));
    assert_eq!(m("a-b", "replace", vec![s("-"), s("[$&]")]), s("a[-]b"));
    assert_eq!(m("ab", "replaceAll", vec![s(""), s("_")]), s("_a_b_"));
    let upper = lambda(1, |args| prism_runtime::call_method_sync(&a(args, 0), "toUpperCase", &[]));
    assert_eq!(m("a-b", "replace", vec![s("b"), upper]), s("a-B"));
    assert_eq!(m("ab", "repeat", vec![n(3.0)]), s("ababab"));
    assert_eq!(err(method(&s("ab"), "repeat", vec![n(-1.0)])), "Invalid count value: -1");
    assert_eq!(err(method(&s("ab"), "repeat", vec![n(1e12)])), "Invalid string length");
    assert_eq!(m("ab", "padEnd", vec![n(5.0), s(".")]), s("ab..."));
    assert_eq!(m("5", "padStart", vec![n(3.0), s("0")]), s("005"));
    assert_eq!(m("5", "padStart", vec![n(3.0)]), s("  5"));
    assert_eq!(m("prism", "charAt", vec![n(2.0)]), s("i"));
    assert_eq!(m("ab", "charAt", vec![n(5.0)]), s(""));
    assert_eq!(m("banana", "indexOf", vec![s("an")]), n(1.0));
    assert_eq!(m("banana", "lastIndexOf", vec![s("an")]), n(3.0));
    assert_eq!(m("banana", "indexOf", vec![s("x")]), n(-1.0));
    assert_eq!(m("ab", "includes", vec![n(1.0)]), b(false));
    assert_eq!(m("a1", "includes", vec![n(1.0)]), b(true));
    assert_eq!(err(method(&s("abc"), "reverse", vec![])), "Property 'reverse' does not exist");
}

#[test]
fn utf16_semantics() {
    assert_eq!(m("héllo", "slice", vec![n(1.0), n(3.0)]), s("él"));
    assert_eq!(m("a😀b", "indexOf", vec![s("b")]), n(3.0));
    assert_eq!(m("😀", "charAt", vec![n(0.0)]), s("\u{fffd}"));
    assert_eq!(m("é", "padStart", vec![n(3.0), s("-")]), s("--é"));
}

#[test]
fn confident_strings() {
    let c = conf(s("abc"), 0.6);
    assert_conf(&method(&c, "toUpperCase", vec![]).unwrap(), &s("ABC"), 0.6);
    assert_conf(&method(&s("abc"), "includes", vec![conf(s("b"), 0.3)]).unwrap(), &b(true), 0.3);
    assert_conf(&prism_runtime::get_member(&c, "length").unwrap(), &n(3.0), 0.6);
}

#[test]
fn number_methods() {
    assert_eq!(method(&n(1.005), "toFixed", vec![n(2.0)]).unwrap(), s("1.00"));
    assert_eq!(method(&n(2.5), "toFixed", vec![]).unwrap(), s("3"));
    assert_eq!(method(&n(255.0), "toString", vec![n(16.0)]).unwrap(), s("ff"));
    assert_eq!(method(&n(0.1), "toString", vec![]).unwrap(), s("0.1"));
    assert_conf(&method(&conf(n(0.456), 0.7), "toFixed", vec![n(1.0)]).unwrap(), &s("0.5"), 0.7);
    assert_eq!(
        err(method(&n(1.0), "toFixed", vec![n(101.0)])),
        "toFixed() digits argument must be between 0 and 100"
    );
    assert_eq!(
        err(method(&n(1.0), "toString", vec![n(1.0)])),
        "toString() radix must be between 2 and 36"
    );
    assert_eq!(err(method(&n(1.0), "nope", vec![])), "Cannot access property 'nope' on number");
}
