import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextAttemptAt, retryDelayMs } from './backoff.js';
import { DEFAULT_WEBHOOK_SETTINGS } from './webhooks.deps.js';

const settings = DEFAULT_WEBHOOK_SETTINGS;

test('each retry waits twice as long, between half and all of the exponential delay', () => {
  assert.equal(
    retryDelayMs(1, settings, () => 0),
    2_500,
  );
  assert.equal(
    retryDelayMs(1, settings, () => 0.999_999_9),
    5_000,
  );
  assert.equal(
    retryDelayMs(2, settings, () => 0),
    5_000,
  );
  assert.equal(
    retryDelayMs(5, settings, () => 0),
    40_000,
  );
  for (let attempt = 1; attempt < 12; attempt += 1) {
    const delay = retryDelayMs(attempt, settings, Math.random);
    const full = settings.retryBaseMs * 2 ** (attempt - 1);
    assert.ok(delay >= full / 2 && delay <= full, `attempt ${attempt}: ${delay}`);
  }
});

test('the delay is capped at maxDelayMs', () => {
  const top = retryDelayMs(40, settings, () => 0.999_999_9);
  assert.ok(top <= settings.maxDelayMs && top > settings.maxDelayMs * 0.99, String(top));
  assert.equal(
    retryDelayMs(40, settings, () => 0),
    settings.maxDelayMs / 2,
  );
});

test('a delivery is given up once the next attempt would be more than 24 h after its event', () => {
  const createdAtMs = Date.parse('2026-12-01T00:00:00Z');
  const soon = nextAttemptAt({ attempt: 1, nowMs: createdAtMs, createdAtMs }, settings, () => 0);
  assert.equal(soon, createdAtMs + 2_500);
  const late = createdAtMs + 23.9 * 3_600_000;
  assert.equal(
    nextAttemptAt({ attempt: 20, nowMs: late, createdAtMs }, settings, () => 0),
    null,
  );
  // with the cap and the jitter, retries over 24 h take about 20 attempts, not hundreds
  let now = createdAtMs;
  let attempts = 1;
  for (;;) {
    const next = nextAttemptAt({ attempt: attempts, nowMs: now, createdAtMs }, settings, () => 0.5);
    if (next === null) break;
    now = next;
    attempts += 1;
  }
  assert.ok(attempts > 10 && attempts < 40, `${attempts} attempts`);
  assert.ok(now <= createdAtMs + settings.giveUpAfterMs);
});
