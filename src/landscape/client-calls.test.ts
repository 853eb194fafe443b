/**
 * The call counter of the blast radius: calls are counted in memory with no database write per call, flushed
 * as one row per zone, client id, client address, day and kind (adding to what is stored), kept when a flush
 * fails, marked `test` only with the deployment's marker; the sweep keeps 8 days of rows. SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createClientCallRecorder, OTHER_ADDRESSES } from './client-calls.js';
import { createRecoverySweeper } from './recovery-sweep.js';

const rowsOf = (db: Db) =>
  db.selectFrom('lm_client_calls').selectAll().orderBy('day').orderBy('kind').orderBy('client_address').execute();

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: calls are coalesced in memory and added to their row on flush`, async () => {
    const store = await kind.open();
    try {
      const clock = fixedClock(new Date('2026-12-03T10:00:00.000Z'));
      const calls = createClientCallRecorder({ db: store.db, clock, keyTestMarker: 'marker-1' });
      for (let i = 0; i < 1000; i += 1) {
        calls.called('token', 'zone-1', 'client-1', '10.0.0.1');
        clock.advance(1);
      }
      calls.called('api', 'zone-1', 'client-1', '10.0.0.1');
      calls.called('api', 'zone-1', 'client-1', '10.0.0.2', 'not-the-marker');
      calls.called('token', 'zone-1', 'client-1', '127.0.0.1', 'marker-1');
      calls.called('api', 'zone-2', 'client-1', '10.0.0.1');
      assert.deepEqual(await rowsOf(store.db), [], 'nothing is written per call');
      assert.equal(calls.pendingOf('zone-1', 'client-1').length, 4);

      await calls.flush();
      assert.deepEqual(calls.pendingOf('zone-1', 'client-1'), []);
      const rows = (await rowsOf(store.db)).filter((r) => r.zone_id === 'zone-1');
      assert.deepEqual(
        rows.map((r) => [r.client_address, r.kind, Number(r.calls)]),
        [
          ['10.0.0.1', 'api', 1],
          ['10.0.0.2', 'api', 1],
          ['127.0.0.1', 'test', 1],
          ['10.0.0.1', 'token', 1000],
        ],
      );
      assert.equal(rows.find((r) => r.kind === 'token')!.last_at, '2026-12-03T10:00:00.999Z');

      // a second flush adds to the stored row and keeps the latest time
      calls.called('token', 'zone-1', 'client-1', '10.0.0.1');
      await calls.stop();
      const token = (await rowsOf(store.db)).find((r) => r.kind === 'token')!;
      assert.equal(Number(token.calls), 1001);
      assert.equal(token.last_at, '2026-12-03T10:00:01.000Z');

      // another day is another row; the sweep keeps today and the 7 days before
      clock.set(new Date('2026-12-10T09:00:00.000Z'));
      calls.called('token', 'zone-1', 'client-1', '10.0.0.1');
      await calls.flush();
      assert.deepEqual([...new Set((await rowsOf(store.db)).map((r) => r.day))], ['2026-12-03', '2026-12-10']);
      const sweeper = createRecoverySweeper({ db: store.db, clock });
      assert.equal((await sweeper.sweep()).callRows, 0, '2026-12-03 is within 8 days of 2026-12-10');
      clock.set(new Date('2026-12-11T00:00:00.000Z'));
      assert.equal((await sweeper.sweep()).callRows, 5);
      assert.deepEqual(
        (await rowsOf(store.db)).map((r) => r.day),
        ['2026-12-10'],
      );
    } finally {
      await store.close();
    }
  });
}

test('a failed flush keeps the counts for the next one; past maxPending new rows count under no address', async () => {
  const clock = fixedClock(new Date('2026-12-03T10:00:00.000Z'));
  const errors: unknown[] = [];
  const down = {
    insertInto() {
      throw new Error('database down');
    },
  } as unknown as Db;
  const calls = createClientCallRecorder({ db: down, clock, maxPending: 2, onError: (e) => errors.push(e) });
  calls.called('token', 'z', 'c', 'a1');
  calls.called('token', 'z', 'c', 'a1');
  calls.called('token', 'z', 'c', 'a2');
  calls.called('token', 'z', 'c', 'a3');
  assert.equal(calls.dropped, 1);
  await calls.flush();
  assert.equal(errors.length, 1);
  assert.deepEqual(
    calls
      .pendingOf('z', 'c')
      .map((r) => [r.client_address, r.calls])
      .sort(),
    [
      ['a1', 2],
      ['a2', 1],
    ],
  );
  // a flood from many addresses of one client does not hide another client's calls (issue 17 attack review)
  const full = createClientCallRecorder({ db: down, clock, maxPending: 3 });
  for (let i = 0; i < 100; i += 1) full.called('api', 'z-attacker', 'attacker', `2001:db8::${i.toString(16)}`);
  full.called('token', 'z-victim', 'victim', '10.0.0.9');
  full.called('api', 'z-victim', 'victim', '10.0.0.9');
  assert.deepEqual(
    full.pendingOf('z-victim', 'victim').map((r) => [r.client_address, r.kind, r.calls]),
    [
      [OTHER_ADDRESSES, 'token', 1],
      [OTHER_ADDRESSES, 'api', 1],
    ],
  );
  assert.equal(
    full.pendingOf('z-attacker', 'attacker').reduce((n, r) => n + r.calls, 0),
    100,
  );
  assert.equal(full.pendingOf('z-attacker', 'attacker').length, 4, 'three addresses and the overflow row');
  // without a marker setting no call is a Test, whatever header it sends
  const unmarked = createClientCallRecorder({ db: down, clock });
  unmarked.called('api', 'z', 'c', 'a', 'anything');
  assert.equal(unmarked.pendingOf('z', 'c')[0]!.kind, 'api');
});
