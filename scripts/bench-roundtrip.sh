#!/usr/bin/env bash
# Benchmark: `create_connection` round trips on loopback, the SDK against raw reqwest +
# serde_json doing the same request, in the same run (benches/roundtrip.rs); prints calls per
# second of each, their ratio, and how much of the difference is decoding the answer.
#   scripts/bench-roundtrip.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench roundtrip
