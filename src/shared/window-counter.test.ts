import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWindowCounter } from './window-counter.js';

function setup(options: { limit: number; windowMs: number; maxKeys?: number }) {
  let now = 1_000_000;
  const counter = createWindowCounter({ ...options, now: () => now });
  return { counter, advance: (ms: number) => void (now += ms) };
}

test('a key reaching its limit waits until its window ends, in whole seconds, and other keys are not touched', () => {
  const { counter, advance } = setup({ limit: 2, windowMs: 60_000 });
  counter.record('a');
  assert.equal(counter.retryAfter('a'), 0, 'below the limit');
  counter.record('a');
  assert.equal(counter.retryAfter('a'), 60, 'at the limit: the rest of the window');
  assert.equal(counter.retryAfter('b'), 0);
  advance(59_500);
  assert.equal(counter.retryAfter('a'), 1, 'never 0 while the window lasts');
  advance(500);
  assert.equal(counter.retryAfter('a'), 0, 'the window ended');
  counter.record('a');
  assert.equal(counter.retryAfter('a'), 0, 'a new window starts afresh');
});

test('release takes back one count of the current window and never goes below zero', () => {
  const { counter, advance } = setup({ limit: 1, windowMs: 1_000 });
  counter.record('a');
  assert.equal(counter.retryAfter('a'), 1);
  counter.release('a');
  counter.release('a');
  assert.equal(counter.retryAfter('a'), 0);
  counter.record('a');
  assert.equal(counter.retryAfter('a'), 1, 'one count again after two releases: it did not go negative');
  advance(1_000);
  counter.release('a');
  counter.record('a');
  assert.equal(counter.retryAfter('a'), 1, 'a release after the window ended touches nothing');
});

test('memory stays bounded under a flood of distinct keys: the oldest windows go first', () => {
  const { counter } = setup({ limit: 1, windowMs: 60_000, maxKeys: 10 });
  for (let i = 0; i < 10; i += 1) counter.record(`k${i}`);
  counter.record('k10');
  assert.equal(counter.retryAfter('k0'), 0, 'the oldest window was dropped');
  assert.equal(counter.retryAfter('k9'), 60, 'a recent window is kept');
  assert.equal(counter.retryAfter('k10'), 60);
});
