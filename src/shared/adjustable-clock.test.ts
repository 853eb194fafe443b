import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdjustableClock } from './adjustable-clock.js';
import { fixedClock } from './clock.js';

const START = new Date('2026-01-01T00:00:00.000Z');

test('the adjustable clock is its base plus the offset, and follows the base as it moves', () => {
  const base = fixedClock(START);
  const clock = createAdjustableClock(base);
  assert.equal(clock.now().toISOString(), START.toISOString(), 'no offset: the base time');
  clock.setOffsetMs(13 * 3_600_000);
  assert.equal(clock.now().toISOString(), '2026-01-01T13:00:00.000Z');
  base.advance(60_000);
  assert.equal(clock.now().toISOString(), '2026-01-01T13:01:00.000Z', 'real time keeps running under the offset');
  clock.setOffsetMs(0);
  assert.equal(clock.now().toISOString(), '2026-01-01T00:01:00.000Z', 'reset: the base time again');
});

test('listeners hear each change of the offset, not a set to the same value, and can unsubscribe', () => {
  const clock = createAdjustableClock(fixedClock(START));
  const heard: number[] = [];
  const off = clock.onChange((ms) => heard.push(ms));
  clock.setOffsetMs(1000);
  clock.setOffsetMs(1000);
  clock.setOffsetMs(0);
  off();
  clock.setOffsetMs(5000);
  assert.deepEqual(heard, [1000, 0]);
  assert.equal(clock.offsetMs(), 5000);
});

test('a negative or fractional offset is refused: the clock never runs behind real time', () => {
  const clock = createAdjustableClock(fixedClock(START));
  assert.throws(() => clock.setOffsetMs(-1), RangeError);
  assert.throws(() => clock.setOffsetMs(1.5), RangeError);
  assert.throws(() => clock.setOffsetMs(Number.NaN), RangeError);
  assert.equal(clock.offsetMs(), 0);
});
