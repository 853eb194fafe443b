/**
 * Time windows and resolutions of the Raw Data reads, in SAP's notations (alm-api/README.md, "Raw Data reads"):
 * - SAP's analytics periods `L<n><unit>` and `C<n><unit>` with the units of SAP's ALM plug-in for Grafana
 *   (`Mi` minutes, `H`, `D`, `W` ISO weeks, `M` months, `Y` years; all UTC): `L` the n complete units before the
 *   current one, `C` the current unit so far with the n - 1 before it;
 * - calm-keys' rolling `60M`, `24H`, `7D` (M = minutes here), back from now;
 * - `from`/`to` as `YYYYMMDDHHmmss` UTC (what the live logs API and the Grafana plug-in send) or ISO-8601.
 * The logs read is stricter, as live tenants are: `<n>M` up to 60 and `YYYYMMDDHHmmss` only (`logsWindow`).
 */
import { invalidInput, MAX_WINDOW_MS, parseIsoTimestamp } from '../shared/index.js';
import { ALM_ERRORS } from './errors.js';

export interface TimeRange {
  /** Epoch milliseconds, inclusive. */
  readonly from: number;
  readonly to: number;
}

export type CalendarUnit = 'Mi' | 'H' | 'D' | 'W' | 'M' | 'Y';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SAP_PERIOD = /^([LC])(\d{1,4})(Mi|H|D|W|M|Y)$/;
const ROLLING = /^(\d{1,4})([MHD])$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const ROLLING_MS = { M: MINUTE, H: HOUR, D: DAY } as const;
/** SAP's logs read: at most 60 minutes (live: 400 "Time interval > 60 mins"). */
export const MAX_LOGS_WINDOW_MS = 60 * MINUTE;

