#!/usr/bin/env bash
# Benchmark: diff two Looker documents (read, parse, repair, model both on two threads, compare
# the document lists and the Rust surfaces, render Markdown), RUNS times; prints the median and
# range of the wall time and the peak resident memory of one run.
#   scripts/bench-diff.sh [OLD] [NEW] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:-../shared/looker-specs/Looker.4.0.21.0.oas.json}
new=${2:-../shared/looker-specs/Looker.4.0.26.12.oas.json}
runs=${3:-21}
cargo build --release --quiet -p looker-codegen-cli
bin=target/release/looker-codegen
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" diff "$old" "$new" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
done | sort -n | awk '{ t[NR] = $1 } END { printf "diff: median %d ms (min %d, max %d) over %d runs\n", t[int((NR + 1) / 2)], t[1], t[NR], NR }'
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "peak memory: %M KiB, cpu: %U s user + %S s system" "$bin" diff "$old" "$new" >/dev/null
fi
