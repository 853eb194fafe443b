import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../shared/index.js';
import { MAX_WINDOW_MS, metricsWindow } from './metrics-window.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.code : 'other';
  }
  return 'none';
};

test('metricsWindow: period back from now (60 minutes by default), or from/to', () => {
  assert.deepEqual(metricsWindow({}, now), { from: '2026-03-01T11:00:00.000Z', to: '2026-03-01T12:00:00.000Z' });
  assert.deepEqual(metricsWindow({ period: '24H' }, now), { from: '2026-02-28T12:00:00.000Z', to: '2026-03-01T12:00:00.000Z' });
  assert.deepEqual(metricsWindow({ period: '7D' }, now).from, '2026-02-22T12:00:00.000Z');
  assert.deepEqual(metricsWindow({ from: '2026-03-01T08:00:00Z', to: '2026-03-01T09:00:00Z' }, now), { from: '2026-03-01T08:00:00.000Z', to: '2026-03-01T09:00:00.000Z' });
  assert.deepEqual(metricsWindow({ to: '2026-03-01T09:00:00Z' }, now).from, '2026-03-01T08:00:00.000Z', 'from defaults to an hour before to');
});

test('metricsWindow: bad periods and times, from after to, and windows over 31 days are refused', () => {
  assert.equal(codeOf(() => metricsWindow({ period: '60' }, now)), 'lm.metrics.bad_period');
  assert.equal(codeOf(() => metricsWindow({ period: '1W' }, now)), 'lm.metrics.bad_period');
  assert.equal(codeOf(() => metricsWindow({ from: 'yesterday' }, now)), 'lm.metrics.bad_time');
  assert.equal(codeOf(() => metricsWindow({ from: '2026-03-01T10:00:00Z', to: '2026-03-01T09:00:00Z' }, now)), 'lm.metrics.bad_time');
  assert.equal(codeOf(() => metricsWindow({ period: '32D' }, now)), 'lm.metrics.window_too_long');
  assert.equal(codeOf(() => metricsWindow({ period: '31D' }, now)), 'none');
  assert.equal(MAX_WINDOW_MS, 31 * 86_400_000);
});
