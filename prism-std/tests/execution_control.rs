//! Execution and control primitives against real scripted agents on 127.0.0.1: agreeing,
//! disagreeing, slow, flaky and failing ones.

mod common;

use common::*;
use parallax_example_agents::scripted::Script;
use prism_runtime::Value;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn parallel_calls_every_agent_in_order_and_survives_failures_and_timeouts() {
    let swarm = Swarm::start(vec![
        answer("a1", json!("approve"), 0.9),
        answer("a2", json!("approve"), 0.8),
        answer("a3", json!("reject"), 0.6),
        failing("broken"),
        agent(
            "slow",
            &["review"],
            Script::Answer { value: json!("late"), confidence: 0.99, delay_ms: 3000 },
        ),
    ])
    .await;
    let ctx = swarm.ctx(json!({"task": "review", "data": {"code": "x"}}));
    let started = Instant::now();
    let out = call(
        &ctx,
        "parallel",
        vec![swarm.handles.clone(), Value::Null, v(json!({"timeoutMs": 300}))],
    )
    .await
    .unwrap()
    .to_json();
    assert!(started.elapsed() < Duration::from_secs(2), "the slow call was cut off");
    let ids: Vec<&str> =
        out.as_array().unwrap().iter().map(|r| r["agentId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a1", "a2", "a3", "broken", "slow"]);
    assert_eq!(out[0]["result"], json!("approve"));
    assert_eq!(out[0]["confidence"], json!(0.9));
    assert_eq!(out[2]["result"], json!("reject"));
    assert_eq!(out[3]["confidence"], json!(0));
    assert!(out[3]["error"].as_str().unwrap().contains("model unavailable"), "{}", out[3]);
    assert_eq!(out[4]["error"], json!("timed out after 300 ms"));
    // Every agent got the default task of the input.
    assert_eq!(swarm.calls[0].started(), 1);
    swarm.stop().await;
}

#[tokio::test]
async fn parallel_bounds_concurrency_and_passes_task_and_data() {
    let slow = |id: &str| {
        agent(id, &["x"], Script::Answer { value: json!(id), confidence: 0.5, delay_ms: 200 })
    };
    let swarm = Swarm::start(vec![
        slow("s1"),
        slow("s2"),
        slow("s3"),
        agent("echo", &["x"], Script::Echo { confidence: 0.7 }),
    ])
    .await;
    let ctx = swarm.ctx(json!({"data": {"k": 1}}));
    let started = Instant::now();
    let out = call(
        &ctx,
        "parallel",
        vec![swarm.handles.clone(), v(json!("summarize")), v(json!({"maxConcurrency": 1}))],
    )
    .await
    .unwrap()
    .to_json();
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "one call at a time: {:?}",
        started.elapsed()
    );
    assert_eq!(out[3]["result"], json!({"task": "summarize", "data": {"k": 1}}));
    let started = Instant::now();
    call(&ctx, "parallel", vec![swarm.handles.clone()]).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(550),
        "unbounded runs concurrently: {:?}",
        started.elapsed()
    );
    swarm.stop().await;
}

#[tokio::test]
async fn sequential_feeds_each_answer_to_the_next_agent() {
    let swarm = Swarm::start(vec![
        agent("plus1", &["math"], Script::Increment { by: 1.0, confidence: 0.9 }),
        agent("plus10", &["math"], Script::Increment { by: 10.0, confidence: 0.7 }),
        agent("plus100", &["math"], Script::Increment { by: 100.0, confidence: 0.8 }),
    ])
    .await;
    let ctx = swarm.ctx(json!({"data": {"n": 1}}));
    let out = call(&ctx, "sequential", vec![swarm.handles.clone(), v(json!("add"))])
        .await
        .unwrap()
        .to_json();
    assert_eq!(out["result"], json!({"n": 112}));
    assert_eq!(out["confidence"], json!(0.7), "the weakest step");
    assert_eq!(out["steps"].as_array().unwrap().len(), 3);
    assert_eq!(out["agentId"], json!("plus100"));
    swarm.stop().await;

    let swarm = Swarm::start(vec![
        agent("plus1", &["math"], Script::Increment { by: 1.0, confidence: 0.9 }),
        failing("broken"),
        agent("plus100", &["math"], Script::Increment { by: 100.0, confidence: 0.8 }),
    ])
    .await;
    let ctx = swarm.ctx(json!({"data": {"n": 1}}));
    let out = call(&ctx, "sequential", vec![swarm.handles.clone()]).await.unwrap().to_json();
    assert_eq!(out["confidence"], json!(0));
    assert_eq!(out["agentId"], json!("broken"));
    assert_eq!(swarm.calls[2].started(), 0, "the chain stops at the failure");
    swarm.stop().await;
}

