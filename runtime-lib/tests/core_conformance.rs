//! Conformance cases (../shared/conformance/*.jsonl) translated by hand into runtime calls, the
//! way generated code would make them. Each test names the case it translates.

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::ops::{self, confidence as c};
use prism_runtime::uncertain::{self, Branch, Branches};
use prism_runtime::{
    Exception, PResult, Value, call_value_sync, get_confident_member, get_index, get_member,
    get_optional, print_line, set_index, set_member,
};
use serde_json::json;

fn m(target: &Value, name: &str, args: Vec<Value>) -> Value {
    method(target, name, args).unwrap()
}

fn prop(v: &Value, k: &str) -> Value {
    get_member(v, k).unwrap()
}

/// The agent results used by the `ext/px-*` cases (three reviewers).
fn reviewers() -> Value {
    Value::from_json(&json!([
        {"agentId": "agent-1", "agentName": "SecurityBot", "capabilities": ["analysis", "security"], "expertise": 0.9, "result": {"verdict": "reject", "score": 35, "issues": ["sql-injection", "hardcoded-secret"]}, "confidence": 0.85, "reasoning": "Found two security problems", "timestamp": 1700000000000u64},
        {"agentId": "agent-2", "agentName": "StyleBot", "capabilities": ["analysis"], "expertise": 0.6, "result": {"verdict": "approve", "score": 80, "issues": ["naming"]}, "confidence": 0.7, "reasoning": "Mostly clean", "timestamp": 1700000000500u64},
        {"agentId": "agent-3", "agentName": "LogicBot", "capabilities": ["analysis", "testing"], "expertise": 0.8, "result": {"verdict": "reject", "score": 45, "issues": ["off-by-one", "sql-injection"]}, "confidence": 0.9, "reasoning": "Logic error in loop bounds", "timestamp": 1700000001000u64}
    ]))
}

/// The estimators of `ext/px-weighted-estimate` (one failed).
fn estimators() -> Value {
    Value::from_json(&json!([
        {"agentId": "e1", "agentName": "Estimator-A", "expertise": 0.7, "result": {"estimate": 120, "unit": "hours"}, "confidence": 0.8},
        {"agentId": "e2", "agentName": "Estimator-B", "expertise": 0.75, "result": {"estimate": 100, "unit": "hours"}, "confidence": 0.6},
        {"agentId": "e3", "agentName": "Estimator-C", "expertise": 0.7, "result": null, "confidence": 0, "reasoning": "Agent failed to respond", "error": "deadline exceeded"},
        {"agentId": "e4", "agentName": "Estimator-D", "expertise": 0.9, "result": {"estimate": 150, "unit": "hours"}, "confidence": 0.9}
    ]))
}

#[test]
fn print_console_nested_structure_with_confident_elements() {
    let (p, out) = prelude();
    let state = obj(vec![
        ("names", arr(vec![s("a1"), s("a2")])),
        (
            "votes",
            arr(vec![c::attach(&n(1.0), &n(0.85)).unwrap(), c::attach(&n(0.0), &n(0.4)).unwrap()]),
        ),
        ("info", obj(vec![("n", n(2.0))])),
    ]);
    call(&p.get("print").unwrap(), vec![s("State:"), state]).unwrap();
    assert_eq!(
        out.stdout_lines(),
        vec!["State: { names: [a1, a2], votes: [1 (~85.0%), 0 (~40.0%)], info: { n: 2 } }"]
    );
}

#[test]
fn print_console_four_streams_and_debug() {
    let (p, out) = prelude();
    let console = p.get("console").unwrap();
    m(&console, "warn", vec![s("w1")]);
    m(&console, "log", vec![s("l1")]);
    m(&console, "error", vec![s("e1")]);
    m(&console, "debug", vec![s("d1")]);
    m(&console, "debug", vec![s("conf"), c::attach(&n(8.0), &n(0.55)).unwrap()]);
    assert_eq!(out.stdout_lines(), vec!["l1", "[DEBUG] d1", "[DEBUG] conf 8 ~> 0.55"]);
}

#[test]
fn print_console_undefined_and_empty() {
    let (p, out) = prelude();
    let print = p.get("print").unwrap();
    call(&print, vec![Value::Null, Value::Null]).unwrap();
    call(&print, vec![]).unwrap();
    m(&p.get("console").unwrap(), "log", vec![s("a:"), Value::Null, s("b:"), Value::Null]);
    assert_eq!(out.stdout_lines(), vec!["null null", "", "a: null b: null"]);
}

