/** `npm start` builds only what is stale (scripts/build-if-stale.mjs): the decision, on a temporary tree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import { staleReason, TARGETS, whyBuild } from '../scripts/build-if-stale.mjs';

interface Target {
  name: string;
  output: string;
}
const server = (TARGETS as Target[]).find((t) => t.name === 'server')!;
const web = (TARGETS as Target[]).find((t) => t.name === 'web')!;

function tree(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'calm-keys-stale-'));
  for (const [path, secondsAgo] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, '');
    const at = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(abs, at, at);
  }
  return root;
}

test('staleReason: a missing output, or an input newer than the output, means build; otherwise not', () => {
  assert.equal(staleReason('dist/cli/main.js', undefined, []), 'dist/cli/main.js does not exist');
  assert.equal(
    staleReason('out', 100, [
      { path: 'a.ts', mtimeMs: 50 },
      { path: 'b.ts', mtimeMs: 100 },
    ]),
    undefined,
    'same time is up to date',
  );
  assert.equal(
    staleReason('out', 100, [
      { path: 'a.ts', mtimeMs: 50 },
      { path: 'b.ts', mtimeMs: 150 },
      { path: 'c.ts', mtimeMs: 120 },
    ]),
    'b.ts is newer than out',
  );
  assert.equal(staleReason('out', 100, []), undefined);
});

test('server: built once, nothing to do; a changed source rebuilds; tests, test support, READMEs and web/ do not', () => {
  const built = {
    'src/cli/main.ts': 60,
    'src/a/b.test.ts': 60,
    'tsconfig.json': 60,
    'package-lock.json': 60,
    'dist/cli/main.js': 30,
    'web/dist/index.html': 30,
    'web/src/main.ts': 60,
  };
  assert.equal(whyBuild(tree(built), server), undefined);
  assert.equal(whyBuild(tree(built), web), undefined);
  assert.equal(
    whyBuild(tree({ ...built, 'src/cli/lm.command.ts': 1 }), server),
    'src/cli/lm.command.ts is newer than dist/cli/main.js',
  );
  assert.equal(
    whyBuild(tree({ ...built, 'tsconfig.build.json': 1 }), server),
    'tsconfig.build.json is newer than dist/cli/main.js',
  );
  for (const quiet of [
    'src/cli/lm.command.test.ts',
    'src/store/test-support/databases.ts',
    'src/cli/README.md',
    'web/src/app.ts',
  ]) {
    assert.equal(whyBuild(tree({ ...built, [quiet]: 1 }), server), undefined, quiet);
  }
  const { 'dist/cli/main.js': _gone, ...unbuilt } = built;
  assert.equal(whyBuild(tree(unbuilt), server), 'dist/cli/main.js does not exist');
});

test('web: a changed file under web/ or the lock file rebuilds; its own output and src/ do not', () => {
  const built = {
    'web/src/main.ts': 60,
    'web/index.html': 60,
    'package-lock.json': 60,
    'web/dist/index.html': 30,
    'src/cli/main.ts': 60,
    'dist/cli/main.js': 30,
  };
  assert.equal(
    whyBuild(tree({ ...built, 'web/src/pages/lm.ts': 1 }), web),
    'web/src/pages/lm.ts is newer than web/dist/index.html',
  );
  assert.equal(
    whyBuild(tree({ ...built, 'package-lock.json': 1 }), web),
    'package-lock.json is newer than web/dist/index.html',
  );
  assert.equal(whyBuild(tree({ ...built, 'web/dist/assets/x.js': 1, 'src/cli/lm.command.ts': 1 }), web), undefined);
});
