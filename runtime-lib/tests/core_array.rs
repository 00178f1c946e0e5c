//! Array methods (B §4.6, D6, D7, D19).

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::ops;
use prism_runtime::{Value, get_member};

fn double() -> Value {
    lambda(1, |args| ops::mul(&a(args, 0), &n(2.0)))
}

#[test]
fn reference_methods() {
    let xs = nums(&[7.0, 8.0, 9.0]);
    assert_eq!(method(&xs, "map", vec![double()]).unwrap(), nums(&[14.0, 16.0, 18.0]));
    let small = lambda(1, |args| ops::lt(&a(args, 0), &n(100.0)));
    assert_eq!(
        method(&nums(&[250.0, 40.0, 99.0, 100.0]), "filter", vec![small]).unwrap(),
        nums(&[40.0, 99.0])
    );
    let longest = lambda(2, |args| {
        let (x, y) = (a(args, 0), a(args, 1));
        let longer = ops::gt(&get_member(&y, "length")?, &get_member(&x, "length")?)?;
        Ok(if longer.truthy() { y } else { x })
    });
    let words = arr(vec![s("ok"), s("maybe"), s("no")]);
    assert_eq!(method(&words, "reduce", vec![longest]).unwrap(), s("maybe"));
    let trail = lambda(3, |args| ops::add(&ops::add(&a(args, 0), &a(args, 2))?, &a(args, 1)));
    assert_eq!(
        method(&arr(vec![s("a"), s("b"), s("c")]), "reduce", vec![trail, s("")]).unwrap(),
        s("0a1b2c")
    );
    let four = lambda(4, |args| {
        ops::add(&a(args, 0), &ops::mul(&a(args, 1), &get_member(&a(args, 3), "length")?)?)
    });
    assert_eq!(method(&nums(&[1.0, 2.0, 3.0]), "reduce", vec![four, n(0.0)]).unwrap(), n(18.0));
    let log = arr(vec![s("start")]);
    let same = method(&log, "push", vec![s("step")]).unwrap();
    assert_eq!(same, arr(vec![s("start"), s("step")]));
    method(&same, "push", vec![]).unwrap();
    method(&method(&log, "push", vec![n(1.0)]).unwrap(), "push", vec![n(2.0)]).unwrap();
    assert_eq!(
        get_member(&log, "length").unwrap(),
        n(4.0),
        "push mutates and returns the array (D6)"
    );
    assert_eq!(
        method(&arr(vec![s("a"), s("b"), s("c")]), "join", vec![s("-")]).unwrap(),
        s("a-b-c")
    );
    assert_eq!(method(&arr(vec![n(1.0), Value::Null, s("x")]), "join", vec![]).unwrap(), s("1,,x"));
    assert_eq!(
        method(&arr(vec![nums(&[1.0, 2.0]), conf(n(5.0), 0.8)]), "join", vec![s("|")]).unwrap(),
        s("[1, 2]|5 (~80.0%)")
    );
    assert_eq!(
        method(&arr(vec![s("a")]), "forEach", vec![lambda(1, |_| Ok(n(1.0)))]).unwrap(),
        Value::Null
    );
}

#[test]
fn reference_method_errors() {
    let xs = arr(vec![s("a"), s("b")]);
    assert_eq!(
        err(method(&xs, "map", vec![])),
        "Array.map() requires exactly 1 argument: function"
    );
    assert_eq!(err(method(&xs, "map", vec![s("upper")])), "Argument to map() must be a function");
    assert_eq!(
        err(method(&xs, "filter", vec![])),
        "Array.filter() requires exactly 1 argument: predicate"
    );
    assert_eq!(
        err(method(&xs, "filter", vec![n(42.0)])),
        "Argument to filter() must be a function"
    );
    assert_eq!(
        err(method(&xs, "reduce", vec![])),
        "Array.reduce() requires 1 or 2 arguments: reducer and optional initial value"
    );
    assert_eq!(
        err(method(&xs, "reduce", vec![s("sum"), n(0.0)])),
        "First argument to reduce() must be a function"
    );
    assert_eq!(
        err(method(&nums(&[]), "reduce", vec![lambda(2, |args| Ok(a(args, 0)))])),
        "reduce() of empty array with no initial value"
    );
    assert_eq!(
        err(method(&xs, "forEach", vec![])),
        "Array.forEach() requires exactly 1 argument: function"
    );
    assert_eq!(
        err(method(&xs, "forEach", vec![n(5.0)])),
        "Argument to forEach() must be a function"
    );
    assert_eq!(err(method(&xs, "join", vec![n(1.0)])), "Array.join() separator must be a string");
    assert_eq!(
        err(method(&xs, "join", vec![s(","), s(",")])),
        "Array.join() requires 0 or 1 argument"
    );
    assert_eq!(err(method(&xs, "nope", vec![])), "Property 'nope' does not exist");
    let inv = lambda(1, |args| ops::div(&n(6.0), &a(args, 0)));
    assert_eq!(err(method(&nums(&[3.0, 0.0, 1.0]), "map", vec![inv])), "Division by zero");
}