#[test]
fn function_spread_push_spread_mutates() {
    // let merged = history.push(...updates); print(merged.length, history.length)
    let (p, out) = prelude();
    let history = arr(vec![s("init")]);
    let mut args = Vec::new();
    prism_runtime::spread_call_arg(&mut args, &arr(vec![s("plan"), s("act")])).unwrap();
    let merged = m(&history, "push", args);
    call(&p.get("print").unwrap(), vec![prop(&merged, "length"), prop(&history, "length")])
        .unwrap();
    assert_eq!(out.stdout_lines(), vec!["3 3"]);
}

#[test]
fn operators_print_forms() {
    assert_eq!(
        print_line(&[c::chain(&conf(s("doc-A"), 0.7), &conf(s("summary"), 0.95)).unwrap()]),
        "summary ~> 0.70"
    );
    let s1 = conf(n(1.0), 0.95);
    let s2 = conf(n(2.0), 0.6);
    let s3 = conf(n(3.0), 0.85);
    assert_eq!(print_line(&[c::chain(&c::chain(&s1, &s2).unwrap(), &s3).unwrap()]), "3 ~> 0.60");
    assert_eq!(
        print_line(&[
            c::gate(&conf(s("rollback"), 0.6), &conf(s("rollback executed"), 0.99)).unwrap()
        ]),
        "rollback ~> 0.30"
    );
    assert_eq!(
        print_line(&[c::or(&conf(b(false), 0.95), &conf(s("yes"), 0.5)).unwrap()]),
        "true ~> 0.95"
    );
    // guess = "cat" ~> 0.45; answer = guess || "unknown"; print(answer)
    let guess = conf(s("cat"), 0.45);
    let answer = if guess.truthy() { guess.clone() } else { s("unknown") };
    assert_eq!(print_line(&[answer]), "cat ~> 0.45");
}

#[test]
fn runtime_errors_messages() {
    let cases: Vec<(PResult, &str)> = vec![
        (ops::mul(&s("-"), &n(40.0)), "Cannot apply * to string and number"),
        (ops::lt(&b(false), &s("yes")), "Cannot compare boolean and string"),
        (
            get_member(&obj(vec![("id", n(1.0)), ("owner", s("ana"))]), "deadline"),
            "Property 'deadline' does not exist",
        ),
        (get_index(&arr(vec![s("plan"), s("act")]), &s("first")), "Array index must be a number"),
        (get_index(&nums(&[10.0, 20.0]), &n(2.0)), "Array index 2 out of bounds"),
        (get_index(&n(12.0), &n(1.0)), "Cannot index number"),
        (call(&global("map"), vec![nums(&[4.0, 5.0])]), "map() requires exactly 2 arguments"),
        (
            call(&global("reduce"), vec![nums(&[1.0, 1.0, 0.0])]),
            "reduce() requires 2 or 3 arguments",
        ),
        (call(&global("max"), vec![]), "max() requires at least one argument"),
        (method(&arr(vec![s("a")]), "map", vec![]), "Array.map() requires exactly 1 argument"),
        (
            method(&nums(&[0.2, 0.9]), "filter", vec![n(42.0)]),
            "Argument to filter() must be a function",
        ),
        (
            call(&lambda(3, |_| Ok(Value::Null)), vec![s("a"), s("b")]),
            "Lambda expects 3 arguments, got 2",
        ),
        (c::attach(&n(42.0), &s("high-ish")), "Confidence value must be a number"),
        (
            c::div(&conf(n(50.0), 0.9), &conf(n(0.0), 0.5)),
            "Division by zero in confident arithmetic",
        ),
        (c::threshold_gate(&conf(s("text"), 0.6), &b(true)), "Threshold gate expects a number"),
        (
            ops::instance_of(&s("x"), &n(3.0)),
            "Right-hand side of instanceof must be a type name or constructor",
        ),
        (ops::neg(&b(true)), "Cannot apply unary - to boolean"),
        (call(&s("not callable"), vec![]), "Cannot call non-function value"),
        (
            uncertain::if_level(&n(0.9)).map(|_| Value::Null),
            "Uncertain if requires a confidence expression",
        ),
    ];
    for (r, want) in cases {
        let msg = err(r);
        assert!(msg.contains(want), "{msg:?} should contain {want:?}");
    }
    // `<~ ("ok" ~> 3)` is 1.
    assert_eq!(c::extract(&c::attach(&s("ok"), &n(3.0)).unwrap()), n(1.0));
}

