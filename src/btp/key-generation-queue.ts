/**
 * Bounds how many x509 key pairs are generated at once. RSA key generation (webcrypto) already runs off the
 * event loop, in libuv's threadpool, but that pool has only 4 threads (UV_THREADPOOL_SIZE) and also runs
 * scrypt (every sign-in), file system calls and the other crypto jobs. An 8192-bit key takes 10-20 s of
 * one core here, so four x509 bindings at once held all four threads and every sign-in waited for them
 * (0.17 s became 15 s). At most `concurrency` generations run; the others wait in a bounded queue, and
 * beyond it a request is refused at once with 503 and Retry-After instead of piling up.
 */
import { DomainError } from '../shared/index.js';
import { BTP_ERRORS } from './errors.js';

export interface KeyGenerationLimits {
  /** Generations running at once; 2 leaves half of libuv's 4 threads to everything else. */
  readonly concurrency: number;
  /** Generations allowed to wait for a free slot; more are refused (503). */
  readonly maxWaiting: number;
  /** What Retry-After says when the queue is full. */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_KEY_GENERATION_LIMITS: KeyGenerationLimits = {
  concurrency: 2,
  maxWaiting: 8,
  retryAfterSeconds: 10,
};

export interface KeyGenerationQueue {
  /** Runs `task` when a slot is free; throws 503 `btp.key_generation_busy` at once when the queue is full. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Generations running and waiting now (for tests and logs). */
  readonly load: () => { running: number; waiting: number };
}

export function createKeyGenerationQueue(
  limits: KeyGenerationLimits = DEFAULT_KEY_GENERATION_LIMITS,
): KeyGenerationQueue {
  let running = 0;
  const waiting: Array<() => void> = [];

  function release() {
    const next = waiting.shift();
    if (next)
      next(); // the slot passes straight to the next waiter: `running` stays the same
    else running--;
  }

  return {
    async run(task) {
      if (running >= limits.concurrency) {
        if (waiting.length >= limits.maxWaiting) {
          throw new DomainError(
            'unavailable',
            BTP_ERRORS.key_generation_busy,
            `calm-keys is generating ${running} x509 key pairs and ${waiting.length} more are waiting; retry in ${limits.retryAfterSeconds} s (a smaller key-length is generated faster).`,
            { retryAfterSeconds: limits.retryAfterSeconds },
          );
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}
