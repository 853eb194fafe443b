/**
 * Counts events per key in a fixed window and says how long a key that reached its limit must wait until
 * the window ends. The one counter behind every rate limit: failed sign-ins (`http/login-throttle.ts`),
 * failed client authentications at the token endpoint (`xsuaa/client-auth-throttle.ts`) and SAP Service
 * Manager's request limits (`http/routes/sm/sm-route-parts.ts`, through `store/window-counter.ts`'s shared request
 * limiter). What the keys are, what is counted and what a
 * wait refuses is the caller's policy.
 * A key's window opens with its first count and lasts `windowMs`; the next count after that opens a new one.
 * In-process. The limits themselves count through a `FailureCounter` (`store/window-counter.ts`), which keeps its
 * windows in the database, so that every process on the same database shares one budget (README.md, "Running
 * several processes").
 */

/** A limit of `limit` counts per key within `windowMs`. */
export interface WindowLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface WindowCounter {
  /** Seconds until `key` is below its limit again, or 0 when it is below now. */
  retryAfter(key: string): number;
  /** Counts one event of `key` in its current window (opening one when there is none). */
  record(key: string): void;
  /** Takes back one count of `key` in its current window: an attempt counted in advance that did not count after all. */
  release(key: string): void;
}

/** Keys held at most; beyond, the oldest windows are dropped, so memory stays bounded under a flood of distinct keys. */
export const DEFAULT_MAX_WINDOW_KEYS = 100_000;

export function createWindowCounter(options: WindowLimit & { now?: () => number; maxKeys?: number }): WindowCounter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_WINDOW_KEYS;
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    if (!w || now() - w.start >= options.windowMs) return undefined;
    return w;
  };
  return {
    retryAfter(key) {
      const w = current(key);
      if (!w || w.count < options.limit) return 0;
      return Math.max(1, Math.ceil((w.start + options.windowMs - now()) / 1000));
    },
    record(key) {
      const w = current(key);
      if (w) {
        w.count += 1;
        return;
      }
      if (windows.size >= maxKeys) {
        // Map keeps insertion order: the first keys are the oldest windows
        for (const k of windows.keys()) {
          windows.delete(k);
          if (windows.size < maxKeys * 0.9) break;
        }
      }
      windows.set(key, { start: now(), count: 1 });
    },
    release(key) {
      const w = current(key);
      if (w && w.count > 0) w.count -= 1;
    },
  };
}

/**
 * A window counter shared by every process on one database (implemented by `store/window-counter.ts`).
 * Reading what the process already knows is free (no I/O), so a request that does not fail never waits
 * for the database; only counting goes to the database.
 */
export interface FailureCounter {
  /**
   * No I/O: seconds until `key` is below its limit as far as this process knows (its own counts, and the
   * database's answer to its last count of `key`), or 0.
   */
  knownWait(key: string): number;
  /**
   * Counts one event of `key` in the window all processes share. Resolves to the seconds to wait if `key`
   * had already reached its limit before this count, else 0. Never rejects: a database that cannot be
   * reached leaves the count to this process alone.
   */
  record(key: string): Promise<number>;
}

/** A `FailureCounter` of this process alone (tests, and whatever needs no sharing): `record` does no I/O. */
export function createInProcessFailureCounter(
  options: WindowLimit & { now?: () => number; maxKeys?: number },
): FailureCounter {
  const counter = createWindowCounter(options);
  return {
    knownWait: (key) => counter.retryAfter(key),
    record(key) {
      const wait = counter.retryAfter(key);
      counter.record(key);
      return Promise.resolve(wait);
    },
  };
}
