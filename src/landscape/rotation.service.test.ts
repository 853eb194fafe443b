/**
 * Staged rotation's steps across processes and restarts, with a BTP port double and the injected clock: two
 * workers over two connections to one database (two calm-keys processes on one PostgreSQL) delete the old
 * binding once; a step whose process stopped is failed by the next worker, the current key untouched; a
 * failed deletion in BTP is tried again later.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox, type SecretBox } from '../crypto/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { DomainError, fixedClock, type Clock } from '../shared/index.js';
import { openStore, type Db } from '../store/index.js';
import { TEST_PG_URL, testDatabaseKinds } from '../store/test-support/databases.js';
import { createLandscape, type KeyTester, type RotationBindings } from './index.js';
import { TENANT, tenantActor } from './test-support/fixtures.js';

const ADMIN = tenantActor('x_landscape_SecurityAdministrator', { userId: 'u-1', username: 'alice' });

const CLIENT = 'sb-x!b1|calm!b4711';
const keyOf = (bindingId: string) =>
  JSON.stringify({
    endpoints: { Api: 'https://acme-calm.eu10.alm.cloud.sap/api' },
    uaa: {
      clientid: CLIENT,
      clientsecret: `${bindingId}$${randomBytes(8).toString('hex')}`,
      url: 'https://acme-calm.authentication.eu10.hana.ondemand.com',
      identityzone: 'acme-calm',
      'credential-type': 'binding-secret',
    },
  });
const green: KeyTester = async () => ({ ok: true, steps: [], summary: 'ok' }) satisfies KeyTestResult;

/** BTP as the port sees it: bindings by id; `failRemovals` makes the next deletions throw. */
function fakeBtp() {
  const bindings = new Set<string>();
  const removed: string[] = [];
  let failRemovals = 0;
  const port: RotationBindings = {
    find: async (sub, id, clientId) =>
      sub === TENANT.subaccountId && clientId === CLIENT && bindings.has(id)
        ? { bindingId: id, instanceId: 'inst-1', name: 'key-1', credentialType: 'binding-secret' }
        : undefined,
    create: async () => {
      const id = randomUUID();
      bindings.add(id);
      return { bindingId: id, keyText: keyOf(id) };
    },
    remove: async (_actor, { bindingId }) => {
      if (failRemovals > 0) {
        failRemovals -= 1;
        throw new Error('BTP is down');
      }
      removed.push(bindingId);
      return bindings.delete(bindingId);
    },
  };
  return { port, bindings, removed, failNext: (n: number) => (failRemovals = n) };
}

