/**
 * The window counter of the rate limits, shared through the database by every process on it (SQLite file
 * or PostgreSQL database): `rate_limit_windows` holds one row per (counter, key) with the count of its
 * current fixed window and when the window ends (migration 014).
 *
 * Why an upsert per key and window rather than a row per event: one statement counts atomically (the
 * conflicting row is locked by PostgreSQL, SQLite has one writer) and answers the new count and window end
 * in the same round trip (RETURNING), and a flood of failures updates one row instead of growing the table.
 * A window opens with the first count of a key and lasts `windowMs`, as in `shared/window-counter.ts`.
 *
 * Hot path: `knownWait` never touches the database. It answers from a local in-memory counter (every count
 * is also counted there, so this process alone never gets more than today) and from the blocked windows the
 * database reported. Only `record` (a failure, or a Service Manager call) costs one round trip.
 * A database error in `record` is logged once and the local count answers: a limit then counts per process,
 * which is what it did before, and no caller sees an error for it.
 * Rows of ended windows are deleted at most once per window length by the process that counts.
 * `createSharedRequestLimiter` (below) is the same table for limits that count every request, not failures.
 */
import { sql } from 'kysely';
import { createWindowCounter, type FailureCounter, type WindowLimit } from '../shared/index.js';
import type { Db } from './database.js';
import { withTx } from './transaction.js';

/** Blocked keys remembered at most; beyond, the oldest are forgotten (the database still knows them). */
const MAX_BLOCKED_KEYS = 100_000;

export interface SharedWindowCounterOptions extends WindowLimit {
  readonly db: Db;
  /** Which limit this is: rows of different counters never mix. */
  readonly name: string;
  readonly now?: () => number;
  /** Told once per lost-and-regained database of what went wrong (code and message only). */
  readonly onError?: (error: unknown) => void;
}

export function createSharedWindowCounter(options: SharedWindowCounterOptions): FailureCounter {
  const { db, name, limit, windowMs } = options;
  const now = options.now ?? Date.now;
  const local = createWindowCounter({ limit, windowMs, now });
  // key -> when its shared window ends, for keys the database said are at their limit
  const blocked = new Map<string, number>();
  let lastPrune = 0;
  let failing = false;

  const secondsUntil = (endsAt: number) => Math.max(1, Math.ceil((endsAt - now()) / 1000));

  const sharedWait = (key: string): number => {
    const endsAt = blocked.get(key);
    if (endsAt === undefined) return 0;
    if (endsAt <= now()) {
      blocked.delete(key);
      return 0;
    }
    return secondsUntil(endsAt);
  };

  const prune = async (at: number) => {
    if (at - lastPrune < windowMs) return;
    lastPrune = at;
    await db
      .deleteFrom('rate_limit_windows')
      .where('counter', '=', name)
      .where('ends_at', '<=', new Date(at).toISOString())
      .execute()
      .catch(() => undefined); // pruning again next window is as good
  };

  return {
    knownWait: (key) => Math.max(local.retryAfter(key), sharedWait(key)),
    async record(key) {
      const localWait = local.retryAfter(key);
      local.record(key);
      const at = now();
      const nowIso = new Date(at).toISOString();
      const endIso = new Date(at + windowMs).toISOString();
      const expired = sql<boolean>`${sql.ref('rate_limit_windows.ends_at')} <= ${nowIso}`;
      try {
        const row = await db
          .insertInto('rate_limit_windows')
          .values({ counter: name, key, count: 1, ends_at: endIso })
          .onConflict((oc) =>
            oc.columns(['counter', 'key']).doUpdateSet({
              // both expressions read the row as it was: an ended window starts again at 1
              count: sql<number>`case when ${expired} then 1 else ${sql.ref('rate_limit_windows.count')} + 1 end`,
              ends_at: sql<string>`case when ${expired} then ${endIso} else ${sql.ref('rate_limit_windows.ends_at')} end`,
            }),
          )
          .returning(['count', 'ends_at'])
          .executeTakeFirstOrThrow();
        failing = false;
        await prune(at); // one more round trip once per window, on a count only
        const count = Number(row.count);
        const endsAt = Date.parse(row.ends_at);
        if (count >= limit) {
          if (blocked.size >= MAX_BLOCKED_KEYS) blocked.delete(blocked.keys().next().value!);
          blocked.set(key, endsAt);
        }
        return Math.max(localWait, count - 1 >= limit ? secondsUntil(endsAt) : 0);
      } catch (error) {
        if (!failing) options.onError?.(error);
        failing = true;
        return Math.max(localWait, sharedWait(key));
      }
    },
  };
}

/** One limit of a `SharedRequestLimiter`: `name` is its counter in `rate_limit_windows`. */
export interface NamedWindowLimit extends WindowLimit {
  readonly name: string;
}

