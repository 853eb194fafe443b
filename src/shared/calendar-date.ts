/**
 * The one strict reader of dates and times that people and clients send (configuration, request bodies,
 * query parameters). `Date.parse` is not one: it rolls 2023-02-30 over to 2023-03-02, reads "2023" and
 * "March 3 2023", and takes a time without an offset in the server's own time zone. Here every field is
 * checked against the calendar (month 1-12, the month's real number of days, leap years), so an impossible
 * date is refused with a message that says what is expected, never silently moved.
 */
import { invalidInput } from './errors.js';

export type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const CALENDAR_DATE_EXPECTED = 'expected a calendar date as YYYY-MM-DD, e.g. 2024-02-29';
export const TIMESTAMP_EXPECTED =
  'expected an ISO-8601 time with its offset, e.g. 2024-02-29T08:00:00Z or 2024-02-29T09:00:00+01:00 (a date alone means 00:00 UTC)';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2}))?$/;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why year-month-day is not a day of the calendar, or undefined when it is one. */
function calendarProblem(text: string, year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `${text} has no month ${month} (months are 01 to 12); ${CALENDAR_DATE_EXPECTED}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days)
    return `${text} is not a day of the calendar: ${MONTHS[month - 1]} ${year} has ${days} days; ${CALENDAR_DATE_EXPECTED}`;
  return undefined;
}

/** Reads YYYY-MM-DD, refusing impossible days (2023-02-30, 2023-02-29, 2023-13-01); the value is the text itself. */
export function readCalendarDate(text: string): Reading<string> {
  const match = DATE.exec(text);
  if (!match) return { ok: false, reason: CALENDAR_DATE_EXPECTED };
  const problem = calendarProblem(text.slice(0, 10), Number(match[1]), Number(match[2]), Number(match[3]));
  return problem ? { ok: false, reason: problem } : { ok: true, value: text };
}

/** Reads an ISO-8601 / RFC 3339 time (offset required, or a date alone for 00:00 UTC) as milliseconds since 1970. */
export function readIsoTimestamp(text: string): Reading<number> {
  const match = TIMESTAMP.exec(text);
  if (!match) return { ok: false, reason: TIMESTAMP_EXPECTED };
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', offset = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const dateProblem = calendarProblem(text.slice(0, 10), year, month, day);
  if (dateProblem) return { ok: false, reason: dateProblem.replace(CALENDAR_DATE_EXPECTED, TIMESTAMP_EXPECTED) };
  if (hour > 23 || minute > 59 || second > 59)
    return { ok: false, reason: `${text} has no such time of day (00:00:00 to 23:59:59); ${TIMESTAMP_EXPECTED}` };
  let offsetMinutes = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const offsetHours = Number(offset.slice(1, 3));
    const offsetMins = Number(offset.slice(4, 6));
    if (offsetHours > 23 || offsetMins > 59)
      return { ok: false, reason: `${text} has no such offset (-23:59 to +23:59); ${TIMESTAMP_EXPECTED}` };
    offsetMinutes = (offset[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const at = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  return { ok: true, value: at.getTime() - offsetMinutes * 60_000 };
}

/** A calendar date from input, or a 400 `code` whose message and detail name `field` and what is expected. */
export function parseCalendarDate(text: string, field: string, code: string): string {
  const reading = readCalendarDate(text);
  if (!reading.ok) throw invalidInput(code, `${field}: ${reading.reason}.`, [{ path: field, message: reading.reason }]);
  return reading.value;
}

/** An ISO-8601 time from input as milliseconds since 1970, or a 400 `code` naming `field` and what is expected. */
export function parseIsoTimestamp(text: string, field: string, code: string): number {
  const reading = readIsoTimestamp(text);
  if (!reading.ok) throw invalidInput(code, `${field}: ${reading.reason}.`, [{ path: field, message: reading.reason }]);
  return reading.value;
}
