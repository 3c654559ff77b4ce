#!/usr/bin/env bash
# Benchmark: generate the full SDK from one Looker document (read, parse, repair, model, emit,
# format, write into an empty directory), RUNS times; prints the median and range of the wall
# time and the peak resident memory of one run.
#   scripts/bench-generate.sh [DOCUMENT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-../shared/looker-specs/Looker.4.0.26.12.oas.json}
runs=${2:-21}
cargo build --release --quiet -p looker-codegen-cli
bin=target/release/looker-codegen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for _ in $(seq "$runs"); do
  rm -rf "$out/sdk"
  start=$(date +%s%N)
  "$bin" generate --spec "$spec" --out "$out/sdk" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
done | sort -n | awk '{ t[NR] = $1 } END { printf "generate: median %d ms (min %d, max %d) over %d runs\n", t[int((NR + 1) / 2)], t[1], t[NR], NR }'
rm -rf "$out/sdk"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "peak memory: %M KiB" "$bin" generate --spec "$spec" --out "$out/sdk" >/dev/null
fi
