#!/usr/bin/env bash
# The main job, as in the README: build the `parallax` binary (its build.rs compiles every
# bundled pattern) and run the code-review pattern against the example agents, which
# `--local` starts in-process on 127.0.0.1. Prints the decision as JSON with its confidence.
#
#   bash scripts/demo.sh [INPUT_JSON]        (default: examples/inputs/pr.json)
#
# The same pattern as a standalone executable with agents in separate processes:
#   cargo run --release -p prismc -- build patterns/code-review.prism --out-dir bin --release
#   cargo run --release -p parallax-example-agents --bin example-agent -- --kind code-review-security --port 0
#   PARALLAX_LOCAL_AGENTS='<printed line>;…' bin/code-review run --input examples/inputs/pr.json
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-examples/inputs/pr.json}
exec cargo run --release --locked -q -- run code-review --local --input "$input"
