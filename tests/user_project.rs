//! `examples/user-project`, a standalone crate whose build.rs compiles its patterns with
//! `prismc::Config`, built with cargo and run against the example agents; then the build is
//! repeated to check that cargo reruns prismc exactly when a pattern changes.
//!
//! The project gets its own target directory under this build's target directory, kept
//! between runs, so only the first run pays for compiling its dependencies.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime};

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("user-project")
}

fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test> → target/user-project
    exe.parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .expect("target directory")
        .join("user-project")
}

fn cargo_build() -> (Output, Duration) {
    let started = Instant::now();
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--manifest-path"])
        .arg(project().join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    let took = started.elapsed();
    assert!(out.status.success(), "cargo build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    (out, took)
}

fn recompiled(out: &Output) -> bool {
    String::from_utf8_lossy(&out.stderr).contains("Compiling parallax-user-project")
}

fn run(args: &[&str], agents: &str) -> Value {
    let exe = target_dir()
        .join("debug")
        .join(format!("parallax-user-project{}", std::env::consts::EXE_SUFFIX));
    let out = Command::new(exe)
        .args(args)
        .env("PARALLAX_LOCAL_AGENTS", agents)
        .env_remove("PARALLAX_ETCD_ENDPOINTS")
        .output()
        .expect("the user project's binary runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

#[test]
fn a_user_crate_compiles_its_patterns_in_build_rs_and_rebuilds_only_when_they_change() {
    // Seed the lock file from the repository's on every run, as `prismc build` does: the
    // same dependency versions, no registry lookups, never a stale lock (cargo prunes it).
    let lock = project().join("Cargo.lock");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"), &lock)
        .expect("seed Cargo.lock");
    let (_, first) = cargo_build();

    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let agents = runtime
        .block_on(parallax_example_agents::start_local_agents())
        .expect("example agents start");
    let env = agents.local_agents_env();

    let stats = run(&["word-stats", "prism", "compiles", "patterns"], &env);
    assert_eq!(stats["value"]["words"], 3);
    assert_eq!(stats["value"]["longest"], "compiles");
    assert_eq!(stats["confidence"], 1.0);

    let mood = run(&["ReviewMood", "I love it, the new release is great"], &env);
    assert_eq!(mood["value"]["mood"], "positive");
    assert_eq!(mood["value"]["agent"], "Lexicon sentiment analyser");
    assert!(mood["confidence"].as_f64().expect("confidence") > 0.5, "{mood}");
    runtime.block_on(agents.shutdown()).expect("agents stop");

    // Nothing changed: cargo neither reruns the build script nor recompiles the crate.
    let (again, unchanged) = cargo_build();
    assert!(!recompiled(&again), "{}", String::from_utf8_lossy(&again.stderr));

    // A touched pattern reruns prismc (cargo:rerun-if-changed) and rebuilds the crate.
    let pattern = project().join("patterns").join("word-stats.prism");
    std::fs::File::options()
        .append(true)
        .open(&pattern)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .expect("touch the pattern");
    let (touched, rebuilt) = cargo_build();
    assert!(recompiled(&touched), "{}", String::from_utf8_lossy(&touched.stderr));
    eprintln!(
        "user project build times: first {first:?}, no change {unchanged:?}, touched pattern {rebuilt:?}"
    );
}
