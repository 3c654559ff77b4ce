#!/usr/bin/env bash
# Cross-check: our semver verdict (`looker-codegen diff OLD NEW --format json`, key `semver`)
# against cargo-semver-checks, for pairs of Looker releases. For each release, a standalone copy
# of the SDK crate as crates.io would ship it (root Cargo.toml without the workspace, the
# generator build-dependency and the dev-dependencies; build.rs, src/, and generated/ made from
# the document; no spec/, no .cargo/config.toml), checked with `cargo check`; then
# `cargo semver-checks check-release` on each pair of copies (default features: every API area).
# Prints a Markdown table (also written to target/semver-crosscheck/report.md) and exits 1 when
# cargo-semver-checks requires a major version where our verdict is minor or patch, 2 on errors.
#   scripts/semver-crosscheck.sh [OLD->NEW ...]   (default: 24.16->24.18 24.18->24.20
#                                                   22.20->24.18 21.0->26.12; OLD..NEW also works)
# Documents: ${LOOKER_SPECS_DIR:-../shared/looker-specs}/Looker.4.0.<release>.oas.json. Copies,
# build cache and tool logs stay in target/semver-crosscheck/, so a second run is fast.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

fail() {
  echo "error: $*" >&2
  exit 2
}

# Tools and documents, all checked before anything is built.
command -v cargo >/dev/null || fail "cargo not found"
command -v jq >/dev/null || fail "jq not found (used to read the diff's JSON)"
command -v flock >/dev/null || fail "flock not found (util-linux)"
cargo semver-checks --version >/dev/null 2>&1 ||
  fail "cargo-semver-checks not found: cargo install cargo-semver-checks --locked"
# Copies share one build-dir (cargo 1.91+): see below.
cargo_minor=$(cargo --version | sed -E 's/^cargo 1\.([0-9]+).*/\1/')
[[ $cargo_minor =~ ^[0-9]+$ && $cargo_minor -ge 91 ]] ||
  fail "cargo 1.91 or newer needed (build.build-dir), found: $(cargo --version)"

