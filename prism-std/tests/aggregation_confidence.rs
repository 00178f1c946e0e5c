//! Aggregation, confidence, coordination and transformation primitives over real agent results
//! (agreeing, disagreeing and failing scripted agents on 127.0.0.1), confident values and plain
//! values.

mod common;

use common::*;
use parallax_example_agents::scripted::Script;
use prism_runtime::{Arity, Function, Value, ops};
use serde_json::json;

/// a1 and a2 agree ("approve", 0.9 and 0.8), a3 disagrees ("reject", 0.6), one agent fails.
async fn review_results() -> (Swarm, Value) {
    let swarm = Swarm::start(vec![
        answer("a1", json!("approve"), 0.9),
        answer("a2", json!("approve"), 0.8),
        answer("a3", json!("reject"), 0.6),
        failing("broken"),
    ])
    .await;
    let ctx = swarm.ctx(json!({}));
    let results = call(&ctx, "parallel", vec![swarm.handles.clone()]).await.expect("parallel runs");
    (swarm, results)
}

#[tokio::test]
async fn consensus_weighs_agreement_by_confidence() {
    let (swarm, results) = review_results().await;
    let ctx = bare();
    let out = call(&ctx, "consensus", vec![results.clone()]).await.unwrap();
    let (answer, c) = conf(&out);
    assert_eq!(answer, json!("approve"));
    // share 1.7 / 2.3 × mean(0.9, 0.8); the failed agent carries no weight.
    assert!(close(c, (1.7 / 2.3) * 0.85), "{c}");
    let out = call(&ctx, "consensus", vec![results.clone(), v(json!(0.8))]).await.unwrap();
    assert_eq!(conf(&out), (json!(null), 0.0), "73.9% agreement is below 80%");
    // Plain values count 1.0; confident values their confidence.
    let mixed = Value::array(vec![v(json!(3)), Value::confident(v(json!(3)), 0.5), v(json!(4))]);
    let (answer, c) = conf(&call(&ctx, "consensus", vec![mixed]).await.unwrap());
    assert_eq!(answer, json!(3));
    assert!(close(c, (1.5 / 2.5) * 0.75), "{c}");
    // Object answers compared on one field.
    let objs =
        v(json!([{"verdict": "ok", "n": 1}, {"verdict": "ok", "n": 2}, {"verdict": "no", "n": 3}]));
    let out = call(&ctx, "consensus", vec![objs, v(json!(0.5)), v(json!({"key": "verdict"}))])
        .await
        .unwrap();
    assert_eq!(conf(&out).0["verdict"], json!("ok"));
    swarm.stop().await;
}

#[tokio::test]
async fn voting_strategies() {
    let (swarm, results) = review_results().await;
    let ctx = bare();
    let (answer, c) = conf(&call(&ctx, "voting", vec![results.clone()]).await.unwrap());
    assert_eq!(answer, json!("approve"));
    assert!(close(c, (2.0 / 3.0) * 0.85), "{c}");
    let (_, c) = conf(
        &call(&ctx, "voting", vec![results.clone(), v(json!({"strategy": "weighted"}))])
            .await
            .unwrap(),
    );
    assert!(close(c, (1.7 / 2.3) * 0.85), "{c}");
    let out = call(&ctx, "voting", vec![results.clone(), v(json!({"strategy": "unanimous"}))])
        .await
        .unwrap();
    assert_eq!(conf(&out), (json!(null), 0.0), "a3 disagrees");
    let same = v(json!(["x", "x"]));
    assert_eq!(
        conf(&call(&ctx, "voting", vec![same, v(json!({"strategy": "unanimous"}))]).await.unwrap()),
        (json!("x"), 1.0)
    );
    let err =
        call(&ctx, "voting", vec![results, v(json!({"strategy": "loudest"}))]).await.unwrap_err();
    assert!(err.message().contains("unknown strategy \"loudest\""), "{}", err.message());
    swarm.stop().await;
}

