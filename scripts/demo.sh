#!/usr/bin/env bash
# The main job: compile the bundled code-review pattern to a native executable and run it
# against the bundled example agents (three code reviewers: security, quality, performance),
# started on 127.0.0.1 with OS-assigned ports. Prints the decision as JSON with its confidence.
#
#   bash scripts/demo.sh [INPUT_JSON]        (default: examples/inputs/pr.json)
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-examples/inputs/pr.json}
target=${CARGO_TARGET_DIR:-target}

echo "== building prismc and the example agents (release)" >&2
cargo build --release --locked -q -p prismc -p parallax-example-agents

echo "== compiling patterns/code-review.prism" >&2
"$target/release/prismc" build patterns/code-review.prism --out-dir "$target/patterns" --release

workdir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$workdir"
}
trap cleanup EXIT

echo "== starting the example agents on loopback" >&2
for kind in code-review-security code-review-quality code-review-performance; do
  "$target/release/example-agent" --kind "$kind" --id "$kind" --port 0 >"$workdir/$kind" &
  pids+=("$!")
done
agents=()
for kind in code-review-security code-review-quality code-review-performance; do
  for _ in $(seq 1 100); do
    [ -s "$workdir/$kind" ] && break
    sleep 0.05
  done
  agents+=("$(head -n 1 "$workdir/$kind")")
done
export PARALLAX_LOCAL_AGENTS
PARALLAX_LOCAL_AGENTS=$(IFS=';'; echo "${agents[*]}")

echo "== running code-review on $input" >&2
"$target/patterns/code-review" run --input "$input"
