/**
 * The faults every request is checked against, held in memory: each process re-reads the table at most
 * `refreshMs` (1 s) after the last read, so a fault added through any process on one PostgreSQL applies
 * everywhere within about a second; the process that adds or deletes one re-reads at once. With no fault active
 * the check is a length test (`any()`): the token endpoint (issue 15) pays nothing more.
 */
import type { Clock } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import { listActiveFaults } from './faults.repo.js';
import { faultOfRow } from './faults.view.js';
import { matchFault, needsClientId, type ActiveFault, type FaultRequest } from './matcher.js';
import type { FaultTarget } from './fault.js';

export interface FaultInjectorDeps {
  readonly db: Executor;
  readonly clock: Clock;
  /** Default 1000. */
  readonly refreshMs?: number;
  /** The dice of a fault's probability (tests pass a fixed one). */
  readonly random?: () => number;
  /** A failed re-read (the database): the last list stays in force. */
  readonly onError?: (error: unknown) => void;
}

export const FAULT_REFRESH_MS = 1_000;

export function createFaultInjector(deps: FaultInjectorDeps) {
  const refreshMs = deps.refreshMs ?? FAULT_REFRESH_MS;
  const random = deps.random ?? Math.random;
  let active: readonly ActiveFault[] = [];
  let timer: NodeJS.Timeout | undefined;
  let reading: Promise<void> | undefined;

  async function read(): Promise<void> {
    const rows = await listActiveFaults(deps.db, deps.clock.now().toISOString());
    active = rows.map((row) => {
      const fault = faultOfRow(row);
      return { ...fault, expiresAtMs: fault.expiresAt === null ? undefined : Date.parse(fault.expiresAt) };
    });
  }

  /** Re-reads now; concurrent calls share one read. */
  function refresh(): Promise<void> {
    reading ??= read().finally(() => (reading = undefined));
    return reading;
  }

  return {
    refresh,
    /** The hot path's first and, with no fault, only question. */
    any: (): boolean => active.length > 0,
    /** Whether some active fault on the target is for one client (then the hooks read the client id). */
    needsClientId: (target: FaultTarget): boolean => active.length > 0 && needsClientId(active, target),
    pick(request: FaultRequest): ActiveFault | undefined {
      if (active.length === 0) return undefined;
      return matchFault(active, request, deps.clock.now().getTime(), random);
    },
    async start(): Promise<void> {
      await refresh();
      timer ??= setInterval(() => {
        refresh().catch((error: unknown) => deps.onError?.(error));
      }, refreshMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await reading?.catch(() => undefined);
    },
  };
}

export type FaultInjector = ReturnType<typeof createFaultInjector>;
