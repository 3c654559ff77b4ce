#!/usr/bin/env bash
# Benchmark: throughput of a streamed answer from a loopback stand-in, the SDK's `write_to`
# against reqwest streaming the same body directly, alternating in one run (release build).
# Prints both rates (median over ROUNDS) and the ratio SDK / reqwest.
#   scripts/bench-stream.sh [MiB] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench stream_throughput -- "${1:-1024}" "${2:-5}"