#[tokio::test]
async fn merge_reduce_weighted_mean_and_best() {
    let swarm = Swarm::start(vec![
        answer("n1", json!({"mean": 10, "tags": ["a"]}), 0.9),
        answer("n2", json!({"median": 12, "tags": ["b"]}), 0.6),
        failing("broken"),
    ])
    .await;
    let ctx = swarm.ctx(json!({}));
    let results = call(&ctx, "parallel", vec![swarm.handles.clone()]).await.unwrap();
    let (merged, c) = conf(&call(&ctx, "merge", vec![results.clone()]).await.unwrap());
    assert_eq!(merged, json!({"mean": 10, "tags": ["b"], "median": 12}));
    assert_eq!(c, 0.6, "the weakest merged answer");
    let deep = v(json!([{"a": {"x": 1}}, {"a": {"y": 2}}]));
    assert_eq!(
        conf(&call(&ctx, "merge", vec![deep, v(json!("deep"))]).await.unwrap()).0,
        json!({"a": {"x": 1, "y": 2}})
    );
    let lists = v(json!([[1, 2], [3], 4]));
    assert_eq!(
        conf(&call(&ctx, "merge", vec![lists, v(json!("concat"))]).await.unwrap()).0,
        json!([1, 2, 3, 4])
    );

    let numbers = Value::array(vec![
        Value::confident(v(json!(10)), 0.9),
        Value::confident(v(json!(20)), 0.1),
    ]);
    let sum = Function::lambda(Arity::exact(2), |args| ops::add(&args[0], &args[1]));
    let out = call(&ctx, "reduce", vec![numbers.clone(), Value::Function(sum), v(json!(0))])
        .await
        .unwrap();
    let (total, c) = conf(&out);
    assert_eq!(total, json!(30));
    assert!(close(c, 0.5), "mean confidence of the folded items: {c}");

    let with_text = Value::array(vec![
        Value::confident(v(json!(10)), 0.9),
        Value::confident(v(json!(20)), 0.1),
        v(json!("n/a")),
    ]);
    let (mean, c) = conf(&call(&ctx, "weightedMean", vec![with_text]).await.unwrap());
    assert!(close(mean.as_f64().unwrap(), 10.0 * 0.9 + 20.0 * 0.1), "{mean}");
    assert!(close(c, 0.5), "non-numeric answers are skipped: {c}");
    let top = call(&ctx, "best", vec![results]).await.unwrap().to_json();
    assert_eq!(top["agentId"], json!("n1"));
    swarm.stop().await;
}

#[tokio::test]
async fn confidence_primitives_on_agent_results() {
    let (swarm, results) = review_results().await;
    let ctx = bare();
    let first = match &results {
        Value::Array(a) => a.get(0).unwrap(),
        _ => unreachable!(),
    };
    let failed = match &results {
        Value::Array(a) => a.get(3).unwrap(),
        _ => unreachable!(),
    };
    // threshold passes the AgentResult through unchanged, or gives the fallback.
    let kept = call(&ctx, "threshold", vec![first.clone(), v(json!(0.85))]).await.unwrap();
    assert_eq!(kept.to_json()["agentId"], json!("a1"));
    let dropped =
        call(&ctx, "threshold", vec![first.clone(), v(json!(0.95)), v(json!("fallback"))])
            .await
            .unwrap();
    assert_eq!(dropped.to_json(), json!("fallback"));
    assert_eq!(
        conf(&call(&ctx, "threshold", vec![failed.clone(), v(json!(0.1))]).await.unwrap()),
        (json!(null), 0.0)
    );

    let (a, c) = conf(&call(&ctx, "boost", vec![first.clone(), v(json!(1.5))]).await.unwrap());
    assert_eq!((a, c), (json!("approve"), 1.0));
    let (_, c) =
        conf(&call(&ctx, "decay", vec![first.clone(), v(json!(0.5)), v(json!(2))]).await.unwrap());
    assert!(close(c, 0.9 * 0.25));
    let (_, c) = conf(
        &call(&ctx, "clamp", vec![first.clone(), v(json!(0.1)), v(json!(0.7))]).await.unwrap(),
    );
    assert_eq!(c, 0.7);
    let shares = call(&ctx, "normalize", vec![results.clone()]).await.unwrap();
    let cs: Vec<f64> = match &shares {
        Value::Array(a) => a.snapshot().iter().map(|x| x.confidence().unwrap()).collect(),
        _ => unreachable!(),
    };
    assert!(close(cs[0], 0.9 / 2.3) && close(cs[3], 0.0), "{cs:?}");
    for (strategy, expected) in [
        ("min", 0.0),
        ("max", 0.9),
        ("product", 0.0),
        ("average", 2.3 / 4.0),
        ("weighted", (0.81 + 0.64 + 0.36) / 2.3),
    ] {
        let c = call(&ctx, "combineConfidence", vec![results.clone(), v(json!(strategy))])
            .await
            .unwrap();
        assert!(close(c.as_number().unwrap(), expected), "{strategy}: {}", c.to_json());
    }
    let c = call(
        &ctx,
        "combineConfidence",
        vec![v(json!([1, 1])), v(json!("weighted")), v(json!([1, 3]))],
    )
    .await
    .unwrap();
    assert_eq!(c.as_number(), Some(1.0));
    swarm.stop().await;
}

