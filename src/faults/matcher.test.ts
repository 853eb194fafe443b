import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchFault, needsClientId, routeMatches, type ActiveFault } from './matcher.js';
import { normalizeRoute } from './fault.js';
import { problemsOf } from './faults.service.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
let seq = 0;
const fault = (over: Partial<ActiveFault> = {}): ActiveFault => ({
  id: `f${++seq}`,
  target: 'token',
  route: null,
  clientId: null,
  kind: 'status',
  status: 503,
  latencyMs: null,
  retryAfterSeconds: null,
  probability: 1,
  createdAt: '2026-12-03T11:00:00Z',
  expiresAt: null,
  createdBy: 'admin',
  expiresAtMs: undefined,
  ...over,
});
const never = () => {
  throw new Error('the dice are not rolled for probability 0 or 1');
};

test('the target must match; a fault without a client applies to every client and to an unknown one', () => {
  const f = fault();
  assert.equal(matchFault([f], { target: 'token', clientId: 'a' }, NOW, never), f);
  assert.equal(matchFault([f], { target: 'token' }, NOW, never), f);
  assert.equal(matchFault([f], { target: 'jwks' }, NOW, never), undefined);
  assert.equal(matchFault([f], { target: 'api', path: 'x' }, NOW, never), undefined);
});

test('a fault for one client reaches that client only, never an unknown one', () => {
  const f = fault({ clientId: 'sb-a' });
  assert.equal(matchFault([f], { target: 'token', clientId: 'sb-a' }, NOW, never), f);
  assert.equal(matchFault([f], { target: 'token', clientId: 'sb-b' }, NOW, never), undefined);
  assert.equal(matchFault([f], { target: 'token' }, NOW, never), undefined);
  assert.equal(needsClientId([f], 'token'), true);
  assert.equal(needsClientId([f], 'api'), false);
  assert.equal(needsClientId([fault()], 'token'), false);
});

test('an api route is a prefix on whole path segments', () => {
  assert.equal(routeMatches(null, 'anything'), true);
  assert.equal(routeMatches('calm-metrics/v1', 'calm-metrics/v1/metrics'), true);
  assert.equal(routeMatches('calm-metrics/v1', 'calm-metrics/v1'), true);
  assert.equal(routeMatches('calm-metrics/v1', '/calm-metrics/v1/x'), true);
  assert.equal(routeMatches('calm-metrics/v1', 'calm-metrics/v10/metrics'), false);
  assert.equal(routeMatches('calm-metrics/v1', 'calm-logs/v1/logs'), false);
  assert.equal(routeMatches('calm-metrics/v1', undefined), false);
  const f = fault({ target: 'api', route: 'calm-tasks/v1' });
  assert.equal(matchFault([f], { target: 'api', path: 'calm-tasks/v1/tasks' }, NOW, never), f);
  assert.equal(matchFault([f], { target: 'api', path: 'calm-projects/v1/projects' }, NOW, never), undefined);
  assert.equal(normalizeRoute('/api/calm-metrics/v1/'), 'calm-metrics/v1');
});

test('an expired fault never matches, even before the next refresh drops it', () => {
  const f = fault({ expiresAtMs: NOW + 1000 });
  assert.equal(matchFault([f], { target: 'token' }, NOW + 999, never), f);
  assert.equal(matchFault([f], { target: 'token' }, NOW + 1000, never), undefined);
});

test('probability: 0 never fires, 1 always, in between by the dice', () => {
  assert.equal(matchFault([fault({ probability: 0 })], { target: 'token' }, NOW, never), undefined);
  const half = fault({ probability: 0.5 });
  assert.equal(
    matchFault([half], { target: 'token' }, NOW, () => 0.49),
    half,
  );
  assert.equal(
    matchFault([half], { target: 'token' }, NOW, () => 0.5),
    undefined,
  );
});

test('the oldest matching fault wins; a miss of its dice falls through to the next', () => {
  const first = fault({ probability: 0.5 });
  const second = fault({ kind: 'latency', status: null, latencyMs: 10 });
  assert.equal(
    matchFault([first, second], { target: 'token' }, NOW, () => 0.1),
    first,
  );
  assert.equal(
    matchFault([first, second], { target: 'token' }, NOW, () => 0.9),
    second,
  );
});

test('a fault whose fields do not fit together is named field by field', () => {
  assert.deepEqual(problemsOf({ target: 'token', kind: 'status' }), [
    { path: 'status', message: 'required with kind "status"' },
  ]);
  assert.deepEqual(
    problemsOf({ target: 'token', kind: 'reset', route: 'x', latencyMs: 5 }).map((p) => p.path),
    ['latencyMs', 'route'],
  );
  assert.deepEqual(problemsOf({ target: 'api', kind: 'rate_limit', route: 'calm-metrics/v1' }), []);
  assert.deepEqual(
    problemsOf({ target: 'api', kind: 'reset', route: '/' }).map((p) => p.path),
    ['route'],
  );
});
