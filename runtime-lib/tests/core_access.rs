//! Property and index access (B §4.5 `~.`, §4.6, D5, D7, D8, D18, D19).

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::ops::confidence::extract;
use prism_runtime::{
    Value, get_confident_member, get_index, get_member, get_optional, set_index, set_member,
};

#[test]
fn dot_access() {
    let msg = obj(vec![("meta", obj(vec![("sender", obj(vec![("id", s("a7"))]))]))]);
    let sender = get_member(&get_member(&msg, "meta").unwrap(), "sender").unwrap();
    assert_eq!(get_member(&sender, "id").unwrap(), s("a7"));
    assert_eq!(
        err(get_member(&obj(vec![("retries", n(3.0))]), "timeout")),
        "Property 'timeout' does not exist"
    );
    assert_eq!(err(get_member(&Value::Null, "name")), "Cannot access property 'name' on null");
    assert_eq!(err(get_member(&b(true), "x")), "Cannot access property 'x' on boolean");
    assert_eq!(err(get_member(&n(1.0), "x")), "Cannot access property 'x' on number");
    assert_eq!(err(get_member(&nums(&[1.0]), "keys")), "Property 'keys' does not exist");
    assert_eq!(err(get_member(&s("abc"), "reverse")), "Property 'reverse' does not exist");
    assert_eq!(get_member(&nums(&[1.0, 2.0, 3.0]), "length").unwrap(), n(3.0));
    assert_eq!(get_member(&s("héllo"), "length").unwrap(), n(5.0));
    assert_eq!(get_member(&s("a😀"), "length").unwrap(), n(3.0));
    assert!(matches!(get_member(&nums(&[]), "map").unwrap(), Value::Function(_)));
    let cfg = obj(vec![("llm", obj(vec![("name", Value::Null)]))]);
    assert_eq!(get_member(&get_member(&cfg, "llm").unwrap(), "name").unwrap(), Value::Null);
}

#[test]
fn dot_access_on_confident_targets() {
    let answer = conf(obj(vec![("verdict", s("pass"))]), 0.75);
    assert_conf(&get_member(&answer, "verdict").unwrap(), &s("pass"), 0.75);
    assert_conf(&get_member(&conf(nums(&[1.0, 2.0]), 0.65), "length").unwrap(), &n(2.0), 0.65);
    // A confident property multiplies: (250, 0.5) inside a 0.6 object gives 0.3.
    let outer = conf(obj(vec![("reading", conf(n(250.0), 0.5))]), 0.6);
    assert_conf(&get_member(&outer, "reading").unwrap(), &n(250.0), 0.3);
    // A method of a confident array is a confident function (B §4.6).
    assert!(get_member(&conf(nums(&[1.0]), 0.5), "map").unwrap().is_confident());
    // Only one layer is unwrapped.
    let nested = conf(conf(obj(vec![("k", n(1.0))]), 0.5), 0.8);
    assert_eq!(err(get_member(&nested, "k")), "Cannot access property 'k' on confident");
    assert_eq!(err(get_member(&conf(obj(vec![]), 0.5), "x")), "Property 'x' does not exist");
}

#[test]
fn optional_access() {
    assert_eq!(get_optional(&Value::Null, "role"), Value::Null);
    assert_eq!(get_optional(&obj(vec![("status", s("ok"))]), "error"), Value::Null);
    assert_eq!(get_optional(&obj(vec![("a", n(1.0))]), "a"), n(1.0));
    assert_eq!(get_optional(&nums(&[1.0, 2.0, 3.0, 4.0]), "length"), n(4.0));
    assert_eq!(get_optional(&n(3.0), "x"), Value::Null);
    assert_eq!(get_optional(&conf(Value::Null, 0.6), "value"), Value::Null);
    assert_eq!(get_optional(&conf(obj(vec![]), 0.6), "value"), Value::Null);
    assert_conf(&get_optional(&conf(obj(vec![("v", n(1.0))]), 0.6), "v"), &n(1.0), 0.6);
}

