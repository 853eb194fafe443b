import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../shared/index.js';
import { bucketOf, logsWindow, metricsWindow, parseResolution, readCompactUtc } from './sap-period.js';

const NOW = Date.parse('2026-03-04T10:37:30Z'); // a Wednesday
const iso = (t: number) => new Date(t).toISOString();
const window = (period: string) => {
  const w = metricsWindow({ period }, NOW);
  return [iso(w.from), iso(w.to)];
};
const refused = (fn: () => unknown, code: string, message?: RegExp) =>
  assert.throws(fn, (e) => isDomainError(e) && e.code === code && (!message || message.test(e.message)));

test('L is the n whole units before the current one; C the current one so far and the n - 1 before it', () => {
  assert.deepEqual(window('L1H'), ['2026-03-04T09:00:00.000Z', '2026-03-04T09:59:59.999Z']);
  assert.deepEqual(window('C1H'), ['2026-03-04T10:00:00.000Z', '2026-03-04T10:37:30.000Z']);
  assert.deepEqual(window('C24H'), ['2026-03-03T11:00:00.000Z', '2026-03-04T10:37:30.000Z']);
  assert.deepEqual(window('L7D'), ['2026-02-25T00:00:00.000Z', '2026-03-03T23:59:59.999Z']);
  assert.deepEqual(window('C1D'), ['2026-03-04T00:00:00.000Z', '2026-03-04T10:37:30.000Z']);
  assert.deepEqual(window('L1W'), ['2026-02-23T00:00:00.000Z', '2026-03-01T23:59:59.999Z']);
  assert.deepEqual(window('L1M'), ['2026-02-01T00:00:00.000Z', '2026-02-28T23:59:59.999Z']);
  assert.deepEqual(window('C15Mi'), ['2026-03-04T10:23:00.000Z', '2026-03-04T10:37:30.000Z']);
  // calm-keys' rolling forms stay: M is minutes there
  assert.deepEqual(window('60M'), ['2026-03-04T09:37:30.000Z', '2026-03-04T10:37:30.000Z']);
  assert.deepEqual(window('7D'), ['2026-02-25T10:37:30.000Z', '2026-03-04T10:37:30.000Z']);
});

test('periods and times that are not SAP forms, or longer than 31 days, are 400s naming the parameter', () => {
  for (const period of ['L0H', 'X1H', 'L1h', '1Mi', 'C'])
    refused(() => metricsWindow({ period }, NOW), 'alm.bad_period');
  refused(() => metricsWindow({ period: 'L2M' }, NOW), 'alm.window_too_long');
  refused(() => metricsWindow({ period: 'L1Y' }, NOW), 'alm.window_too_long');
  refused(() => metricsWindow({ from: '20260230000000' }, NOW), 'alm.bad_time');
  assert.deepEqual(metricsWindow({ from: '20260304100000', to: '2026-03-04T10:30:00Z' }, NOW), {
    from: Date.parse('2026-03-04T10:00:00Z'),
    to: Date.parse('2026-03-04T10:30:00Z'),
  });
});

test('the logs window: <n>M up to 60 and YYYYMMDDHHmmss only, with the live texts', () => {
  assert.deepEqual(logsWindow({ period: '30M' }, NOW), { from: NOW - 30 * 60_000, to: NOW });
  refused(() => logsWindow({ period: '61M' }, NOW), 'alm.window_too_long', /^Time interval > 60 mins$/);
  refused(() => logsWindow({ period: '1H' }, NOW), 'alm.bad_period');
  refused(() => logsWindow({ from: '2026-03-04T10:00:00Z' }, NOW), 'alm.bad_time', /^From is not of format/);
  refused(() => logsWindow({ to: '2026-03-04' }, NOW), 'alm.bad_time', /^To is not of format/);
  refused(() => logsWindow({ from: '20260304090000', to: '20260304100001' }, NOW), 'alm.window_too_long');
});

test('compact times are read strictly as UTC', () => {
  assert.equal(readCompactUtc('20240229235959'), Date.parse('2024-02-29T23:59:59Z'));
  for (const text of ['20230229000000', '20240229240000', '2024022923595', '2024-02-29'])
    assert.equal(readCompactUtc(text), undefined);
});

test('resolutions: fixed sizes aligned to the epoch, calendar units to the unit, R each point, P the window', () => {
  const w = { from: NOW - 3_600_000, to: NOW };
  const at = (r: string) => iso(bucketOf(NOW, parseResolution(r)!, w));
  assert.equal(at('5Mi'), '2026-03-04T10:35:00.000Z');
  assert.equal(at('15Mi'), '2026-03-04T10:30:00.000Z');
  assert.equal(at('1H'), '2026-03-04T10:00:00.000Z');
  assert.equal(at('D'), '2026-03-04T00:00:00.000Z');
  assert.equal(at('W'), '2026-03-02T00:00:00.000Z');
  assert.equal(at('M'), '2026-03-01T00:00:00.000Z');
  assert.equal(at('R'), iso(NOW));
  assert.equal(at('P'), iso(w.from));
  assert.deepEqual(parseResolution(undefined), { kind: 'raw' });
  for (const bad of ['5m', '0Mi', '2W', 'X', '']) assert.equal(parseResolution(bad), undefined, bad);
});
