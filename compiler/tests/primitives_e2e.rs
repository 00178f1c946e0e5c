//! Patterns that import the primitive library, compiled by `prismc build` into executables
//! linking prism-std, run against real scripted agents served by this test on 127.0.0.1 and
//! found through `PARALLAX_LOCAL_AGENTS`: agreeing, disagreeing, slow and failing agents with
//! known answers.

use parallax_example_agents::scripted::{Script, ScriptedAgent, local_agents_env, serve_all};
use prism_runtime::agents::sdk::RunningAgent;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/primitives");

fn built() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let target =
            exe.parent().and_then(Path::parent).and_then(Path::parent).expect("target directory");
        let dir = target.join("prismc-e2e").join("primitives");
        let _ = std::fs::remove_dir_all(dir.join("out"));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        let out = Command::new(env!("CARGO_BIN_EXE_prismc"))
            .arg("build")
            .arg(Path::new(FIXTURES).join("security_gate.prism"))
            .arg(Path::new(FIXTURES).join("triage.prism"))
            .arg(Path::new(FIXTURES).join("code_review_gate.prism"))
            .arg("--out-dir")
            .arg(dir.join("out"))
            .arg("--build-dir")
            .arg(dir.join("build"))
            .output()
            .expect("prismc runs");
        assert!(
            out.status.success(),
            "prismc build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

fn run(name: &str, input: &Value, agents: &str) -> Value {
    let dir = built();
    let input_path = dir.join(format!("{name}.input.json"));
    std::fs::write(&input_path, input.to_string()).expect("write input");
    let out: Output = Command::new(dir.join("out").join(name))
        .args(["run", "--input"])
        .arg(&input_path)
        .env("PARALLAX_LOCAL_AGENTS", agents)
        .env_remove("PARALLAX_ETCD_ENDPOINTS")
        .output()
        .expect("pattern executable runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

fn reviewer(id: &str, verdict: &str, confidence: f64) -> ScriptedAgent {
    ScriptedAgent::new(id, &["security"], Script::answer(json!(verdict), confidence))
}

async fn serve(agents: Vec<ScriptedAgent>) -> (Vec<RunningAgent>, String) {
    let running = serve_all(agents).await.expect("agents start");
    let env = local_agents_env(&running.iter().map(RunningAgent::descriptor).collect::<Vec<_>>());
    (running, env)
}

async fn stop(running: Vec<RunningAgent>) {
    for agent in running {
        agent.shutdown().await.expect("agent stops");
    }
}

fn architect() -> ScriptedAgent {
    ScriptedAgent::new(
        "architect",
        &["security-architect"],
        Script::answer(json!({"verdict": "needs-fix"}), 0.99),
    )
}

#[test]
fn the_issue_example_accepts_agreement_and_escalates_disagreement() {
    built();
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    let input = json!({"task": "review", "data": {"code": "eval(input)"}});

    // Three agreeing, confident reviewers: 1.0 × 0.95 passes the 0.9 bar.
    let (running, env) = rt.block_on(serve(vec![
        reviewer("s1", "safe", 0.95),
        reviewer("s2", "safe", 0.95),
        reviewer("s3", "safe", 0.95),
        architect(),
    ]));
    let out = run("security_gate", &input, &env);
    assert_eq!(out["value"], json!("safe"));
    assert!((out["confidence"].as_f64().unwrap() - 0.95).abs() < 1e-9, "{out}");
    rt.block_on(stop(running));

    // Two against one is 67% agreement, below 80%: the architect (not among the selected
    // `security` agents) decides.
    let (running, env) = rt.block_on(serve(vec![
        reviewer("s1", "safe", 0.9),
        reviewer("s2", "safe", 0.9),
        reviewer("s3", "unsafe", 0.9),
        architect(),
    ]));
    let out = run("security_gate", &input, &env);
    assert_eq!(out["value"]["agentId"], json!("architect"), "{out}");
    assert_eq!(out["value"]["result"], json!({"verdict": "needs-fix"}));
    assert_eq!(out["confidence"], json!(0.99));
    rt.block_on(stop(running));

    // Every reviewer fails: no consensus, escalation again.
    let failing =
        |id: &str| ScriptedAgent::new(id, &["security"], Script::Fail { message: "down".into() });
    let (running, env) = rt.block_on(serve(vec![failing("s1"), failing("s2"), architect()]));
    let out = run("security_gate", &input, &env);
    assert_eq!(out["value"]["agentId"], json!("architect"), "{out}");
    rt.block_on(stop(running));
}

#[test]
fn a_pattern_composing_seventeen_primitives_runs_against_real_agents() {
    built();
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    let classify = |id: &str, label: &str, c: f64, delay_ms: u64| {
        ScriptedAgent::new(
            id,
            &["classify"],
            Script::Answer { value: json!(label), confidence: c, delay_ms },
        )
    };
    let (running, env) = rt.block_on(serve(vec![
        classify("a1", "spam", 0.9, 0),
        classify("a2", "spam", 0.8, 0),
        classify("a3", "ham", 0.6, 0),
        ScriptedAgent::new("broken", &["classify"], Script::Fail { message: "down".into() }),
        classify("slow", "spam", 0.99, 3000),
    ]));
    let started = std::time::Instant::now();
    let out = run("triage", &json!({"task": "classify", "data": {"text": "WIN $$$"}}), &env);
    let elapsed = started.elapsed();
    rt.block_on(stop(running));
    let v = &out["value"];
    let close = |a: &Value, b: f64| (a.as_f64().unwrap_or(f64::NAN) - b).abs() < 1e-9;
    let mut answered: Vec<&str> =
        v["answered"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    answered.sort_unstable();
    assert_eq!(answered, ["a1", "a2", "a3"], "{out}");
    assert_eq!(v["top"], json!(["a1", "a2"]));
    assert_eq!(v["vote"]["value"], json!("spam"));
    assert!(close(&v["vote"]["confidence"], (1.7 / 2.3) * 0.85), "{out}");
    assert!(close(&v["stale"]["confidence"], (1.7 / 2.3) * 0.85 * 0.5), "{out}");
    assert!(close(&v["quorumConfidence"], (0.9 + 0.8 + 0.6) / 3.0), "{out}");
    assert_eq!(v["quick"], json!("a1"));
    assert_eq!(v["backup"], json!("a2"));
    assert_eq!(v["patience"], json!({"value": "too slow", "confidence": 0.1}));
    assert_eq!(v["scaled"], json!({"value": 4, "confidence": 0.5}));
    assert_eq!(v["doubled"], json!([2, 4, 6]));
    assert!(close(&v["mean"]["value"], 11.0), "{out}");
    assert_eq!(v["gated"], json!(2));
    assert_eq!(v["split"], json!([2, 1]));
    assert!(close(&out["confidence"], (0.9 + 0.8 + 0.6) / 3.0), "{out}");
    // The slow agent was cut off by parallel's timeoutMs, ignored by race and by timeout.
    assert!(elapsed < std::time::Duration::from_millis(2800), "{elapsed:?}");
}

#[test]
fn a_code_review_gate_composes_primitives_over_the_example_reviewers() {
    built();
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    let agents = rt.block_on(parallax_example_agents::start_local_agents()).expect("agents start");
    let code = "const password = \"hunter2\"\nquery(\"SELECT * FROM users WHERE id = \" + id)\nfor (a of xs) { for (b of ys) { eval(b) } }\n";
    let out = run(
        "code_review_gate",
        &json!({"task": "review", "data": {"code": code}}),
        &agents.local_agents_env(),
    );
    rt.block_on(agents.shutdown()).expect("agents stop");
    let v = &out["value"];
    assert_eq!(v["reviewers"], json!(3), "{out}");
    assert_eq!(
        v["severe"],
        json!(["hardcoded-secret", "sql-concatenation", "dynamic-code-execution"]),
        "{out}"
    );
    assert_eq!(v["worst"], json!(["security"]), "the lowest score comes first: {out}");
    // The reviewers disagree on the verdict, so the weighted vote is not confident and the
    // security reviewer is asked again.
    let verdict_confidence = v["verdict"]["confidence"].as_f64().expect("confident verdict");
    assert!(verdict_confidence < 0.5, "{out}");
    assert_eq!(v["secondOpinion"], json!("code-review-security-1"), "{out}");
    let c = out["confidence"].as_f64().expect("confidence");
    assert!(c > 0.0 && c <= 0.95, "the weakest reviewer's confidence: {out}");
}
