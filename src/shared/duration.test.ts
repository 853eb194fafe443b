import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration } from './duration.js';

test('durations: 90s, 30m, 13h, 7d and combinations, in milliseconds', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('30m'), 1_800_000);
  assert.equal(parseDuration('13h'), 46_800_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration(' 1d12H '), 129_600_000);
  assert.equal(parseDuration('0s'), 0);
});

test('anything else is not a duration: no unit, fractions, signs, words', () => {
  for (const text of ['', '13', '1.5h', '-1h', '+1h', 'h', '13 h', '1w', '13hours', '1h-', '1e3s', '1234567890s'])
    assert.equal(parseDuration(text), undefined, text);
});

test('formatDuration writes the largest units first and reads back to the same value', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(90_000), '1m30s');
  assert.equal(formatDuration(46_800_000), '13h');
  assert.equal(formatDuration(90_061_000), '1d1h1m1s');
  for (const ms of [1000, 46_800_000, 90_061_000]) assert.equal(parseDuration(formatDuration(ms)), ms);
});
