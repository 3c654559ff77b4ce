#!/usr/bin/env bash
# Benchmark: decoding and encoding 2,000 `DbConnection`s (the answer of `all_connections` on a
# busy instance) with the SDK's generated serde impls against `#[derive(Deserialize, Serialize)]`
# structs with the same fields, in the same run (release build). The derived structs are the
# SDK's own `DbConnection`, `DbConnectionOverride`, `Dialect` and `Snippet` copied from
# `generated/models/connection.rs` with the derive added (and `skip_serializing_if` on each
# field, so both encode the same JSON); the run checks that both decode to the same value.
# Each connection is `tests/fixtures/create_connection_200.json` with its own name. Prints the
# median (and minimum) time of each side over ROUNDS interleaved rounds and the ratio SDK /
# derive.
#   scripts/bench-decode.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-31}
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"

cat >"$work/Cargo.toml" <<EOF
[package]
name = "bench-decode"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
looker-sdk = { path = "$root", default-features = false, features = ["connection"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[profile.release]
debug = false

[workspace]
EOF

# The received structs of the connection area, as generated, with serde's derives.
{
  echo "use serde::{Deserialize, Serialize};"
  awk '
    /^pub struct (DbConnection|DbConnectionOverride|Dialect|Snippet) \{/ {
      print "#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]"; inside = 1
    }
    inside && /^    pub / { print "    #[serde(skip_serializing_if = \"Option::is_none\")]" }
    inside && !/^ *\/\/\// { print }
    inside && /^\}/ { inside = 0 }
  ' generated/models/connection.rs
} >"$work/src/derived.rs"

cat >"$work/src/main.rs" <<'EOF'
mod derived;

use std::time::{Duration, Instant};

use looker_sdk::models::DbConnection;

fn main() {
    let mut args = std::env::args().skip(1);
    let fixture = args.next().expect("fixture path");
    let rounds: usize = args.next().expect("rounds").parse().expect("rounds is a number");
    let one: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture).expect("read fixture")).expect("JSON");
    let all: Vec<serde_json::Value> = (0..2000)
        .map(|i| {
            let mut connection = one.clone();
            connection["name"] = format!("connection {i}").into();
            connection
        })
        .collect();
    let body = serde_json::to_vec(&all).expect("encode");

    // Both sides keep every property (all but the `null`s come back when encoded).
    let sdk: Vec<DbConnection> = serde_json::from_slice(&body).expect("SDK decodes");
    let derived: Vec<derived::DbConnection> =
        serde_json::from_slice(&body).expect("derive decodes");
    let expected = without_nulls(serde_json::Value::Array(all));
    assert!(serde_json::to_value(&sdk).expect("SDK encodes") == expected, "SDK lost a field");
    assert!(serde_json::to_value(&derived).expect("derive encodes") == expected, "derive lost a field");

    let budgeted: Vec<DbConnection> =
        looker_sdk::codegen::decode_within(&body, 512 << 20).expect("SDK decodes in budget");
    assert!(budgeted == sdk, "the budget changed a value");

    let (mut sdk_decode, mut derive_decode) = (Vec::new(), Vec::new());
    let mut budget_decode = Vec::new();
    let (mut sdk_encode, mut derive_encode) = (Vec::new(), Vec::new());
    // Which side goes first alternates, so that neither always inherits the other's garbage.
    for round in 0..rounds {
        let decode_sdk = || time(|| serde_json::from_slice::<Vec<DbConnection>>(&body).map(drop));
        let decode_derive =
            || time(|| serde_json::from_slice::<Vec<derived::DbConnection>>(&body).map(drop));
        // As the runtime decodes an answer: through the memory budget (`max_decoded_mb`).
        let decode_budgeted = || {
            time(|| looker_sdk::codegen::decode_within::<Vec<DbConnection>>(&body, 512 << 20).map(drop))
        };
        let encode_sdk = || time(|| serde_json::to_vec(&sdk).map(drop));
        let encode_derive = || time(|| serde_json::to_vec(&derived).map(drop));
        if round % 2 == 0 {
            sdk_decode.push(decode_sdk());
            budget_decode.push(decode_budgeted());
            derive_decode.push(decode_derive());
            sdk_encode.push(encode_sdk());
            derive_encode.push(encode_derive());
        } else {
            derive_decode.push(decode_derive());
            budget_decode.push(decode_budgeted());
            sdk_decode.push(decode_sdk());
            derive_encode.push(encode_derive());
            sdk_encode.push(encode_sdk());
        }
    }
    println!("2000 DbConnections, {:.1} MB of JSON, median of {rounds} rounds:", body.len() as f64 / 1e6);
    report("decode", sdk_decode, derive_decode.clone());
    report("decode in the runtime's memory budget", budget_decode, derive_decode);
    report("encode", sdk_encode, derive_encode);
}

fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(fields) => Value::Object(
            fields.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn time(run: impl FnOnce() -> serde_json::Result<()>) -> Duration {
    let start = Instant::now();
    run().expect("no error");
    start.elapsed()
}

/// Median and minimum in milliseconds.
fn summary(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (times[times.len() / 2].as_secs_f64() * 1e3, times[0].as_secs_f64() * 1e3)
}

fn report(what: &str, sdk: Vec<Duration>, derive: Vec<Duration>) {
    let ((sdk, sdk_min), (derive, derive_min)) = (summary(sdk), summary(derive));
    println!(
        "  {what}: SDK {sdk:.2} ms, derive {derive:.2} ms: ratio {:.2}x (of the minimums: {sdk_min:.2} / {derive_min:.2} ms = {:.2}x)",
        sdk / derive,
        sdk_min / derive_min
    );
}
EOF

export CARGO_TARGET_DIR="$root/target/bench-decode"
cargo run --quiet --release --manifest-path "$work/Cargo.toml" -- \
  "$root/tests/fixtures/create_connection_200.json" "$rounds"
