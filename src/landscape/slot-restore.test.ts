/**
 * The recovery window (slot-restore.ts): a deleted key is listed for `deletedKeyRetentionDays` and restorable,
 * then no longer, and the sweep purges it; a copy whose binding was deleted in BTP while it waited comes back
 * red. SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox } from '../crypto/index.js';
import { fixedClock } from '../shared/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createLandscape, createRecoverySweeper } from './index.js';
import { TENANT, tenantActor, CLIENT_ID, keyText } from './test-support/fixtures.js';

const ADMIN = tenantActor('x_landscape_SecurityAdministrator');

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a deleted key is restorable within the window only, then purged`, async () => {
    const store = await kind.open();
    try {
      const clock = fixedClock(new Date('2026-12-01T10:00:00Z'));
      const landscape = createLandscape({
        db: store.db,
        audit: createAuditWriter(clock),
        clock,
        secrets: createSecretBox(randomBytes(32)),
        tenants: { find: async (id) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
        testKey: async () => ({ ok: true, steps: [], summary: 'ok' }),
        deletedKeyRetentionDays: 2,
      });
      const sweeper = createRecoverySweeper({ db: store.db, clock, deletedKeyRetentionDays: 2 });
      const bytes = Buffer.from(keyText('live$secret'));
      await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes });
      await landscape.slot.remove(ADMIN, TENANT.tenantId);
      const listed = await landscape.slot.listDeleted(ADMIN, TENANT.tenantId);
      assert.equal(listed.num_items, 1);
      assert.equal(listed.items[0]!.purgeAfter, '2026-12-03T10:00:00.000Z');

      // restored within the window: the same bytes; deleted again, and the binding deleted in BTP meanwhile
      clock.advance(86_400_000);
      await landscape.slot.restore(ADMIN, TENANT.tenantId);
      assert.ok((await landscape.slot.download(ADMIN, TENANT.tenantId)).bytes.equals(bytes));
      await landscape.slot.remove(ADMIN, TENANT.tenantId);
      const fingerprint = (await store.db.selectFrom('lm_deleted_keys').select('slot_row').executeTakeFirstOrThrow())
        .slot_row;
      await landscape.btpDeletions.onBindingDeleted({
        bindingId: 'b-1',
        clientId: CLIENT_ID,
        secretFingerprint: (JSON.parse(fingerprint) as { secret_fingerprint: string }).secret_fingerprint,
      });
      await landscape.slot.restore(ADMIN, TENANT.tenantId);
      const view = await landscape.slot.view(ADMIN, TENANT.tenantId);
      assert.equal(view.key?.status.value, 'failed');
      assert.ok(view.key?.deletedInBtp, 'flagged: the binding went while the key was deleted');
      await landscape.slot.remove(ADMIN, TENANT.tenantId);

      // past the window: not listed, not restorable, and the sweep purges it
      clock.advance(2 * 86_400_000 + 1);
      assert.equal((await landscape.slot.listDeleted(ADMIN, TENANT.tenantId)).num_items, 0);
      await assert.rejects(landscape.slot.restore(ADMIN, TENANT.tenantId), { code: 'lm.deleted_key.not_found' });
      assert.equal((await sweeper.sweep()).deletedKeys, 1);
      assert.equal((await store.db.selectFrom('lm_deleted_keys').selectAll().execute()).length, 0);
    } finally {
      await store.close();
    }
  });
}
