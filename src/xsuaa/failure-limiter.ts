/**
 * Counts events (failed authentications, requests) per key in a fixed window and says how long a key that
 * went over its limit must wait until the window ends. What the keys are and what a wait refuses is the
 * caller's policy (client-auth-throttle.ts for the token endpoint).
 * In-process: several calm-keys processes each count on their own (DESIGN.md section 5 plans Redis).
 */
export interface FailureLimiter {
  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number;
  recordFailure(key: string): void;
  /** Takes back one count of `key` in its current window: an attempt counted in advance that succeeded. */
  release(key: string): void;
}

export function createFailureLimiter(options: { limit: number; windowMs: number; now?: () => number; maxKeys?: number }): FailureLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    if (!w || now() - w.start >= options.windowMs) return undefined;
    return w;
  };
  return {
    retryAfter(key) {
      const w = current(key);
      if (!w || w.failures < options.limit) return 0;
      return Math.max(1, Math.ceil((w.start + options.windowMs - now()) / 1000));
    },
    recordFailure(key) {
      const w = current(key);
      if (w) {
        w.failures += 1;
        return;
      }
      if (windows.size >= maxKeys) {
        // Drop the oldest entries: memory stays bounded even under a flood of distinct keys.
        for (const k of windows.keys()) {
          windows.delete(k);
          if (windows.size < maxKeys * 0.9) break;
        }
      }
      windows.set(key, { start: now(), failures: 1 });
    },
    release(key) {
      const w = current(key);
      if (w && w.failures > 0) w.failures -= 1;
    },
  };
}