#[test]
fn try_catch_binds_message_or_thrown_value() {
    // function slotFor(id, buckets) { return id % buckets }
    // try { status = "slot " + slotFor(17, 0) } catch (e) { status = "fallback" }
    let status = match ops::rem(&n(17.0), &n(0.0)).and_then(|r| ops::add(&s("slot "), &r)) {
        Ok(v) => v,
        Err(_) => s("fallback"),
    };
    assert_eq!(
        ops::add(&ops::add(&status, &s(":")).unwrap(), &ops::mul(&n(5.0), &n(2.0)).unwrap())
            .unwrap(),
        s("fallback:10")
    );
    // try { throw {code: 42, msg: "bad"} } catch (err) { r = err.code }
    let e: Exception = Exception::thrown(obj(vec![("code", n(42.0)), ("msg", s("bad"))]));
    assert_eq!(prop(&e.catch_value(), "code"), n(42.0));
    // inner caught: Modulo by zero
    let inner = ops::rem(&n(10.0), &n(0.0)).unwrap_err();
    assert_eq!(
        ops::add(&s("inner caught: "), &inner.catch_value()).unwrap(),
        s("inner caught: Modulo by zero")
    );
}

#[test]
fn confident_property_access_cases() {
    // payload~.result~.items~.first
    let payload =
        c::attach(&obj(vec![("result", Value::Null), ("ok", b(true))]), &n(0.58)).unwrap();
    let r = get_confident_member(&payload, "result").unwrap();
    let r = get_confident_member(&r, "items").unwrap();
    assert_conf(&get_confident_member(&r, "first").unwrap(), &Value::Null, 0.58);
    // let outer = {reading: inner~.latency} ~> 0.6; outer.reading
    let inner = c::attach(&obj(vec![("latency", n(250.0))]), &n(0.5)).unwrap();
    let outer = c::attach(
        &obj(vec![("reading", get_confident_member(&inner, "latency").unwrap())]),
        &n(0.6),
    )
    .unwrap();
    assert_conf(&prop(&outer, "reading"), &n(250.0), 0.3);
    // lookup = null ~> 0.6; lookup?.value
    assert_eq!(get_optional(&conf(Value::Null, 0.6), "value"), Value::Null);
    // ["a", "b"] ~> 0.65 .length
    assert_conf(&prop(&conf(arr(vec![s("a"), s("b")]), 0.65), "length"), &n(2.0), 0.65);
}

#[test]
fn confident_ternary_cases() {
    // classify(250 ~> 0.8): latency ~? (latency < 100 ~? "fast" : "slow") : "none"
    let latency = conf(n(250.0), 0.8);
    let (take, cc) = c::ternary_condition(&latency);
    assert!(take);
    let cond = ops::lt(&latency, &n(100.0)).unwrap();
    let (inner_take, inner_cc) = c::ternary_condition(&cond);
    let inner = c::ternary_result(&if inner_take { s("fast") } else { s("slow") }, inner_cc);
    assert_conf(&c::ternary_result(&inner, cc), &s("slow"), 0.64);
    // bigger ~? a - b : b - a with a = 8 ~> 0.7, b = 3 ~> 0.9
    let (a, b_) = (conf(n(8.0), 0.7), conf(n(3.0), 0.9));
    let (take, cc) = c::ternary_condition(&ops::gt(&a, &b_).unwrap());
    let branch = if take { ops::sub(&a, &b_).unwrap() } else { ops::sub(&b_, &a).unwrap() };
    assert_conf(&c::ternary_result(&branch, cc), &n(5.0), 0.49);
}

#[test]
fn threshold_gate_fallback_to_quick_path() {
    // attempt = doc ~?> [0.7, doc] ~|> deep(_); chosen = attempt ~?> [0.7, doc |> quick(_)]
    let doc = conf(s("report"), 0.65);
    let quick = |v: &Value| ops::add(&s("quick:"), v).unwrap();
    let deep = |v: &Value| ops::add(&s("deep:"), v).unwrap();
    let gated = c::threshold_gate(&doc, &arr(vec![n(0.7), doc.clone()])).unwrap();
    let attempt = c::pipe(&gated, &deep(&gated)).unwrap();
    let chosen = c::threshold_gate(&attempt, &arr(vec![n(0.7), quick(&doc)])).unwrap();
    assert_eq!(print_line(&[chosen]), "quick:report ~> 0.65");
}

