import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './database.js';
import { testDatabaseKinds, TEST_PG_URL } from './test-support/databases.js';
import { createSharedWindowCounter } from './window-counter.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: two counters on two connections share one budget, atomically`, async () => {
    const first = await kind.open();
    // a second store on the same database: another connection (pool), as another process would have
    const second = first.sqliteFile
      ? await openStore({ sqliteFile: first.sqliteFile })
      : await openStore({ databaseUrl: TEST_PG_URL, schema: first.pgSchema! });
    try {
      let now = Date.parse('2026-01-01T00:00:00Z');
      const options = { name: 'test', limit: 4, windowMs: 60_000, now: () => now };
      const a = createSharedWindowCounter({ db: first.db, ...options });
      const b = createSharedWindowCounter({ db: second.db, ...options });
      // 4 counts in parallel, 2 on each: the limit is reached exactly once, none of them was over it
      assert.deepEqual(await Promise.all([a.record('k'), b.record('k'), a.record('k'), b.record('k')]), [0, 0, 0, 0]);
      assert.equal(await a.record('k'), 60, 'the fifth count, on either side, is over the shared limit');
      assert.equal(await b.record('k'), 60);
      assert.equal(b.knownWait('k'), 60, 'known without the database once it said so');
      assert.equal(await a.record('other'), 0, 'another key has its own window');
      const c = createSharedWindowCounter({ db: second.db, ...options, name: 'another-limit' });
      assert.equal(await c.record('k'), 0, 'another counter has its own windows');
      now += 45_000;
      assert.equal(await b.record('k'), 15, 'the window ends when it was opened plus windowMs');
      now += 15_000;
      assert.equal(a.knownWait('k'), 0, 'the window ended');
      assert.equal(await a.record('k'), 0, 'a new window starts afresh');
      const rows = await first.db.selectFrom('rate_limit_windows').select(['counter', 'key']).execute();
      assert.ok(!rows.some((r) => r.counter === 'test' && r.key === 'other'), 'an ended window was pruned');
    } finally {
      await second.close();
      await first.close();
    }
  });

  test(`${kind.name}: a database that fails leaves the count to the process, without an error`, async () => {
    const store = await kind.open();
    const errors: unknown[] = [];
    const counter = createSharedWindowCounter({
      db: store.db,
      name: 'test',
      limit: 2,
      windowMs: 60_000,
      onError: (e) => errors.push(e),
    });
    await store.close();
    assert.equal(await counter.record('k'), 0);
    assert.equal(await counter.record('k'), 0);
    assert.ok((await counter.record('k')) > 0, 'the local count still limits');
    assert.ok(counter.knownWait('k') > 0);
    assert.equal(errors.length, 1, 'told once, not per count');
  });
}
