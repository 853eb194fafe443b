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
  assert.deepEqual(timeWindow({}, now, 'lm.metrics'), {
    from: '2026-03-01T11:00:00.000Z',
    to: '2026-03-01T12:00:00.000Z',
  });
  assert.deepEqual(timeWindow({ period: '24H' }, now, 'lm.metrics'), {
    from: '2026-02-28T12:00:00.000Z',
    to: '2026-03-01T12:00:00.000Z',
  });
  assert.deepEqual(timeWindow({ period: '7D' }, now, 'lm.metrics').from, '2026-02-22T12:00:00.000Z');
  assert.deepEqual(timeWindow({ from: '2026-03-01T08:00:00Z', to: '2026-03-01T09:00:00Z' }, now, 'lm.metrics'), {
    from: '2026-03-01T08:00:00.000Z',
    to: '2026-03-01T09:00:00.000Z',
  });
  assert.deepEqual(
    timeWindow({ to: '2026-03-01T09:00:00Z' }, now, 'lm.metrics').from,
    '2026-03-01T08:00:00.000Z',
    'from defaults to an hour before to',
  );
});

test('timeWindow: bad periods and times, from after to, and windows over 31 days are refused', () => {
  assert.equal(
    codeOf(() => timeWindow({ period: '60' }, now, 'lm.metrics')),
    'lm.metrics.bad_period',
  );
  assert.equal(
    codeOf(() => timeWindow({ period: '1W' }, now, 'lm.metrics')),
    'lm.metrics.bad_period',
  );
  assert.equal(
    codeOf(() => timeWindow({ from: 'yesterday' }, now, 'lm.metrics')),
    'lm.metrics.bad_time',
  );
  assert.equal(
    codeOf(() => timeWindow({ from: '2026-03-01T10:00:00Z', to: '2026-03-01T09:00:00Z' }, now, 'lm.metrics')),
    'lm.metrics.bad_time',
  );
  assert.equal(
    codeOf(() => timeWindow({ period: '32D' }, now, 'lm.metrics')),
    'lm.metrics.window_too_long',
  );
  assert.equal(
    codeOf(() => timeWindow({ period: '31D' }, now, 'lm.metrics')),
    'none',
  );
  assert.equal(MAX_WINDOW_MS, 31 * 86_400_000);
});

test('timeWindow: from/to are read strictly: impossible days, times without an offset and non-ISO text are refused naming the field', () => {
  const problem = (query: { from?: string; to?: string }) => {
    try {
      timeWindow(query, now, 'alm');
    } catch (error) {
      return isDomainError(error)
        ? `${error.code} ${error.details.map((d) => d.path).join()} ${error.message}`
        : 'other';
    }
    return 'none';
  };
  assert.match(
    problem({ from: '2026-02-29T00:00:00Z' }),
    /^alm\.bad_time from from: 2026-02-29 is not a day of the calendar: February 2026 has 28 days/,
  );
  assert.match(problem({ from: '2026-02-27T00:00:00Z', to: '2026-02-30T00:00:00Z' }), /^alm\.bad_time to /);
  assert.match(
    problem({ to: '2026-03-01T10:00:00' }),
    /^alm\.bad_time to to: expected an ISO-8601 time with its offset/,
  );
  assert.match(problem({ from: 'March 1 2026' }), /^alm\.bad_time from /);
  assert.equal(problem({ from: '2024-02-29T00:00:00Z', to: '2024-02-29T10:00:00+01:00' }), 'none');
  assert.deepEqual(
    timeWindow({ from: '2026-02-28T09:00:00+01:00', to: '2026-03-01' }, now, 'alm'),
    { from: '2026-02-28T08:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
    'offsets apply; a date alone is 00:00 UTC',
  );
});
