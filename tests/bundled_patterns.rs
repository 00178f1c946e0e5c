//! Every bundled pattern, run by the `parallax` binary against the example agents (`--local`:
//! real gRPC servers started on 127.0.0.1 inside the binary) with its example input from
//! `examples/inputs/`, and the answer each must give.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(root())
        .env_remove("PARALLAX_LOCAL_AGENTS")
        .env_remove("PARALLAX_ETCD_ENDPOINTS")
        .output()
        .expect("parallax runs")
}

/// The example input of a pattern: `examples/inputs/<stem>.json` (`pr.json` for code review).
fn example_input(stem: &str) -> PathBuf {
    let name = if stem == "code-review" { "pr" } else { stem };
    root().join("examples").join("inputs").join(format!("{name}.json"))
}

fn run_example(stem: &str) -> Value {
    let input = example_input(stem);
    let out = parallax(&["run", stem, "--local", "--input", input.to_str().expect("utf-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stem}: stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("one JSON object on stdout");
    let confidence = result["confidence"].as_f64().expect("a numeric confidence");
    assert!((0.0..=1.0).contains(&confidence), "{stem}: {result}");
    result
}

fn stems() -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(root().join("patterns"))
        .expect("patterns/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "prism"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    stems.sort();
    stems
}

#[test]
fn the_library_covers_the_reference_patterns_each_with_an_example_input() {
    let stems = stems();
    assert!(stems.len() >= 12, "{stems:?}");
    for stem in &stems {
        assert!(example_input(stem).is_file(), "no example input for {stem}");
        let text = std::fs::read_to_string(root().join("patterns").join(format!("{stem}.prism")))
            .expect("pattern text");
        for tag in ["@name", "@description", "@input", "@agents"] {
            assert!(text.contains(tag), "{stem} has no {tag}");
        }
    }
    let listed = parallax(&["list", "--json"]);
    assert_eq!(listed.status.code(), Some(0));
    let listed: Value = serde_json::from_slice(&listed.stdout).expect("JSON list");
    assert_eq!(listed.as_array().map(Vec::len), Some(stems.len()));
}

#[test]
fn code_review_blocks_the_example_pull_request() {
    let r = run_example("code-review");
    assert_eq!(r["value"]["decision"], "request-changes");
    let rules: Vec<&str> = r["value"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"hardcoded-secret") && rules.contains(&"sql-concatenation"),
        "{rules:?}"
    );
}

#[test]
fn consensus_patterns() {
    let simple = run_example("simple-consensus");
    assert_eq!(simple["value"]["answer"], "billing");
    assert_eq!(simple["value"]["agreement"], json!(1));
    // The majority (rules and subject) says billing; weighting by expertise and confidence
    // sides with the keyword classifier's strong `bug`.
    let weighted = run_example("weighted-consensus");
    assert_eq!(weighted["value"]["answer"], "bug");
    assert_eq!(weighted["value"]["alternatives"][0]["answer"], "billing");
    assert!(weighted["confidence"].as_f64() < simple["confidence"].as_f64());
    let voting = run_example("voting");
    assert_eq!(voting["value"]["winner"], "feature-request");
    assert_eq!(voting["value"]["votes"]["feature-request"], json!(3));
}

#[test]
fn disagreement_routing_and_cascades() {
    let dispute = run_example("epistemic-disagreement");
    assert_eq!(dispute["value"]["status"], "disputed");
    assert_eq!(dispute["value"]["leading"], "account");
    assert_eq!(dispute["value"]["positions"][1]["answer"], "security");
    assert!(dispute["confidence"].as_f64().expect("confidence") < 0.6);

    let routed = run_example("uncertainty-router");
    assert_eq!(routed["value"]["route"], "automatic");
    assert_eq!(routed["value"]["answer"]["value"], "billing");

    let cascade = run_example("confidence-cascade");
    assert_eq!(cascade["value"]["answer"], "billing");
    assert_eq!(cascade["value"]["escalated"], json!(false));
    let attempts = cascade["value"]["attempts"].as_array().expect("attempts");
    assert_eq!(attempts[0]["answer"], "other", "the cheapest agent is asked first");

    let robust = run_example("robust-analysis");
    // The agreed answer carries the consensus primitive's confidence.
    assert_eq!(robust["value"]["answer"]["value"], "bug");
    assert_eq!(robust["value"]["answer"]["confidence"], robust["confidence"]);
    assert_eq!(robust["value"]["outliers"][0]["agent"], "Ticket classifier (subject)");
}

#[test]
fn gates_documents_and_extraction() {
    let gate = run_example("quality-gate");
    assert_eq!(gate["value"]["passed"], json!(true));
    assert_eq!(gate["value"]["checks"].as_array().map(Vec::len), Some(3));

    let doc = run_example("document-analysis");
    assert_eq!(doc["value"]["title"], "Release 2.4 notes");
    assert_eq!(doc["value"]["sentiment"]["label"], "positive");
    assert_eq!(doc["value"]["entities"]["emails"], json!(["support@example.com"]));
    assert_eq!(doc["value"]["contributors"].as_array().map(Vec::len), Some(4));

    let extracted = run_example("extraction");
    let emails = &extracted["value"]["fields"]["emails"];
    assert_eq!(emails[0]["value"], "ana.lopez@example.com");
    assert_eq!(emails[0]["support"], json!(1));
    assert_eq!(emails[1]["value"], "bo@example.org");
    assert!(emails[1]["support"].as_f64().expect("support") < 0.5, "only the lenient one saw it");

    let translation = run_example("translation-verification");
    assert_eq!(translation["value"]["verdict"], "accurate");
    assert_eq!(translation["value"]["unanimous"], json!(true));
}

#[test]
fn exploration_and_architecture_review() {
    let packed = run_example("parallel-exploration");
    assert_eq!(packed["value"]["strategy"], "first-fit-decreasing");
    assert_eq!(packed["value"]["binCount"], json!(4));
    assert_eq!(packed["value"]["provenOptimal"], json!(true));
    assert_eq!(packed["value"]["improvement"], json!(2));
    assert_eq!(packed["confidence"], json!(1.0));

    let review = run_example("architecture-security-review");
    assert_eq!(review["value"]["verdict"], "revise");
    let rules: Vec<&str> = review["value"]["threats"]
        .as_array()
        .expect("threats")
        .iter()
        .filter_map(|t| t["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"unauthenticated-peers") && rules.contains(&"open-registry"),
        "{rules:?}"
    );
    let controls = review["value"]["controls"].as_array().expect("controls");
    assert!(controls.iter().any(|c| c.as_str().is_some_and(|c| c.starts_with("input-validation"))));
}

#[test]
fn usage_errors_are_clear_and_exit_2() {
    let unknown = parallax(&["run", "no-such-pattern", "--local"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("code-review"));

    // @name works as well as the file name.
    let described = parallax(&["describe", "CodeReview"]);
    assert_eq!(described.status.code(), Some(0));
    let spec: Value = serde_json::from_slice(&described.stdout).expect("JSON");
    assert_eq!(spec["agents"]["capabilities"], json!(["code-review"]));

    let bad = std::env::temp_dir().join(format!("parallax-bad-{}.json", std::process::id()));
    std::fs::write(&bad, r#"{"data": 3}"#).expect("write input");
    let invalid =
        parallax(&["run", "code-review", "--local", "--input", bad.to_str().expect("utf-8")]);
    assert_eq!(invalid.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("input.data"));
    let _ = std::fs::remove_file(&bad);

    let conflicting = parallax(&["run", "voting", "--local", "--etcd", "http://127.0.0.1:1"]);
    assert_eq!(conflicting.status.code(), Some(2));
}

#[test]
fn without_agents_the_run_fails_with_a_hint() {
    let input = example_input("voting");
    let out = parallax(&["run", "voting", "--input", input.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Not enough agents") && stderr.contains("--local"), "{stderr}");
}

#[test]
fn agents_from_a_file_or_the_environment_instead_of_local() {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let agents = runtime
        .block_on(parallax_example_agents::start_local_agents())
        .expect("example agents start");
    // An agent file keeps each agent's expertise, which weighted consensus depends on.
    let list: Vec<Value> = agents
        .descriptors()
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "name": d.name,
                "endpoint": d.endpoint,
                "capabilities": d.capabilities,
                "expertise": d.expertise,
            })
        })
        .collect();
    let file = std::env::temp_dir().join(format!("parallax-agents-{}.json", std::process::id()));
    std::fs::write(&file, Value::Array(list).to_string()).expect("write agent file");
    let input = example_input("weighted-consensus");
    let out = parallax(&[
        "run",
        "weighted-consensus",
        "--agents",
        file.to_str().expect("utf-8"),
        "--input",
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(result, run_example("weighted-consensus"), "same agents, same answer");
    let _ = std::fs::remove_file(&file);

    let input = example_input("code-review");
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["run", "code-review", "--input", input.to_str().expect("utf-8")])
        .env("PARALLAX_LOCAL_AGENTS", agents.local_agents_env())
        .env_remove("PARALLAX_ETCD_ENDPOINTS")
        .output()
        .expect("parallax runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(result["value"]["decision"], "request-changes");
    runtime.block_on(agents.shutdown()).expect("agents stop");
}
