//! Confidence operators (B §4.2, §4.5) and uncertain control flow (B §4.9).

#![allow(clippy::unwrap_used)]

mod core_support;

use core_support::*;
use prism_runtime::Value;
use prism_runtime::ops::confidence as c;
use prism_runtime::to_display_string;
use prism_runtime::uncertain::{self, Branch, Branches, ForLoop, Level};

#[test]
fn attach_and_extract() {
    assert_conf(&c::attach(&n(42.0), &n(0.85)).unwrap(), &n(42.0), 0.85);
    assert_conf(&c::attach(&s("ok"), &n(3.0)).unwrap(), &s("ok"), 1.0);
    assert_conf(&c::attach(&s("ok"), &n(-0.2)).unwrap(), &s("ok"), 0.0);
    assert_conf(&c::attach(&s("ok"), &conf(n(0.4), 0.9)).unwrap(), &s("ok"), 0.4);
    // Attaching to a confident value nests.
    let nested = c::attach(&conf(n(6.0), 0.6), &n(0.4)).unwrap();
    assert_conf(&nested, &conf(n(6.0), 0.6), 0.4);
    assert_eq!(err(c::attach(&n(42.0), &s("high-ish"))), "Confidence value must be a number");
    assert_eq!(err(c::attach(&n(1.0), &Value::Null)), "Confidence value must be a number");
    assert_eq!(
        err(c::attach(&n(1.0), &n(f64::NAN))),
        "Invalid confidence value: NaN. Must be a finite number."
    );
    assert_eq!(
        err(c::attach(&n(1.0), &n(f64::NEG_INFINITY))),
        "Invalid confidence value: -Infinity. Must be a finite number."
    );
    assert_eq!(c::extract(&conf(s("positive"), 0.62)), n(0.62));
    assert_eq!(c::extract(&s("plain text")), n(1.0));
    assert_eq!(c::extract(&nested), n(0.4));
    assert_eq!(c::extract(&conf(Value::Null, 0.15)), n(0.15));
}

#[test]
fn chain_coalesce_and_logic() {
    let chained = c::chain(&conf(s("doc-A"), 0.7), &conf(s("summary"), 0.95)).unwrap();
    assert_conf(&chained, &s("summary"), 0.7);
    assert_conf(&c::chain(&s("q"), &conf(n(12.0), 0.66)).unwrap(), &n(12.0), 0.66);
    assert_eq!(err(c::chain(&n(1.0), &n(2.0))), "Confidence chaining requires confident values");
    let fast = conf(s("quick answer"), 0.51);
    assert_eq!(c::coalesce(&fast, &conf(s("careful"), 0.99)).unwrap(), fast);
    let chain3 = c::coalesce(
        &c::coalesce(&conf(s("x"), 0.1), &conf(s("y"), 0.7)).unwrap(),
        &conf(s("z"), 0.2),
    )
    .unwrap();
    assert_conf(&chain3, &s("y"), 0.7);
    assert_eq!(c::coalesce(&conf(n(8.0), 0.3), &n(5.0)).unwrap(), n(5.0));
    assert_eq!(err(c::coalesce(&n(1.0), &n(2.0))), "Confidence coalesce requires confident values");
    assert_conf(&c::or(&conf(b(false), 0.95), &conf(s("yes"), 0.5)).unwrap(), &b(true), 0.95);
    assert_conf(&c::or(&conf(n(0.0), 0.3), &conf(n(5.0), 0.65)).unwrap(), &b(true), 0.65);
    assert_conf(&c::and(&conf(b(true), 0.8), &s("")).unwrap(), &b(false), 0.8);
    assert_eq!(err(c::and(&b(true), &b(true))), "Confidence AND requires confident values");
    assert_eq!(err(c::or(&b(true), &b(true))), "Confidence OR requires confident values");
}

