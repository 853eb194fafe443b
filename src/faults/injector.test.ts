import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditWriter } from '../audit/index.js';
import type { Actor } from '../access/index.js';
import { systemClock } from '../shared/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createFaults } from './index.js';

const admin: Actor = {
  userId: 'u-admin',
  username: 'admin',
  via: { kind: 'session' },
  assignments: [{ role: 'SystemAdministrator', scopeType: 'system', scopeId: '*' }],
};

async function until(what: string, check: () => boolean, withinMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > withinMs) assert.fail(`${what} not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a fault added through one process applies in another within the refresh bound`, async () => {
    const store = await kind.open();
    const errors: unknown[] = [];
    const one = (refreshMs: number) =>
      createFaults({
        db: store.db,
        audit: createAuditWriter(systemClock),
        clock: systemClock,
        refreshMs,
        onError: (e) => errors.push(e),
      });
    const a = one(60_000);
    const b = one(100);
    try {
      await a.injector.start();
      await b.injector.start();
      assert.equal(b.injector.any(), false, 'no fault at start');
      const fault = await a.service.add(admin, { target: 'token', kind: 'status', status: 503 });
      assert.equal(a.injector.any(), true, 'the adding process applies it at once');
      assert.equal(a.injector.pick({ target: 'token' })?.id, fault.id);
      await until('the other process sees it', () => b.injector.any(), 1_000);
      assert.equal(b.injector.pick({ target: 'token', clientId: 'anyone' })?.id, fault.id);
      assert.equal(b.injector.pick({ target: 'jwks' }), undefined);
      await a.service.clear(admin);
      assert.equal(a.injector.any(), false);
      await until('the other process drops it', () => !b.injector.any(), 1_000);
      assert.deepEqual(errors, []);
    } finally {
      await a.injector.stop();
      await b.injector.stop();
      await store.close();
    }
  });
}

test('a failed re-read keeps the last list and reports the error', async () => {
  const store = await (await testDatabaseKinds())[0]!.open();
  const errors: unknown[] = [];
  const faults = createFaults({
    db: store.db,
    audit: createAuditWriter(systemClock),
    clock: systemClock,
    refreshMs: 20,
    onError: (e) => errors.push(e),
  });
  try {
    await faults.injector.start();
    await faults.service.add(admin, { target: 'jwks', kind: 'reset' });
    await store.close();
    await until('the error of a re-read', () => errors.length > 0, 1_000);
    assert.equal(faults.injector.any(), true, 'the last list stays in force');
  } finally {
    await faults.injector.stop();
  }
});
