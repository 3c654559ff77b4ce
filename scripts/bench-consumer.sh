#!/usr/bin/env bash
# Benchmark: the cold build of a program that depends on the *packaged* SDK and calls only
# `create_connection` (`default-features = false, features = ["rustls", "connection"]`), as a
# user of the published crate would build it: outside this tree (no generator, no spec/), a
# fresh target directory each run, dependencies already downloaded. Also fails when the
# consumer's `cargo tree` shows the generator. Prints median, min and max over RUNS.
# FEATURES (space-separated, default `rustls connection`) sets the SDK's features, to measure
# what a feature costs (`FEATURES="rustls connection gzip"`, `... testing`).
#   [FEATURES=...] scripts/bench-consumer.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
features=$(printf '"%s", ' ${FEATURES:-rustls connection})
features=${features%, }
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The SDK names the generator as a build-dependency for this repository's builds only (a cfg
# no consumer sets): Cargo resolves it but never builds it. Until it is published, the
# consumer resolves it to the packaged generator, as crates.io would serve it.
cargo package --quiet -p looker-sdk -p looker-sdk-rtl -p looker-codegen --no-verify --allow-dirty >/dev/null
for name in looker-sdk looker-sdk-rtl looker-codegen; do
  tar -xzf "$(ls -t target/package/$name-[0-9]*.crate | head -n 1)" -C "$work"
done
sdk=$(find "$work" -maxdepth 1 -type d -name 'looker-sdk-[0-9]*' | head -n 1)
rtl=$(find "$work" -maxdepth 1 -type d -name 'looker-sdk-rtl-*' | head -n 1)
codegen=$(find "$work" -maxdepth 1 -type d -name 'looker-codegen-*' | head -n 1)

mkdir -p "$work/consumer/src"
cat >"$work/consumer/Cargo.toml" <<EOF
[package]
name = "consumer"
version = "0.1.0"
edition = "2021"

[dependencies]
looker-sdk = { path = "$sdk", default-features = false, features = [$features] }
tokio = { version = "1", features = ["macros", "rt"] }

[patch.crates-io]
looker-codegen = { path = "$codegen" }
looker-sdk-rtl = { path = "$rtl" }

[workspace]
EOF
cat >"$work/consumer/src/main.rs" <<'EOF'
use looker_sdk::models::WriteDbConnection;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), looker_sdk::Error> {
    let sdk = looker_sdk::init40()?;
    let created = sdk
        .create_connection(&WriteDbConnection::new().set_name("api created"))
        .await?;
    println!("{:?}", created.name);
    Ok(())
}
EOF
cd "$work/consumer"
# Resolve and download once (with the workspace's lock file, so the versions match), then
# time builds that compile everything.
cp "$root/Cargo.lock" . 2>/dev/null || true
cargo fetch --quiet
if cargo tree --prefix none --edges normal,build | grep -q '^looker-codegen'; then
  echo "the consumer's build graph holds the generator:" >&2
  cargo tree --edges normal,build | grep looker-codegen >&2
  exit 1
fi
echo "features [$features]; cargo tree of the consumer: no looker-codegen; $(cargo tree --prefix none --edges normal,build | sort -u | wc -l) packages"
for _ in $(seq "$runs"); do
  rm -rf target
  start=$(date +%s%N)
  cargo build --quiet --offline
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
done | sort -n | awk '{ t[NR] = $1 } END {
  printf "cold build of a create_connection consumer of the packaged SDK: median %d ms (min %d, max %d) over %d runs\n",
    t[int((NR + 1) / 2)], t[1], t[NR], NR }'
