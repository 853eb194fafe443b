import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration, readDuration } from './duration.js';

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

test("rules: bounds are the caller's, and say which side was crossed", () => {
  const rules = { minMs: 1_000, maxMs: 30 * 86_400_000 };
  assert.deepEqual(readDuration('30d', rules), { ms: 30 * 86_400_000 });
  assert.deepEqual(readDuration('30d1s', rules), { problem: 'too_long' });
  assert.deepEqual(readDuration('0s', rules), { problem: 'too_short' });
  assert.deepEqual(readDuration('soon', rules), { problem: 'not_a_duration' });
  assert.equal(parseDuration('31d', rules), undefined);
  assert.deepEqual(readDuration('3650d'), { ms: 3650 * 86_400_000 }, 'no bound unless the caller gives one');
});

test("rules: ms parts only where allowed (a fault's latency), never taken for minutes", () => {
  assert.equal(parseDuration('250ms'), undefined);
  assert.equal(parseDuration('250ms', { milliseconds: true }), 250);
  assert.equal(parseDuration('1s500ms', { milliseconds: true }), 1_500);
  assert.equal(parseDuration('5m', { milliseconds: true }), 300_000);
  assert.equal(parseDuration('5m5s', { milliseconds: true }), 305_000);
  assert.equal(parseDuration(' 2S ', { milliseconds: true }), 2_000);
  for (const text of ['ms', '5 ms', '1.5ms', '-5ms', '5msec', '5mss'])
    assert.equal(parseDuration(text, { milliseconds: true }), undefined, text);
});

test("rules: a plain number as seconds only where allowed (the rotation's grace period)", () => {
  assert.equal(parseDuration('0'), undefined);
  assert.equal(parseDuration('0', { plainSeconds: true }), 0);
  assert.equal(parseDuration('3600', { plainSeconds: true }), 3_600_000);
  assert.equal(parseDuration('24h', { plainSeconds: true }), 86_400_000);
  for (const text of ['-1', '1.5', '1e3', '1234567890'])
    assert.equal(parseDuration(text, { plainSeconds: true }), undefined, text);
});
