#!/usr/bin/env bash
# Runs examples/node-test-xssec from the packed tarball, as a user gets calm-keys (issue 18): build, npm pack,
# install the tarball and the example's other dependencies into a copy of the example in a temporary folder,
# npm test there. Prints the package's size and the time of each step.
#
# better-sqlite3's native binding: its install script would build it from source (two minutes on this machine,
# the prebuilt download is not reachable from CI); the install skips scripts and takes the binding this checkout
# already built when the version is the same, and builds it otherwise (npm rebuild).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/calm-keys-example-XXXXXX")
trap 'rm -rf "$work"' EXIT
step() { echo "example: $1 ($(( $(date +%s) - started )) s)"; }
started=$(date +%s)

node scripts/build-if-stale.mjs
step "built (what was out of date)"
tarball=$(npm pack --silent --pack-destination "$work")
step "packed $tarball: $(du -k "$work/$tarball" | cut -f1) KiB, $(tar -tzf "$work/$tarball" | wc -l) files"

cp -r examples/node-test-xssec "$work/example"
cd "$work/example"
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "$work/$tarball" >/dev/null
step "installed the tarball and the example's dependencies"
want=$(node -p "require('$root/node_modules/better-sqlite3/package.json').version")
got=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
if [ "$want" = "$got" ] && [ -d "$root/node_modules/better-sqlite3/build/Release" ]; then
  mkdir -p node_modules/better-sqlite3/build
  cp -r "$root/node_modules/better-sqlite3/build/Release" node_modules/better-sqlite3/build/
else
  npm rebuild better-sqlite3 --loglevel=error >/dev/null
fi
step "native binding of better-sqlite3 $got in place"

# nothing of the checkout is reachable from here: the example resolves calm-keys from its own node_modules
test "$(node -p "require.resolve('calm-keys/package.json')")" = "$work/example/node_modules/calm-keys/package.json"
npm test
step "the example's tests passed"
