import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdjustableClock, fixedClock } from '../shared/index.js';
import { runDueWorkOnClockChange } from './dev-clock-wakeups.js';

test('a move of the clock runs every due pass once; a failing pass does not stop the others; moves during a round fold into one more', async () => {
  const clock = createAdjustableClock(fixedClock(new Date('2026-01-01T00:00:00Z')));
  const ran: string[] = [];
  let release: () => void = () => undefined;
  const slow = new Promise<void>((resolve) => (release = resolve));
  const errors: string[] = [];
  const wakeups = runDueWorkOnClockChange(
    clock,
    {
      sweep: async () => {
        ran.push(`sweep@${clock.offsetMs()}`);
        if (ran.length === 1) await slow;
      },
      broken: async () => {
        throw new Error('no database');
      },
      retests: async () => void ran.push('retests'),
    },
    (error, job) => errors.push(`${job}: ${(error as Error).message}`),
  );
  clock.setOffsetMs(1000);
  clock.setOffsetMs(2000); // during the first round
  clock.setOffsetMs(3000); // folded with the one before
  release();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(ran, ['sweep@1000', 'retests', 'sweep@3000', 'retests']);
  assert.deepEqual(errors, ['broken: no database', 'broken: no database']);
  await wakeups.stop();
  clock.setOffsetMs(4000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(ran.length, 4, 'nothing runs after stop');
});
