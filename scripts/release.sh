#!/usr/bin/env bash
# Release a new Looker API document: bump the SDK to it, then package the workspace.
#   scripts/release.sh NEW_DOCUMENT [BUMP OPTION...]   (e.g. --date 2026-03-06; see bump --help)
# 1. `looker-codegen bump NEW_DOCUMENT`: the document goes to spec/, generated/ and the features
#    of Cargo.toml are regenerated, the SDK's version follows the semver verdict (with the
#    Looker release as build metadata) and CHANGELOG.md gets the diff; all files or none;
# 2. `cargo package --workspace` (all but the test documents of looker-specs; verifying: each
#    packaged crate is built), which must print no
#    warning. The bump is not committed yet, hence --allow-dirty; `cargo publish` refuses a
#    dirty tree, so review and commit before publishing (looker-codegen first, then looker-sdk).
# Stops at the first failure; nothing is published.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 NEW_DOCUMENT [BUMP OPTION...]" >&2
  exit 2
fi
document=$(realpath "$1")
shift
cd "$(dirname "$0")/.."
cargo run -q -p looker-codegen-cli -- bump "$document" "$@"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo package --workspace --exclude looker-specs --allow-dirty 2>&1 | tee "$log"
if grep -qi warning "$log"; then
  echo "error: cargo package printed warnings (above): fix them before publishing" >&2
  exit 1
fi
target=$(cargo metadata --no-deps --format-version 1 |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
echo "packaged crates:"
for package in looker-codegen looker-sdk; do
  pkgid=$(cargo pkgid -p "$package")
  ls -1 "$target/package/$package-${pkgid##*[#@]}.crate"
done