#[tokio::test]
async fn race_returns_the_first_confident_answer_and_cancels_the_rest() {
    let swarm = Swarm::start(vec![
        agent(
            "fast-unsure",
            &["x"],
            Script::Answer { value: json!("maybe"), confidence: 0.3, delay_ms: 10 },
        ),
        agent(
            "sure",
            &["x"],
            Script::Answer { value: json!("yes"), confidence: 0.9, delay_ms: 150 },
        ),
        agent(
            "slow",
            &["x"],
            Script::Answer { value: json!("late"), confidence: 0.95, delay_ms: 1500 },
        ),
    ])
    .await;
    let ctx = swarm.ctx(json!({}));
    let started = Instant::now();
    let out = call(
        &ctx,
        "race",
        vec![swarm.handles.clone(), Value::Null, v(json!({"minConfidence": 0.8}))],
    )
    .await
    .unwrap()
    .to_json();
    assert!(started.elapsed() < Duration::from_millis(1000), "{:?}", started.elapsed());
    assert_eq!(out["agentId"], json!("sure"));
    assert_eq!(out["result"], json!("yes"));
    // The losing call is cancelled on the agent too: its analysis never finishes.
    tokio::time::sleep(Duration::from_millis(1800)).await;
    assert_eq!(swarm.calls[2].started(), 1);
    assert_eq!(swarm.calls[2].finished(), 0, "the slow agent's work was aborted");

    // Nobody meets the bar: the most confident answer seen.
    let out = call(
        &ctx,
        "race",
        vec![swarm.handles.clone(), Value::Null, v(json!({"minConfidence": 0.99}))],
    )
    .await
    .unwrap()
    .to_json();
    assert_eq!(out["agentId"], json!("slow"));
    swarm.stop().await;
}

#[tokio::test]
async fn retry_fallback_and_timeout_handle_flaky_failing_and_slow_agents() {
    let swarm = Swarm::start(vec![
        agent("flaky", &["x"], Script::Flaky { failures: 2, value: json!("ok"), confidence: 0.8 }),
        failing("broken"),
        answer("good", json!("fine"), 0.7),
        agent(
            "slow",
            &["x"],
            Script::Answer { value: json!("late"), confidence: 0.9, delay_ms: 2000 },
        ),
    ])
    .await;
    let ctx = swarm.ctx(json!({}));
    let out = call(
        &ctx,
        "retry",
        vec![thunk(swarm.handle(0), "t"), v(json!({"maxAttempts": 3, "delayMs": 10}))],
    )
    .await
    .unwrap()
    .to_json();
    assert_eq!(out["result"], json!("ok"));
    assert_eq!(swarm.calls[0].started(), 3, "two failures, then success");

    // Every attempt fails: the last failed result comes back.
    let out = call(
        &ctx,
        "retry",
        vec![thunk(swarm.handle(1), "t"), v(json!({"maxAttempts": 2, "backoff": "none"}))],
    )
    .await
    .unwrap()
    .to_json();
    assert_eq!(out["confidence"], json!(0));
    assert_eq!(swarm.calls[1].started(), 2);

    let out = call(
        &ctx,
        "fallback",
        vec![thunk(swarm.handle(1), "t"), thunk(swarm.handle(2), "t"), v(json!("never"))],
    )
    .await
    .unwrap()
    .to_json();
    assert_eq!(out["agentId"], json!("good"));

    let started = Instant::now();
    let out = call(
        &ctx,
        "timeout",
        vec![thunk(swarm.handle(3), "t"), v(json!(100)), Value::confident(v(json!("n/a")), 0.1)],
    )
    .await
    .unwrap();
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_eq!(conf(&out), (json!("n/a"), 0.1));
    let out = call(&ctx, "timeout", vec![thunk(swarm.handle(2), "t"), v(json!(2000))])
        .await
        .unwrap()
        .to_json();
    assert_eq!(out["result"], json!("fine"));
    swarm.stop().await;
}

