import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './database.js';
import { testDatabaseKinds, TEST_PG_URL } from './test-support/databases.js';
import { createSharedRequestLimiter, createSharedWindowCounter } from './window-counter.js';

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

  test(`${kind.name}: request limits shared by two connections count all or none, the last request of a window once`, async () => {
    const first = await kind.open();
    const second = first.sqliteFile
      ? await openStore({ sqliteFile: first.sqliteFile })
      : await openStore({ databaseUrl: TEST_PG_URL, schema: first.pgSchema! });
    try {
      let now = Date.parse('2026-01-01T00:00:00Z');
      const all = { name: 'req-all', limit: 5, windowMs: 60_000 };
      const creates = { name: 'req-create', limit: 2, windowMs: 60_000 };
      const a = createSharedRequestLimiter({ db: first.db, now: () => now });
      const b = createSharedRequestLimiter({ db: second.db, now: () => now });
      // three creations at once, on both sides: exactly two get through, whichever they are. In parallel on
      // PostgreSQL; one after the other on SQLite, where a second connection of this one thread would wait
      // synchronously for the first one's transaction (two processes wait for each other as they should)
      const create = [all, creates];
      const raced = first.sqliteFile
        ? [await a.admit('k', create), await b.admit('k', create), await a.admit('k', create)]
        : await Promise.all([a.admit('k', create), b.admit('k', create), a.admit('k', create)]);
      assert.deepEqual([...raced].sort(), [0, 0, 60]);
      // the refused creation did not count against `all`: three more plain requests fit, the fourth does not
      for (const side of [b, a, b]) assert.equal(await side.admit('k', [all]), 0);
      assert.equal(await a.admit('k', [all]), 60, 'the sixth request, on either side, is over the shared limit');
      const rows = await first.db
        .selectFrom('rate_limit_windows')
        .select(['counter', 'count'])
        .where('key', '=', 'k')
        .execute();
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.counter, Number(r.count)])), {
        'req-all': 5,
        'req-create': 2,
      });
      assert.equal(await b.admit('other', [all, creates]), 0, 'another key has its own windows');
      now += 60_000;
      assert.equal(await b.admit('k', [all, creates]), 0, 'a window that ended starts again');
    } finally {
      await second.close();
      await first.close();
    }
  });

  test(`${kind.name}: request limits without the database count in the process, without an error`, async () => {
    const store = await kind.open();
    const errors: unknown[] = [];
    const limiter = createSharedRequestLimiter({ db: store.db, onError: (e) => errors.push(e) });
    await store.close();
    const limit = [{ name: 'req', limit: 2, windowMs: 60_000 }];
    assert.deepEqual([await limiter.admit('k', limit), await limiter.admit('k', limit)], [0, 0]);
    assert.ok((await limiter.admit('k', limit)) > 0, 'the local count still limits');
    assert.equal(errors.length, 1, 'told once, not per request');
  });
}
