/**
 * One Test Service Key at a time per tenant, also across processes: two landscape instances over two
 * connections to one database (as two calm-keys processes on one PostgreSQL) share the lease, which lives
 * in the database; a second Test while one runs is 409 lm.test_in_progress; the stored status is the
 * result of the Test that finished; an expired lease (a process that died mid-Test) does not block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox, type SecretBox } from '../crypto/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { DomainError, fixedClock, type Clock } from '../shared/index.js';
import { openStore, type Db } from '../store/index.js';
import { TEST_PG_URL, testDatabaseKinds } from '../store/test-support/databases.js';
import { createLandscape, type KeyTester } from './index.js';
import { TENANT, tenantActor } from './test-support/fixtures.js';

const ADMIN = tenantActor('x_landscape_SecurityAdministrator', { userId: 'u-1', username: 'alice' });

const KEY = JSON.stringify({
  endpoints: { Api: 'https://acme-calm.eu10.alm.cloud.sap/api' },
  uaa: {
    clientid: 'sb-x!b1|calm!b4711',
    clientsecret: 'k$secret',
    url: 'https://acme-calm.authentication.eu10.hana.ondemand.com',
    identityzone: 'acme-calm',
    'credential-type': 'binding-secret',
  },
});
const red = (reason: string): KeyTestResult => ({ ok: false, steps: [], failedStep: 'token', reason, summary: reason });

/** A key tester whose runs the test finishes by hand, in any order. */
function manualTester() {
  const pending: ((result: KeyTestResult) => void)[] = [];
  const tester: KeyTester = () => new Promise((resolve) => pending.push(resolve));
  const started = async (count: number) => {
    while (pending.length < count) await new Promise((r) => setTimeout(r, 5));
  };
  return { tester, pending, started };
}

const landscapeOn = (db: Db, secrets: SecretBox, clock: Clock, testKey: KeyTester) =>
  createLandscape({
    db,
    audit: createAuditWriter(clock),
    clock,
    secrets,
    testKey,
    tenants: { find: async (id) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
  });

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a second Test of the tenant's key while one runs, from another process, is 409 lm.test_in_progress; the stored status is the finished Test's`, async () => {
    const storeA = await kind.open();
    const storeB = await openStore(
      storeA.sqliteFile ? { sqliteFile: storeA.sqliteFile } : { databaseUrl: TEST_PG_URL, schema: storeA.pgSchema! },
    );
    const secrets = createSecretBox(randomBytes(32));
    const clock = fixedClock(new Date('2026-11-23T10:00:00Z'));
    const a = manualTester();
    const b = manualTester();
    const processA = landscapeOn(storeA.db, secrets, clock, a.tester);
    const processB = landscapeOn(storeB.db, secrets, clock, b.tester);
    try {
      await processA.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(KEY) });
      const first = processA.tests.test(ADMIN, TENANT.tenantId);
      await a.started(1);

      const second = await processB.tests.test(ADMIN, TENANT.tenantId).then(
        () => assert.fail('the second Test ran while the first was running'),
        (error: unknown) => error,
      );
      assert.ok(second instanceof DomainError, String(second));
      assert.equal(second.code, 'lm.test_in_progress');
      assert.equal(second.kind, 'conflict');
      assert.match(second.message, /already running \(started by alice at 2026-11-23T10:00:00\.000Z\)/);
      assert.equal(b.pending.length, 0, 'the second process never called the key tester');
      // the same process is refused too
      await assert.rejects(
        processA.tests.test(ADMIN, TENANT.tenantId),
        (e: DomainError) => e.code === 'lm.test_in_progress',
      );

      a.pending[0]!(red('first test: refused'));
      const outcome = await first;
      assert.equal(outcome.recorded, true);
      assert.equal(
        (await processB.slot.view(ADMIN, TENANT.tenantId)).key?.status.reason,
        'Test failed at step "token": first test: refused',
      );

      // once it finished, the lease is gone: the other process tests, and its result is the stored one
      const third = processB.tests.test(ADMIN, TENANT.tenantId);
      await b.started(1);
      b.pending[0]!({ ok: true, steps: [], summary: 'the key works' });
      assert.equal((await third).status, 'active');
      assert.equal((await processA.slot.view(ADMIN, TENANT.tenantId)).key?.status.value, 'active');
      const leases = await storeA.db.selectFrom('lm_test_leases').selectAll().execute();
      assert.deepEqual(leases, [], 'no lease is left behind');
    } finally {
      await storeB.close();
      await storeA.close();
    }
  });
}

test('a lease whose Test died (the process stopped mid-Test) expires and no longer blocks', async () => {
  const [kind] = await testDatabaseKinds();
  const store = await kind!.open();
  const secrets = createSecretBox(randomBytes(32));
  const clock = fixedClock(new Date('2026-11-23T10:00:00Z'));
  const stuck = manualTester();
  try {
    const dying = landscapeOn(store.db, secrets, clock, stuck.tester);
    await dying.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(KEY) });
    void dying.tests.test(ADMIN, TENANT.tenantId);
    await stuck.started(1); // never finishes: its process "died"
    const other = landscapeOn(store.db, secrets, clock, async () => ({ ok: true, steps: [], summary: 'ok' }));
    await assert.rejects(
      other.tests.test(ADMIN, TENANT.tenantId),
      (e: DomainError) => e.code === 'lm.test_in_progress',
    );
    clock.advance(10 * 60_000);
    assert.equal((await other.tests.test(ADMIN, TENANT.tenantId)).status, 'active');
    // the dead Test's late result is not stored over the newer one: its lease is no longer its own
    stuck.pending[0]!(red('late'));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await other.slot.view(ADMIN, TENANT.tenantId)).key?.status.value, 'active');
  } finally {
    await store.close();
  }
});
