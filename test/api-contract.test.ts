/**
 * The checked-in REST contract (docs/openapi.json, generated/api.d.ts): what the route declarations give now,
 * what the running server serves, and `npm run check:api` fails when either file is stale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  API_FILES,
  renderApiFiles,
  servedOpenApiDocument,
  sortKeys,
  staleApiFiles,
  writeApiFiles,
} from '../scripts/api-contract.js';
import { startTestServer } from './support/server.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'calm-keys-api-test-'));
}

test('the checked-in document and types are what the route declarations give (run npm run gen:api if not)', async () => {
  const fresh = tempDir();
  try {
    writeApiFiles(fresh, await renderApiFiles(await servedOpenApiDocument()));
    assert.deepEqual(staleApiFiles(root, fresh), []);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});

test('rendering is deterministic: the same document in another key order gives the same files', async () => {
  const document = (await servedOpenApiDocument()) as Record<string, unknown>;
  const reversed = Object.fromEntries(Object.entries(document).reverse());
  assert.deepEqual(await renderApiFiles(reversed), await renderApiFiles(document));
});

test('a changed declaration makes both checked-in files stale', async () => {
  const document = structuredClone(
    (await servedOpenApiDocument()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    },
  );
  const slotView = document.components.schemas.SlotView!;
  slotView.properties.newField = { type: 'string' };
  slotView.required.push('newField');
  const fresh = tempDir();
  try {
    const files = await renderApiFiles(document);
    assert.match(files.types, /newField: string;/);
    writeApiFiles(fresh, files);
    assert.deepEqual(staleApiFiles(root, fresh), [API_FILES.document, API_FILES.types]);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});

test('npm run check:api fails on a copy whose generated types were edited, naming the file and the fix', () => {
  const copy = tempDir();
  try {
    for (const path of Object.values(API_FILES)) {
      mkdirSync(join(copy, path, '..'), { recursive: true });
      cpSync(join(root, path), join(copy, path));
    }
    const check = () =>
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/gen-api.ts'), '--check', '--root', copy], {
        encoding: 'utf8',
        cwd: root,
      });
    const clean = check();
    assert.equal(clean.status, 0, clean.stderr);
    writeFileSync(
      join(copy, API_FILES.types),
      readFileSync(join(copy, API_FILES.types), 'utf8').replace('actions: {', 'actions?: {'),
    );
    const stale = check();
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /generated\/api\.d\.ts .*run `npm run gen:api`/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('the running server serves exactly the checked-in document', async () => {
  const t = await startTestServer();
  try {
    const served = await t.http.call('GET', '/openapi.json');
    assert.equal(served.status, 200);
    assert.deepEqual(sortKeys(served.json()), JSON.parse(readFileSync(join(root, API_FILES.document), 'utf8')));
  } finally {
    await t.close();
  }
});