export interface SharedRequestLimiter {
  /**
   * Counts one request of `key` against every limit of `limits`, all or none, in the window all processes on the
   * database share: when one of them is already at its limit the request counts against none, and the answer is
   * the seconds until that limit lets it through; else 0. Never rejects: without the database, this process counts
   * alone.
   */
  admit(key: string, limits: readonly NamedWindowLimit[]): Promise<number>;
}

/** Thrown inside the transaction to roll back the counts already made when a limit refuses. */
class Refused {
  constructor(readonly endsAt: number) {}
}

/**
 * Request limits (SAP Service Manager's): every request is counted, so this costs one transaction per request, a
 * conditional upsert per limit (`ON CONFLICT DO UPDATE ... WHERE` the window ended or is below its limit: the row
 * locked by PostgreSQL, one writer in SQLite, so two processes never both take the last request of a window), rolled
 * back when one refuses. Meant for rare admin calls, never a hot path. A key the database said is at a limit is
 * refused from memory until that window ends, so a caller over its limit costs the database nothing.
 */
export function createSharedRequestLimiter(options: {
  readonly db: Db;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}): SharedRequestLimiter {
  const { db } = options;
  const now = options.now ?? Date.now;
  const local = new Map<string, ReturnType<typeof createWindowCounter>>();
  const localOf = (l: NamedWindowLimit) => {
    let counter = local.get(l.name);
    if (!counter) local.set(l.name, (counter = createWindowCounter({ limit: l.limit, windowMs: l.windowMs, now })));
    return counter;
  };
  // `${counter}\n${key}` -> when its shared window ends, for windows the database said are full
  const blocked = new Map<string, number>();
  const lastPrune = new Map<string, number>();
  let failing = false;
  const secondsUntil = (endsAt: number) => Math.max(1, Math.ceil((endsAt - now()) / 1000));

  const knownFull = (key: string, limits: readonly NamedWindowLimit[]) => {
    let endsAt = 0;
    for (const l of limits) {
      const ends = blocked.get(`${l.name}\n${key}`);
      if (ends === undefined) continue;
      if (ends <= now()) blocked.delete(`${l.name}\n${key}`);
      else endsAt = Math.max(endsAt, ends);
    }
    return endsAt;
  };

  async function countInDatabase(key: string, limits: readonly NamedWindowLimit[], at: number) {
    const nowIso = new Date(at).toISOString();
    const expired = sql<boolean>`${sql.ref('rate_limit_windows.ends_at')} <= ${nowIso}`;
    await withTx(db, async (tx) => {
      for (const l of limits) {
        const endIso = new Date(at + l.windowMs).toISOString();
        const row = await tx
          .insertInto('rate_limit_windows')
          .values({ counter: l.name, key, count: 1, ends_at: endIso })
          .onConflict((oc) =>
            oc
              .columns(['counter', 'key'])
              .doUpdateSet({
                count: sql<number>`case when ${expired} then 1 else ${sql.ref('rate_limit_windows.count')} + 1 end`,
                ends_at: sql<string>`case when ${expired} then ${endIso} else ${sql.ref('rate_limit_windows.ends_at')} end`,
              })
              .where(sql<boolean>`${expired} or ${sql.ref('rate_limit_windows.count')} < ${l.limit}`),
          )
          .returning(['count'])
          .executeTakeFirst();
        if (row) continue;
        const full = await tx
          .selectFrom('rate_limit_windows')
          .select('ends_at')
          .where('counter', '=', l.name)
          .where('key', '=', key)
          .executeTakeFirstOrThrow();
        const endsAt = Date.parse(full.ends_at);
        if (blocked.size >= MAX_BLOCKED_KEYS) blocked.delete(blocked.keys().next().value!);
        blocked.set(`${l.name}\n${key}`, endsAt);
        throw new Refused(endsAt);
      }
    });
  }

  const prune = async (limits: readonly NamedWindowLimit[], at: number) => {
    for (const l of limits) {
      if (at - (lastPrune.get(l.name) ?? 0) < l.windowMs) continue;
      lastPrune.set(l.name, at);
      await db
        .deleteFrom('rate_limit_windows')
        .where('counter', '=', l.name)
        .where('ends_at', '<=', new Date(at).toISOString())
        .execute()
        .catch(() => undefined); // pruning again next window is as good
    }
  };

  return {
    async admit(key, limits) {
      const endsAt = knownFull(key, limits);
      if (endsAt > 0) return secondsUntil(endsAt);
      const at = now();
      try {
        await countInDatabase(key, limits, at);
        failing = false;
      } catch (error) {
        if (error instanceof Refused) return secondsUntil(error.endsAt);
        if (!failing) options.onError?.(error);
        failing = true;
        const wait = Math.max(...limits.map((l) => localOf(l).retryAfter(key)));
        if (wait > 0) return wait;
      }
      // this process's own count too, so that without the database it still limits from what it saw
      for (const l of limits) localOf(l).record(key);
      await prune(limits, at);
      return 0;
    },
  };
}