#[tokio::test]
async fn circuit_opens_after_consecutive_failures_and_cache_reuses_results() {
    let swarm = Swarm::start(vec![failing("broken"), answer("good", json!(42), 0.9)]).await;
    let ctx = swarm.ctx(json!({}));
    let opts = v(json!({"failureThreshold": 2, "resetMs": 60000, "fallback": "cached answer"}));
    for _ in 0..2 {
        let out = call(
            &ctx,
            "circuit",
            vec![v(json!("test-breaker")), thunk(swarm.handle(0), "t"), opts.clone()],
        )
        .await
        .unwrap()
        .to_json();
        assert_eq!(out["confidence"], json!(0));
    }
    let out = call(
        &ctx,
        "circuit",
        vec![v(json!("test-breaker")), thunk(swarm.handle(0), "t"), opts.clone()],
    )
    .await
    .unwrap();
    assert_eq!(out.to_json(), json!("cached answer"));
    assert_eq!(swarm.calls[0].started(), 2, "an open circuit does not call the agent");
    let err = call(
        &ctx,
        "circuit",
        vec![v(json!("test-breaker")), thunk(swarm.handle(0), "t"), v(json!({}))],
    )
    .await
    .unwrap_err();
    assert_eq!(err.message(), "circuit(): Circuit 'test-breaker' is open");

    for _ in 0..3 {
        let out = call(
            &ctx,
            "cache",
            vec![v(json!("answer-key")), thunk(swarm.handle(1), "t"), v(json!(60000))],
        )
        .await
        .unwrap()
        .to_json();
        assert_eq!(out["result"], json!(42));
    }
    assert_eq!(swarm.calls[1].started(), 1, "cached for the ttl");
    swarm.stop().await;
}

#[tokio::test]
async fn escalate_and_delegate_find_agents_by_id_and_capability() {
    let swarm = Swarm::start(vec![
        answer("junior", json!("looks fine"), 0.4).with_expertise(0.3),
        agent("architect", &["security-architect", "review"], Script::Echo { confidence: 0.95 })
            .with_expertise(0.9),
        agent("senior", &["review"], Script::answer(json!("senior says"), 0.8)).with_expertise(0.8),
    ])
    .await;
    let ctx = swarm.ctx(json!({"task": "review", "data": {"code": "eval(x)"}}));
    let out = call(&ctx, "escalate", vec![v(json!("security-architect"))]).await.unwrap().to_json();
    assert_eq!(out["agentId"], json!("architect"));
    assert_eq!(out["result"], json!({"task": "review", "data": {"code": "eval(x)"}}));
    let out = call(&ctx, "escalate", vec![v(json!("junior")), v(json!("again"))])
        .await
        .unwrap()
        .to_json();
    assert_eq!(out["agentId"], json!("junior"), "an id wins over capabilities");
    let out = call(&ctx, "delegate", vec![v(json!("check")), v(json!("review"))])
        .await
        .unwrap()
        .to_json();
    assert_eq!(out["agentId"], json!("architect"), "the most expert reviewer");
    assert_eq!(out["result"]["task"], json!("check"));
    let out = call(&ctx, "escalate", vec![v(json!("nobody-has-this"))]).await.unwrap().to_json();
    assert_eq!(out["confidence"], json!(0));
    assert_eq!(out["error"], json!("no agent with id or capability 'nobody-has-this'"));
    swarm.stop().await;
}

#[tokio::test]
async fn escalate_reaches_agents_of_the_runs_source_beyond_the_selected_ones() {
    // As under `parallax run --local`: the run's agents are given in-process (with their
    // expertise), none is selected, and the environment names no agents.
    let swarm = Swarm::start(vec![
        agent("architect", &["security-architect"], Script::Echo { confidence: 0.9 })
            .with_expertise(0.9),
    ])
    .await;
    let source = prism_runtime::agents::SourceConfig {
        agents: Some(swarm.running.iter().map(|a| a.descriptor()).collect()),
        ..Default::default()
    };
    let input = Value::from_json(&json!({"task": "review", "data": {"code": "x"}}));
    let ctx = prism_std::Ctx::with_agent_source(input, Value::array(Vec::new()), host(), source);
    let out = call(&ctx, "escalate", vec![v(json!("security-architect"))]).await.unwrap().to_json();
    assert_eq!(out["agentId"], json!("architect"));
    assert_eq!(out["result"]["task"], json!("review"));
    swarm.stop().await;
}