#[test]
fn confident_arithmetic_and_comparison() {
    assert_conf(&c::add(&conf(n(1200.0), 0.99), &conf(n(300.0), 0.9)).unwrap(), &n(1500.0), 0.9);
    assert_conf(&c::div(&conf(n(4096.0), 0.7), &conf(n(8.0), 0.95)).unwrap(), &n(512.0), 0.7);
    let x1 = conf(n(2.0), 0.9);
    let x2 = conf(n(3.0), 0.8);
    let x3 = conf(n(4.0), 0.6);
    assert_conf(&c::add(&x3, &c::mul(&x1, &x2).unwrap()).unwrap(), &n(10.0), 0.6);
    assert_conf(&c::sub(&n(10.0), &conf(n(4.0), 0.5)).unwrap(), &n(6.0), 0.5);
    assert_eq!(
        err(c::div(&conf(n(50.0), 0.9), &conf(n(0.0), 0.5))),
        "Division by zero in confident arithmetic"
    );
    assert_eq!(
        err(c::add(&conf(s("a"), 0.9), &n(1.0))),
        "Confident arithmetic requires numeric values"
    );
    assert_eq!(err(c::add(&n(1.0), &n(1.0))), "Confident addition requires confident values");
    assert_eq!(err(c::sub(&n(1.0), &n(1.0))), "Confident subtraction requires confident values");
    assert_eq!(err(c::mul(&n(1.0), &n(1.0))), "Confident multiplication requires confident values");
    assert_eq!(err(c::div(&n(1.0), &n(1.0))), "Confident division requires confident values");
    assert_conf(
        &c::equal(&conf(s("approve"), 0.7), &conf(s("approve"), 0.92)).unwrap(),
        &b(true),
        0.7,
    );
    assert_conf(
        &c::equal(&conf(nums(&[1.0, 2.0]), 0.8), &conf(nums(&[1.0, 3.0]), 0.75)).unwrap(),
        &b(false),
        0.75,
    );
    assert_conf(&c::not_equal(&conf(n(1.0), 0.6), &n(2.0)).unwrap(), &b(true), 0.6);
    assert_conf(
        &c::greater_equal(&conf(n(0.7), 0.66), &conf(n(0.7), 0.8)).unwrap(),
        &b(true),
        0.66,
    );
    assert_conf(
        &c::less_equal(&conf(n(51.0), 0.77), &conf(n(50.0), 0.9)).unwrap(),
        &b(false),
        0.77,
    );
    assert_conf(&c::greater_equal(&n(10.0), &conf(n(9.5), 0.88)).unwrap(), &b(true), 0.88);
    assert_conf(&c::less(&conf(n(1.0), 0.5), &n(2.0)).unwrap(), &b(true), 0.5);
    assert_eq!(
        err(c::less(&conf(s("a"), 0.9), &conf(s("b"), 0.9))),
        "Confident less than requires numeric values"
    );
    assert_eq!(
        err(c::less_equal(&conf(s("a"), 0.9), &n(1.0))),
        "Confident less equal requires numeric values"
    );
    assert_eq!(
        err(c::greater_equal(&conf(s("a"), 0.9), &n(1.0))),
        "Confident greater equal requires numeric values"
    );
    assert_eq!(err(c::equal(&n(1.0), &n(1.0))), "Confident equality requires confident values");
    assert_eq!(
        err(c::not_equal(&n(1.0), &n(1.0))),
        "Confident not equal requires confident values"
    );
    assert_eq!(err(c::less(&n(1.0), &n(1.0))), "Confident less than requires confident values");
}

