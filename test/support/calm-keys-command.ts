/**
 * The command that runs the calm-keys CLI in a child process: the built `bin/calm-keys.js` when dist/ is up to
 * date with the sources (scripts/build-if-stale.mjs decides, as for `npm start`), else the sources through tsx.
 * A child from dist/ starts with about 0.9 s less CPU than one through tsx; `npm test` builds the server first
 * (build-if-stale), so the suite's child processes run the code under test either way. A test file run on its own
 * with a stale or missing dist/ runs its children from source (slower, never stale code).
 *
 * CALM_KEYS_TEST_FROM_SOURCE=1 forces the sources: scripts/run-tests.mjs sets it for a whole run that starts
 * with a stale dist/, so that a build in the middle of the run (npm-start.test.ts) is never read half-written.
 * A test about running from source itself spawns tsx directly (test/testing-helper.test.ts).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script without type declarations
import { TARGETS, whyBuild } from '../../scripts/build-if-stale.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let decided: readonly string[] | undefined;

/** Why the children run from source, or undefined when they run the built CLI. */
export function fromSourceReason(): string | undefined {
  if (process.env.CALM_KEYS_TEST_FROM_SOURCE === '1') return 'CALM_KEYS_TEST_FROM_SOURCE=1';
  const server = TARGETS.find((target: { name: string }) => target.name === 'server');
  return server ? (whyBuild(ROOT, server) as string | undefined) : 'build-if-stale.mjs has no server target';
}

/**
 * `[program, ...leading arguments]` of the CLI: append the CLI's own arguments (`serve`, `btp ...`). Decided once
 * per test process, so that every child of a file runs the same code.
 */
export function calmKeysCommand(): readonly string[] {
  decided ??=
    fromSourceReason() === undefined
      ? [process.execPath, join(ROOT, 'bin', 'calm-keys.js')]
      : // tsx resolved here: a child may run in a folder outside the checkout
        [process.execPath, '--import', import.meta.resolve('tsx'), join(ROOT, 'src', 'cli', 'main.ts')];
  return decided;
}
