/**
 * The development clock (`calm-keys serve --dev-clock`): show it, move it forward, set it back to real time.
 * The offset lives in the database (`dev_clock`, migration 022) so that every process on one PostgreSQL runs on
 * the same time: a token signed by one process expires at the same moment at another's Cloud ALM API. Each
 * process holds the offset in its AdjustableClock (reads of `Clock.now()` stay synchronous) and re-reads the row
 * every `pollMs`; the process that moved it applies it at once, after the commit. Only the calm-keys
 * Administrator moves it (`system.clock.manage`), each move is audited in its transaction.
 */
import { createGuard, toAuditActor, type Actor } from '../access/index.js';
import type { AuditWriter } from '../audit/index.js';
import {
  conflict,
  formatDuration,
  invalidInput,
  parseDuration,
  systemClock,
  type AdjustableClock,
} from '../shared/index.js';
import { withTx, type Db } from '../store/index.js';
import * as repo from './dev-clock.repo.js';
import { clockView, type ClockView } from './dev-clock.view.js';
import { DEV_CLOCK_ERRORS } from './errors.js';

const DAY_MS = 86_400_000;
/** One advance moves at most ten years; the clock as a whole at most a hundred (dates stay readable everywhere). */
export const MAX_ADVANCE_MS = 3650 * DAY_MS;
export const MAX_OFFSET_MS = 36_500 * DAY_MS;
/** How often a process re-reads the offset another process may have moved. */
export const DEFAULT_CLOCK_POLL_MS = 1_000;

export interface DevClockDeps {
  readonly db: Db;
  readonly audit: AuditWriter;
  /** The clock every service runs on; undefined: the server runs on real time and refuses to move it. */
  readonly clock: AdjustableClock | undefined;
  readonly pollMs?: number;
  /** A failed re-read of the offset (the database did not answer): the last offset stays in force. */
  readonly onError?: (error: unknown) => void;
}

export function createDevClock(deps: DevClockDeps) {
  const guard = createGuard({ db: deps.db, audit: deps.audit });
  const clock = deps.clock;
  let timer: NodeJS.Timeout | undefined;
  // moves made here; a re-read that began before one would set the clock back to what it read
  let localMoves = 0;

  const view = (): ClockView =>
    clock ? clockView(true, clock.now(), clock.offsetMs()) : clockView(false, systemClock.now(), 0);

  async function refresh(): Promise<void> {
    if (!clock) return;
    const movesBefore = localMoves;
    const offsetMs = await repo.readOffsetMs(deps.db);
    if (movesBefore === localMoves) clock.setOffsetMs(offsetMs);
  }

  /** The clock to move; on real time the refusal is recorded (nothing changed) and thrown. */
  async function refuseUnlessAdjustable(actor: Actor, request: 'advance' | 'reset'): Promise<AdjustableClock> {
    if (clock) return clock;
    await deps.audit.record(deps.db, {
      action: 'system.clock.refused',
      outcome: 'failure',
      actor: toAuditActor(actor),
      targetId: null,
      details: { request, reason: 'not_adjustable' },
    });
    throw conflict(
      DEV_CLOCK_ERRORS.not_adjustable,
      'This server runs on real time: start it with --dev-clock (CALM_KEYS_DEV_CLOCK=true) to move its clock.',
    );
  }

  return {
    adjustable: clock !== undefined,
    /** Reads the stored offset (a restart keeps the moved time), then re-reads it every `pollMs`. */
    async start(): Promise<void> {
      if (!clock || timer) return;
      await refresh();
      timer = setInterval(
        () => void refresh().catch((error: unknown) => deps.onError?.(error)),
        deps.pollMs ?? DEFAULT_CLOCK_POLL_MS,
      );
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    refresh,

    /** `GET /dev/v1/clock`: also on a server without --dev-clock (then `adjustable: false`). */
    async showAs(actor: Actor): Promise<ClockView> {
      await guard(actor, 'system.clock.manage', { kind: 'system' });
      return view();
    },

    /** `POST /dev/v1/clock/advance {by}`: moves the clock of every process on the database forward by `by`. */
    async advanceAs(actor: Actor, by: string): Promise<ClockView> {
      await guard(actor, 'system.clock.manage', { kind: 'system' });
      const moving = await refuseUnlessAdjustable(actor, 'advance');
      const byMs = parseDuration(by);
      if (byMs === undefined || byMs <= 0 || byMs > MAX_ADVANCE_MS)
        throw invalidInput(
          DEV_CLOCK_ERRORS.bad_duration,
          'by must be a duration from 1s to 3650d, such as 90s, 30m, 13h or 7d (parts may be combined: 1d12h).',
          [{ path: 'by', message: 'expected e.g. 90s, 30m, 13h, 7d' }],
        );
      const offsetMs = await withTx(deps.db, async (tx) => {
        const next = await repo.addOffsetMs(tx, byMs, MAX_OFFSET_MS, systemClock.now().toISOString());
        if (next === undefined)
          throw invalidInput(
            DEV_CLOCK_ERRORS.bad_duration,
            `The clock runs at most ${formatDuration(MAX_OFFSET_MS)} ahead of real time; reset it first (calm-keys clock reset).`,
            [{ path: 'by', message: 'the clock would pass its bound' }],
          );
        await deps.audit.record(tx, {
          action: 'system.clock.advanced',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: null,
          details: { by: formatDuration(byMs), byMs, offsetMs: next, realNow: systemClock.now().toISOString() },
        });
        return next;
      });
      localMoves += 1;
      moving.setOffsetMs(offsetMs);
      return view();
    },

    /** `DELETE /dev/v1/clock`: back to real time, in every process on the database. */
    async resetAs(actor: Actor): Promise<ClockView> {
      await guard(actor, 'system.clock.manage', { kind: 'system' });
      const moving = await refuseUnlessAdjustable(actor, 'reset');
      await withTx(deps.db, async (tx) => {
        const previousOffsetMs = await repo.resetOffset(tx, systemClock.now().toISOString());
        await deps.audit.record(tx, {
          action: 'system.clock.reset',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: null,
          details: { previousOffsetMs, realNow: systemClock.now().toISOString() },
        });
      });
      localMoves += 1;
      moving.setOffsetMs(0);
      return view();
    },
  };
}

export type DevClock = ReturnType<typeof createDevClock>;