#[test]
fn uncertain_cases() {
    // function triage(signal) { uncertain if (signal) { high {...} medium {...} low {...} } }
    let all = Branches { high: true, medium: true, low: true, default: false };
    let pick = |cv: f64| all.select(uncertain::if_level(&conf(s("ticket"), cv)).unwrap());
    assert_eq!(pick(0.55), Some(Branch::Medium));
    assert_eq!(pick(0.7), Some(Branch::High));
    assert_eq!(pick(0.6999), Some(Branch::Medium));
    // m = Math.max(a ~> 0.6, 2); uncertain if (m > 3) → medium
    let math = global("Math");
    let mx = m(&math, "max", vec![conf(n(4.0), 0.6), n(2.0)]);
    assert_eq!(
        all.select(uncertain::if_level(&ops::gt(&mx, &n(3.0)).unwrap()).unwrap()),
        Some(Branch::Medium)
    );
    // uncertain if ("go" ~> 0.7) { high {...} low {...} } → high
    let hl = Branches { high: true, low: true, ..Branches::default() };
    assert_eq!(hl.select(uncertain::if_level(&conf(s("go"), 0.7)).unwrap()), Some(Branch::High));
    // route-by-level-with-default: levels [0.75, 0.5, 0.1, 0.69] → fast 1, check 2, drop 1
    let with_default = Branches { high: true, medium: false, low: true, default: true };
    let (mut fast, mut check, mut drop_) = (0, 0, 0);
    for level in [0.75, 0.5, 0.1, 0.69] {
        let mut lp = uncertain::ForLoop::new();
        let mut once = 0;
        loop {
            let cond = c::attach(&b(once < 1), &n(level)).unwrap();
            let step = lp.step(&cond);
            if !step.proceed {
                break;
            }
            match with_default.select(step.level) {
                Some(Branch::High) => fast += 1,
                Some(Branch::Low) => drop_ += 1,
                Some(_) => check += 1,
                None => break,
            }
            once += 1;
        }
    }
    assert_eq!((fast, check, drop_), (1, 2, 1));
}

#[test]
fn parameterized_primitives_filter_then_sort_desc() {
    let trusted = call(&global("threshold"), vec![n(0.75)]).unwrap();
    let rank = call(&global("sortBy"), vec![s("votes"), s("desc")]).unwrap();
    let proposals = arr(vec![
        obj(vec![("title", s("cache")), ("votes", conf(n(4.0), 0.8))]),
        obj(vec![("title", s("retry")), ("votes", conf(n(9.0), 0.5))]),
        obj(vec![("title", s("shard")), ("votes", conf(n(7.0), 0.95))]),
    ]);
    let kept = call(&trusted, vec![proposals]).unwrap();
    let ranked = call(&rank, vec![kept]).unwrap();
    let want = arr(vec![
        obj(vec![("title", s("shard")), ("votes", conf(n(7.0), 0.95))]),
        obj(vec![("title", s("cache")), ("votes", conf(n(4.0), 0.8))]),
    ]);
    assert_conf(&ranked, &want, 0.95);
}