/** The start (UTC) of the calendar unit that holds `t`. */
export function startOfUnit(t: number, unit: CalendarUnit): number {
  const d = new Date(t);
  switch (unit) {
    case 'Mi':
      return Math.floor(t / MINUTE) * MINUTE;
    case 'H':
      return Math.floor(t / HOUR) * HOUR;
    case 'D':
      return Math.floor(t / DAY) * DAY;
    case 'W': // ISO weeks begin on Monday
      return Math.floor(t / DAY) * DAY - ((d.getUTCDay() + 6) % 7) * DAY;
    case 'M':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'Y':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

/** `t` moved by `n` calendar units (months and years by the calendar, not by a fixed length). */
export function addUnits(t: number, unit: CalendarUnit, n: number): number {
  const d = new Date(t);
  switch (unit) {
    case 'Mi':
      return t + n * MINUTE;
    case 'H':
      return t + n * HOUR;
    case 'D':
      return t + n * DAY;
    case 'W':
      return t + n * 7 * DAY;
    case 'M':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
    case 'Y':
      return Date.UTC(d.getUTCFullYear() + n, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
  }
}

/** `YYYYMMDDHHmmss` as UTC, strictly (20230230000000 is refused, not read as March 2nd); undefined if not that form. */
export function readCompactUtc(text: string): number | undefined {
  const m = COMPACT.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  const same =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  return same ? t : undefined;
}

function periodRange(period: string, now: number): TimeRange | undefined {
  const sap = SAP_PERIOD.exec(period);
  if (sap) {
    const unit = sap[3] as CalendarUnit;
    const n = Number(sap[2]);
    if (n < 1) return undefined;
    const current = startOfUnit(now, unit);
    // L: the n whole units before the current one; C: the current one so far and the n - 1 before it
    return sap[1] === 'L'
      ? { from: addUnits(current, unit, -n), to: current - 1 }
      : { from: addUnits(current, unit, -(n - 1)), to: now };
  }
  const rolling = ROLLING.exec(period);
  if (rolling) return { from: now - Number(rolling[1]) * ROLLING_MS[rolling[2] as 'M' | 'H' | 'D'], to: now };
  return undefined;
}

function instant(text: string, field: 'from' | 'to'): number {
  return readCompactUtc(text) ?? parseIsoTimestamp(text, field, ALM_ERRORS.bad_time);
}

/** The window of a metrics read: `from`/`to` (either form), else `period` (SAP's or calm-keys'), else 60 minutes. */
export function metricsWindow(query: { period?: string; from?: string; to?: string }, now: number): TimeRange {
  let range: TimeRange | undefined;
  if (query.from || query.to) {
    const to = query.to ? instant(query.to, 'to') : now;
    range = { from: query.from ? instant(query.from, 'from') : to - HOUR, to };
    if (range.from > range.to)
      throw invalidInput(ALM_ERRORS.bad_time, 'from must not be after to.', [{ path: 'from', message: 'after to' }]);
  } else {
    range = periodRange(query.period ?? '60M', now);
    if (!range)
      throw invalidInput(
        ALM_ERRORS.bad_period,
        'period is L<n><unit> (the last n whole units) or C<n><unit> (the current unit and the n - 1 before), unit Mi, H, D, W, M or Y (e.g. L1H, C24H, L7D); or 60M, 24H, 7D back from now.',
        [{ path: 'period', message: 'expected e.g. L1H, C24H, L7D or 60M' }],
      );
  }
  if (range.to - range.from > MAX_WINDOW_MS)
    throw invalidInput(ALM_ERRORS.window_too_long, 'Ask for at most 31 days at a time.', [
      { path: 'period', message: 'at most 31 days' },
    ]);
  return range;
}

const intervalTooLong = (path: string) =>
  invalidInput(ALM_ERRORS.window_too_long, 'Time interval > 60 mins', [{ path, message: 'at most 60 minutes' }]);

function compact(text: string, field: 'from' | 'to'): number {
  const t = readCompactUtc(text);
  const name = field === 'from' ? 'From' : 'To';
  if (t === undefined)
    throw invalidInput(ALM_ERRORS.bad_time, `${name} is not of format YYYYMMDDHHmmss`, [
      { path: field, message: 'expected YYYYMMDDHHmmss (UTC)' },
    ]);
  return t;
}

/** The window of a logs read, as live tenants take it: `<n>M` up to 60 (default 60M), or `from`/`to` as YYYYMMDDHHmmss. */
export function logsWindow(query: { period?: string; from?: string; to?: string }, now: number): TimeRange {
  if (query.from || query.to) {
    const to = query.to ? compact(query.to, 'to') : now;
    const from = query.from ? compact(query.from, 'from') : to - HOUR;
    if (from > to)
      throw invalidInput(ALM_ERRORS.bad_time, 'from must not be after to.', [{ path: 'from', message: 'after to' }]);
    if (to - from > MAX_LOGS_WINDOW_MS) throw intervalTooLong('from');
    return { from, to };
  }
  const m = /^(\d{1,6})M$/.exec(query.period ?? '60M');
  if (!m)
    throw invalidInput(ALM_ERRORS.bad_period, 'period is a number of minutes followed by M, at most 60M (e.g. 30M).', [
      { path: 'period', message: 'expected <n>M, e.g. 30M' },
    ]);
  if (Number(m[1]) > 60) throw intervalTooLong('period');
  return { from: now - Number(m[1]) * MINUTE, to: now };
}

/** How points are grouped in time: raw (each point alone), the whole window as one bucket, or buckets of a size. */
export type Resolution =
  | { readonly kind: 'raw' }
  | { readonly kind: 'period' }
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'calendar'; readonly unit: CalendarUnit };

const RESOLUTION = /^(\d{1,4})?(S|Mi|H|D|W|M|Y)$/;
const FIXED_MS = { S: 1000, Mi: MINUTE, H: HOUR, D: DAY } as const;

/** SAP's resolutions (the Grafana plug-in's list: 10S, 15S, 1Mi, 5Mi, 10Mi, 15Mi, 30Mi, H, D, W, M, Y, R, P). */
export function parseResolution(text: string | undefined): Resolution | undefined {
  if (text === undefined || text === 'R') return { kind: 'raw' };
  if (text === 'P') return { kind: 'period' };
  const m = RESOLUTION.exec(text);
  if (!m) return undefined;
  const n = m[1] === undefined ? 1 : Number(m[1]);
  const unit = m[2] as keyof typeof FIXED_MS | 'W' | 'M' | 'Y';
  if (n < 1) return undefined;
  if (unit in FIXED_MS) return { kind: 'fixed', ms: n * FIXED_MS[unit as keyof typeof FIXED_MS] };
  return n === 1 ? { kind: 'calendar', unit: unit as CalendarUnit } : undefined;
}

/** The start of the bucket that holds `t` (UTC; fixed sizes are aligned to the epoch, so 5Mi starts at :00, :05, ...). */
export function bucketOf(t: number, resolution: Resolution, window: TimeRange): number {
  switch (resolution.kind) {
    case 'raw':
      return t;
    case 'period':
      return window.from;
    case 'fixed':
      return Math.floor(t / resolution.ms) * resolution.ms;
    case 'calendar':
      return startOfUnit(t, resolution.unit);
  }
}
