/**
 * `calm-keys backup` and `restore` (issue 16): a backup taken while the server serves and writes, restored into a
 * new data directory, serves the same Landscape Management key (same slot, tokens for it) and the same users;
 * the master key is not in the backup and restore refuses without it, with a wrong one, or into a non-empty
 * directory. With DATABASE_URL, backup names the pg_dump command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured } from './support/cli.js';
import { tenantWithGeneratedKey } from './support/generated-key.js';
import { ADMIN_PASSWORD, slotPath, tokenFor } from './support/landscape.js';
import { signIn, startTestServer } from './support/server.js';

test('a backup made while serving restores into a new directory that serves the same key, slot and users', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  const work = mkdtempSync(join(tmpdir(), 'calm-keys-backup-'));
  const file = join(work, 'calm-keys.backup');
  let restored: Awaited<ReturnType<typeof startTestServer>> | undefined;
  try {
    const tenant = await tenantWithGeneratedKey(t);
    const { clientid } = JSON.parse(tenant.keyText).uaa as { clientid: string };
    await tokenFor(t, tenant.keyText);
    // the key in the slot is shown to the tenant's Landscape Management Security Administrator
    const granted = await t.http.call('POST', '/access/v1/users/admin/roles', {
      cookie: tenant.cookie,
      body: { role: 'x_landscape_SecurityAdministrator', scopeId: tenant.tenantId },
    });
    assert.ok(granted.status < 300, granted.text);
    const cookie0 = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const slot = (await t.http.call('GET', slotPath(tenant.tenantId), { cookie: cookie0 })).json();
    assert.equal(slot.slot, 'filled');
    assert.equal(slot.key.content.uaa.clientid, clientid);

    // writes while the backup runs: managed objects created and tokens issued, bounded in count
    let backingUp = true;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; backingUp && i < 200; i += 1) {
        const made = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
          cookie: tenant.cookie,
          body: { kind: 'system', name: `during-backup-${i}`, objectType: 'Linux host' },
        });
        assert.equal(made.status, 201, made.text);
        await tokenFor(t, tenant.keyText);
        written += 1;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the writer is under way
    const backup = await runCliCaptured(['backup', file, '--data-dir', t.dataDir]);
    backingUp = false;
    await writer;
    assert.equal(backup.code, 0, backup.err);
    assert.ok(written > 0, 'writes ran during the backup');
    assert.match(backup.err, /backup: 100% \(\d+\/\d+ pages\)/, 'progress is shown');
    assert.match(backup.out, /The master key is not in the backup \(its id: [^)]+\)/);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the backup is owner-only');
    const masterKey = readFileSync(join(t.dataDir, 'master.key'), 'utf8').trim();
    assert.ok(!readFileSync(file).includes(Buffer.from(masterKey)), 'the master key is not in the file');

    // a second backup to the same file is refused, not overwritten
    const again = await runCliCaptured(['backup', file, '--data-dir', t.dataDir]);
    assert.equal(again.code, 2);
    assert.match(again.err, /store\.backup_target_exists/);

    const target = join(work, 'restored');
    // without the master key: refused, nothing written
    const noKey = await runCliCaptured(['restore', file, '--data-dir', target]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.err, /holds no master key: give the one of the server the backup was made on/);
    assert.match(noKey.err, /restore\.master_key_required/);
    assert.ok(!existsSync(target) || readdirSync(target).length === 0);
    // with another master key: refused, naming both key ids
    const otherKey = join(work, 'other.key');
    writeFileSync(otherKey, randomBytes(32).toString('base64'), { mode: 0o600 });
    const wrong = await runCliCaptured(['restore', file, '--data-dir', target, '--master-key-file', otherKey]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /restore\.wrong_master_key/);
    assert.ok(!existsSync(target) || readdirSync(target).length === 0);
    // into a data directory that holds data: refused
    const busy = await runCliCaptured([
      'restore',
      file,
      '--data-dir',
      t.dataDir,
      '--master-key-file',
      join(t.dataDir, 'master.key'),
    ]);
    assert.equal(busy.code, 2);
    assert.match(busy.err, /restore\.data_dir_not_empty/);

    const ok = await runCliCaptured([
      'restore',
      file,
      '--data-dir',
      target,
      '--master-key-file',
      join(t.dataDir, 'master.key'),
    ]);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(statSync(join(target, 'master.key')).mode & 0o777, 0o600);

    restored = await startTestServer({
      env: { CALM_KEYS_DATA_DIR: target, CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    // the same key gets tokens from the restored server, and its slot shows the same key
    await tokenFor(restored, tenant.keyText);
    const cookie = await signIn(restored.http, 'admin', ADMIN_PASSWORD);
    const restoredSlot = await restored.http.call('GET', slotPath(tenant.tenantId), { cookie });
    assert.equal(restoredSlot.status, 200, restoredSlot.text);
    assert.equal(restoredSlot.json().slot, 'filled');
    assert.equal(restoredSlot.json().key.content.uaa.clientid, clientid);
    assert.deepEqual(restoredSlot.json().key.content.uaa.url, slot.key.content.uaa.url);
  } finally {
    await restored?.close();
    await t.close();
  }
});

test('with DATABASE_URL, backup refuses and prints the pg_dump command (no password)', async () => {
  const run = await runCliCaptured([
    'backup',
    '/tmp/x.dump',
    '--database-url',
    'postgres://calm:s3cret-pw@db.example:5432/calm',
  ]);
  assert.equal(run.code, 2);
  assert.match(
    run.err,
    /pg_dump --format=custom --no-owner --file='\/tmp\/x\.dump' 'postgres:\/\/calm@db\.example:5432\/calm'/,
  );
  assert.match(run.err, /pg_restore /);
  assert.match(run.err, /backup\.use_pg_dump/);
  assert.ok(!run.err.includes('s3cret-pw'), 'the password is not printed');
});
