import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoFromNanos, isProblem } from './otlp-common.js';

const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;

test('isoFromNanos: the points of a push that share a time get the same answer; another "now" is checked anew', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  const soon = nanos(now.getTime() + 12 * 3_600_000); // 12 h ahead: within a day of now
  assert.equal(isoFromNanos(soon, 'p', now), '2026-12-03T22:00:00.000Z');
  assert.equal(isoFromNanos(soon, 'p', now), '2026-12-03T22:00:00.000Z', 'the same time again');
  assert.equal(isoFromNanos(Number(soon), 'p', now), '2026-12-03T22:00:00.000Z', 'as a number too');
  const dayBefore = new Date(now.getTime() - 24 * 3_600_000);
  const refused = isoFromNanos(soon, 'resourceMetrics[0].time', dayBefore);
  assert.ok(isProblem(refused), 'more than a day ahead of that now: refused, not served from the last answer');
  assert.equal(refused.path, 'resourceMetrics[0].time');
  assert.ok(isProblem(isoFromNanos(nanos(Date.UTC(1999, 11, 31)), 'p', now)), 'before 2000');
  assert.equal(isoFromNanos(soon, 'p', now), '2026-12-03T22:00:00.000Z');
});