#[test]
fn array_methods_one_line_chain() {
    // xs.filter(v => v % 3 == 0).map(v => v + 1).reduce((s, v) => s + v, 100)
    let xs = nums(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let div3 = lambda(1, |a_| ops::loose_eq(&ops::rem(&a(a_, 0), &n(3.0))?, &n(0.0)));
    let inc = lambda(1, |a_| ops::add(&a(a_, 0), &n(1.0)));
    let sum = lambda(2, |a_| ops::add(&a(a_, 0), &a(a_, 1)));
    let r = m(&m(&m(&xs, "filter", vec![div3]), "map", vec![inc]), "reduce", vec![sum, n(100.0)]);
    assert_eq!(r, n(111.0));
}

#[test]
fn d5_member_and_index_compound_assignment() {
    // o = {c: 1 ~> 0.9}; o.c ~+= 2 ~> 0.5
    let o = obj(vec![("c", conf(n(1.0), 0.9))]);
    set_member(&o, "c", c::add(&prop(&o, "c"), &conf(n(2.0), 0.5)).unwrap()).unwrap();
    assert_conf(&prop(&o, "c"), &n(3.0), 0.5);
    // a = [10, 20]; a[0] -= 3; a[1] /= 4
    let a_ = nums(&[10.0, 20.0]);
    set_index(&a_, &n(0.0), ops::sub(&get_index(&a_, &n(0.0)).unwrap(), &n(3.0)).unwrap()).unwrap();
    set_index(&a_, &n(1.0), ops::div(&get_index(&a_, &n(1.0)).unwrap(), &n(4.0)).unwrap()).unwrap();
    assert_eq!(a_, nums(&[7.0, 5.0]));
    // o.hits++ twice
    let h = obj(vec![("hits", n(0.0))]);
    for _ in 0..2 {
        set_member(&h, "hits", ops::increment(&prop(&h, "hits")).unwrap()).unwrap();
    }
    assert_eq!(prop(&h, "hits"), n(2.0));
}

#[test]
fn d7_object_entries_map_destructure_join() {
    // Object.entries({x: 1, y: 2}).map(([k, v]) => k + v).join(",")
    let entries =
        call_global_method("Object", "entries", vec![obj(vec![("x", n(1.0)), ("y", n(2.0))])])
            .unwrap();
    let kv = lambda(1, |args| {
        let pair = prism_runtime::destructure::array_source(&a(args, 0))?;
        ops::add(
            &prism_runtime::destructure::element(&pair, 0),
            &prism_runtime::destructure::element(&pair, 1),
        )
    });
    assert_eq!(m(&m(&entries, "map", vec![kv]), "join", vec![s(",")]), s("x1,y2"));
}

#[test]
fn px_threshold_filter() {
    let results = reviewers();
    let confident = m(
        &results,
        "filter",
        vec![lambda(1, |x| ops::ge(&get_member(&a(x, 0), "confidence")?, &n(0.8)))],
    );
    assert!(prop(&confident, "length").truthy());
    let reject = lambda(1, |x| {
        ops::strict_eq(&get_member(&get_member(&a(x, 0), "result")?, "verdict")?, &s("reject"))
    });
    let decision =
        if m(&confident, "every", vec![reject]).truthy() { s("reject") } else { s("mixed") };
    let mut args = Vec::new();
    prism_runtime::spread_call_arg(
        &mut args,
        &m(&confident, "map", vec![lambda(1, |x| get_member(&a(x, 0), "confidence"))]),
    )
    .unwrap();
    let weakest = m(&global("Math"), "min", args);
    let names = m(&confident, "map", vec![lambda(1, |x| get_member(&a(x, 0), "agentName"))]);
    let result =
        c::attach(&obj(vec![("decision", decision), ("agents", names)]), &weakest).unwrap();
    assert_eq!(
        prism_runtime::json::result_to_json(&result),
        json!({"value": {"decision": "reject", "agents": ["SecurityBot", "LogicBot"]}, "confidence": 0.85})
    );
}

#[test]
fn px_weighted_estimate() {
    let results = estimators();
    let successful = m(
        &results,
        "filter",
        vec![lambda(1, |x| ops::gt(&get_member(&a(x, 0), "confidence")?, &n(0.0)))],
    );
    let valid = m(
        &successful,
        "filter",
        vec![lambda(1, |x| ops::loose_ne(&get_member(&a(x, 0), "result")?, &Value::Null))],
    );
    let (mut total_weight, mut weighted) = (n(0.0), n(0.0));
    let items = prism_runtime::destructure::for_of_source(&valid).unwrap();
    let mut i = 0;
    while let Some(r) = items.get(i) {
        let w = ops::mul(&prop(&r, "confidence"), &prop(&r, "expertise")).unwrap();
        weighted =
            ops::add(&weighted, &ops::mul(&prop(&prop(&r, "result"), "estimate"), &w).unwrap())
                .unwrap();
        total_weight = ops::add(&total_weight, &w).unwrap();
        i += 1;
    }
    let math = global("Math");
    let estimate = m(&math, "round", vec![ops::div(&weighted, &total_weight).unwrap()]);
    let estimates = m(
        &valid,
        "map",
        vec![lambda(1, |x| get_member(&get_member(&a(x, 0), "result")?, "estimate"))],
    );
    let spread_of = |name: &str| {
        let mut args = Vec::new();
        prism_runtime::spread_call_arg(&mut args, &estimates).unwrap();
        m(&math, name, args)
    };
    let spread = ops::sub(&spread_of("max"), &spread_of("min")).unwrap();
    let agreement = ops::sub(&n(1.0), &ops::div(&spread, &spread_of("max")).unwrap()).unwrap();
    let coverage = ops::div(&prop(&valid, "length"), &n(4.0)).unwrap();
    let scaled = ops::mul(&ops::mul(&agreement, &coverage).unwrap(), &n(100.0)).unwrap();
    let final_conf = ops::div(&m(&math, "round", vec![scaled]), &n(100.0)).unwrap();
    let result = obj(vec![("estimate", estimate), ("unit", s("hours")), ("spread", spread)]);
    let out = c::attach(&result, &final_conf).unwrap();
    assert_eq!(
        prism_runtime::json::result_to_json(&out),
        json!({"value": {"estimate": 128, "unit": "hours", "spread": 50}, "confidence": 0.5})
    );
}

#[test]
fn px_reasoning_report_template() {
    // lines = agentResults.map((r, i) => `${i + 1}. ${r.agentName} (${Math.round(r.confidence * 100)}%): ${r.reasoning}`)
    let results = reviewers();
    let math = global("Math");
    let line = lambda(2, move |x| {
        let (r, i) = (a(x, 0), a(x, 1));
        let pct = prism_runtime::call_method_sync(
            &math,
            "round",
            &[ops::mul(&get_member(&r, "confidence")?, &n(100.0))?],
        )?;
        let mut text = String::new();
        for part in [
            ops::add(&i, &n(1.0))?,
            s(". "),
            get_member(&r, "agentName")?,
            s(" ("),
            pct,
            s("%): "),
            get_member(&r, "reasoning")?,
        ] {
            prism_runtime::text::write_display(&mut text, &part);
        }
        Ok(Value::from(text))
    });
    let report = m(&m(&results, "map", vec![line]), "join", vec![s("\n")]);
    let sum = lambda(2, |x| ops::add(&a(x, 0), &get_member(&a(x, 1), "confidence")?));
    let avg = ops::div(&m(&results, "reduce", vec![sum, n(0.0)]), &n(3.0)).unwrap();
    let out = c::attach(&report, &avg).unwrap();
    assert_eq!(
        prism_runtime::json::result_to_json(&out),
        json!({"value": "1. SecurityBot (85%): Found two security problems\n2. StyleBot (70%): Mostly clean\n3. LogicBot (90%): Logic error in loop bounds", "confidence": 0.8166666666666665})
    );
}

#[test]
fn px_best_by_parallel_confidence() {
    let results = reviewers();
    let items = prism_runtime::destructure::for_of_source(&results).unwrap();
    let mut best = Value::Null;
    for r in items.snapshot() {
        let candidate = c::attach(&prop(&r, "result"), &prop(&r, "confidence")).unwrap();
        best = if ops::loose_eq(&best, &Value::Null).unwrap().truthy() {
            candidate
        } else {
            c::parallel(&best, &candidate).unwrap()
        };
    }
    assert_eq!(
        prism_runtime::json::result_to_json(&best),
        json!({"value": {"verdict": "reject", "score": 45, "issues": ["off-by-one", "sql-injection"]}, "confidence": 0.9})
    );
}

#[test]
fn px_failed_agents_optional_chaining() {
    // if (r?.error != null || r.confidence === 0) { failed.push(r.agentId) } else { ok.push(r) }
    let results = estimators();
    let (failed, ok) = (arr(vec![]), arr(vec![]));
    for r in results.as_array().unwrap().snapshot() {
        let errored = ops::loose_ne(&get_optional(&r, "error"), &Value::Null).unwrap();
        let failed_now =
            errored.truthy() || ops::strict_eq(&prop(&r, "confidence"), &n(0.0)).unwrap().truthy();
        if failed_now {
            m(&failed, "push", vec![prop(&r, "agentId")]);
        } else {
            m(&ok, "push", vec![r]);
        }
    }
    assert_eq!(failed, arr(vec![s("e3")]));
    let health = ops::div(&prop(&ok, "length"), &n(4.0)).unwrap();
    assert_eq!(health, n(0.75));
}

#[test]
fn px_report_member_assignment_keys() {
    let report = obj(vec![]);
    set_member(&report, "total", n(5.0)).unwrap();
    set_member(&report, "positive", n(3.0)).unwrap();
    set_member(&report, "negative", n(1.0)).unwrap();
    let neutral = ops::sub(
        &ops::sub(&prop(&report, "total"), &prop(&report, "positive")).unwrap(),
        &prop(&report, "negative"),
    )
    .unwrap();
    set_member(&report, "neutral", neutral).unwrap();
    let keys = call_global_method("Object", "keys", vec![report.clone()]).unwrap();
    set_member(&report, "keys", m(&keys, "join", vec![s(",")])).unwrap();
    let out =
        c::attach(&report, &ops::div(&prop(&report, "positive"), &prop(&report, "total")).unwrap())
            .unwrap();
    assert_eq!(
        prism_runtime::json::result_to_json(&out),
        json!({"value": {"total": 5, "positive": 3, "negative": 1, "neutral": 1, "keys": "total,positive,negative,neutral"}, "confidence": 0.6})
    );
}

#[test]
fn px_division_guard_missing() {
    let empty = arr(vec![]);
    let sum = lambda(2, |x| ops::add(&a(x, 0), &get_member(&a(x, 1), "confidence")?));
    let total = m(&empty, "reduce", vec![sum, n(0.0)]);
    assert_eq!(err(ops::div(&total, &prop(&empty, "length"))), "Division by zero");
}

#[test]
fn px_json_results_try_catch() {
    let results = Value::from_json(&json!([
        {"agentId": "j1", "result": "{\"answer\": 42}", "confidence": 0.8},
        {"agentId": "j2", "result": "not json", "confidence": 0.7},
        {"agentId": "j3", "result": "{\"answer\": 40}", "confidence": 0.6}
    ]));
    let json = global("JSON");
    let (parsed, mut errors) = (arr(vec![]), n(0.0));
    for r in results.as_array().unwrap().snapshot() {
        match method(&json, "parse", vec![prop(&r, "result")]) {
            Ok(value) => {
                m(
                    &parsed,
                    "push",
                    vec![obj(vec![
                        ("answer", prop(&value, "answer")),
                        ("confidence", prop(&r, "confidence")),
                    ])],
                );
            }
            Err(_) => errors = ops::increment(&errors).unwrap(),
        }
    }
    let better = lambda(2, |x| {
        Ok(
            if ops::gt(&get_member(&a(x, 1), "confidence")?, &get_member(&a(x, 0), "confidence")?)?
                .truthy()
            {
                a(x, 1)
            } else {
                a(x, 0)
            },
        )
    });
    let best = m(&parsed, "reduce", vec![better]);
    let conf_expr =
        ops::mul(&prop(&best, "confidence"), &ops::div(&prop(&parsed, "length"), &n(3.0)).unwrap())
            .unwrap();
    let out = c::attach(
        &obj(vec![
            ("answer", prop(&best, "answer")),
            ("parsed", prop(&parsed, "length")),
            ("errors", errors),
        ]),
        &conf_expr,
    )
    .unwrap();
    assert_eq!(
        prism_runtime::json::result_to_json(&out),
        json!({"value": {"answer": 42, "parsed": 2, "errors": 1}, "confidence": 0.5333333333333333})
    );
}

#[test]
fn consensus_and_aggregate_helpers() {
    let answers = m(
        &reviewers(),
        "map",
        vec![lambda(1, |x| {
            let r = a(x, 0);
            c::attach(
                &get_member(&get_member(&r, "result")?, "verdict")?,
                &get_member(&r, "confidence")?,
            )
        })],
    );
    assert_conf(&call(&global("consensus"), vec![answers]).unwrap(), &s("reject"), 0.9);
    let combined = call(
        &global("aggregate"),
        vec![arr(vec![conf(n(3.0), 0.2), conf(n(4.0), 0.6), conf(n(5.0), 0.7)])],
    )
    .unwrap();
    let avg = c::extract(&combined).as_number().unwrap();
    assert!((avg - 0.5).abs() < 1e-9);
}

#[test]
fn sync_call_of_prelude_globals() {
    // Every synchronous global can run on the fast path.
    let max = global("max");
    assert_eq!(call_value_sync(&max, &[n(1.0), n(2.0)]).unwrap().unwrap(), n(2.0));
}
