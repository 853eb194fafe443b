/**
 * The tenant directory's cache of `findByZone` (the tenant of every Cloud ALM API request's token zone), on each
 * database: a hit reads nothing, a change made by another process on the same database (a second store opened
 * on the same file or schema) counts within the TTL and never later, a zone without a tenant is never held (a
 * tenant created a moment later counts at once, and zones that name nothing take no memory), and at most
 * `maxEntries` tenants are held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../store/index.js';
import { TEST_PG_URL, testDatabaseKinds, type TestStore } from '../store/test-support/databases.js';
import { createTenantDirectory, TENANT_CACHE_TTL_MS } from './tenant-directory.repo.js';
import * as repo from './btp.repo.js';

const CREATED = '2026-11-23T10:00:00.000Z';

/** Another process on the same database: its own connection to the same SQLite file or PostgreSQL schema. */
function sameDatabase(store: TestStore): Promise<Store> {
  return store.sqliteFile
    ? openStore({ sqliteFile: store.sqliteFile })
    : openStore({ databaseUrl: TEST_PG_URL, schema: store.pgSchema! });
}

async function addSubaccount(store: Store, id: string) {
  await repo.insertSubaccount(store.db, {
    id,
    global_account_id: 'ga-1',
    name: id,
    subdomain: `sd-${id}`,
    region: 'eu10',
    created_at: CREATED,
  });
}
const addTenant = (store: Store, id: string, subaccountId: string) =>
  repo.insertTenant(store.db, {
    id,
    subaccount_id: subaccountId,
    name: `sd-${subaccountId}`,
    provisioned_on: '2026-11-23',
    created_at: CREATED,
  });
const deleteTenant = (store: Store, id: string) => store.db.deleteFrom('calm_tenants').where('id', '=', id).execute();

for (const kind of await testDatabaseKinds()) {
  async function setUp(maxEntries?: number) {
    const here = await kind.open();
    const other = await sameDatabase(here);
    await repo.insertGlobalAccount(here.db, { id: 'ga-1', name: 'ga', created_at: CREATED });
    let at = 1_000_000;
    const directory = createTenantDirectory(here.db, { now: () => at, ...(maxEntries ? { maxEntries } : {}) });
    return {
      here,
      other,
      directory,
      move: (ms: number) => void (at += ms),
      async close() {
        await other.close();
        await here.close();
      },
    };
  }

  test(`${kind.name}: a cached tenant is served for TENANT_CACHE_TTL_MS; a tenant another process deleted is not served beyond it`, async () => {
    const t = await setUp();
    try {
      await addSubaccount(t.other, 'sub-a');
      await addTenant(t.other, 'ten-a', 'sub-a');
      const found = await t.directory.findByZone('sub-a');
      assert.equal(found?.tenantId, 'ten-a');
      assert.equal(found?.zoneId, 'sub-a');
      assert.equal(found?.identityZone, 'sd-sub-a');

      await deleteTenant(t.other, 'ten-a');
      t.move(TENANT_CACHE_TTL_MS - 1);
      assert.equal((await t.directory.findByZone('sub-a'))?.tenantId, 'ten-a', 'a hit: the database is not read');
      t.move(1);
      assert.equal(await t.directory.findByZone('sub-a'), undefined, 'never past the bound');
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: a zone without a tenant is read every time: a tenant created a moment later counts at once`, async () => {
    const t = await setUp();
    try {
      await addSubaccount(t.other, 'sub-b');
      assert.equal(await t.directory.findByZone('sub-b'), undefined);
      await addTenant(t.other, 'ten-b', 'sub-b');
      assert.equal((await t.directory.findByZone('sub-b'))?.tenantId, 'ten-b', 'no cached miss hides it');
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: forgetZone (a change in this process) counts at once`, async () => {
    const t = await setUp();
    try {
      await addSubaccount(t.here, 'sub-c');
      await addTenant(t.here, 'ten-c', 'sub-c');
      assert.equal((await t.directory.findByZone('sub-c'))?.tenantId, 'ten-c');
      await deleteTenant(t.here, 'ten-c');
      t.directory.forgetZone('sub-c');
      assert.equal(await t.directory.findByZone('sub-c'), undefined);
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: at most maxEntries tenants are held; zones that name nothing take no room`, async () => {
    const t = await setUp(2);
    try {
      for (const n of [1, 2, 3]) {
        await addSubaccount(t.here, `sub-${n}`);
        await addTenant(t.here, `ten-${n}`, `sub-${n}`);
        await t.directory.findByZone(`sub-${n}`);
      }
      for (let i = 0; i < 50; i += 1) assert.equal(await t.directory.findByZone(`no-such-zone-${i}`), undefined);
      // delete all three: what is still served is what is held, the two read last
      for (const n of [1, 2, 3]) await deleteTenant(t.other, `ten-${n}`);
      assert.equal(await t.directory.findByZone('sub-1'), undefined, 'the oldest was dropped and read again');
      assert.equal((await t.directory.findByZone('sub-2'))?.tenantId, 'ten-2');
      assert.equal((await t.directory.findByZone('sub-3'))?.tenantId, 'ten-3');
    } finally {
      await t.close();
    }
  });
}
