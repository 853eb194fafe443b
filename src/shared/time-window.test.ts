import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../shared/index.js';
import { MAX_WINDOW_MS, timeWindow } from './time-window.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : 'other';
  }
  return 'none';
};

test('timeWindow: period back from now (60 minutes by default), or from/to', () => {
  assert.deepEqual(timeWindow({}, now, 'lm.metrics'), { from: '2026-03-01T11:00:00.000Z', to: '2026-03-01T12:00:00.000Z' });
  assert.deepEqual(timeWindow({ period: '24H' }, now, 'lm.metrics'), { from: '2026-02-28T12:00:00.000Z', to: '2026-03-01T12:00:00.000Z' });
  assert.deepEqual(timeWindow({ period: '7D' }, now, 'lm.metrics').from, '2026-02-22T12:00:00.000Z');
  assert.deepEqual(timeWindow({ from: '2026-03-01T08:00:00Z', to: '2026-03-01T09:00:00Z' }, now, 'lm.metrics'), { from: '2026-03-01T08:00:00.000Z', to: '2026-03-01T09:00:00.000Z' });
  assert.deepEqual(timeWindow({ to: '2026-03-01T09:00:00Z' }, now, 'lm.metrics').from, '2026-03-01T08:00:00.000Z', 'from defaults to an hour before to');
});

test('timeWindow: bad periods and times, from after to, and windows over 31 days are refused', () => {
  assert.equal(codeOf(() => timeWindow({ period: '60' }, now, 'lm.metrics')), 'lm.metrics.bad_period');
  assert.equal(codeOf(() => timeWindow({ period: '1W' }, now, 'lm.metrics')), 'lm.metrics.bad_period');
  assert.equal(codeOf(() => timeWindow({ from: 'yesterday' }, now, 'lm.metrics')), 'lm.metrics.bad_time');
  assert.equal(codeOf(() => timeWindow({ from: '2026-03-01T10:00:00Z', to: '2026-03-01T09:00:00Z' }, now, 'lm.metrics')), 'lm.metrics.bad_time');
  assert.equal(codeOf(() => timeWindow({ period: '32D' }, now, 'lm.metrics')), 'lm.metrics.window_too_long');
  assert.equal(codeOf(() => timeWindow({ period: '31D' }, now, 'lm.metrics')), 'none');
  assert.equal(MAX_WINDOW_MS, 31 * 86_400_000);
});