#[test]
fn confident_member_access() {
    let report = conf(obj(vec![("score", n(7.0)), ("label", s("stable"))]), 0.65);
    assert_conf(&get_confident_member(&report, "score").unwrap(), &n(7.0), 0.65);
    let cfg = conf(obj(vec![("planner", obj(vec![("model", s("small"))]))]), 0.75);
    let planner = get_confident_member(&cfg, "planner").unwrap();
    assert_conf(&get_confident_member(&planner, "model").unwrap(), &s("small"), 0.75);
    assert_conf(
        &get_confident_member(&conf(Value::Null, 0.35), "payload").unwrap(),
        &Value::Null,
        0.35,
    );
    assert_conf(
        &get_confident_member(&conf(nums(&[3.0, 1.0, 4.0]), 0.42), "length").unwrap(),
        &n(3.0),
        0.42,
    );
    assert_conf(
        &get_confident_member(&obj(vec![("calls", n(3.0))]), "calls").unwrap(),
        &n(3.0),
        1.0,
    );
    assert_conf(&get_confident_member(&Value::Null, "status").unwrap(), &Value::Null, 1.0);
    let payload = conf(obj(vec![("result", Value::Null), ("ok", b(true))]), 0.58);
    let r = get_confident_member(&payload, "result").unwrap();
    let items = get_confident_member(&r, "items").unwrap();
    assert_conf(&get_confident_member(&items, "first").unwrap(), &Value::Null, 0.58);
    assert_conf(&get_confident_member(&obj(vec![]), "missing").unwrap(), &Value::Null, 1.0);
    let reading = get_confident_member(&conf(obj(vec![("temp", n(21.0))]), 0.66), "temp").unwrap();
    assert_eq!(extract(&reading), n(0.66));
    assert_eq!(err(get_confident_member(&n(1.0), "x")), "Cannot access property 'x' on number");
    let inner = conf(obj(vec![("latency", n(250.0))]), 0.5);
    assert_conf(&get_confident_member(&inner, "latency").unwrap(), &n(250.0), 0.5);
    let confident_prop = obj(vec![("x", conf(n(2.0), 0.5))]);
    assert_conf(&get_confident_member(&confident_prop, "x").unwrap(), &n(2.0), 0.5);
}

#[test]
fn index_access() {
    let queue = arr(vec![s("x"), s("y"), s("z")]);
    assert_eq!(get_index(&queue, &n(2.0)).unwrap(), s("z"));
    assert_eq!(get_index(&queue, &n(1.7)).unwrap(), s("y"), "floored");
    assert_eq!(err(get_index(&nums(&[10.0, 20.0]), &n(2.0))), "Array index 2 out of bounds");
    assert_eq!(err(get_index(&arr(vec![s("a")]), &n(-2.0))), "Array index -2 out of bounds");
    assert_eq!(err(get_index(&queue, &n(f64::NAN))), "Array index NaN out of bounds");
    assert_eq!(err(get_index(&queue, &s("first"))), "Array index must be a number");
    assert_eq!(err(get_index(&queue, &conf(n(0.0), 0.5))), "Array index must be a number");
    assert_eq!(err(get_index(&n(12.0), &n(1.0))), "Cannot index number");
    assert_eq!(err(get_index(&Value::Null, &n(0.0))), "Cannot index null");
    // Confident arrays wrap the element (nesting a confident element).
    assert_conf(&get_index(&conf(nums(&[300.0, 450.0]), 0.55), &n(0.0)).unwrap(), &n(300.0), 0.55);
    let nested = get_index(&conf(arr(vec![conf(n(1.0), 0.5)]), 0.8), &n(0.0)).unwrap();
    assert_conf(&nested, &conf(n(1.0), 0.5), 0.8);
    // Strings (D7).
    assert_eq!(get_index(&s("prism"), &n(0.0)).unwrap(), s("p"));
    assert_eq!(get_index(&s("prism"), &n(4.0)).unwrap(), s("m"));
    assert_eq!(err(get_index(&s("ab"), &n(2.0))), "String index 2 out of bounds");
    assert_conf(&get_index(&conf(s("ab"), 0.5), &n(1.0)).unwrap(), &s("b"), 0.5);
    // Objects by string key (D18).
    let tally = obj(vec![("alpha", n(3.0))]);
    assert_eq!(get_index(&tally, &s("alpha")).unwrap(), n(3.0));
    assert_eq!(get_index(&tally, &s("beta")).unwrap(), Value::Null);
    assert!(err(get_index(&tally, &n(1.0))).contains("Cannot index object"));
    assert_conf(&get_index(&conf(tally.clone(), 0.7), &s("alpha")).unwrap(), &n(3.0), 0.7);
    assert_conf(&get_index(&tally, &conf(s("alpha"), 0.4)).unwrap(), &n(3.0), 0.4);
}

