#!/usr/bin/env bash
# Benchmark: generate the full SDK from one Looker document (read, parse, repair, model, emit,
# format, write into an empty directory), RUNS times; prints the median and range of the wall
# time and the peak resident memory of one run.
#
# With `--against REV` it also builds the generator as it was at git revision REV (in a copy
# with its own target directory), alternates the two run by run (now, REV, REV, now, ...) so
# both see the same machine, and prints the ratio of their medians.
#   scripts/bench-generate.sh [--against REV] [DOCUMENT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
against=
if [ "${1:-}" = "--against" ]; then
  against=$(git rev-parse --short "${2:?--against needs a git revision}")
  shift 2
fi
spec=$(realpath "${1:-../shared/looker-specs/Looker.4.0.26.12.oas.json}")
runs=${2:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet -p looker-codegen-cli
bins=("${CARGO_TARGET_DIR:-$PWD/target}/release/looker-codegen")
labels=("now")
if [ -n "$against" ]; then
  mkdir "$work/$against"
  git archive "$against" | tar -x -C "$work/$against"
  (cd "$work/$against" && CARGO_TARGET_DIR="$work/$against/target" \
    cargo build --release --quiet -p looker-codegen-cli)
  bins+=("$work/$against/target/release/looker-codegen")
  labels+=("at $against")
fi

for run in $(seq "$runs"); do
  order=("${!bins[@]}")
  if [ $((run % 2)) -eq 0 ]; then            # every other run the other way round
    mapfile -t order < <(printf '%s\n' "${!bins[@]}" | tac)
  fi
  for i in "${order[@]}"; do
    rm -rf "$work/sdk"
    start=$(date +%s%N)
    "${bins[$i]}" generate --spec "$spec" --out "$work/sdk" >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000000)) >> "$work/times-$i"
  done
done
medians=()
for i in "${!bins[@]}"; do
  # "median min max count" of the sorted times
  read -r median min max count < <(sort -n "$work/times-$i" |
    awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)], t[1], t[NR], NR }')
  echo "generate (${labels[$i]}): median $median ms (min $min, max $max) over $count runs"
  medians+=("$median")
  if [ -x /usr/bin/time ]; then
    rm -rf "$work/sdk"
    /usr/bin/time -f "peak memory (${labels[$i]}): %M KiB" \
      "${bins[$i]}" generate --spec "$spec" --out "$work/sdk" >/dev/null
  fi
done
if [ -n "$against" ]; then
  awk -v a="${medians[0]}" -v b="${medians[1]}" -v rev="$against" \
    'BEGIN { if (b > 0) printf "generate time now / at %s: %.3f\n", rev, a / b }'
fi
