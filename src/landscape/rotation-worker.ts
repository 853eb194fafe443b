/**
 * The worker of staged rotation: every `pollMs` it asks the rotation service for due steps (a grace period
 * that ended: delete the old binding in BTP; a step whose process stopped: fail it, current key untouched).
 * Times come from the injected clock. Several processes on one PostgreSQL may each run a worker: every step is
 * a conditional update in the database (rotation.service.ts), so one of them makes it. A restart continues:
 * the state is in `lm_key_rotations`, nothing in memory.
 */
import type { RotationService } from './rotation.service.js';

export const DEFAULT_ROTATION_POLL_MS = 15_000;

export function createRotationWorker(options: {
  rotations: Pick<RotationService, 'runDue'>;
  pollMs?: number;
  onError: (error: unknown) => void;
}) {
  const pollMs = options.pollMs ?? DEFAULT_ROTATION_POLL_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const pass = async () => {
    try {
      await options.rotations.runDue();
    } catch (error) {
      options.onError(error);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = undefined;
        schedule();
      });
    }, pollMs);
    timer.unref();
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    /** Stops polling and waits for a pass in progress (its BTP call, its transaction). */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    /** One pass now (tests, and after a promotion with no grace). */
    runOnce: pass,
  };
}

export type RotationWorker = ReturnType<typeof createRotationWorker>;
