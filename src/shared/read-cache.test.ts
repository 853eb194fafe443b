import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadCache } from './read-cache.js';

/** A cache on a clock the test moves, and a load that counts its reads and answers what `rows` holds now. */
function setUp(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let at = 10_000;
  const rows = new Map<string, string>();
  const reads: string[] = [];
  const cache = createReadCache<string>({
    ttlMs: options.ttlMs ?? 1000,
    maxEntries: options.maxEntries ?? 100,
    now: () => at,
  });
  const load = (key: string) => () => {
    reads.push(key);
    return Promise.resolve(rows.get(key));
  };
  return {
    cache,
    rows,
    reads,
    get: (key: string) => cache.get(key, load(key)),
    move: (ms: number) => void (at += ms),
  };
}

/** A load the test finishes by hand, to look at a read that is under way. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

test('a hit within the TTL does not read again; the first read after the TTL does', async () => {
  const t = setUp({ ttlMs: 1000 });
  t.rows.set('a', 'A1');
  assert.equal(await t.get('a'), 'A1');
  t.rows.set('a', 'A2'); // changed by another process: not seen before the TTL ends
  t.move(999);
  assert.equal(await t.get('a'), 'A1');
  assert.deepEqual(t.reads, ['a'], 'one read for both');
  t.move(1);
  assert.equal(await t.get('a'), 'A2', 'at the TTL the row is read again');
  assert.deepEqual(t.reads, ['a', 'a']);
});

test('a deleted row is not served past the TTL, counted from the start of the read that found it', async () => {
  const t = setUp({ ttlMs: 1000 });
  t.rows.set('gone', 'G');
  const slow = deferred<string | undefined>();
  const first = t.cache.get('gone', () => slow.promise);
  t.move(600); // the read takes 600 ms
  slow.resolve('G');
  assert.equal(await first, 'G');
  t.rows.delete('gone'); // deleted by another process right after
  t.move(399);
  assert.equal(await t.get('gone'), 'G', 'within the bound');
  t.move(1); // 1000 ms after the read started, 400 ms after it ended
  assert.equal(await t.get('gone'), undefined, 'never beyond the bound');
  t.move(1);
  assert.equal(await t.get('gone'), undefined);
  assert.deepEqual(t.reads, ['gone', 'gone'], 'a miss is not kept: each asks the database');
});

test('forget (a change in this process) counts at once; clear forgets every key', async () => {
  const t = setUp();
  t.rows.set('a', 'A1');
  t.rows.set('b', 'B1');
  await t.get('a');
  await t.get('b');
  t.rows.set('a', 'A2');
  t.cache.forget('a');
  assert.equal(await t.get('a'), 'A2');
  assert.equal(await t.get('b'), 'B1', 'another key stays cached');
  t.rows.set('b', 'B2');
  t.cache.clear();
  assert.equal(await t.get('b'), 'B2');
  assert.deepEqual(t.reads, ['a', 'b', 'a', 'b']);
});

test('a read under way when the row changes here is answered but not kept, and later requests do not join it', async () => {
  const t = setUp();
  const before = deferred<string | undefined>();
  const old = t.cache.get('a', () => before.promise); // read the row before the change committed
  t.rows.set('a', 'new');
  t.cache.forget('a'); // the change committed
  const fresh = t.get('a');
  before.resolve('old');
  assert.equal(await old, 'old', 'the request that started before the change gets what it read');
  assert.equal(await fresh, 'new', 'a request after the change reads again');
  assert.equal(await t.get('a'), 'new', 'and the old read was not kept');
  assert.deepEqual(t.reads, ['a']);
});

test('requests that miss together share one read', async () => {
  const t = setUp();
  const slow = deferred<string | undefined>();
  let loads = 0;
  const load = () => {
    loads += 1;
    return slow.promise;
  };
  const answers = Promise.all([t.cache.get('a', load), t.cache.get('a', load), t.cache.get('a', load)]);
  slow.resolve('A');
  assert.deepEqual(await answers, ['A', 'A', 'A']);
  assert.equal(loads, 1);
  assert.equal(await t.cache.get('a', load), 'A', 'then cached');
  assert.equal(loads, 1);
});

test('at most maxEntries keys: the oldest read goes first; misses take no room', async () => {
  const t = setUp({ maxEntries: 3 });
  for (const key of ['a', 'b', 'c', 'd']) t.rows.set(key, key.toUpperCase());
  for (const key of ['a', 'b', 'c', 'd']) await t.get(key);
  assert.equal(t.cache.size, 3);
  t.reads.length = 0;
  await t.get('b');
  await t.get('c');
  await t.get('d');
  assert.deepEqual(t.reads, [], 'b, c, d are held');
  await t.get('a');
  assert.deepEqual(t.reads, ['a'], 'a, the oldest, was dropped');
  // an attacker's ids that name nothing: each is read, none is kept, the found ones stay
  for (let i = 0; i < 1000; i += 1) assert.equal(await t.get(`nothing-${i}`), undefined);
  assert.equal(t.cache.size, 3);
  t.reads.length = 0;
  await t.get('c');
  await t.get('d');
  await t.get('a');
  assert.deepEqual(t.reads, [], 'still held');
});

test('a failed read is not kept and the next request reads again; a load that throws at once fails alone', async () => {
  const t = setUp();
  await assert.rejects(
    t.cache.get('a', () => Promise.reject(new Error('database down'))),
    /database down/,
  );
  await assert.rejects(
    t.cache.get('a', () => {
      throw new Error('thrown at once');
    }),
    /thrown at once/,
  );
  t.rows.set('a', 'A');
  assert.equal(await t.get('a'), 'A');
  assert.deepEqual(t.reads, ['a']);
});

test('a clock set back does not stretch the bound', async () => {
  const t = setUp({ ttlMs: 1000 });
  t.rows.set('a', 'A1');
  await t.get('a');
  t.rows.set('a', 'A2');
  t.move(-5000);
  assert.equal(await t.get('a'), 'A2');
});
