#!/usr/bin/env bash
# Benchmark: generate the full SDK from the Swagger 2.0 form and from the OpenAPI 3.0 form of
# the same Looker release, alternating, RUNS times each in the same run; prints the median wall
# time of each and their ratio (Swagger / OpenAPI).
#   scripts/bench-swagger.sh [RELEASE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
release=${1:-26.12}
runs=${2:-15}
specs=${LOOKER_SPECS_DIR:-../shared/looker-specs}
cargo build --release --quiet -p looker-codegen-cli
bin=target/release/looker-codegen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
time_one() {
  rm -rf "$out/sdk"
  local start end
  start=$(date +%s%N)
  "$bin" generate --spec "$specs/Looker.4.0.$release.$1.json" --out "$out/sdk" >/dev/null
  end=$(date +%s%N)
  echo "$1 $(((end - start) / 1000000))"
}
for _ in $(seq "$runs"); do
  time_one swagger
  time_one oas
done | sort -k1,1 -k2,2n | awk -v release="$release" '
  { t[$1, ++n[$1]] = $2 }
  END {
    s = t["swagger", int((n["swagger"] + 1) / 2)]; o = t["oas", int((n["oas"] + 1) / 2)]
    printf "%s swagger: median %d ms over %d runs\n", release, s, n["swagger"]
    printf "%s oas:     median %d ms over %d runs\n", release, o, n["oas"]
    printf "ratio swagger/oas: %.3f\n", s / o
  }'
