import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateMasterKey } from './master-key.js';

test('first start creates a 0600 key file; later starts read the same key', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ck-mk-')), 'sub', 'master.key');
  const first = loadOrCreateMasterKey({ kind: 'file', path });
  assert.equal(first.created, true);
  assert.equal(first.key.length, 32);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const second = loadOrCreateMasterKey({ kind: 'file', path });
  assert.equal(second.created, false);
  assert.deepEqual(second.key, first.key);
  assert.deepEqual(second.warnings, []);
});

test('a key file readable by others is used but warned about', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ck-mk-')), 'master.key');
  writeFileSync(path, Buffer.alloc(32, 7).toString('base64'));
  chmodSync(path, 0o644);
  const loaded = loadOrCreateMasterKey({ kind: 'file', path });
  assert.match(loaded.warnings[0] ?? '', /chmod 600/);
});

test('an inline key of the wrong size names the variable and how to make one', () => {
  assert.throws(
    () => loadOrCreateMasterKey({ kind: 'inline', base64: 'c2hvcnQ=' }),
    /CALM_KEYS_MASTER_KEY.*decodes to 5 bytes/s,
  );
});
