import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../shared/index.js';
import { createKeyGenerationQueue } from './key-generation-queue.js';

/** A task that runs until released, recording how many ran at once. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test('at most `concurrency` tasks run at once; the others wait in order; beyond the queue bound 503 with Retry-After', async () => {
  const queue = createKeyGenerationQueue({ concurrency: 2, maxWaiting: 2, retryAfterSeconds: 7 });
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const gates = Array.from({ length: 4 }, gate);
  const runs = gates.map((g, i) =>
    queue.run(async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await g.opened;
      running--;
      return i;
    }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(queue.load(), { running: 2, waiting: 2 });
  await assert.rejects(
    queue.run(async () => 'never'),
    (e) =>
      isDomainError(e) && e.kind === 'unavailable' && e.code === 'btp.key_generation_busy' && e.retryAfterSeconds === 7,
  );
  for (const g of gates) g.open();
  assert.deepEqual(await Promise.all(runs), [0, 1, 2, 3]);
  assert.equal(peak, 2);
  assert.deepEqual(order, [0, 1, 2, 3], 'first come, first served');
  assert.deepEqual(queue.load(), { running: 0, waiting: 0 });
});

test('a failing task frees its slot for the next one', async () => {
  const queue = createKeyGenerationQueue({ concurrency: 1, maxWaiting: 1, retryAfterSeconds: 1 });
  const failing = queue.run(async () => {
    throw new Error('generation failed');
  });
  const next = queue.run(async () => 'ok');
  await assert.rejects(failing, /generation failed/);
  assert.equal(await next, 'ok');
  assert.deepEqual(queue.load(), { running: 0, waiting: 0 });
});