#[tokio::test]
async fn coordination_primitives() {
    let (swarm, results) = review_results().await;
    let ctx = swarm.ctx(json!({}));
    let (members, c) = conf(
        &call(&ctx, "quorum", vec![results.clone(), v(json!(2)), v(json!(0.7))]).await.unwrap(),
    );
    assert_eq!(members.as_array().unwrap().len(), 2);
    assert!(close(c, 0.85));
    assert_eq!(
        conf(
            &call(&ctx, "quorum", vec![results.clone(), v(json!(3)), v(json!(0.7))]).await.unwrap()
        ),
        (json!(null), 0.0)
    );

    let ranked = call(&ctx, "prioritize", vec![results.clone()]).await.unwrap().to_json();
    let ids: Vec<&str> =
        ranked.as_array().unwrap().iter().map(|r| r["agentId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a1", "a2", "a3", "broken"]);
    let by_field = call(
        &ctx,
        "prioritize",
        vec![v(json!([{"score": 1}, {"score": 5}, {"score": 3}])), v(json!("score"))],
    )
    .await
    .unwrap();
    assert_eq!(by_field.to_json(), json!([{"score": 5}, {"score": 3}, {"score": 1}]));
    swarm.stop().await;

    let swarm = Swarm::start(vec![agent(
        "plus10",
        &["math"],
        Script::Increment { by: 10.0, confidence: 0.5 },
    )])
    .await;
    let ctx = swarm.ctx(json!({}));
    let wrap =
        Function::lambda(Arity::exact(1), |args| Ok(Value::object([("n", args[0].clone())])));
    let stages = Value::array(vec![Value::Function(wrap), swarm.handle(0)]);
    let (out, c) = conf(
        &call(&ctx, "pipeline", vec![stages, Value::confident(v(json!(1)), 0.8)]).await.unwrap(),
    );
    assert_eq!(out, json!({"n": 11}));
    assert!(close(c, 0.8 * 0.5));

    let first = Function::lambda(Arity::exact(0), |_| Ok(Value::from(2.0)));
    let second = Function::lambda(Arity::exact(1), |args| {
        let a = prism_runtime::get_member(&args[0], "a")?;
        ops::mul(&a, &Value::from(10.0))
    });
    let tasks = Value::object([
        ("b", Value::object([("deps", v(json!(["a"]))), ("run", Value::Function(second))])),
        ("a", Value::Function(first)),
    ]);
    let out = call(&ctx, "dag", vec![tasks]).await.unwrap().to_json();
    assert_eq!(out, json!({"b": 20, "a": 2}));
    let cyclic = v(json!({}));
    assert_eq!(call(&ctx, "dag", vec![cyclic]).await.unwrap().to_json(), json!({}));
    let noop = Function::lambda(Arity::exact(1), |_| Ok(Value::Null));
    let cycle = Value::object([
        ("x", Value::object([("deps", v(json!(["y"]))), ("run", Value::Function(noop.clone()))])),
        ("y", Value::object([("deps", v(json!(["x"]))), ("run", Value::Function(noop))])),
    ]);
    let err = call(&ctx, "dag", vec![cycle]).await.unwrap_err();
    assert_eq!(err.message(), "dag(): dependency cycle among x, y");
    swarm.stop().await;
}

