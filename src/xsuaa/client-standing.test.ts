import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../shared/index.js';
import { CLIENT_STANDING_TTL_MS, createClientStandingCache, type ClientStanding } from './client-standing.js';

const STANDS: ClientStanding = { exists: true, earliestLiveCredentialMs: 1_000, liveRevocationSignatures: new Set() };
const GONE: ClientStanding = { exists: false, earliestLiveCredentialMs: null, liveRevocationSignatures: new Set() };

/** A loader over a table the test changes, recording each query's client ids. */
function fakeDatabase(initial: Record<string, ClientStanding>) {
  const table = new Map(Object.entries(initial));
  const queries: string[][] = [];
  let failNext = false;
  return {
    table,
    queries,
    failOnce: () => void (failNext = true),
    load: async (ids: readonly string[]) => {
      queries.push([...ids]);
      if (failNext) {
        failNext = false;
        throw new Error('database unavailable');
      }
      return new Map(ids.filter((id) => table.has(id)).map((id) => [id, table.get(id)!]));
    },
  };
}

test('an answer is reused for the TTL (2 s by the injected clock), then read again', async () => {
  assert.equal(CLIENT_STANDING_TTL_MS, 2_000);
  const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
  const db = fakeDatabase({ a: STANDS });
  const cache = createClientStandingCache({ clock, load: db.load });
  assert.deepEqual(await cache.standing('a'), STANDS);
  db.table.set('a', GONE);
  clock.advance(CLIENT_STANDING_TTL_MS - 1);
  assert.deepEqual(await cache.standing('a'), STANDS, 'within the TTL the database is not asked');
  assert.equal(db.queries.length, 1);
  clock.advance(1);
  assert.deepEqual(await cache.standing('a'), GONE, 'at the TTL the answer is read again');
  assert.equal(db.queries.length, 2);
  // a clock set back does not make an old answer young
  clock.advance(-10_000);
  db.table.set('a', STANDS);
  assert.deepEqual(await cache.standing('a'), STANDS);
  assert.equal(db.queries.length, 3);
});

test('forget drops a client at once, also a read in flight, and leaves the others cached', async () => {
  const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
  const db = fakeDatabase({ a: STANDS, b: STANDS });
  const cache = createClientStandingCache({ clock, load: db.load });
  await Promise.all([cache.standing('a'), cache.standing('b')]);
  db.table.set('a', GONE);
  cache.forget('a');
  assert.deepEqual(await cache.standing('a'), GONE, 'the process that deleted sees it on the next request');
  assert.deepEqual(await cache.standing('b'), STANDS);
  assert.deepEqual(db.queries, [['a', 'b'], ['a']]);

  // a read that started before the deletion answers its waiters but is not remembered
  db.table.set('b', STANDS);
  clock.advance(CLIENT_STANDING_TTL_MS);
  const before = cache.standing('b');
  db.table.set('b', GONE);
  cache.forget('b');
  const after = cache.standing('b');
  assert.notEqual(before, after, 'a request after forget does not join the read in flight');
  assert.deepEqual(await after, GONE);
  assert.deepEqual(await cache.standing('b'), GONE);
});

test('misses that arrive together are one query, and waiters for one client share it', async () => {
  const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
  const db = fakeDatabase({ a: STANDS, b: STANDS });
  const cache = createClientStandingCache({ clock, load: db.load });
  const answers = await Promise.all([
    cache.standing('a'),
    cache.standing('a'),
    cache.standing('b'),
    cache.standing('unknown'),
  ]);
  assert.deepEqual(answers, [STANDS, STANDS, STANDS, GONE], 'an id that names no client is gone');
  assert.deepEqual(db.queries, [['a', 'b', 'unknown']]);
  // the unknown one is cached as gone as well: a verified token of a vanished client costs no query per request
  await cache.standing('unknown');
  assert.equal(db.queries.length, 1);
});

test('a failed read is not cached and reaches the caller', async () => {
  const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
  const db = fakeDatabase({ a: STANDS });
  const cache = createClientStandingCache({ clock, load: db.load });
  db.failOnce();
  await assert.rejects(cache.standing('a'), /database unavailable/);
  assert.deepEqual(await cache.standing('a'), STANDS);
  assert.equal(db.queries.length, 2);
});

test('at most maxEntries clients are kept; the oldest read goes first', async () => {
  const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
  const db = fakeDatabase({ a: STANDS, b: STANDS, c: STANDS });
  const cache = createClientStandingCache({ clock, load: db.load, maxEntries: 2 });
  await cache.standing('a');
  await cache.standing('b');
  await cache.standing('c');
  assert.equal(db.queries.length, 3);
  await cache.standing('c');
  await cache.standing('b');
  assert.equal(db.queries.length, 3, 'b and c are kept');
  await cache.standing('a');
  assert.equal(db.queries.length, 4, 'a was dropped to make room');
});

test('forget with a hold: answers are read but not remembered until the hold ends', async () => {
  const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
  const db = fakeDatabase({ a: STANDS });
  const cache = createClientStandingCache({ clock, load: db.load });
  await cache.standing('a');
  cache.forget('a', 1_000);
  // inside the revoking transaction: the database still answers the state before the commit
  assert.deepEqual(await cache.standing('a'), STANDS);
  db.table.set('a', GONE); // the commit
  clock.advance(500);
  assert.deepEqual(await cache.standing('a'), GONE, 'the answer before the commit was not kept');
  assert.equal(db.queries.length, 3);
  clock.advance(500);
  await cache.standing('a');
  await cache.standing('a');
  assert.equal(db.queries.length, 4, 'after the hold, answers are cached again');
});
