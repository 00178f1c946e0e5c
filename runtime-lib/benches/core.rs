//! Benchmarks of the runtime core: confident arithmetic, property access, and the consensus
//! workload over 10,000 agent results (reduce with a synchronous callback, and the whole
//! filter/map/sort/reduce pipeline).
//!
//! Run with `cargo bench -p prism-runtime --bench core`.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use futures::executor::block_on;
use prism_runtime::{
    Arity, Function, Value, arg_ref, call_method, get_member, ops, try_call_method_sync,
};
use serde_json::json;

/// 10,000 agent results in the shape of PLATFORM.md §2.5.
fn agent_results(n: usize) -> Value {
    Value::from_json(&agent_results_json(n))
}

/// The JSON of [`agent_results`], as it arrives from agents.
fn agent_results_json(n: usize) -> serde_json::Value {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            json!({
                "agentId": format!("agent-{i}"),
                "agentName": format!("Agent {i}"),
                "capabilities": ["analysis", "security"],
                "expertise": 0.5 + (i % 50) as f64 / 100.0,
                "result": {"verdict": if i % 3 == 0 { "reject" } else { "approve" }, "score": (i % 100) as f64, "issues": ["naming"]},
                "confidence": (i % 100) as f64 / 100.0,
                "reasoning": "Found two security problems",
                "timestamp": 1_700_000_000_000u64 + i as u64,
            })
        })
        .collect();
    serde_json::Value::Array(items)
}

fn sync_fn(
    params: usize,
    f: impl Fn(&[Value]) -> prism_runtime::PResult + Send + Sync + 'static,
) -> Value {
    Value::Function(Function::lambda(Arity::exact(params), f))
}

fn bench_arithmetic(c: &mut Criterion) {
    let a = Value::confident(Value::from(4.0), 0.95);
    let b = Value::confident(Value::from(8.0), 0.6);
    let d = Value::confident(Value::from(100.0), 0.85);
    c.bench_function("confident arithmetic: a * b - d / 4", |bench| {
        bench.iter(|| {
            let ab = ops::mul(black_box(&a), black_box(&b)).unwrap();
            let q = ops::div(black_box(&d), &Value::from(4.0)).unwrap();
            black_box(ops::sub(&ab, &q).unwrap())
        })
    });
    let x = Value::from(4.0);
    c.bench_function("plain arithmetic: x * x + 1", |bench| {
        bench.iter(|| {
            black_box(ops::add(&ops::mul(black_box(&x), &x).unwrap(), &Value::from(1.0)).unwrap())
        })
    });
}

fn bench_access(c: &mut Criterion) {
    let results = agent_results(1);
    let r = results.as_array().unwrap().get(0).unwrap();
    c.bench_function("property access: r.confidence", |bench| {
        bench.iter(|| black_box(get_member(black_box(&r), "confidence").unwrap()))
    });
    c.bench_function("property access: r.result.verdict", |bench| {
        bench.iter(|| {
            let res = get_member(black_box(&r), "result").unwrap();
            black_box(get_member(&res, "verdict").unwrap())
        })
    });
    let cr = Value::confident(r.clone(), 0.8);
    c.bench_function("property access: (r ~> 0.8).confidence", |bench| {
        bench.iter(|| black_box(get_member(black_box(&cr), "confidence").unwrap()))
    });
}

fn bench_workload(c: &mut Criterion) {
    let results = agent_results(10_000);
    let sum =
        sync_fn(2, |args| ops::add(arg_ref(args, 0), &get_member(arg_ref(args, 1), "confidence")?));
    c.bench_function("reduce 10k results: (s, r) => s + r.confidence (sync path)", |bench| {
        bench.iter(|| {
            black_box(
                try_call_method_sync(&results, "reduce", &[sum.clone(), Value::from(0.0)])
                    .unwrap()
                    .unwrap(),
            )
        })
    });
    c.bench_function("reduce 10k results: (s, r) => s + r.confidence (awaited)", |bench| {
        bench.iter(|| {
            black_box(
                block_on(call_method(&results, "reduce", vec![sum.clone(), Value::from(0.0)]))
                    .unwrap(),
            )
        })
    });
    // The consensus workload: filter successful, map to confident verdicts, sort by confidence,
    // and average.
    let ok =
        sync_fn(1, |args| ops::gt(&get_member(arg_ref(args, 0), "confidence")?, &Value::from(0.0)));
    let verdict = sync_fn(1, |args| {
        let r = arg_ref(args, 0);
        let v = get_member(&get_member(r, "result")?, "verdict")?;
        ops::confidence::attach(&v, &get_member(r, "confidence")?)
    });
    let by_conf = sync_fn(2, |args| {
        ops::sub(
            &ops::confidence::extract(arg_ref(args, 1)),
            &ops::confidence::extract(arg_ref(args, 0)),
        )
    });
    let conf_sum =
        sync_fn(2, |args| ops::add(arg_ref(args, 0), &ops::confidence::extract(arg_ref(args, 1))));
    c.bench_function("filter 10k results: r => r.confidence > 0", |bench| {
        bench.iter(|| {
            black_box(
                try_call_method_sync(&results, "filter", std::slice::from_ref(&ok))
                    .unwrap()
                    .unwrap(),
            )
        })
    });
    c.bench_function("map 10k results: r => r.result.verdict ~> r.confidence", |bench| {
        bench.iter(|| {
            black_box(
                try_call_method_sync(&results, "map", std::slice::from_ref(&verdict))
                    .unwrap()
                    .unwrap(),
            )
        })
    });
    let verdicts =
        try_call_method_sync(&results, "map", std::slice::from_ref(&verdict)).unwrap().unwrap();
    c.bench_function("sort 10k confident verdicts: (a, b) => (<~ b) - (<~ a)", |bench| {
        bench.iter_batched(
            || Value::array(verdicts.as_array().unwrap().snapshot()),
            |v| {
                black_box(
                    try_call_method_sync(&v, "sort", std::slice::from_ref(&by_conf))
                        .unwrap()
                        .unwrap(),
                )
            },
            criterion::BatchSize::LargeInput,
        )
    });
    let json = agent_results_json(10_000);
    c.bench_function("from_json: 10k agent results, as replies are converted", |bench| {
        bench.iter_with_large_drop(|| Value::from_json(black_box(&json)))
    });
    c.bench_function("consensus workload over 10k results: filter, map, sort, reduce", |bench| {
        bench.iter(|| {
            let valid = try_call_method_sync(&results, "filter", std::slice::from_ref(&ok))
                .unwrap()
                .unwrap();
            let verdicts = try_call_method_sync(&valid, "map", std::slice::from_ref(&verdict))
                .unwrap()
                .unwrap();
            let sorted = try_call_method_sync(&verdicts, "sort", std::slice::from_ref(&by_conf))
                .unwrap()
                .unwrap();
            let total =
                try_call_method_sync(&sorted, "reduce", &[conf_sum.clone(), Value::from(0.0)])
                    .unwrap()
                    .unwrap();
            black_box(ops::div(&total, &get_member(&sorted, "length").unwrap()).unwrap())
        })
    });
}

criterion_group!(benches, bench_arithmetic, bench_access, bench_workload);
criterion_main!(benches);
