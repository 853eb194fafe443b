/**
 * One "calm-keys process" for the concurrency tests of signing-keys.ts: a worker thread with its own
 * database connection and its own caches. It runs key operations one after the other and posts what
 * happened. Key generation (random 20-500 ms) would spread the workers out in time, so key pairs are made
 * beforehand and each is handed over at a barrier shared by all workers: every worker reaches the
 * transaction of an operation together.
 */
import { generateKeyPairSync } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { createAuditWriter } from '../../audit/index.js';
import { createSecretBox } from '../../crypto/index.js';
import { fixedClock, isDomainError } from '../../shared/index.js';
import { openStore, type StoreTarget } from '../../store/index.js';
import { createSigningKeys } from '../signing-keys.js';

export interface WorkerStep {
  readonly operation: 'ensure' | 'rotate' | 'force';
  readonly now: string;
}

export interface WorkerInput {
  readonly target: StoreTarget;
  readonly masterKey: Uint8Array;
  readonly steps: readonly WorkerStep[];
  /** Int32Array over a SharedArrayBuffer, one counter per step: workers not yet at that step's barrier. */
  readonly barriers: SharedArrayBuffer;
}

export type StepResult = { ok: true } | { ok: false; code: string };

const input = workerData as WorkerInput;
const store = await openStore(input.target);
const clock = fixedClock(new Date(input.steps[0]!.now));
// Distinct keys are all this test needs, not strong ones: 1024 bits keep generation cheap.
const pairs = input.steps.map(() => generateKeyPairSync('rsa', { modulusLength: 1024 }));
const waiting = new Int32Array(input.barriers);
let step = 0;

async function atBarrier() {
  const at = step;
  if (Atomics.sub(waiting, at, 1) === 1) Atomics.notify(waiting, at);
  const deadline = Date.now() + 20_000; // a worker that died before the barrier must not hang the others
  while (Atomics.load(waiting, at) > 0 && Date.now() < deadline)
    Atomics.wait(waiting, at, Atomics.load(waiting, at), 50);
  return pairs[at]!;
}

const keys = createSigningKeys({
  db: store.db,
  dialect: store.dialect,
  secrets: createSecretBox(Buffer.from(input.masterKey)),
  clock,
  audit: createAuditWriter(clock),
  policy: { activationDelayMs: 12 * 3_600_000, retainMs: 12.5 * 3_600_000 },
  generateKeyPair: atBarrier,
});

const results: StepResult[] = [];
for (const [index, { operation, now }] of input.steps.entries()) {
  step = index;
  clock.set(new Date(now));
  try {
    if (operation === 'ensure') await keys.ensureKey();
    else await keys.rotate({ type: 'system' }, { force: operation === 'force' });
    results.push({ ok: true });
  } catch (error) {
    results.push({ ok: false, code: isDomainError(error) ? error.code : String(error) });
  }
  // A worker refused before its barrier (a conflict seen early) still counts as arrived there.
  if (Atomics.load(waiting, index) > 0 && results.at(-1)?.ok === false) await atBarrier();
}
await store.close();
parentPort!.postMessage(results);