#[tokio::test]
async fn transformation_primitives() {
    let (swarm, results) = review_results().await;
    let ctx = bare();
    let ok = call(&ctx, "successful", vec![results.clone()]).await.unwrap();
    assert_eq!(ok.to_json().as_array().unwrap().len(), 3);
    let confident = call(&ctx, "successful", vec![results.clone(), v(json!(0.7))]).await.unwrap();
    assert_eq!(confident.to_json().as_array().unwrap().len(), 2);
    let big = Function::lambda(Arity::exact(1), |args| {
        let c = prism_runtime::get_member(&args[0], "confidence")?;
        ops::gt(&c, &Value::from(0.7))
    });
    let parts = call(&ctx, "partition", vec![results.clone(), Value::Function(big)])
        .await
        .unwrap()
        .to_json();
    assert_eq!(parts[0].as_array().unwrap().len(), 2);
    assert_eq!(parts[1].as_array().unwrap().len(), 2);
    assert_eq!(
        call(&ctx, "chunk", vec![v(json!([1, 2, 3, 4, 5])), v(json!(2))]).await.unwrap().to_json(),
        json!([[1, 2], [3, 4], [5]])
    );
    assert_eq!(
        call(&ctx, "take", vec![v(json!([1, 2, 3])), v(json!(2))]).await.unwrap().to_json(),
        json!([1, 2])
    );
    assert_eq!(
        call(&ctx, "take", vec![v(json!([1, 2, 3])), v(json!(-2))]).await.unwrap().to_json(),
        json!([2, 3])
    );
    let picked =
        call(&ctx, "sample", vec![v(json!([1, 2, 3, 4, 5])), v(json!(3))]).await.unwrap().to_json();
    let picked: Vec<i64> = picked.as_array().unwrap().iter().map(|x| x.as_i64().unwrap()).collect();
    assert_eq!(picked.len(), 3);
    assert!(picked.windows(2).all(|w| w[0] < w[1]), "distinct, in order: {picked:?}");
    // Weighted sampling never picks the failed agent while others remain.
    let weighted = call(&ctx, "sample", vec![results, v(json!(3)), v(json!({"weighted": true}))])
        .await
        .unwrap()
        .to_json();
    assert!(
        weighted.as_array().unwrap().iter().all(|r| r["agentId"] != json!("broken")),
        "{weighted}"
    );
    let err = call(&ctx, "chunk", vec![v(json!([1])), v(json!(0))]).await.unwrap_err();
    assert_eq!(err.message(), "chunk(): size must be at least 1, got 0");
    let err = call(&ctx, "take", vec![v(json!("abc")), v(json!(1))]).await.unwrap_err();
    assert_eq!(err.message(), "take(): items must be an array, got string");
    let err = call(&ctx, "take", vec![v(json!([1]))]).await.unwrap_err();
    assert_eq!(err.message(), "take() takes 2 arguments, got 1");

    let double = Function::lambda(Arity::exact(2), |args| ops::mul(&args[0], &Value::from(2.0)));
    let out = call(&ctx, "batch", vec![v(json!([1, 2, 3])), v(json!(2)), Value::Function(double)])
        .await
        .unwrap();
    assert_eq!(out.to_json(), json!([2, 4, 6]));
    swarm.stop().await;
}
