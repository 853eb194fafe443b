/**
 * The BTP-deletion watcher is idempotent, as the outbox that delivers btp's `binding.deleted` needs (at least
 * once, maybe twice at the same moment after a lapsed lease): a second delivery, sequential or concurrent,
 * leaves the flag and its time as the first set them and writes no second audit record. SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox } from '../crypto/index.js';
import { fixedClock } from '../shared/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createLandscape } from './index.js';
import { TENANT, tenantActor, CLIENT_ID, keyText } from './test-support/fixtures.js';

const ADMIN = tenantActor('x_landscape_SecurityAdministrator');

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a binding.deleted delivered again, after or alongside the first, changes nothing`, async () => {
    const store = await kind.open();
    try {
      const secrets = createSecretBox(randomBytes(32));
      const clock = fixedClock(new Date('2026-11-23T10:00:00Z'));
      const landscape = createLandscape({
        db: store.db,
        audit: createAuditWriter(clock),
        clock,
        secrets,
        tenants: { find: async (id) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
        testKey: async () => ({ ok: true, steps: [], summary: 'ok' }),
      });
      await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('live$secret')) });
      const event = {
        bindingId: 'b-1',
        clientId: CLIENT_ID,
        secretFingerprint: secrets.fingerprint('live$secret'),
        deletedAt: '2026-11-23T09:59:00.000Z',
      };
      // two deliveries at once (a lease lapsed while the first ran), then a third later
      const [one, two] = await Promise.all([
        landscape.btpDeletions.onBindingDeleted(event),
        landscape.btpDeletions.onBindingDeleted(event),
      ]);
      assert.deepEqual([...one, ...two], [TENANT.tenantId], 'one of them flagged the copy');
      clock.advance(3_600_000);
      assert.deepEqual(await landscape.btpDeletions.onBindingDeleted(event), [], 'a later one flags nothing');
      const view = await landscape.slot.view(ADMIN, TENANT.tenantId);
      assert.equal(view.key?.status.value, 'failed');
      assert.equal(view.key?.deletedInBtp?.at, event.deletedAt, 'the time of the deletion, kept');
      const records = await store.db
        .selectFrom('audit_events')
        .select('action')
        .where('action', '=', 'lm.service_key.deleted_in_btp')
        .execute();
      assert.equal(records.length, 1, 'one audit record');
      const remembered = await store.db.selectFrom('lm_deleted_credentials').selectAll().execute();
      assert.equal(remembered.length, 1, 'the credential remembered once');
    } finally {
      await store.close();
    }
  });
}
