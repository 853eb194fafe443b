/** The 24 h rule of a delete (blast-radius.ts): the latest push or client call within 24 h; the Test never counts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recentUseOf } from './blast-radius.js';

const now = new Date('2026-12-03T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
const push = (h: number) => ({ objectId: 'o-1', name: 'Billing', kind: 'service', at: hoursAgo(h) });
const call = (kind: string, h: number, address = '10.0.0.1') => ({
  kind,
  last_at: hoursAgo(h),
  client_address: address,
});

test('nothing within 24 h: no confirmation needed', () => {
  assert.equal(recentUseOf(now, [], []), null);
  assert.equal(recentUseOf(now, [push(24.01)], [call('token', 30), call('api', 25)]), null);
});

test('a push within 24 h counts, up to the boundary', () => {
  assert.deepEqual(recentUseOf(now, [push(24)], []), { at: hoursAgo(24), via: 'push', detail: 'pushed to Billing' });
  assert.equal(recentUseOf(now, [push(1)], [])!.via, 'push');
});

test("token requests and API calls count; calm-keys' own Test does not", () => {
  assert.equal(recentUseOf(now, [], [call('test', 0.1)]), null);
  assert.deepEqual(recentUseOf(now, [], [call('test', 0.1), call('token', 3, '192.0.2.7')]), {
    at: hoursAgo(3),
    via: 'token',
    detail: 'token request from 192.0.2.7',
  });
  assert.equal(recentUseOf(now, [], [call('api', 2)])!.detail, 'Cloud ALM API call from 10.0.0.1');
});

test('the latest use is the one named', () => {
  const use = recentUseOf(now, [push(5)], [call('token', 6), call('api', 1, '198.51.100.2'), call('test', 0.01)]);
  assert.deepEqual(use, { at: hoursAgo(1), via: 'api', detail: 'Cloud ALM API call from 198.51.100.2' });
  assert.equal(recentUseOf(now, [push(0.5)], [call('api', 1)])!.via, 'push');
});
