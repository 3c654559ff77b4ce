#!/usr/bin/env bash
# Benchmark: cold debug build of the generated full SDK crate alone (dependencies already
# built, non-incremental), all areas and the `connection` feature alone, RUNS times each
# (median, min, max), and the CPU time it took (steadier than the wall clock on a busy
# machine). Builds a copy of the workspace whose spec/ holds a Looker document, its
# reviewed copy and features refreshed with `generate` first.
#   scripts/bench-build.sh [DOCUMENT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
spec=$(realpath "${1:-../shared/looker-specs/Looker.4.0.26.12.oas.json}")
runs=${2:-5}
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
mkdir -p "$copy/generator" "$copy/cli" "$copy/spec"
cp -r .cargo Cargo.toml Cargo.lock build.rs README.md src generated benches "$copy/"
cp -r generator/Cargo.toml generator/src "$copy/generator/"
cp -r cli/Cargo.toml cli/src "$copy/cli/"
cp "$spec" "$copy/spec/looker-4.0.${spec##*.}"
cd "$copy"
export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$copy/target"
cargo run --quiet -p looker-codegen-cli -- generate > /dev/null
for features in "" "--no-default-features --features connection"; do
  cargo build --quiet $features          # dependencies, build script, generated code
  for _ in $(seq "$runs"); do
    cargo clean --quiet -p looker-sdk
    start=$(date +%s%N)
    cpu=$( { /usr/bin/time -f "%U %S" cargo build --quiet $features; } 2>&1 | tail -n 1)
    end=$(date +%s%N)
    echo "$(((end - start) / 1000000)) $(echo "$cpu" | awk '{ printf "%d", ($1 + $2) * 1000 }')"
  done | sort -n | awk -v what="${features:-(all areas)}" '{ t[NR] = $1; c[NR] = $2 } END {
    for (i = 2; i <= NR; i++) for (j = i; j > 1 && c[j - 1] > c[j]; j--) { x = c[j]; c[j] = c[j - 1]; c[j - 1] = x }
    printf "cold build of looker-sdk %s: median %d ms (min %d, max %d) over %d runs;" \
      " CPU time (user + system) median %d ms (min %d)\n",
      what, t[int((NR + 1) / 2)], t[1], t[NR], NR, c[int((NR + 1) / 2)], c[1] }'
done