#[test]
fn parallel_gate_and_pipe() {
    let (a1, b1, c1) = (conf(s("A"), 0.45), conf(s("B"), 0.62), conf(s("C"), 0.88));
    let pick = c::parallel(&c::parallel(&a1, &b1).unwrap(), &c1).unwrap();
    assert_conf(&pick, &s("C"), 0.88);
    // Ties go left.
    let left = conf(s("L"), 0.5);
    assert_eq!(c::parallel(&left, &conf(s("R"), 0.5)).unwrap(), left);
    assert_conf(
        &c::parallel(&conf(s("ok"), 0.4), &conf(Value::Null, 0.95)).unwrap(),
        &Value::Null,
        0.95,
    );
    assert_eq!(c::parallel(&s("plain"), &conf(s("x"), 0.99)).unwrap(), s("plain"));
    assert_eq!(err(c::parallel(&n(1.0), &n(2.0))), "Parallel confidence requires confident values");

    assert_eq!(c::gate(&conf(s("draft"), 0.7), &s("publish")).unwrap(), s("publish"));
    assert_conf(&c::gate(&conf(n(9.0), 0.5), &n(1.0)).unwrap(), &n(9.0), 0.25);
    assert_conf(&c::gate(&b(true), &conf(s("deployed"), 0.75)).unwrap(), &s("deployed"), 0.75);
    let g = c::gate(
        &c::gate(&conf(s("lint"), 0.95), &conf(s("tests"), 0.6)).unwrap(),
        &conf(s("merge"), 0.9),
    )
    .unwrap();
    assert_conf(&g, &s("tests"), 0.3);
    assert_eq!(err(c::gate(&n(1.0), &n(2.0))), "Threshold gate requires confident values");

    assert_conf(&c::pipe(&conf(n(3.0), 0.7), &n(4.0)).unwrap(), &n(4.0), 0.7);
    let inner = conf(n(16.0), 0.8);
    assert_eq!(c::pipe(&conf(n(4.0), 0.8), &inner).unwrap(), inner);
    assert_eq!(err(c::pipe(&n(1.0), &n(2.0))), "Confidence pipeline requires confident values");
}

#[test]
fn threshold_gate_operator() {
    assert_eq!(c::threshold_gate(&conf(n(3.0), 0.45), &n(0.5)).unwrap(), Value::Null);
    assert_conf(&c::threshold_gate(&conf(s("ok"), 0.55), &n(0.55)).unwrap(), &s("ok"), 0.55);
    assert_conf(&c::threshold_gate(&s("reading"), &n(0.9)).unwrap(), &s("reading"), 1.0);
    let gate = arr(vec![n(0.6), s("needs-review")]);
    assert_eq!(c::threshold_gate(&conf(s("v1"), 0.35), &gate).unwrap(), s("needs-review"));
    assert_eq!(
        err(c::threshold_gate(&conf(n(2.0), 0.9), &n(1.2))),
        "Confidence threshold must be between 0 and 1"
    );
    assert_eq!(
        err(c::threshold_gate(&conf(n(2.0), 0.9), &n(-0.2))),
        "Confidence threshold must be between 0 and 1"
    );
    assert_eq!(
        err(c::threshold_gate(&conf(s("x"), 0.4), &obj(vec![("min", n(0.5))]))),
        "Threshold gate expects a number or [threshold, default] array"
    );
    assert_eq!(
        err(c::threshold_gate(&conf(s("t"), 0.6), &b(true))),
        "Threshold gate expects a number or [threshold, default] array"
    );
    assert_eq!(
        err(c::threshold_gate(&conf(n(1.0), 0.4), &arr(vec![s("0.5"), s("fallback")]))),
        "Threshold gate array first element must be a number"
    );
    assert_eq!(
        err(c::threshold_gate(&conf(n(3.0), 0.4), &arr(vec![Value::Null, s("fallback")]))),
        "Threshold gate array first element must be a number"
    );
    // `base ~?> 0.5 ~|> (_ + 5) ~> 0.95 ~?> 0.9` prints "55 (~60.0%) ~> 0.95".
    let base = conf(n(50.0), 0.6);
    let gated = c::threshold_gate(&base, &n(0.5)).unwrap();
    let plus = prism_runtime::ops::add(&gated, &n(5.0)).unwrap();
    let rewrapped = c::attach(&plus, &n(0.95)).unwrap();
    let piped = c::pipe(&gated, &rewrapped).unwrap();
    let res = c::threshold_gate(&piped, &n(0.9)).unwrap();
    assert_eq!(prism_runtime::print_line(&[res]), "55 (~60.0%) ~> 0.95");
}

