#!/usr/bin/env bash
# Benchmark: cold debug build of the generated full SDK crate alone (dependencies already
# built, non-incremental), all areas and the `connection` feature alone, RUNS times each
# (median, min, max), and the CPU time it took (steadier than the wall clock on a busy
# machine). Builds a copy of the workspace whose spec/ holds a Looker document, its
# reviewed copy and features refreshed with `generate` first.
#
# With `--against REV` it also builds the same document with the workspace as it was at git
# revision REV, in a second copy with its own target directory, alternating the two run by
# run (now, REV, REV, now, ...) so both see the same machine, and prints the ratio of their CPU
# medians.
#   scripts/bench-build.sh [--against REV] [DOCUMENT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
against=
if [ "${1:-}" = "--against" ]; then
  against=$(git rev-parse --short "${2:?--against needs a git revision}")
  shift 2
fi
spec=$(realpath "${1:-../shared/looker-specs/Looker.4.0.26.12.oas.json}")
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Each copy builds in its own `target/`: a shared one would mix the copies' build scripts.
unset CARGO_TARGET_DIR

# A workspace copy in $1 holding the tree as it is now, or, given $2, as it was at that revision.
make_copy() {
  mkdir -p "$1"
  if [ -n "${2:-}" ]; then
    git archive "$2" | tar -x -C "$1"
  else
    mkdir -p "$1/generator" "$1/cli"
    cp -r .cargo Cargo.toml Cargo.lock build.rs README.md src generated benches "$1/"
    # The runtime and the test documents' crate are workspace members (where they exist).
    for member in runtime looker-specs; do
      [ -d "$member" ] && cp -r "$member" "$1/"
    done
    cp -r generator/Cargo.toml generator/src "$1/generator/"
    cp -r cli/Cargo.toml cli/src "$1/cli/"
  fi
  rm -rf "$1/spec" && mkdir -p "$1/spec"
  cp "$spec" "$1/spec/looker-4.0.${spec##*.}"
  (cd "$1" && cargo codegen generate > /dev/null)
}

# One cold build of looker-sdk in copy $1 with features $2: "wall_ms cpu_ms".
cold_build() {
  (
    cd "$1"
    cargo clean --quiet -p looker-sdk
    # The runtime is a crate of its own since the split; a cold build of the SDK builds it too.
    cargo clean --quiet -p looker-sdk-rtl 2>/dev/null || true
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    cpu=$( { /usr/bin/time -f "%U %S" cargo build --quiet $2; } 2>&1 | tail -n 1)
    end=$(date +%s%N)
    echo "$(((end - start) / 1000000)) $(echo "$cpu" | awk '{ printf "%d", ($1 + $2) * 1000 }')"
  )
}

# Median and min of the wall and CPU columns of file $1, labelled $2; sets $cpu_median.
summarize() {
  local wall cpu
  wall=$(cut -d' ' -f1 "$1" | sort -n)
  cpu=$(cut -d' ' -f2 "$1" | sort -n)
  cpu_median=$(echo "$cpu" | awk '{ c[NR] = $1 } END { print c[int((NR + 1) / 2)] }')
  paste <(echo "$wall") <(echo "$cpu") | awk -v what="$2" '{ t[NR] = $1; c[NR] = $2 } END {
    printf "cold build of looker-sdk %s: median %d ms (min %d, max %d) over %d runs;" \
      " CPU time (user + system) median %d ms (min %d)\n",
      what, t[int((NR + 1) / 2)], t[1], t[NR], NR, c[int((NR + 1) / 2)], c[1] }'
}

export CARGO_INCREMENTAL=0
copies=("$work/now")
make_copy "$work/now"
if [ -n "$against" ]; then
  copies+=("$work/$against")
  make_copy "$work/$against" "$against"
fi
for features in "" "--no-default-features --features connection"; do
  for copy in "${copies[@]}"; do        # dependencies, build script, generated code
    # shellcheck disable=SC2086
    (cd "$copy" && cargo build --quiet $features)
  done
  for run in $(seq "$runs"); do
    order=("${copies[@]}")
    if [ $((run % 2)) -eq 0 ]; then          # every other run the other way round
      mapfile -t order < <(printf '%s\n' "${copies[@]}" | tac)
    fi
    for copy in "${order[@]}"; do
      cold_build "$copy" "$features" >> "$copy/times"
    done
  done
  what=${features:-(all areas)}
  summarize "$work/now/times" "$what"
  now_cpu=$cpu_median
  if [ -n "$against" ]; then
    summarize "$work/$against/times" "$what at $against"
    awk -v a="$now_cpu" -v b="$cpu_median" -v rev="$against" \
      'BEGIN { if (b > 0) printf "CPU time now / at %s: %.3f\n", rev, a / b }'
  fi
  for copy in "${copies[@]}"; do rm -f "$copy/times"; done
done
