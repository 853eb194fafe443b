import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectGate, isConnectionFailure } from './postgres.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
const later = <T>() => {
  let settle!: { resolve: (v: T) => void; reject: (e: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
};

test('connect gate: while the database is away one attempt waits for it and the others fail at once', async () => {
  const gate = new ConnectGate();
  await assert.rejects(
    gate.attempt(() => Promise.reject(refused()), isConnectionFailure),
    /ECONNREFUSED/,
  );
  assert.equal(gate.away, true, 'a refused connection marks the database away');

  const probe = later<string>();
  const probing = gate.attempt(() => probe.promise, isConnectionFailure);
  let tried = false;
  await assert.rejects(
    gate.attempt(async () => ((tried = true), 'c'), isConnectionFailure),
    { name: 'DatabaseAway' },
    'a second attempt during the probe fails at once',
  );
  assert.equal(tried, false, 'without trying to connect');

  probe.reject(refused());
  await assert.rejects(probing);
  assert.equal(gate.away, true);
  // the probe ended: the next attempt is the next probe, and its success marks the database back
  assert.equal(await gate.attempt(async () => 'c1', isConnectionFailure), 'c1');
  assert.equal(gate.away, false);
  const both = await Promise.all([
    gate.attempt(async () => 'c2', isConnectionFailure),
    gate.attempt(async () => 'c3', isConnectionFailure),
  ]);
  assert.deepEqual(both, ['c2', 'c3'], 'once back, attempts run side by side again');
});

test('connect gate: an error that is not a connection failure leaves the database marked reachable', async () => {
  const gate = new ConnectGate();
  const sqlError = Object.assign(new Error('password authentication failed'), { code: '28P01' });
  await assert.rejects(gate.attempt(() => Promise.reject(sqlError), isConnectionFailure));
  assert.equal(gate.away, false);
});

test('connection failures are told from statement errors', () => {
  assert.equal(isConnectionFailure(refused()), true);
  assert.equal(isConnectionFailure(new Error('Connection terminated due to connection timeout')), true);
  assert.equal(isConnectionFailure(new Error('timeout exceeded when trying to connect')), true);
  assert.equal(isConnectionFailure(Object.assign(new Error('terminating connection'), { code: '57P01' })), true);
  assert.equal(isConnectionFailure(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
  assert.equal(isConnectionFailure('not an error'), false);
});