specs_dir=${LOOKER_SPECS_DIR:-../shared/looker-specs}
[ -d "$specs_dir" ] || fail "no directory $specs_dir (set LOOKER_SPECS_DIR)"
specs_dir=$(realpath "$specs_dir")
if [ $# -eq 0 ]; then
  set -- '24.16->24.18' '24.18->24.20' '22.20->24.18' '21.0->26.12'
fi
pairs=()
declare -A releases=()
for pair in "$@"; do
  pair=${pair/../->}
  old=${pair%%->*}
  new=${pair#*->}
  [[ $pair == *'->'* && -n $old && -n $new && $new != *'->'* ]] ||
    fail "bad pair \`$pair\`: write OLD->NEW, e.g. 24.16->24.18"
  for release in "$old" "$new"; do
    doc="$specs_dir/Looker.4.0.$release.oas.json"
    [ -f "$doc" ] || fail "missing document $doc"
    releases[$release]=$doc
  done
  pairs+=("$old->$new")
done

work=$root/target/semver-crosscheck
copies=$work/copies
logs=$work/logs
mkdir -p "$copies" "$logs"
exec 9>"$work/.lock"
flock -n 9 || fail "another semver-crosscheck run holds $work/.lock"
staging=()
trap 'rm -rf "${staging[@]}" "$work/report.md.tmp"' EXIT
start=$(date +%s)

# The builds of the copies. Both sides of a check have the same crate name and version, and
# cargo-semver-checks builds every side's rustdoc JSON in a placeholder project named after
# those, under the side's own target dir: one shared target dir would make the sides overwrite
# each other's doc/looker_sdk.json, and cargo, seeing the other side's unit fresh, would not
# rebuild it (the baseline would silently be the current crate). So every copy keeps its own
# target dir (copies/<release>/target, final artifacts only) and all compiled units go to one
# shared build-dir. RUSTFLAGS, even empty, overrides this repository's .cargo/config.toml
# (found from the working directory): a consumer builds without `--cfg looker_sdk_dev`.
# cargo-semver-checks builds with RUSTFLAGS plus --cap-lints=allow (alone when RUSTFLAGS is
# empty), so `cargo check` is given exactly that and both share the compiled dependencies.
copy_env=(env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET_DIR -u CARGO_ENCODED_RUSTFLAGS
  -u CARGO_BUILD_RUSTFLAGS "CARGO_BUILD_BUILD_DIR=$work/build")

# The root manifest as published: [package] (workspace-inherited keys resolved), [dependencies],
# [features] and [lints.*]; plus an empty [workspace], because the copy sits inside this
# repository's tree and must not be taken for a member of its workspace.
consumer_manifest() {
  awk '
    /^\[/ { table = $0 }
    NR == FNR {
      if (table == "[workspace.package]" && /^[a-z-]+ *=/) {
        key = $0; sub(/ *=.*/, "", key)
        value = $0; sub(/^[^=]*= */, "", value)
        inherited[key] = value
      }
      next
    }
    # A comment goes with its table: with the header right below it, else with the lines above.
    /^$/ { before = before above $0 "\n"; above = ""; next }
    /^#/ { above = above $0 "\n"; next }
    /^\[/ {
      if (keep) printf "%s", before
      before = ""
      keep = (table == "[package]" || table == "[dependencies]" || table == "[features]" ||
              table ~ /^\[lints[].]/)
    }
    !keep { before = above = ""; next }
    { printf "%s%s", before, above; before = above = "" }
    table == "[package]" && /^[a-z-]+\.workspace *= *true *$/ {
      key = $0; sub(/\.workspace.*/, "", key)
      if (!(key in inherited)) { print "no [workspace.package] " key > "/dev/stderr"; exit 1 }
      print key " = " inherited[key]
      next
    }
    { print }
    END { if (keep) printf "%s%s", before, above; print "\n[workspace]" }
  ' Cargo.toml Cargo.toml
}

# copies/<release>: regenerated in a staging directory every run, swapped in only when it
# differs (unchanged files keep their times, so cargo rebuilds nothing), and marked good (.ok)
# once `cargo check` passed.
cargo build -q -p looker-codegen-cli || fail "cannot build looker-codegen"
codegen=$root/target/debug/looker-codegen
sources=(Cargo.toml build.rs README.md src generated)
for release in $(printf '%s\n' "${!releases[@]}" | sort -V); do
  copy=$copies/$release
  stage=$copies/.staging-$release.$$
  staging+=("$stage")
  mkdir -p "$stage"
  consumer_manifest >"$stage/Cargo.toml" || fail "cannot rewrite Cargo.toml for the copy"
  cp -r build.rs README.md src "$stage/"
  "$codegen" generate --spec "${releases[$release]}" --out "$stage/generated" \
    --manifest "$stage/Cargo.toml" >"$logs/generate-$release.log" 2>&1 ||
    fail "looker-codegen generate failed for $release (see $logs/generate-$release.log)"
  same=true
  for source in "${sources[@]}"; do
    diff -rq "$stage/$source" "$copy/$source" >/dev/null 2>&1 || same=false
  done
  if ! $same; then
    rm -f "$copy/.ok"
    mkdir -p "$copy"
    for source in "${sources[@]}"; do
      rm -rf "${copy:?}/$source"
      mv "$stage/$source" "$copy/$source"
    done
    cp Cargo.lock "$copy/Cargo.lock" # the versions this repository is tested with
  fi
  rm -rf "$stage"
  if [ ! -f "$copy/.ok" ]; then
    echo "checking the SDK copy of $release ..." >&2
    "${copy_env[@]}" RUSTFLAGS=--cap-lints=allow cargo check -q --manifest-path "$copy/Cargo.toml" >"$logs/check-$release.log" 2>&1 ||
      fail "cargo check of the SDK copy for $release failed (see $logs/check-$release.log)"
    touch "$copy/.ok"
  fi
done

# One pair: cargo-semver-checks' verdict (major, minor or none) and its failed lints, with the
# number of items each flagged, from the log; our verdict from the diff.
table="| pair | ours | cargo-semver-checks | lints that failed |
| --- | --- | --- | --- |"
violations=()
for pair in "${pairs[@]}"; do
  old=${pair%%->*}
  new=${pair#*->}
  log=$logs/semver-checks-$old-$new.log
  echo "cargo semver-checks $pair ..." >&2
  # --release-type patch: with equal versions (0.1.0 both) it would assume a minor release and
  # run only the lints that require a major one; patch runs every lint, so the table also shows
  # the minor-level ones. --default-features: the default features enable every API area (and
  # rustls); all features would add native-tls, which needs the system's OpenSSL.
  set +e
  "${copy_env[@]}" RUSTFLAGS= cargo semver-checks check-release --color never \
    --baseline-root "$copies/$old" --manifest-path "$copies/$new/Cargo.toml" \
    --default-features --release-type patch >"$log" 2>&1
  status=$?
  set -e
  summary=$(grep -E '^ *Summary ' "$log" | tail -n 1 || true)
  case $summary in
    *"requires new major version"*) theirs=major ;;
    *"requires new minor version"*) theirs=minor ;;
    *"no semver update required"*) theirs=none ;;
    *) fail "cargo semver-checks failed for $pair (exit $status, no Summary; see $log)" ;;
  esac
  [ "$theirs" = none ] || [ "$status" -ne 0 ] ||
    fail "cargo semver-checks reported $theirs but exited 0 for $pair (see $log)"
  lints=$(awk '
    /^--- (failure|warning) [a-z0-9_]+: / {
      id = $3; sub(/:$/, "", id); if ($2 == "warning") id = id " (warning)"
      order[++n] = id; listing = 0; next
    }
    /^Failed in:/ { listing = 1; next }
    listing && /^  [^ ]/ { count[id]++; next }
    listing && /^$/ { listing = 0 }
    END { for (i = 1; i <= n; i++) printf "%d\t%s\n", count[order[i]], order[i] }
  ' "$log" | sort -t "$(printf '\t')" -k1,1nr -k2,2 |
    awk -F '\t' '{ printf "%s`%s` %d", (NR > 1 ? ", " : ""), $2, $1 }')
  failed=$(grep -cE '^--- failure ' "$log" || true)
  # Warnings (e.g. partial_ord_enum_variants_reordered) only suggest a bump; shown, not judged.
  suggests=$(grep -oE 'produced warnings suggest new [a-z]+ version' "$log" | awk '{ print $5 }' | tail -n 1 || true)
  ours=$("$codegen" diff "${releases[$old]}" "${releases[$new]}" --format json | jq -er .semver) ||
    fail "looker-codegen diff failed for $pair"
  table+="
| $pair | $ours | $theirs ($failed failed${suggests:+; warnings suggest $suggests}) | ${lints:-—} |"
  if [ "$theirs" = major ] && [ "$ours" != major ]; then
    violations+=("$pair")
  fi
done

printf '%s\n' "$table" >"$work/report.md.tmp"
mv "$work/report.md.tmp" "$work/report.md"
printf '%s\n' "$table"
echo "took $(($(date +%s) - start)) s; logs in ${logs#"$root/"}/" >&2
if [ ${#violations[@]} -gt 0 ]; then
  echo "cargo-semver-checks requires a major version where ours does not: ${violations[*]}" >&2
  exit 1
fi
