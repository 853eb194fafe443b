import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInProcessFailureCounter, DomainError, isDomainError, type FailureCounter } from '../shared/index.js';
import { createLoginThrottle } from './login-throttle.js';

const wrong = () =>
  Promise.reject(new DomainError('unauthenticated', 'access.unauthenticated', 'The user name or password is wrong.'));
const right = () => Promise.resolve('session');
const throttled = (e: unknown) => isDomainError(e) && e.kind === 'rate_limited' && e.retryAfterSeconds! > 0;

test('failures per (user, address) and per address; successes and server errors do not count', async () => {
  let now = 0;
  const throttle = createLoginThrottle({ perUser: 3, perAddress: 5, now: () => now });
  for (let i = 0; i < 10; i += 1)
    assert.equal(await throttle.attempt('admin', 'a', right), 'session', 'successes are not counted');
  await assert.rejects(
    throttle.attempt('admin', 'a', () => Promise.reject(new Error('database down'))),
    /database down/,
  );
  for (let i = 0; i < 3; i += 1)
    await assert.rejects(throttle.attempt(i % 2 ? 'admin' : 'ADMIN ', 'a', wrong), /wrong/);
  await assert.rejects(
    throttle.attempt('admin', 'a', right),
    throttled,
    'over the per-user limit: refused even with the right password',
  );
  assert.equal(await throttle.attempt('admin', 'b', right), 'session', 'another address is not locked out');
  for (const name of ['x', 'y']) await assert.rejects(throttle.attempt(name, 'a', wrong), /wrong/);
  await assert.rejects(throttle.attempt('bob', 'a', right), throttled, 'over the per-address limit: every name waits');
  now += 15 * 60_000;
  assert.equal(await throttle.attempt('admin', 'a', right), 'session', 'a new window starts afresh');
});

test('a burst of parallel attempts cannot pass the limit while passwords are being checked', async () => {
  const throttle = createLoginThrottle({ perUser: 3, perAddress: 100 });
  const slowWrong = () =>
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new DomainError('unauthenticated', 'access.unauthenticated', 'wrong')), 20),
    );
  const outcomes = await Promise.allSettled(
    Array.from({ length: 10 }, () => throttle.attempt('admin', 'a', slowWrong)),
  );
  assert.equal(outcomes.filter((o) => o.status === 'rejected' && throttled(o.reason)).length, 7);
});

test('two processes share the failures: the same total is allowed, and a success never counts in the database', async () => {
  // the shared counters stand in for the database; `records` shows what would go there
  const records: string[] = [];
  const counter = (limit: number): FailureCounter => {
    const inner = createInProcessFailureCounter({ limit, windowMs: 15 * 60_000 });
    return { knownWait: inner.knownWait, record: (key) => (records.push(key), inner.record(key)) };
  };
  const failures = { perUser: counter(4), perAddress: counter(100) };
  const a = createLoginThrottle({ failures });
  const b = createLoginThrottle({ failures });
  assert.equal(await a.attempt('admin', 'x', right), 'session');
  assert.equal(await b.attempt('admin', 'x', right), 'session');
  assert.deepEqual(records, [], 'a correct sign-in costs the database nothing');
  for (const throttle of [a, b, a, b]) await assert.rejects(throttle.attempt('admin', 'x', wrong), /wrong/);
  assert.equal(records.length, 8, 'each failure counted once per user and once per address');
  await assert.rejects(
    a.attempt('admin', 'x', right),
    throttled,
    'over the shared limit: refused before the password is checked',
  );
  await assert.rejects(b.attempt('admin', 'x', right), throttled);
  const c = createLoginThrottle({ failures: { perUser: counter(1), perAddress: counter(100) } });
  await assert.rejects(c.attempt('bob', 'x', wrong), /wrong/);
  await assert.rejects(
    c.attempt('bob', 'x', wrong),
    throttled,
    'a failure over the shared limit is answered 429, not 401',
  );
});
