import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClientAuthThrottle } from './client-auth-throttle.js';
import { createInProcessFailureCounter } from '../shared/index.js';

function setup() {
  let now = 0;
  const throttle = createClientAuthThrottle(
    createInProcessFailureCounter({ limit: 3, windowMs: 60_000, now: () => now }),
  );
  return { throttle, advance: (ms: number) => void (now += ms) };
}

test('failures against a known client answer 429 after the limit, per address, and never block the address', async () => {
  const { throttle, advance } = setup();
  const answers = [];
  for (let i = 0; i < 3; i += 1) answers.push(await throttle.recordFailure('10.0.0.1', 'pk-1'));
  assert.deepEqual(answers, [0, 0, 0]);
  assert.equal(await throttle.recordFailure('10.0.0.1', 'pk-1'), 60, 'the fourth failure is told to wait');
  assert.equal(
    throttle.waitBeforeAuthentication('10.0.0.1'),
    0,
    'a correct secret from that address is still looked at',
  );
  assert.equal(await throttle.recordFailure('10.0.0.2', 'pk-1'), 0, 'another address has its own count');
  assert.equal(await throttle.recordFailure('10.0.0.1', 'pk-2'), 0, 'another client has its own count');
  advance(60_000);
  assert.equal(await throttle.recordFailure('10.0.0.1', 'pk-1'), 0, 'a new window starts afresh');
});

test('failures with unknown client ids throttle the whole address after the limit', async () => {
  const { throttle, advance } = setup();
  for (let i = 0; i < 3; i += 1) await throttle.recordFailure('10.0.0.1', undefined);
  advance(15_000);
  assert.equal(throttle.waitBeforeAuthentication('10.0.0.1'), 45);
  assert.equal(throttle.waitBeforeAuthentication('10.0.0.2'), 0);
  advance(45_000);
  assert.equal(throttle.waitBeforeAuthentication('10.0.0.1'), 0);
});
