/**
 * The one reader of durations people type: `90s`, `30m`, `13h`, `7d`, or several parts (`1d12h`). Whole units
 * only, no fractions and no sign, so `1.5h` or `-1h` is refused rather than guessed. Each use passes its own
 * rules: bounds, and the two extra forms some flags take (`500ms` for a fault's latency, a plain number of
 * seconds for the rotation's grace period). Used by the dev clock (`calm-keys clock advance`, `POST
 * /dev/v1/clock/advance`), `calm-keys lm key rotate --grace` and `calm-keys faults add --latency/--for`.
 */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION = /^(?:\d{1,9}[smhd])+$/;
const DURATION_WITH_MS = /^(?:\d{1,9}(?:ms|[smhd]))+$/;
const PART = /(\d+)(ms|[smhd])/g;
const SECONDS = /^\d{1,9}$/;

export interface DurationRules {
  /** Shortest accepted, in milliseconds (default 0). */
  readonly minMs?: number;
  /** Longest accepted, in milliseconds (default: no bound). */
  readonly maxMs?: number;
  /** Also `ms` parts: `250ms`, `1s500ms` (default: no, a duration is whole seconds). */
  readonly milliseconds?: boolean;
  /** Also a plain number, read as seconds: `0`, `3600` (default: no, `13` is refused as unit-less). */
  readonly plainSeconds?: boolean;
}

/** Why a text was refused: not a duration at all, or one outside the caller's bounds. */
export type DurationProblem = 'not_a_duration' | 'too_short' | 'too_long';
export type DurationReading = { readonly ms: number } | { readonly problem: DurationProblem };

/** `text` read under `rules`: its milliseconds, or why it was refused (the caller words the message). */
export function readDuration(text: string, rules: DurationRules = {}): DurationReading {
  const compact = text.trim().toLowerCase();
  let ms: number;
  if (rules.plainSeconds && SECONDS.test(compact)) ms = Number(compact) * 1_000;
  else if ((rules.milliseconds ? DURATION_WITH_MS : DURATION).test(compact)) {
    ms = 0;
    for (const [, amount, unit] of compact.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit as Unit];
  } else return { problem: 'not_a_duration' };
  if (ms < (rules.minMs ?? 0)) return { problem: 'too_short' };
  if (rules.maxMs !== undefined && ms > rules.maxMs) return { problem: 'too_long' };
  return { ms };
}

/** Milliseconds of `text`, or undefined when it is not a duration under `rules` (see readDuration). */
export function parseDuration(text: string, rules: DurationRules = {}): number | undefined {
  const reading = readDuration(text, rules);
  return 'ms' in reading ? reading.ms : undefined;
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
