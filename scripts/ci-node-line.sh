#!/usr/bin/env bash
# Runs calm-keys' type check, unit and integration tests and the `npm start` test on another Node.js line.
#
# The runtime comes from the npm registry (the node-linux-<arch> package holds the official binary and its
# headers), so nothing is downloaded from anywhere else. The checkout's last commit is cloned to a temporary
# folder (a git repository, as some tests read `git ls-files`) and installed there with its own `npm ci`, so
# better-sqlite3 is compiled for that runtime (node-gyp builds against the package's headers: npm_config_nodedir). The browser tests run on the machine's
# line only (.ci/run), and so does the x509 key-generation load test.
#
# Usage: scripts/ci-node-line.sh <major>      e.g. scripts/ci-node-line.sh 22
# The runtime is kept in ${CALM_KEYS_NODE_CACHE:-~/.cache/calm-keys/node}/<major> between runs.
set -euo pipefail
major=${1:?usage: scripts/ci-node-line.sh <major, e.g. 22>}
root=$(cd "$(dirname "$0")/.." && pwd)
started=$(date +%s)

case "$(uname -s)" in
  Linux) ;;
  *) echo "ci-node-line: only Linux runtimes are set up here" >&2; exit 2 ;;
esac
arch=$(node -p process.arch)
runtime_pkg="node-linux-$arch"
cache=${CALM_KEYS_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/calm-keys/node}/$major
mkdir -p "$cache"
# The newest release of that line (npm caches the package; a repeat run is quick).
npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "$runtime_pkg@$major" >/dev/null
nodedir="$cache/node_modules/$runtime_pkg"
[ -x "$nodedir/bin/node" ] || { echo "ci-node-line: $runtime_pkg@$major has no bin/node" >&2; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/calm-keys-node$major-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
work="$scratch/calm-keys"
git clone --quiet --no-hardlinks "$root" "$work"

export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$nodedir"
cd "$work"
echo "ci-node-line: Node $(node --version) (npm $(npm --version)) in $work"
npm ci --no-audit --no-fund
npm run typecheck
npm run build:web # web-ui.test.ts serves the built UI
# Left out besides the browser tests: the x509 key-generation load test (four 8192-bit keys, about a minute of
# both cores); it measures the server's own queue in front of libuv's threadpool, the same on every line.
# SQLite only: the PostgreSQL path is the same pure-JavaScript driver on every line and runs on the machine's line.
# The CLI's process tests (test/cli-*, test/agent*, the closed-output test) run there too: each spawns many CLI
# processes of the same JavaScript over HTTP, and test/npm-start.test.ts runs `npx calm-keys` on every line.
CALM_KEYS_TEST_REQUIRE_POSTGRES=0 CALM_KEYS_TEST_DATABASES=sqlite \
  node scripts/run-tests.mjs --exclude test/ui/ --exclude test/btp-x509-key-generation \
  --exclude test/cli- --exclude test/agent --exclude test/http-agent-output-closed
echo "ci-node-line: Node $(node --version) passed in $(( $(date +%s) - started )) s"