#[test]
fn callbacks_adapt_to_declared_parameters() {
    let xs = nums(&[1.0, 2.0]);
    let with_arr = lambda(3, |args| ops::mul(&get_member(&a(args, 2), "length")?, &a(args, 0)));
    assert_eq!(method(&xs, "map", vec![with_arr]).unwrap(), nums(&[2.0, 4.0]));
    let dedupe = lambda(3, |args| {
        let first = prism_runtime::call_method_sync(&a(args, 2), "indexOf", &[a(args, 0)])?;
        ops::loose_eq(&first, &a(args, 1))
    });
    assert_eq!(
        method(&nums(&[1.0, 2.0, 2.0, 3.0]), "filter", vec![dedupe]).unwrap(),
        nums(&[1.0, 2.0, 3.0])
    );
    let none = lambda(0, |_| Ok(b(true)));
    assert_eq!(method(&xs, "filter", vec![none]).unwrap(), xs);
    let rest = Value::Function(prism_runtime::Function::new_sync(
        "lambda",
        prism_runtime::FnKind::Lambda,
        prism_runtime::Arity::with_rest(0),
        |args| Ok(n(args.len() as f64)),
    ));
    assert_eq!(method(&xs, "map", vec![rest]).unwrap(), nums(&[3.0, 3.0]));
}

#[test]
fn d7_search_methods() {
    let gt10 = lambda(1, |args| ops::gt(&a(args, 0), &n(10.0)));
    let xs = nums(&[5.0, 12.0, 8.0, 130.0]);
    assert_eq!(method(&xs, "find", vec![gt10.clone()]).unwrap(), n(12.0));
    assert_eq!(method(&xs, "findIndex", vec![gt10.clone()]).unwrap(), n(1.0));
    assert_eq!(method(&nums(&[1.0]), "find", vec![gt10.clone()]).unwrap(), Value::Null);
    assert_eq!(method(&nums(&[1.0]), "findIndex", vec![gt10.clone()]).unwrap(), n(-1.0));
    let even = lambda(1, |args| ops::loose_eq(&ops::rem(&a(args, 0), &n(2.0))?, &n(0.0)));
    assert_eq!(method(&nums(&[1.0, 3.0, 5.0]), "some", vec![even.clone()]).unwrap(), b(false));
    assert_eq!(method(&nums(&[2.0, 4.0]), "every", vec![even.clone()]).unwrap(), b(true));
    assert_eq!(method(&nums(&[]), "every", vec![even]).unwrap(), b(true));
    assert_eq!(method(&arr(vec![s("a"), s("b")]), "includes", vec![s("b")]).unwrap(), b(true));
    assert_eq!(method(&nums(&[1.0, 2.0, 3.0, 2.0]), "lastIndexOf", vec![n(2.0)]).unwrap(), n(3.0));
    assert_eq!(method(&nums(&[1.0, 2.0, 3.0, 2.0]), "indexOf", vec![n(2.0)]).unwrap(), n(1.0));
    assert_eq!(
        method(&nums(&[1.0, 2.0, 3.0, 2.0]), "indexOf", vec![n(2.0), n(2.0)]).unwrap(),
        n(3.0)
    );
    assert_eq!(method(&nums(&[1.0]), "indexOf", vec![n(9.0)]).unwrap(), n(-1.0));
    assert_eq!(
        method(&arr(vec![nums(&[1.0])]), "includes", vec![nums(&[1.0])]).unwrap(),
        b(true),
        "compares with ==="
    );
    assert_eq!(err(method(&xs, "find", vec![n(1.0)])), "Argument to find() must be a function");
}

