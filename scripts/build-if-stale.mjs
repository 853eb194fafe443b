// `npm start` builds only what is out of date: the server (tsc -> dist/) when a file under src/ (tests aside), a
// tsconfig or the lock file is newer than dist/cli/main.js, and the web UI (vite -> web/dist/) when a file under web/, its compression script
// or the lock file is newer than web/dist/index.html. tsc and vite rewrite those files on every build, so their
// modification time is the time of the last build. Usage: node scripts/build-if-stale.mjs [--dry-run]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const TARGETS = [
  {
    name: 'server',
    output: 'dist/cli/main.js',
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.testing-types.json', 'package-lock.json'],
    // what tsc compiles: .ts under src/ without tests (a README or a fixture does not change dist/)
    ignore: (path) =>
      /\.test\.ts$|(^|\/)test-support(\/|$)/.test(path) ||
      (path.startsWith('src/') && /\.[a-z]+$/i.test(path) && !path.endsWith('.ts')),
    script: 'build:server',
  },
  {
    name: 'web',
    output: 'web/dist/index.html',
    inputs: ['web', 'scripts/web-compression.mjs', 'package-lock.json'],
    ignore: (path) => path.startsWith('web/dist/') || path === 'web/dist',
    script: 'build:web',
  },
];

function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Every file under the given paths (relative to root) that `ignore` keeps, with its modification time. */
function* filesUnder(root, paths, ignore) {
  for (const path of paths) {
    const abs = join(root, path);
    let stats;
    try {
      stats = statSync(abs);
    } catch {
      continue;
    }
    const rel = relative(root, abs);
    if (ignore(rel)) continue;
    if (stats.isDirectory())
      yield* filesUnder(
        root,
        readdirSync(abs).map((name) => join(rel, name)),
        ignore,
      );
    else yield { path: rel, mtimeMs: stats.mtimeMs };
  }
}

/**
 * Why `target` must be built, or undefined when its output is newer than every input. The decision alone, so that
 * it can be tested without building: `outputMtimeMs` undefined means the output does not exist.
 */
export function staleReason(outputPath, outputMtimeMs, inputs) {
  if (outputMtimeMs === undefined) return `${outputPath} does not exist`;
  let newest;
  for (const input of inputs) if (!newest || input.mtimeMs > newest.mtimeMs) newest = input;
  return newest && newest.mtimeMs > outputMtimeMs ? `${newest.path} is newer than ${outputPath}` : undefined;
}

export function whyBuild(root, target) {
  return staleReason(target.output, mtimeOf(join(root, target.output)), filesUnder(root, target.inputs, target.ignore));
}

function main() {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const dryRun = process.argv.includes('--dry-run');
  for (const target of TARGETS) {
    const why = whyBuild(root, target);
    if (!why) {
      console.log(`${target.name}: up to date (${target.output})`);
      continue;
    }
    console.log(`${target.name}: building, ${why}`);
    if (dryRun) continue;
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const run = spawnSync(npm, ['run', '--silent', target.script], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