#[test]
fn confident_ternary_product() {
    let (take, cc) = c::ternary_condition(&conf(b(true), 0.7));
    assert!(take);
    assert_conf(&c::ternary_result(&conf(s("ship"), 0.5), cc), &s("ship"), 0.35);
    let (take, cc) = c::ternary_condition(&b(false));
    assert!(!take);
    assert_conf(&c::ternary_result(&conf(s("recompute"), 0.6), cc), &s("recompute"), 0.6);
    assert_conf(&c::ternary_result(&s("x"), 1.0), &s("x"), 1.0);
}

#[test]
fn function_annotation() {
    let f = lambda(1, |args| prism_runtime::ops::add(&a(args, 0), &n(1.0)));
    let annotated = c::annotate_function(f.clone(), &n(0.6));
    assert_conf(&call(&annotated, vec![n(41.0)]).unwrap(), &n(42.0), 0.6);
    assert_eq!(c::annotate_function(f.clone(), &s("high")), f);
}

#[test]
fn levels_and_branches() {
    assert_eq!(uncertain::level_of(0.7), Level::High);
    assert_eq!(uncertain::level_of(0.6999), Level::Medium);
    assert_eq!(uncertain::level_of(0.5), Level::Medium);
    assert_eq!(uncertain::level_of(0.4999), Level::Low);
    assert_eq!(uncertain::level_of(0.0), Level::Low);
    let all = Branches { high: true, medium: true, low: true, default: false };
    assert_eq!(all.select(uncertain::if_level(&conf(s("go"), 0.7)).unwrap()), Some(Branch::High));
    let high_default = Branches { high: true, medium: false, low: false, default: true };
    assert_eq!(high_default.select(Level::High), Some(Branch::High));
    assert_eq!(high_default.select(Level::Medium), Some(Branch::Default));
    let only_high_low = Branches { high: true, medium: false, low: true, default: false };
    assert_eq!(only_high_low.select(Level::Medium), None);
    let medium_only = Branches { high: false, medium: true, low: false, default: false };
    assert_eq!(medium_only.select(Level::High), None, "high never falls to medium");
    assert_eq!(
        err(uncertain::if_level(&n(0.9)).map(|_| Value::Null)),
        "Uncertain if requires a confidence expression"
    );
}

#[test]
fn uncertain_loops() {
    let step = uncertain::while_step(&conf(b(true), 0.6));
    assert!(step.proceed);
    assert_eq!(step.level, Level::Medium);
    let step = uncertain::while_step(&b(true));
    assert_eq!(step.level, Level::High);
    assert!(!uncertain::while_step(&conf(b(false), 0.9)).proceed);

    // uncertain for keeps the previous confidence when the condition is plain.
    let mut lp = ForLoop::new();
    assert_eq!(lp.step(&b(true)).level, Level::High);
    assert_eq!(lp.step(&conf(b(true), 0.3)).level, Level::Low);
    assert_eq!(lp.step(&b(true)).level, Level::Low);
    assert!(!lp.step(&conf(b(false), 0.9)).proceed);
    assert_eq!(lp.confidence(), 0.9);

    // `uncertain while log.length < 4 ~> level`, default raising the level by 0.25.
    let branches = Branches { high: true, medium: false, low: true, default: true };
    let mut level = 0.5;
    let mut log = Vec::new();
    loop {
        let cond = c::attach(&b(log.len() < 4), &n(level)).unwrap();
        let step = uncertain::while_step(&cond);
        if !step.proceed {
            break;
        }
        match branches.select(step.level) {
            Some(Branch::High) => log.push("work"),
            Some(Branch::Low) => log.push("idle"),
            Some(Branch::Default) => {
                log.push("tune");
                level += 0.25;
            }
            _ => break,
        }
    }
    assert_eq!(log, ["tune", "work", "work", "work"]);
}

#[test]
fn confident_values_print_nested() {
    let v = c::attach(
        &prism_runtime::ops::mul(&conf(n(2.0), 0.6), &conf(n(3.0), 0.95)).unwrap(),
        &n(0.4),
    )
    .unwrap();
    assert_eq!(to_display_string(&v), "6 (~60.0%) (~40.0%)");
}
