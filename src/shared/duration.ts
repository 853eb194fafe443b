/**
 * The one reader of durations people type: `90s`, `30m`, `13h`, `7d`, or several parts (`1d12h`). Whole units
 * only, no fractions and no sign, so `1.5h` or `-1h` is refused rather than guessed.
 */
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(?:\d{1,9}[smhd])+$/;

/** Milliseconds of `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  if (!DURATION.test(compact)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+)([smhd])/g)) ms += Number(amount) * UNIT_MS[unit as 's'];
  return ms;
}

/** A duration as people read it: the largest units first, zero parts left out (`1d1h`, `90s` as `1m30s`, `0s`). */
export function formatDuration(ms: number): string {
  let rest = Math.floor(Math.abs(ms) / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.length === 0 ? '0s' : parts.join('');
}