#[test]
fn member_and_index_assignment() {
    let o = obj(vec![("a", n(1.0))]);
    set_member(&o, "a", n(5.0)).unwrap();
    set_member(&o, "b", n(6.0)).unwrap();
    assert_eq!(o, obj(vec![("a", n(5.0)), ("b", n(6.0))]));
    assert_eq!(
        err(set_member(&Value::Null, "x", n(1.0)).map(|_| Value::Null)),
        "Cannot set property 'x' on null"
    );
    let xs = nums(&[1.0, 2.0, 3.0]);
    set_index(&xs, &n(1.0), n(20.0)).unwrap();
    set_index(&xs, &n(3.0), n(4.0)).unwrap();
    assert_eq!(xs, nums(&[1.0, 20.0, 3.0, 4.0]));
    assert_eq!(
        err(set_index(&xs, &n(6.0), n(0.0)).map(|_| Value::Null)),
        "Array index 6 out of bounds"
    );
    assert_eq!(
        err(set_index(&xs, &n(-1.0), n(0.0)).map(|_| Value::Null)),
        "Array index -1 out of bounds"
    );
    let votes = obj(vec![]);
    set_index(&votes, &s("yes"), n(1.0)).unwrap();
    let prev = get_index(&votes, &s("yes")).unwrap();
    set_index(&votes, &s("yes"), prism_runtime::ops::add(&prev, &n(1.0)).unwrap()).unwrap();
    assert_eq!(get_member(&votes, "yes").unwrap(), n(2.0));
    // Writing through a confident container.
    let c = conf(obj(vec![("c", conf(n(1.0), 0.9))]), 0.5);
    set_member(&c, "c", n(3.0)).unwrap();
    assert_conf(&get_member(&c, "c").unwrap(), &n(3.0), 0.5);
    // items[1].n = 20
    let items = arr(vec![obj(vec![("n", n(1.0))]), obj(vec![("n", n(2.0))])]);
    set_member(&get_index(&items, &n(1.0)).unwrap(), "n", n(20.0)).unwrap();
    assert_eq!(get_index(&items, &n(1.0)).unwrap(), obj(vec![("n", n(20.0))]));
}

/// `get_member_path` (and its borrowing form) read a chain of properties exactly as
/// `get_member` step by step: same values, same errors, whether objects were written or not,
/// through confident values, arrays and strings.
#[test]
fn member_paths_read_like_member_reads_step_by_step() {
    use prism_runtime::{get_member_path, get_member_path_ref, set_member};
    let inner = Value::object([("answer", s("yes")), ("score", n(0.5))]);
    let written = Value::object([("answer", s("old"))]);
    set_member(&written, "answer", s("new")).unwrap();
    let root = Value::object([
        ("result", inner),
        ("written", written),
        ("sure", conf(Value::object([("k", n(2.0))]), 0.8)),
        ("list", arr(vec![n(1.0), n(2.0)])),
        ("text", s("héllo")),
        ("nothing", Value::Null),
        ("number", n(3.0)),
    ]);
    let paths: &[&[&str]] = &[
        &["result"],
        &["result", "answer"],
        &["result", "score"],
        &["result", "missing"],
        &["written", "answer"],
        &["sure", "k"],
        &["sure", "k", "deeper"],
        &["list", "length"],
        &["text", "length"],
        &["nothing", "x"],
        &["number", "x"],
        &["absent"],
        &["absent", "x"],
    ];
    let show = |r: prism_runtime::PResult| match r {
        Ok(v) => format!("{v:?}"),
        Err(e) => format!("error: {e}"),
    };
    for path in paths {
        let mut stepwise = Ok(root.clone());
        for name in *path {
            stepwise = stepwise.and_then(|v| get_member(&v, name));
        }
        let expected = show(stepwise);
        assert_eq!(show(get_member_path(&root, path)), expected, "{path:?}");
        let borrowed = get_member_path_ref(&root, path).map(|v| v.into_owned());
        assert_eq!(show(borrowed), expected, "{path:?}");
    }
}
