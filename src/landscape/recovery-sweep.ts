/**
 * The hourly sweep of what the blast radius and the recovery window keep: deleted keys past
 * `deletedKeyRetentionDays` are purged for good, and the per-day call counts of client ids keep 8 days (today
 * and the 7 before it, the blast radius's window). Runs once at start, then every hour; safe in several
 * processes at once (each delete is idempotent).
 */
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import * as callsRepo from './client-calls.repo.js';
import * as deletedRepo from './deleted-keys.repo.js';
import { DEFAULT_DELETED_KEY_RETENTION_DAYS } from './slot-restore.js';

const DAY_MS = 86_400_000;
/** Days of call counts kept: the 7-day window of the blast radius plus today. */
export const CALL_RETENTION_DAYS = 8;

export function createRecoverySweeper(deps: {
  readonly db: Db;
  readonly clock: Clock;
  readonly deletedKeyRetentionDays?: number;
  readonly everyMs?: number;
  readonly onSweep?: (removed: { deletedKeys: number; callRows: number }) => void;
  readonly onError?: (error: unknown) => void;
}) {
  let timer: NodeJS.Timeout | undefined;
  const retentionMs = (deps.deletedKeyRetentionDays ?? DEFAULT_DELETED_KEY_RETENTION_DAYS) * DAY_MS;
  const sweep = async (): Promise<{ deletedKeys: number; callRows: number }> => {
    const now = deps.clock.now().getTime();
    const deletedKeys = await deletedRepo.purgeDeletedKeysBefore(deps.db, new Date(now - retentionMs).toISOString());
    const firstKeptDay = new Date(now - (CALL_RETENTION_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    const callRows = await callsRepo.purgeCallsBefore(deps.db, firstKeptDay);
    return { deletedKeys, callRows };
  };
  const run = () =>
    sweep().then(
      (removed) => deps.onSweep?.(removed),
      (error: unknown) => deps.onError?.(error),
    );
  return {
    sweep,
    start(): void {
      if (timer) return;
      void run();
      timer = setInterval(() => void run(), deps.everyMs ?? 3_600_000);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
