/**
 * The time window of a telemetry read, as SAP's read API takes it: `period` (60M, 24H, 7D) back from now, or
 * `from`/`to` ISO-8601 times with an offset, read strictly (calendar-date.ts); 60 minutes by default. One rule
 * for the Cloud ALM API and Landscape Management's chart; each names its error codes with its own prefix
 * (`alm`, `lm.metrics`).
 */
import { parseIsoTimestamp } from './calendar-date.js';
import { invalidInput } from './errors.js';

const PERIOD = /^(\d{1,4})([MHD])$/;
const UNIT_MS = { M: 60_000, H: 3_600_000, D: 86_400_000 } as const;
/** The longest window a person may ask for (telemetry is kept for days, not months). */
export const MAX_WINDOW_MS = 31 * UNIT_MS.D;

export interface WindowQuery {
  readonly period?: string;
  readonly from?: string;
  readonly to?: string;
}

export function timeWindow(query: WindowQuery, now: Date, codePrefix: string): { from: string; to: string } {
  let from: number;
  let to: number;
  if (query.from || query.to) {
    // strict: Date.parse would read 2023-02-30 as 2023-03-02 and a time without offset in the server's zone
    to = query.to ? parseIsoTimestamp(query.to, 'to', `${codePrefix}.bad_time`) : now.getTime();
    from = query.from ? parseIsoTimestamp(query.from, 'from', `${codePrefix}.bad_time`) : to - UNIT_MS.H;
    if (from > to)
      throw invalidInput(`${codePrefix}.bad_time`, 'from must not be after to.', [
        { path: 'from', message: 'after to' },
      ]);
  } else {
    const match = PERIOD.exec(query.period ?? '60M');
    if (!match)
      throw invalidInput(
        `${codePrefix}.bad_period`,
        'period is a number followed by M (minutes), H (hours) or D (days), e.g. 60M.',
        [{ path: 'period', message: 'expected e.g. 60M, 24H, 7D' }],
      );
    to = now.getTime();
    from = to - Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  if (to - from > MAX_WINDOW_MS)
    throw invalidInput(`${codePrefix}.window_too_long`, 'Ask for at most 31 days at a time.', [
      { path: 'period', message: 'at most 31 days' },
    ]);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
