#!/usr/bin/env bash
# The whole test suite: every crate's unit, integration and doc tests, the conformance cases of
# ../shared/conformance included.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked
