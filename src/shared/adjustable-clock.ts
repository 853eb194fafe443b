/**
 * A clock that can be moved forward: the base clock (real time) plus an offset. `calm-keys serve --dev-clock`
 * runs on one so that a test suite can fast-forward token expiry, certificate expiry and grace periods
 * (`calm-keys clock advance 13h`). `now()` stays synchronous: every caller of `Clock` reads it on hot paths,
 * so the offset is held here and whoever persists it (src/dev-clock) sets it, never awaited on a read.
 */
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

export interface AdjustableClock extends Clock {
  /** Milliseconds the clock runs ahead of its base (0: real time). Never negative. */
  offsetMs(): number;
  /** Sets the offset; listeners run when it changed. A negative or non-finite offset is a programming error. */
  setOffsetMs(offsetMs: number): void;
  /** Called after each change of the offset (the due work re-checks: schedules, sweeps). Returns the unsubscribe. */
  onChange(listener: (offsetMs: number) => void): () => void;
}

export function createAdjustableClock(base: Clock = systemClock): AdjustableClock {
  let offset = 0;
  const listeners = new Set<(offsetMs: number) => void>();
  return {
    now: () => new Date(base.now().getTime() + offset),
    offsetMs: () => offset,
    setOffsetMs(next: number) {
      if (!Number.isSafeInteger(next) || next < 0) throw new RangeError(`clock offset must be >= 0 ms, got ${next}`);
      if (next === offset) return;
      offset = next;
      for (const listener of listeners) listener(offset);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
