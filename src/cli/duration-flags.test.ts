/**
 * The CLI's duration flags read through the one shared reader (src/shared/duration.ts), each with its own forms
 * and bounds: `lm key rotate --grace` (plain seconds too, 0 s to 30 d) and `faults add --latency` / `--for` (`ms`
 * too, 1 ms to 2 min / 7 d). A refusal is a one-line usage error, exit 2, that says what the flag takes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVE_FOR_RULES, durationMs, LATENCY_RULES } from './faults.command.js';
import { graceSeconds } from './lm-rotation.command.js';
import { CliExit } from './output.js';

/** The usage line a call prints on stderr, asserting that it ends the command with exit 2. */
function refusal(run: () => unknown): string {
  const original = console.error;
  let said = '';
  console.error = (...parts: unknown[]) => void (said += parts.join(' '));
  try {
    assert.throws(run, (e: unknown) => e instanceof CliExit && e.exitCode === 2);
  } finally {
    console.error = original;
  }
  return said;
}

test('--grace: units, combinations and plain seconds, 0 s to 30 days, in seconds', () => {
  assert.equal(graceSeconds('0'), 0);
  assert.equal(graceSeconds('2s'), 2);
  assert.equal(graceSeconds('15m'), 900);
  assert.equal(graceSeconds('24h'), 86_400);
  assert.equal(graceSeconds('1d12h'), 129_600);
  assert.equal(graceSeconds('3600'), 3_600);
  assert.equal(graceSeconds('30d'), 30 * 86_400);
  assert.match(
    refusal(() => graceSeconds('31d')),
    /^error: --grace takes 0s to 30d \("31d" is longer\)$/,
  );
  for (const text of ['-1s', '1w', 'soon', '1.5h', '500ms'])
    assert.match(
      refusal(() => graceSeconds(text)),
      /--grace takes 0s to 30d, e\.g\. 90s.*is not a duration/,
      text,
    );
});

test('--latency and --for: ms as well as s/m/h/d, within the fault bounds, in milliseconds', () => {
  assert.equal(durationMs('250ms', '--latency', LATENCY_RULES), 250);
  assert.equal(durationMs('2s', '--latency', LATENCY_RULES), 2_000);
  assert.equal(durationMs('1m30s', '--latency', LATENCY_RULES), 90_000);
  assert.equal(durationMs('2m', '--latency', LATENCY_RULES), 120_000);
  assert.equal(durationMs('7d', '--for', ACTIVE_FOR_RULES), 7 * 86_400_000);
  assert.match(
    refusal(() => durationMs('soon', '--latency', LATENCY_RULES)),
    /--latency takes a duration such as 500ms, 30s, 5m or 1h \(got "soon"\)/,
  );
  assert.match(
    refusal(() => durationMs('3m', '--latency', LATENCY_RULES)),
    /--latency takes a duration from 1ms to 2m/,
  );
  assert.match(
    refusal(() => durationMs('0ms', '--latency', LATENCY_RULES)),
    /--latency takes a duration from 1ms/,
  );
  assert.match(
    refusal(() => durationMs('8d', '--for', ACTIVE_FOR_RULES)),
    /--for takes a duration from 1ms to 7d/,
  );
  assert.match(
    refusal(() => durationMs('90', '--for', ACTIVE_FOR_RULES)),
    /such as 500ms/,
    'no plain numbers here',
  );
});
