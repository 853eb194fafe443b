/**
 * The cache of `registry.findService` (the managed object of every push), on each database: a hit reads nothing,
 * turning monitoring off here counts for the next push at once, a change or deletion made by another process on
 * the same database (a second store on the same file or schema) counts within SERVICE_CACHE_TTL_MS and never
 * later, an id that names nothing is never held, and at most `maxEntries` objects are held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox } from '../crypto/index.js';
import { fixedClock } from '../shared/index.js';
import { openStore, type Store } from '../store/index.js';
import { TEST_PG_URL, testDatabaseKinds, type TestStore } from '../store/test-support/databases.js';
import { createManagedObjectService, SERVICE_CACHE_TTL_MS } from './managed-objects.service.js';
import { TENANT, tenantActor } from './test-support/fixtures.js';

const ADMIN = tenantActor('x_landscape_Administrator');

function sameDatabase(store: TestStore): Promise<Store> {
  return store.sqliteFile
    ? openStore({ sqliteFile: store.sqliteFile })
    : openStore({ databaseUrl: TEST_PG_URL, schema: store.pgSchema! });
}

for (const kind of await testDatabaseKinds()) {
  async function setUp(maxEntries?: number) {
    const here = await kind.open();
    const other = await sameDatabase(here);
    const clock = fixedClock(new Date('2026-11-23T10:00:00Z'));
    let at = 1_000_000;
    const objects = createManagedObjectService(
      {
        db: here.db,
        audit: createAuditWriter(clock),
        clock,
        secrets: createSecretBox(randomBytes(32)),
        tenants: { find: async (id) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
        testKey: async () => ({ ok: true, steps: [], summary: 'ok' }),
      },
      { now: () => at, ...(maxEntries ? { maxEntries } : {}) },
    );
    const create = async (name: string, monitoring = true) => {
      const made = await objects.create(ADMIN, TENANT.tenantId, { kind: 'service', name, objectType: 'app' });
      if (monitoring) await objects.setMonitoring(ADMIN, TENANT.tenantId, made.id, true);
      return made.id;
    };
    const elsewhere = {
      setMonitoring: (id: string, enabled: boolean) =>
        other.db
          .updateTable('lm_managed_objects')
          .set({ monitoring_enabled: enabled ? 1 : 0 })
          .where('id', '=', id)
          .execute(),
      remove: (id: string) => other.db.deleteFrom('lm_managed_objects').where('id', '=', id).execute(),
    };
    return {
      objects,
      create,
      elsewhere,
      find: (id: string) => objects.registry.findService(TENANT.tenantId, id),
      move: (ms: number) => void (at += ms),
      async close() {
        await other.close();
        await here.close();
      },
    };
  }

  test(`${kind.name}: monitoring turned off here counts for the next push at once; turned on again too`, async () => {
    const t = await setUp();
    try {
      const id = await t.create('orders');
      assert.deepEqual(await t.find(id), { id, name: 'orders', monitoringEnabled: true });
      await t.objects.setMonitoring(ADMIN, TENANT.tenantId, id, false);
      assert.equal((await t.find(id))?.monitoringEnabled, false, 'no wait for the TTL');
      await t.objects.setMonitoring(ADMIN, TENANT.tenantId, id, true);
      assert.equal((await t.find(id))?.monitoringEnabled, true);
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: a change or deletion by another process counts within SERVICE_CACHE_TTL_MS, never later`, async () => {
    const t = await setUp();
    try {
      const id = await t.create('orders');
      const gone = await t.create('billing');
      assert.equal((await t.find(id))?.monitoringEnabled, true);
      assert.equal((await t.find(gone))?.name, 'billing');
      await t.elsewhere.setMonitoring(id, false);
      await t.elsewhere.remove(gone);
      t.move(SERVICE_CACHE_TTL_MS - 1);
      assert.equal((await t.find(id))?.monitoringEnabled, true, 'a hit within the bound: not read again');
      assert.equal((await t.find(gone))?.name, 'billing');
      t.move(1);
      assert.equal((await t.find(id))?.monitoringEnabled, false, 'read again at the bound');
      assert.equal(await t.find(gone), undefined, 'a deleted object is not served beyond the bound');
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: an id that names nothing is not held: an object created then counts at once; other tenants' objects stay theirs`, async () => {
    const t = await setUp();
    try {
      for (let i = 0; i < 20; i += 1) assert.equal(await t.find(`made-up-${i}`), undefined);
      const id = await t.create('orders');
      assert.equal((await t.find(id))?.name, 'orders');
      assert.equal(await t.objects.registry.findService('ten-other', id), undefined, 'keyed by tenant too');
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: at most maxEntries objects are held, the oldest read goes first`, async () => {
    const t = await setUp(2);
    try {
      const ids = [await t.create('a'), await t.create('b'), await t.create('c')];
      for (const id of ids) await t.find(id);
      for (const id of ids) await t.elsewhere.remove(id);
      assert.equal(await t.find(ids[0]!), undefined, 'dropped, so read again');
      assert.equal((await t.find(ids[1]!))?.name, 'b');
      assert.equal((await t.find(ids[2]!))?.name, 'c');
    } finally {
      await t.close();
    }
  });
}
