/**
 * Scheduled re-tests: every filled slot is tested again every `intervalMs` (CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS,
 * default 6 h), jittered by ±10 % so that many tenants (and processes) do not test at the same moment. Each process
 * looks every `tickMs` for due tenants; a due tenant's Test of the period is claimed in the database by
 * compare-and-set on `lm_test_schedule.next_test_at`, so with several processes on one PostgreSQL exactly one runs
 * it. The Test itself then takes the tenant's Test lease like a manual one (key-test.service.ts): a tenant whose
 * manual Test is running is skipped until its next period. One scheduled Test at a time per process.
 *
 * The next time is counted from the claim, not from the missed time: a process that was down for a day runs one
 * Test per tenant when it comes back, not four.
 */
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import * as repo from './key-test-history.repo.js';
import type { ScheduledTestResult } from './key-test.service.js';

/** How far a period may stray from `intervalMs`, as a fraction of it (±10 %). */
export const RETEST_JITTER = 0.1;

export interface RetestSettings {
  /** 0 switches scheduled re-tests off. */
  readonly intervalMs: number;
  /** How often a process looks for due tenants; default a quarter of the interval, between 250 ms and 60 s. */
  readonly tickMs?: number;
  /** In [0, 1); Math.random by default (tests pass a fixed one). */
  readonly random?: () => number;
}

/** The next Test after one claimed at `from`: one interval later, give or take RETEST_JITTER of it. */
export function nextScheduledTestAt(from: Date, intervalMs: number, random: () => number): Date {
  const factor = 1 - RETEST_JITTER + 2 * RETEST_JITTER * clamp01(random());
  return new Date(from.getTime() + Math.round(intervalMs * factor));
}

/** The first Test of a slot that has no schedule yet: anywhere in the coming interval, so that tenants spread out. */
export function firstScheduledTestAt(now: Date, intervalMs: number, random: () => number): Date {
  return new Date(now.getTime() + Math.round(intervalMs * clamp01(random())));
}

export interface SlotSchedule {
  readonly tenantId: string;
  readonly nextTestAt: string | null;
}

/**
 * Which filled slots to test now: those whose next Test is due, the longest overdue first; and those without a
 * schedule yet (to be placed, not tested at once).
 */
export function chooseScheduledTests(
  slots: readonly SlotSchedule[],
  now: Date,
): { due: { tenantId: string; nextTestAt: string }[]; unscheduled: string[] } {
  const at = now.toISOString();
  const due = slots
    .flatMap((s) =>
      s.nextTestAt !== null && s.nextTestAt <= at ? [{ tenantId: s.tenantId, nextTestAt: s.nextTestAt }] : [],
    )
    .sort((a, b) =>
      a.nextTestAt < b.nextTestAt ? -1 : a.nextTestAt > b.nextTestAt ? 1 : a.tenantId < b.tenantId ? -1 : 1,
    );
  const unscheduled = slots.filter((s) => s.nextTestAt === null).map((s) => s.tenantId);
  return { due, unscheduled };
}

export function defaultTickMs(intervalMs: number): number {
  return Math.min(60_000, Math.max(250, Math.round(intervalMs / 4)));
}

export interface KeyTestSchedulerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly tests: { runScheduled(tenantId: string): Promise<ScheduledTestResult> };
  readonly settings: RetestSettings;
  readonly onResult?: (tenantId: string, result: ScheduledTestResult) => void;
  readonly onError?: (error: unknown, tenantId: string | null) => void;
}

export function createKeyTestScheduler(deps: KeyTestSchedulerDeps) {
  const { db, clock, settings } = deps;
  const random = settings.random ?? Math.random;
  const enabled = settings.intervalMs > 0;
  const tickMs = settings.tickMs ?? defaultTickMs(settings.intervalMs);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopping = false;

  /** One look for due tenants; runs their Tests one after the other. Returns how many Tests it ran. */
  async function tick(): Promise<number> {
    if (!enabled) return 0;
    const now = clock.now();
    const { due, unscheduled } = chooseScheduledTests(await repo.listFilledSlotSchedules(db), now);
    for (const tenantId of unscheduled)
      await repo.placeSchedule(db, tenantId, firstScheduledTestAt(now, settings.intervalMs, random).toISOString());
    let ran = 0;
    for (const slot of due) {
      if (stopping) break;
      const claimedAt = clock.now();
      const claimed = await repo.claimScheduledTest(db, slot.tenantId, slot.nextTestAt, {
        next_test_at: nextScheduledTestAt(claimedAt, settings.intervalMs, random).toISOString(),
        last_scheduled_at: claimedAt.toISOString(),
      });
      if (!claimed) continue; // another process claimed this period
      try {
        const result = await deps.tests.runScheduled(slot.tenantId);
        ran += 1;
        deps.onResult?.(slot.tenantId, result);
      } catch (error) {
        deps.onError?.(error, slot.tenantId);
      }
    }
    return ran;
  }

  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => {
      running = tick()
        .then(
          () => undefined,
          (error: unknown) => deps.onError?.(error, null),
        )
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, tickMs);
    timer.unref();
  }

  return {
    enabled,
    tick,
    start(): void {
      if (!enabled || timer || stopping) return;
      schedule();
    },
    /**
     * Stops looking for due tenants and waits for the Test in progress, if any (at most its lease, 90 s by
     * default): its result, history row, events and audit record are one transaction, so it is stored whole or
     * not at all, never half. A Test not yet begun is left for the next period (or another process).
     */
    async stop(): Promise<void> {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

export type KeyTestScheduler = ReturnType<typeof createKeyTestScheduler>;

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 1) : 0.5;
}
