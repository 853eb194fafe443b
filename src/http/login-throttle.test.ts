import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, isDomainError } from '../shared/index.js';
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
