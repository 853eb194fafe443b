/**
 * The repository explains itself (issue 12): every module under src/ has a README, no tracked file points to
 * documents outside the repository, and the README's configuration table lists every setting of the schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENV } from '../src/config/index.js';

const root = join(import.meta.dirname, '..');

test('every module under src/ has a README.md', () => {
  const modules = readdirSync(join(root, 'src')).filter((name) => statSync(join(root, 'src', name)).isDirectory());
  assert.ok(modules.length > 10, 'the src/ modules were found');
  assert.deepEqual(
    modules.filter((name) => !existsSync(join(root, 'src', name, 'README.md'))),
    [],
  );
});

// Notes that live beside the repository while it is built, never in it. Built from parts so this file does not match.
const OUTSIDE = [
  new RegExp(['DESIGN', 'md'].join('\\.')),
  new RegExp(['research', '[a-z-]+\\.md'].join('/')),
  new RegExp(['\\.\\./shared', '(research|bench|hooks)'].join('/')),
];

test('no tracked file points to documents outside the repository', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(
      (f) =>
        f !== '' &&
        !f.endsWith('package-lock.json') &&
        /\.(ts|mts|mjs|cjs|js|md|json|sh|yml|yaml|html|css)$|(^|\/)run$/.test(f),
    );
  const hits: string[] = [];
  for (const file of files) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree, not yet committed
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (OUTSIDE.some((pattern) => pattern.test(line))) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
  }
  assert.deepEqual(hits, []);
});

test("the README's configuration table lists every variable of the settings schema", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
  );
  const rows = new Set([...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
  assert.deepEqual(
    Object.values(ENV).filter((variable) => !rows.has(variable)),
    [],
  );
});
