/**
 * Bounded retention of pushed telemetry: a sweep removes what was received more than `retentionDays` ago, at
 * start and then every `intervalMs`. The timer does not keep the process alive.
 */
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import { deleteReceivedBefore } from './telemetry.repo.js';

export function createRetentionSweeper(deps: {
  db: Db;
  clock: Clock;
  retentionDays: number;
  intervalMs?: number;
  onSweep?: (removed: { points: number; logs: number }) => void;
  onError?: (error: unknown) => void;
}) {
  let timer: NodeJS.Timeout | undefined;
  async function sweep() {
    const cutoff = new Date(deps.clock.now().getTime() - deps.retentionDays * 86_400_000).toISOString();
    const removed = await deleteReceivedBefore(deps.db, cutoff);
    deps.onSweep?.(removed);
    return removed;
  }
  return {
    sweep,
    start() {
      const run = () => void sweep().catch((error: unknown) => deps.onError?.(error));
      run();
      timer = setInterval(run, deps.intervalMs ?? 3_600_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
