#!/usr/bin/env bash
# Runs calm-keys' unit tests and the runtime-dependent integration tests (with `npm start`) on another Node.js line.
#
# The runtime comes from the npm registry (the node-linux-<arch> package holds the official binary and its
# headers), so nothing is downloaded from anywhere else. The checkout's last commit is cloned to a temporary
# folder (a git repository, as some tests read `git ls-files`); see below for the install and the tests.
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
# The checkout's own install (.ci/run's `npm ci` from the same lockfile) is reused: the JavaScript is the same on
# every line; only better-sqlite3's addon is built for this runtime's ABI (node-gyp against the package's headers),
# kept in the cache per addon version and ABI. Without such an install (a run of this script alone) it installs.
if [ -d "$root/node_modules" ] && cmp -s "$root/package-lock.json" package-lock.json; then
  # hard links (a copy of 560 MB took half a minute of I/O per line); across file systems a real copy. The addon's
  # build folder is removed from the copy before this line's addon goes in, so it never writes through a link
  # into the checkout's own (Node 20) addon.
  cp -al "$root/node_modules" node_modules 2>/dev/null || { rm -rf node_modules; cp -a "$root/node_modules" node_modules; }
  rm -rf node_modules/better-sqlite3/build
  addon_version=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
  addon_cache="$(dirname "$cache")/better-sqlite3/$addon_version-abi$(node -p process.versions.modules)-$arch"
  addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
  if [ -f "$addon_cache/better_sqlite3.node" ]; then
    mkdir -p "$(dirname "$addon")" && cp "$addon_cache/better_sqlite3.node" "$addon"
  else
    npm rebuild better-sqlite3 --no-audit --no-fund --loglevel=error
    mkdir -p "$addon_cache" && cp "$addon" "$addon_cache/better_sqlite3.node"
  fi
else
  npm ci --no-audit --no-fund
fi
node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()" # the addon loads on this line
[ -d "$root/web/dist" ] && cp -a "$root/web/dist" web/dist || npm run build:web # web-ui.test.ts serves the built UI

# What depends on the runtime: the unit tests of the modules on its own parts, and the integration tests of the surfaces where Node versions
# differ (the HTTP server and its sockets, TLS, fetch/undici, crypto and x509, the SQLite addon, ESM loading of
# the dependencies, SAP's and OpenTelemetry's client libraries, `npm start` with `npx calm-keys`). The rest of the
# integration suite is the same JavaScript over HTTP and runs on the machine's line, on both databases; this
# keeps the whole of .ci/run within its time budget (session 6 trimmed the list to the runtime's own surfaces:
# sockets, TLS, crypto, the addon, ESM loading, SAP's and OpenTelemetry's clients, npm start). Session 8 trimmed the
# unit tests the same way: those of the modules that call the runtime's own parts (crypto and x509, jose, the
# SQLite addon and the database drivers, fastify's sockets, undici, protobuf and zlib); the modules above them
# (access, audit, btp, landscape, projects, webhooks, faults, the dev clock, seed, cli) are plain JavaScript over
# those and run on the machine's line; so are the unit tests of http (route declarations, the error mapping) and
# alm-api (OTLP parsing), whose runtime parts (sockets, zlib, protobuf) the integration files below exercise.
# SQLite only here: the PostgreSQL driver is pure JavaScript.
CALM_KEYS_TEST_REQUIRE_POSTGRES=0 CALM_KEYS_TEST_DATABASES=sqlite node scripts/run-tests.mjs \
  src/crypto/ src/xsuaa/ src/store/ src/egress/ src/key-test/ test/npm-start test/server.test test/start-busy-port test/store-sqlite test/http-stream-errors \
  test/http-idle-sockets test/xsuaa-sap-clients test/xsuaa-token-endpoint test/alm-api-otel \
  test/alm-api-otlp-protobuf
echo "ci-node-line: Node $(node --version) passed in $(( $(date +%s) - started )) s"
