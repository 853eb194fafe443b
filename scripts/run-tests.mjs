// Runs every test file with node's built-in test runner through the tsx loader.
// Node 20's `--test` takes no globs, so the files are found here.
// Usage: node scripts/run-tests.mjs [path-filter ...] [--exclude path-filter ...]
// A file runs when its path contains one of the filters (all files without any) and none of the exclusions.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

if (files.length === 0) {
  console.error('no test files matched', filters, exclusions.length ? { exclude: exclusions } : '');
  process.exit(1);
}

// 7 minutes a file: the x509 queue test generates two rounds of 8192-bit keys beside other files on two cores.
// Three files at once on two cores: many integration files spend most of their time waiting (a child server's
// start, a 20 s database outage, polling for another process), and a third file uses that idle CPU.
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=3', '--test-timeout=420000', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