const landscapeOn = (db: Db, secrets: SecretBox, clock: Clock, testKey: KeyTester, port: RotationBindings) =>
  createLandscape({
    db,
    audit: createAuditWriter(clock),
    clock,
    secrets,
    testKey,
    rotationBindings: port,
    tenants: { find: async (id) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
  });

async function twoProcesses(kind: Awaited<ReturnType<typeof testDatabaseKinds>>[number]) {
  const storeA = await kind.open();
  // several processes share PostgreSQL only; on SQLite (one process) the passes race over one connection
  if (storeA.sqliteFile) return { storeA, storeB: storeA, close: () => storeA.close() };
  const storeB = await openStore({ databaseUrl: TEST_PG_URL, schema: storeA.pgSchema! });
  return {
    storeA,
    storeB,
    close: async () => {
      await storeB.close();
      await storeA.close();
    },
  };
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: after the grace period two workers delete the old binding once`, async () => {
    const { storeA, storeB, close } = await twoProcesses(kind);
    try {
      const secrets = createSecretBox(randomBytes(32));
      const clock = fixedClock(new Date('2026-12-01T10:00:00Z'));
      const btp = fakeBtp();
      const oldBinding = randomUUID();
      btp.bindings.add(oldBinding);
      const a = landscapeOn(storeA.db, secrets, clock, green, btp.port);
      const b = landscapeOn(storeB.db, secrets, clock, green, btp.port);
      await a.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyOf(oldBinding)) });
      const started = await a.rotations.rotate(ADMIN, TENANT.tenantId, { graceSeconds: 3600 });
      assert.equal(started.rotation?.state, 'grace');
      assert.equal(await a.rotations.runDue(), 0, 'nothing due during the grace period');
      assert.deepEqual(btp.removed, []);
      clock.advance(3600_000);
      await Promise.all([a.rotations.runDue(), b.rotations.runDue(), a.rotations.runDue()]);
      assert.deepEqual(btp.removed, [oldBinding], 'deleted once');
      const done = await b.rotations.view(ADMIN, TENANT.tenantId);
      assert.equal(done.rotation?.state, 'completed');
      assert.equal(done.rotation?.steps.filter((s) => s.step === 'old_binding_deleted').length, 1);
    } finally {
      await close();
    }
  });

  test(`${kind.name}: a step whose process stopped is failed by the next worker; the current key stays`, async () => {
    const { storeA, storeB, close } = await twoProcesses(kind);
    try {
      const secrets = createSecretBox(randomBytes(32));
      const clock = fixedClock(new Date('2026-12-01T10:00:00Z'));
      const btp = fakeBtp();
      const oldBinding = randomUUID();
      btp.bindings.add(oldBinding);
      let testing = (): void => undefined;
      const started = new Promise<void>((resolve) => (testing = resolve));
      const hangs: KeyTester = () => {
        testing();
        return new Promise(() => undefined); // the process "stops" mid-Test: this Test never ends
      };
      const a = landscapeOn(storeA.db, secrets, clock, hangs, btp.port);
      const b = landscapeOn(storeB.db, secrets, clock, green, btp.port);
      await a.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyOf(oldBinding)) });
      const before = await a.slot.download(ADMIN, TENANT.tenantId);
      void a.rotations.rotate(ADMIN, TENANT.tenantId, { graceSeconds: 0 });
      await started;
      assert.equal(await b.rotations.runDue(), 0, 'the claim is live');
      clock.advance(5 * 60_000);
      assert.equal(await b.rotations.runDue(), 1);
      const after = await b.rotations.view(ADMIN, TENANT.tenantId);
      assert.equal(after.rotation?.state, 'failed');
      assert.deepEqual(
        after.rotation?.steps.map((s) => s.step),
        ['started', 'binding_created', 'interrupted', 'failed', 'new_binding_deleted'],
      );
      assert.deepEqual(btp.removed, [after.rotation?.newBindingId]);
      assert.deepEqual((await b.slot.download(ADMIN, TENANT.tenantId)).bytes, before.bytes);
      assert.equal(after.actions.rotate, true, 'a new rotation may start');
    } finally {
      await close();
    }
  });
}

test('a failed deletion in BTP is tried again a minute later; the new key stays current', async () => {
  const kind = (await testDatabaseKinds())[0]!;
  const store = await kind.open();
  try {
    const secrets = createSecretBox(randomBytes(32));
    const clock = fixedClock(new Date('2026-12-01T10:00:00Z'));
    const btp = fakeBtp();
    const oldBinding = randomUUID();
    btp.bindings.add(oldBinding);
    const lm = landscapeOn(store.db, secrets, clock, green, btp.port);
    await lm.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyOf(oldBinding)) });
    await lm.rotations.rotate(ADMIN, TENANT.tenantId, { graceSeconds: 0 });
    btp.failNext(1);
    await lm.rotations.runDue();
    let view = await lm.rotations.view(ADMIN, TENANT.tenantId);
    assert.equal(view.rotation?.state, 'grace');
    assert.match(view.rotation!.steps.at(-1)!.detail!, /failed \(an unexpected error/);
    assert.ok(!view.rotation!.steps.at(-1)!.detail!.includes('BTP is down'), 'no raw error text stored');
    assert.equal(await lm.rotations.runDue(), 0, 'not before the retry is due');
    clock.advance(60_000);
    await lm.rotations.runDue();
    view = await lm.rotations.view(ADMIN, TENANT.tenantId);
    assert.equal(view.rotation?.state, 'completed');
    assert.deepEqual(btp.removed, [oldBinding]);
  } finally {
    await store.close();
  }
});

test('BTP refusing the new binding fails the rotation at that step; the current key stays and a new rotation may start', async () => {
  const kind = (await testDatabaseKinds())[0]!;
  const store = await kind.open();
  try {
    const secrets = createSecretBox(randomBytes(32));
    const clock = fixedClock(new Date('2026-12-01T10:00:00Z'));
    const btp = fakeBtp();
    const oldBinding = randomUUID();
    btp.bindings.add(oldBinding);
    const refusing: RotationBindings = {
      ...btp.port,
      create: async () => {
        throw new DomainError('conflict', 'btp.binding_limit', "The instance has 1000 bindings, XSUAA's limit.");
      },
    };
    const lm = landscapeOn(store.db, secrets, clock, green, refusing);
    await lm.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyOf(oldBinding)) });
    const before = await lm.slot.download(ADMIN, TENANT.tenantId);
    const outcome = await lm.rotations.rotate(ADMIN, TENANT.tenantId);
    assert.equal(outcome.rotation?.state, 'failed');
    assert.deepEqual(
      outcome.rotation?.steps.map((s) => [s.step, s.outcome]),
      [
        ['started', 'ok'],
        ['binding_created', 'failed'],
        ['failed', 'failed'],
      ],
    );
    assert.match(outcome.rotation!.failure!, /1000 bindings.*\(btp\.binding_limit\)/);
    assert.deepEqual((await lm.slot.download(ADMIN, TENANT.tenantId)).bytes, before.bytes);
    assert.equal(outcome.actions.rotate, true);
    assert.equal(outcome.rotation?.graceSeconds, 86_400, 'the default grace period');
  } finally {
    await store.close();
  }
});
