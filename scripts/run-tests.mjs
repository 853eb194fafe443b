// Runs every test file with node's built-in test runner through scripts/ts-loader.mjs (TypeScript via esbuild).
// Node 20's `--test` takes no globs, so the files are found here.
// Usage: node scripts/run-tests.mjs [path-filter ...] [--exclude path-filter ...]
// A file runs when its path contains one of the filters (all files without any) and none of the exclusions.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TARGETS, whyBuild } from './build-if-stale.mjs';

const roots = ['src', 'test'];
const args = process.argv.slice(2);
const filters = [];
const exclusions = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--exclude') {
    if (args[i + 1] === undefined) {
      console.error('--exclude needs a path filter');
      process.exit(2);
    }
    exclusions.push(args[++i]);
  } else filters.push(args[i]);
}

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = roots
  .flatMap((root) => collect(root, []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !exclusions.some((x) => f.includes(x)))
  .sort();

// Longest files first (scripts/test-durations.json, refreshed by `npm run test:timings`): the runner starts files
// in the order given, and a 90 s file started last would run alone at the end while the other cores idle. A file
// not in the list yet counts as 10 s; alphabetical order breaks ties, so the order is the same on every machine.
const durationsFile = join(dirname(fileURLToPath(import.meta.url)), 'test-durations.json');
const durations = existsSync(durationsFile) ? JSON.parse(readFileSync(durationsFile, 'utf8')) : {};
const expected = (file) => durations[file.split('\\').join('/')] ?? 10_000;
files.sort((a, b) => expected(b) - expected(a) || (a < b ? -1 : 1));

if (files.length === 0) {
  console.error('no test files matched', filters, exclusions.length ? { exclude: exclusions } : '');
  process.exit(1);
}

// 7 minutes a file: the x509 queue test generates two rounds of 8192-bit keys beside other files on two cores.
// Three files at once on two cores: many integration files spend most of their time waiting (a child server's
// start, a 20 s database outage, polling for another process), and a third file uses that idle CPU.
// CALM_KEYS_TEST_TIMINGS=<file> also writes each file's duration there (scripts/test-timings-reporter.mjs).
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.CALM_KEYS_TEST_TIMINGS) {
  const timings = join(dirname(fileURLToPath(import.meta.url)), 'test-timings-reporter.mjs');
  reporters.push(`--test-reporter=${timings}`, '--test-reporter-destination=stdout');
}
// CALM_KEYS_TEST_CONCURRENCY: .ci/run runs the Node 22 and 24 lines side by side, two files at a time each.
const concurrency = Number(process.env.CALM_KEYS_TEST_CONCURRENCY ?? 3);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error('CALM_KEYS_TEST_CONCURRENCY must be a whole number of at least 1');
  process.exit(2);
}
// Child processes of the CLI run the built dist/ when it is up to date (test/support/calm-keys-command.ts; `npm test`
// builds it first). When it is stale as the run starts, every file runs them from source: a build in the middle of
// the run (npm-start.test.ts builds with `npm start`) is then never read half-written.
const env = { ...process.env, NODE_ENV: 'test' };
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const staleServer = whyBuild(
  root,
  TARGETS.find((target) => target.name === 'server'),
);
if (staleServer && env.CALM_KEYS_TEST_FROM_SOURCE === undefined) {
  console.log(`run-tests: the CLI's child processes run from source (${staleServer}; npm run build:server)`);
  env.CALM_KEYS_TEST_FROM_SOURCE = '1';
}
// TypeScript through scripts/ts-loader.mjs (about 0.6 s less CPU a file than tsx); CALM_KEYS_TEST_LOADER=tsx for tsx
const loader = env.CALM_KEYS_TEST_LOADER === 'tsx' ? 'tsx' : new URL('./ts-loader.mjs', import.meta.url).href;
const result = spawnSync(
  process.execPath,
  ['--import', loader, '--test', `--test-concurrency=${concurrency}`, '--test-timeout=420000', ...reporters, ...files],
  { stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