#[test]
fn d7_transforming_methods() {
    let xs = nums(&[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(method(&xs, "slice", vec![n(1.0), n(3.0)]).unwrap(), nums(&[2.0, 3.0]));
    assert_eq!(method(&xs, "slice", vec![n(-2.0)]).unwrap(), nums(&[3.0, 4.0]));
    assert_eq!(method(&xs, "slice", vec![]).unwrap(), xs);
    assert_eq!(
        method(&nums(&[1.0]), "concat", vec![nums(&[2.0]), n(3.0)]).unwrap(),
        nums(&[1.0, 2.0, 3.0])
    );
    let by = lambda(2, |args| ops::sub(&a(args, 0), &a(args, 1)));
    let unsorted = nums(&[3.0, 1.0, 10.0, 2.0]);
    assert_eq!(method(&unsorted, "sort", vec![by]).unwrap(), nums(&[1.0, 2.0, 3.0, 10.0]));
    assert_eq!(unsorted, nums(&[1.0, 2.0, 3.0, 10.0]), "sort is in place");
    assert_eq!(
        method(&nums(&[3.0, 1.0, 10.0, 2.0]), "sort", vec![]).unwrap(),
        nums(&[1.0, 10.0, 2.0, 3.0])
    );
    let by_conf = lambda(2, |args| {
        ops::sub(&n(a(args, 1).confidence_or_one()), &n(a(args, 0).confidence_or_one()))
    });
    let cs = arr(vec![conf(n(1.0), 0.3), conf(n(2.0), 0.9), conf(n(3.0), 0.6)]);
    let sorted = method(&cs, "sort", vec![by_conf]).unwrap();
    let confs =
        method(&sorted, "map", vec![lambda(1, |args| Ok(n(a(args, 0).confidence_or_one())))])
            .unwrap();
    assert_eq!(confs, nums(&[0.9, 0.6, 0.3]));
    let less = lambda(2, |args| {
        Ok(if ops::lt(&a(args, 0), &a(args, 1))?.truthy() { n(-1.0) } else { n(1.0) })
    });
    assert_eq!(
        err(method(&arr(vec![s("b"), s("a")]), "sort", vec![less])),
        "Cannot compare string and string"
    );
    // An inconsistent comparator cannot break the sort.
    let chaos = lambda(2, |_| Ok(n(1.0)));
    assert_eq!(
        method(&nums(&[5.0, 4.0, 3.0, 2.0, 1.0]), "sort", vec![chaos])
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(method(&nums(&[1.0, 2.0, 3.0]), "reverse", vec![]).unwrap(), nums(&[3.0, 2.0, 1.0]));
    let nested = arr(vec![nums(&[1.0, 2.0]), nums(&[3.0]), n(4.0), arr(vec![nums(&[5.0])])]);
    assert_eq!(
        method(&nested, "flat", vec![]).unwrap(),
        arr(vec![n(1.0), n(2.0), n(3.0), n(4.0), nums(&[5.0])])
    );
    assert_eq!(
        method(&nested, "flat", vec![n(f64::INFINITY)]).unwrap(),
        nums(&[1.0, 2.0, 3.0, 4.0, 5.0])
    );
    let split = lambda(1, |args| prism_runtime::call_method_sync(&a(args, 0), "split", &[s(" ")]));
    assert_eq!(
        method(&arr(vec![s("a b"), s("c")]), "flatMap", vec![split]).unwrap(),
        arr(vec![s("a"), s("b"), s("c")])
    );
    let cyclic = arr(vec![]);
    method(&cyclic, "push", vec![cyclic.clone()]).unwrap();
    assert_eq!(
        err(method(&cyclic, "flat", vec![n(f64::INFINITY)])),
        "Cannot flatten a circular array"
    );
    method(&cyclic, "pop", vec![]).unwrap();
}

#[test]
fn d7_mutating_methods() {
    let xs = nums(&[1.0, 2.0, 3.0]);
    assert_eq!(method(&xs, "pop", vec![]).unwrap(), n(3.0));
    assert_eq!(method(&xs, "shift", vec![]).unwrap(), n(1.0));
    assert_eq!(xs, nums(&[2.0]));
    assert_eq!(method(&xs, "unshift", vec![n(0.0), n(1.0)]).unwrap(), n(3.0));
    assert_eq!(xs, nums(&[0.0, 1.0, 2.0]));
    assert_eq!(method(&nums(&[]), "pop", vec![]).unwrap(), Value::Null);
    assert_eq!(method(&nums(&[]), "shift", vec![]).unwrap(), Value::Null);
}

#[test]
fn confident_receivers_and_arguments() {
    // Reference methods: the method of a confident array is a confident function.
    let scores = conf(nums(&[0.5, 1.5]), 0.6);
    assert_conf(&method(&scores, "map", vec![double()]).unwrap(), &nums(&[1.0, 3.0]), 0.6);
    let big = lambda(1, |args| ops::ge(&a(args, 0), &n(10.0)));
    assert_conf(
        &method(&conf(nums(&[12.0, 3.0, 40.0]), 0.85), "filter", vec![big]).unwrap(),
        &nums(&[12.0, 40.0]),
        0.85,
    );
    let max = lambda(2, |args| {
        Ok(if ops::gt(&a(args, 1), &a(args, 0))?.truthy() { a(args, 1) } else { a(args, 0) })
    });
    assert_conf(
        &method(&conf(nums(&[10.0, 30.0, 20.0]), 0.55), "reduce", vec![max]).unwrap(),
        &n(30.0),
        0.55,
    );
    assert_conf(
        &method(&conf(arr(vec![s("u")]), 0.4), "forEach", vec![lambda(1, |args| Ok(a(args, 0)))])
            .unwrap(),
        &Value::Null,
        0.4,
    );
    // A confident reduce result multiplies (product rule).
    let wrap = lambda(2, |args| Ok(conf(a(args, 1), 0.5)));
    assert_conf(
        &method(&conf(nums(&[1.0, 2.0]), 0.8), "reduce", vec![wrap]).unwrap(),
        &n(2.0),
        0.4,
    );
    // push on a confident array: the receiver's confidence once (D6).
    let pushed = method(&conf(nums(&[1.0]), 0.7), "push", vec![n(2.0)]).unwrap();
    assert_conf(&pushed, &nums(&[1.0, 2.0]), 0.7);
    // D7 methods: minimum of the receiver's and the arguments' confidences (D19).
    let xs = conf(nums(&[1.0, 2.0, 3.0]), 0.8);
    assert_conf(&method(&xs, "includes", vec![n(2.0)]).unwrap(), &b(true), 0.8);
    assert_conf(
        &method(&nums(&[1.0, 2.0]), "includes", vec![conf(n(2.0), 0.6)]).unwrap(),
        &b(true),
        0.6,
    );
    assert_conf(
        &method(&conf(nums(&[1.0, 2.0]), 0.8), "includes", vec![conf(n(2.0), 0.6)]).unwrap(),
        &b(true),
        0.6,
    );
    let gt1 = lambda(1, |args| ops::gt(&a(args, 0), &n(1.0)));
    assert_conf(
        &method(&conf(nums(&[1.0, 2.0, 3.0]), 0.7), "find", vec![gt1]).unwrap(),
        &n(2.0),
        0.7,
    );
    // Elements keep their own confidences; plain calls stay plain.
    let kept = method(&arr(vec![conf(n(1.0), 0.5), n(2.0)]), "slice", vec![n(0.0)]).unwrap();
    assert_eq!(kept, arr(vec![conf(n(1.0), 0.5), n(2.0)]));
    assert_eq!(method(&arr(vec![conf(n(1.0), 0.5)]), "includes", vec![n(1.0)]).unwrap(), b(true));
    // Calling the bound method value gives the same results.
    let bound = get_member(&xs, "includes").unwrap();
    assert_conf(&call(&bound, vec![n(3.0)]).unwrap(), &b(true), 0.8);
    let bound_map = get_member(&scores, "map").unwrap();
    assert_conf(&call(&bound_map, vec![double()]).unwrap(), &nums(&[1.0, 3.0]), 0.6);
}

#[test]
fn callbacks_with_more_parameters_get_nulls() {
    let seen = lambda(5, |args| {
        assert_eq!(args.len(), 5, "padded to the declared parameters");
        Ok(b(a(args, 3).is_null() && a(args, 4).is_null()))
    });
    assert_eq!(
        method(&nums(&[1.0, 2.0]), "map", vec![seen.clone()]).unwrap(),
        arr(vec![b(true), b(true)])
    );
    let reduce5 = lambda(5, |args| {
        assert_eq!(args.len(), 5);
        Ok(a(args, 1))
    });
    assert_eq!(method(&nums(&[1.0, 2.0]), "reduce", vec![reduce5, n(0.0)]).unwrap(), n(2.0));
}

/// A comparator described as `(a, b) => b.w - a.w` (or ascending) must order exactly as calling
/// it does, whatever the keys: NaN, infinities, ties (stability), and keys that are not plain
/// numbers (then the comparator itself runs, errors included).
#[test]
fn key_comparators_order_exactly_like_their_calls() {
    use prism_runtime::{Arity, Function, KeyComparator};
    let weight = |v: &Value| get_member(v, "w");
    let make = |descending: bool, described: bool| {
        let f = Function::lambda(Arity::exact(2), move |args| {
            let (x, y) = (weight(&a(args, 0))?, weight(&a(args, 1))?);
            if descending { ops::sub(&y, &x) } else { ops::sub(&x, &y) }
        });
        let f = if !described {
            f
        } else if descending {
            f.with_key_comparator(KeyComparator::descending(&["w"]))
        } else {
            f.with_key_comparator(KeyComparator::ascending(&["w"]))
        };
        Value::Function(f)
    };
    let item = |i: usize, w: Value| Value::object([("w", w), ("i", n(i as f64))]);
    let specials = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 1.5, 1.5, -2.0];
    let mut lists: Vec<Vec<Value>> = Vec::new();
    for len in [0usize, 1, 2, 3, 7, 16, 33] {
        lists.push((0..len).map(|i| item(i, n(specials[(i * 5) % specials.len()]))).collect());
        lists.push((0..len).map(|i| item(i, n(((i * 7) % 4) as f64))).collect());
        // Without NaN (another way to sort), with infinities, zeros of both signs and ties.
        let no_nan = &specials[1..];
        lists.push((0..len).map(|i| item(i, n(no_nan[(i * 3) % no_nan.len()]))).collect());
    }
    lists.push(vec![item(0, n(1.0)), item(1, conf(n(3.0), 0.5)), item(2, n(2.0))]);
    lists.push(vec![item(0, n(1.0)), item(1, s("x")), item(2, n(2.0))]);
    lists.push(vec![item(0, n(1.0)), Value::object([("v", n(0.0))]), item(2, n(2.0))]);
    let order = |v: &prism_runtime::PResult| match v {
        Ok(v) => format!("{v}"),
        Err(e) => format!("error: {e}"),
    };
    for list in &lists {
        for descending in [true, false] {
            let called = method(&arr(list.clone()), "sort", vec![make(descending, false)]);
            let keyed = method(&arr(list.clone()), "sort", vec![make(descending, true)]);
            assert_eq!(order(&keyed), order(&called), "descending: {descending}");
        }
    }
}

/// A reducer described as `(acc, x) => acc + x.w` must give exactly what calling it gives:
/// numbers, strings, confident values, a missing initial value, and the lambda's own error for
/// an element without the key or with a key that cannot be added.
#[test]
fn key_sums_reduce_exactly_like_their_calls() {
    use prism_runtime::{Arity, At, Function, Location};
    const KEY: &Location = &Location::new("sum.prism", 1, 20);
    const ADD: &Location = &Location::new("sum.prism", 1, 14);
    let make = |described: bool| {
        // The locations show that an error is the lambda's own.
        let f = Function::lambda(Arity::exact(2), |args| {
            let key = get_member(&a(args, 1), "w").at(KEY)?;
            ops::add(&a(args, 0), &key).at(ADD)
        });
        Value::Function(if described { f.with_key_sum(&["w"]) } else { f })
    };
    let item = |w: Value| Value::object([("w", w)]);
    let lists = [
        vec![],
        vec![item(n(1.0)), item(n(2.5)), item(n(-3.0))],
        vec![item(s("a")), item(n(1.0)), item(s("b"))],
        vec![item(n(1.0)), item(conf(n(3.0), 0.5)), item(n(2.0))],
        vec![item(n(1.0)), Value::object([("v", n(0.0))]), item(n(2.0))],
        vec![item(n(1.0)), item(arr(vec![])), item(Value::Null)],
    ];
    let text = |v: prism_runtime::PResult| match v {
        Ok(v) => format!("{v:?}"),
        Err(e) => format!("error: {e}"),
    };
    for list in &lists {
        for init in [Some(n(0.0)), Some(s(">")), None] {
            let run = |described: bool| {
                let mut args = vec![make(described)];
                args.extend(init.clone());
                text(method(&arr(list.clone()), "reduce", args))
            };
            assert_eq!(run(true), run(false), "{list:?} from {init:?}");
        }
    }
    let missing = method(&arr(lists[4].clone()), "reduce", vec![make(true), n(0.0)]);
    assert!(text(missing).contains("sum.prism"), "the lambda's error, with its location");
}
