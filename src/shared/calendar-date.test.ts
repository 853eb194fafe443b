import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from './errors.js';
import {
  daysInMonth,
  parseCalendarDate,
  parseIsoTimestamp,
  readCalendarDate,
  readIsoTimestamp,
} from './calendar-date.js';

const reason = (reading: { ok: boolean; reason?: string }) => (reading.ok ? 'ok' : reading.reason!);

test('readCalendarDate: real days pass, impossible ones are refused with what is expected', () => {
  assert.deepEqual(readCalendarDate('2024-02-29'), { ok: true, value: '2024-02-29' }, 'a leap day');
  assert.deepEqual(readCalendarDate('2000-02-29'), { ok: true, value: '2000-02-29' }, 'divisible by 400: leap');
  assert.deepEqual(readCalendarDate('2023-12-31'), { ok: true, value: '2023-12-31' });
  assert.match(
    reason(readCalendarDate('2023-02-30')),
    /2023-02-30 is not a day of the calendar: February 2023 has 28 days; expected a calendar date as YYYY-MM-DD/,
  );
  assert.match(reason(readCalendarDate('2023-02-29')), /February 2023 has 28 days/, 'not a leap year');
  assert.match(reason(readCalendarDate('1900-02-29')), /February 1900 has 28 days/, 'divisible by 100, not by 400');
  assert.match(reason(readCalendarDate('2023-04-31')), /April 2023 has 30 days/);
  assert.match(reason(readCalendarDate('2023-13-01')), /has no month 13/);
  assert.match(reason(readCalendarDate('2023-00-10')), /has no month 0/);
  assert.match(reason(readCalendarDate('2023-01-00')), /not a day of the calendar/);
  for (const text of [
    '2023-1-1',
    '2023',
    '20230101',
    'March 3 2023',
    '2023-01-01T00:00:00Z',
    ' 2023-01-01',
    '2023-01-01\n',
    '２０２３-01-01',
  ]) {
    assert.equal(
      reason(readCalendarDate(text)),
      'expected a calendar date as YYYY-MM-DD, e.g. 2024-02-29',
      JSON.stringify(text),
    );
  }
});

test('readIsoTimestamp: times with Z or an offset, fractions, a date alone; impossible dates, times and offsets refused', () => {
  const at = (text: string) => {
    const reading = readIsoTimestamp(text);
    return reading.ok ? new Date(reading.value).toISOString() : `refused: ${reading.reason}`;
  };
  assert.equal(at('2024-02-29T08:00:00Z'), '2024-02-29T08:00:00.000Z');
  assert.equal(at('2024-02-29T09:30:00+01:30'), '2024-02-29T08:00:00.000Z');
  assert.equal(
    at('2024-03-01T01:00:00+02:00'),
    '2024-02-29T23:00:00.000Z',
    'an offset may move the instant to another day',
  );
  assert.equal(at('2024-02-28T20:00:00-05:00'), '2024-02-29T01:00:00.000Z');
  assert.equal(at('2024-02-29T08:00:00.123456789Z'), '2024-02-29T08:00:00.123Z');
  assert.equal(at('2024-02-29T08:00Z'), '2024-02-29T08:00:00.000Z', 'seconds may be left out');
  assert.equal(at('2024-02-29'), '2024-02-29T00:00:00.000Z', 'a date alone is 00:00 UTC');
  assert.equal(at('0050-06-01T00:00:00Z'), '0050-06-01T00:00:00.000Z', 'a year below 100 is not 1950');
  assert.match(
    at('2023-02-30T00:00:00Z'),
    /refused: 2023-02-30 is not a day of the calendar: February 2023 has 28 days; expected an ISO-8601 time/,
  );
  assert.match(at('2023-02-29T12:00:00+01:00'), /February 2023 has 28 days/);
  assert.match(at('2023-13-01T00:00:00Z'), /has no month 13/);
  assert.match(at('2024-01-01T24:00:00Z'), /no such time of day/);
  assert.match(at('2024-01-01T23:60:00Z'), /no such time of day/);
  assert.match(at('2024-01-01T23:59:60Z'), /no such time of day/);
  assert.match(at('2024-01-01T10:00:00+24:00'), /no such offset/);
  for (const text of [
    '2024-01-01T10:00:00',
    'yesterday',
    '0',
    '2024',
    'March 3 2024',
    '2024-01-01 10:00:00Z',
    '2024-01-01T10:00:00+0100',
    '1709193600000',
  ]) {
    assert.match(at(text), /^refused: expected an ISO-8601 time with its offset/, text);
  }
});

test('parseCalendarDate and parseIsoTimestamp: a 400 with the given code naming the field', () => {
  assert.equal(parseCalendarDate('2024-02-29', 'provisionedOn', 'btp.bad_date'), '2024-02-29');
  assert.equal(parseIsoTimestamp('1970-01-01T00:00:01Z', 'from', 'alm.bad_time'), 1000);
  assert.throws(
    () => parseCalendarDate('2023-02-30', 'provisionedOn', 'btp.bad_date'),
    (error: unknown) => {
      assert.ok(isDomainError(error));
      assert.equal(error.kind, 'invalid_input');
      assert.equal(error.code, 'btp.bad_date');
      assert.match(error.message, /^provisionedOn: 2023-02-30 is not a day of the calendar/);
      assert.deepEqual(
        error.details.map((d) => d.path),
        ['provisionedOn'],
      );
      return true;
    },
  );
  assert.throws(
    () => parseIsoTimestamp('2023-02-30T00:00:00Z', 'to', 'lm.metrics.bad_time'),
    (error: unknown) => isDomainError(error) && error.code === 'lm.metrics.bad_time' && /^to: /.test(error.message),
  );
});

test('daysInMonth follows the Gregorian leap-year rule', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m)),
    [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
  );
  assert.deepEqual(
    [2024, 2100, 2000].map((y) => daysInMonth(y, 2)),
    [29, 28, 29],
  );
});
