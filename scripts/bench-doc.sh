#!/usr/bin/env bash
# Benchmark: `cargo doc --no-deps` of a crate of your own with Looker's full 26.12 API (the
# own-crate example), as a user meets it: the crate built first (`cargo build`, not timed), then
# its first `cargo doc --no-deps` (dependencies checked for rustdoc, the build script, rustdoc of
# the crate), then RUNS times an edit of `src/lib.rs` followed by `cargo doc --no-deps` into an
# emptied doc directory. Prints each time and the size of the `LookerSdk` page.
#
# With `--against REV` it does the same with the tree as it was at git revision REV, in its own
# target directory, alternating the two run by run (now, REV, REV, now, ...).
#   scripts/bench-doc.sh [--against REV] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
against=
if [ "${1:-}" = "--against" ]; then
  against=$(git rev-parse --short "${2:?--against needs a git revision}")
  shift 2
fi
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset CARGO_TARGET_DIR
gunzip -c looker-specs/documents/Looker.4.0.26.12.oas.json.gz > "$work/Looker.4.0.26.12.oas.json"
# The example's build script reads its document from here (older trees have no other source).
export LOOKER_DOCUMENT="$work/Looker.4.0.26.12.oas.json"

# The tree as committed at revision $2 (HEAD for now) in $work/$1.
make_copy() {
  mkdir -p "$work/$1"
  git archive "$2" | tar -x -C "$work/$1"
}

# Seconds taken by `cargo $2..` in copy $1's example, with its own target directory.
timed() {
  local copy=$1
  shift
  (
    cd "$work/$copy/examples/own_crate"
    start=$(date +%s%N)
    CARGO_TARGET_DIR="$work/$copy-target" cargo "$@" --quiet 2> "$work/$copy.log" ||
      { cat "$work/$copy.log" >&2; exit 1; }
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN { printf "%.1f", ns / 1e9 }'
  )
}

# The size of copy $1's `LookerSdk` page, in KB (the largest of that name: a re-export's page
# may be a redirect to it).
page_kb() {
  find "$work/$1-target/doc" -name 'struct.LookerSdk.html' -printf '%s\n' |
    sort -n | tail -n 1 | awk '{ printf "%d", $1 / 1024 }'
}

copies=(now)
make_copy now HEAD
if [ -n "$against" ]; then
  copies+=("$against")
  make_copy "$against" "$against"
fi
for copy in "${copies[@]}"; do
  built=$(timed "$copy" build)
  first=$(timed "$copy" doc --no-deps)
  echo "$copy: cargo build ${built} s, then the first cargo doc --no-deps ${first} s; LookerSdk page $(page_kb "$copy") KB"
done
for run in $(seq "$runs"); do
  order=("${copies[@]}")
  if [ $((run % 2)) -eq 0 ]; then
    mapfile -t order < <(printf '%s\n' "${copies[@]}" | tac)
  fi
  for copy in "${order[@]}"; do
    rm -rf "$work/$copy-target/doc"
    echo "// edited" >> "$work/$copy/examples/own_crate/src/lib.rs"
    echo "$copy: run $run: edit, then cargo doc --no-deps: $(timed "$copy" doc --no-deps) s"
  done
done
