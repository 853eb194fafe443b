import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import { parseLogsRequest } from './otlp-logs.js';

const now = new Date('2026-05-04T10:00:00.000Z');
const earlier = new Date(now.getTime() - 60_000);
const at = String(BigInt(earlier.getTime()) * 1_000_000n);
const parsed = (body: unknown, maxRecords = 100) => parseLogsRequest(body, { now, maxRecords });
const parse = (body: unknown, maxRecords = 100) => parsed(body, maxRecords).records;
const request = (...logRecords: unknown[]) => ({
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeLogs: [{ scope: { name: 'app' }, logRecords }],
    },
  ],
});
const RECORD = 'resourceLogs[0].scopeLogs[0].logRecords[0]';

function refusal(body: unknown, maxRecords = 100): DomainError {
  try {
    parse(body, maxRecords);
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('the request was accepted');
}

test('a log record becomes a row: time, severity, body as text, record attributes, resource, scope and detail', () => {
  const records = parse(
    request(
      {
        timeUnixNano: at,
        observedTimeUnixNano: at,
        severityNumber: 17,
        severityText: 'ERROR',
        body: { stringValue: 'disk almost full' },
        attributes: [{ key: 'disk', value: { stringValue: '/var' } }],
        traceId: '5B8EFFF798038103D269B633813FC60C',
        spanId: 'eee19b7ec3c1b174',
        flags: 1,
        eventName: 'disk.full',
      },
      {
        timeUnixNano: at,
        severityNumber: 9,
        body: { kvlistValue: { values: [{ key: 'event', value: { stringValue: 'login' } }] } },
      },
      { timeUnixNano: at, severityNumber: 'SEVERITY_NUMBER_WARN2' },
    ),
  );
  const time = earlier.toISOString();
  const resource = { 'service.name': 'svc' };
  const scope = { name: 'app' };
  assert.deepEqual(records, [
    {
      time,
      severity: 'ERROR',
      body: 'disk almost full',
      attributes: { disk: '/var' },
      resource,
      scope,
      detail: {
        timeUnixNano: at,
        observedTimeUnixNano: at,
        severityNumber: 17,
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        flags: 1,
        eventName: 'disk.full',
      },
    },
    {
      time,
      severity: '9',
      body: '{"event":"login"}',
      attributes: {},
      resource,
      scope,
      detail: {
        timeUnixNano: at,
        severityNumber: 9,
        body: { kvlistValue: { values: [{ key: 'event', value: { stringValue: 'login' } }] } },
      },
    },
    {
      time,
      severity: 'SEVERITY_NUMBER_WARN2',
      body: '""',
      attributes: {},
      resource,
      scope,
      detail: { timeUnixNano: at, severityNumber: 14 },
    },
  ]);
});

test('trace and span ids are hex of 16 and 8 bytes (OTLP JSON), or empty', () => {
  assert.equal(parse(request({ timeUnixNano: at, traceId: '', spanId: '' }))[0]!.detail.traceId, undefined);
  assert.equal(
    refusal(request({ timeUnixNano: at, traceId: 'W46/95gDgQPSabYzgT/GDA==' })).details[0]!.path,
    `${RECORD}.traceId`,
  );
  assert.equal(refusal(request({ timeUnixNano: at, spanId: 'abc' })).details[0]!.path, `${RECORD}.spanId`);
});

test('partial success: a record whose body or an attribute holds a NaN or infinite double is left out alone', () => {
  const { records, rejection } = parsed(
    request(
      { timeUnixNano: at, body: { doubleValue: 'NaN' } },
      { timeUnixNano: at, body: { doubleValue: 1.5 } },
      {
        timeUnixNano: at,
        attributes: [
          { key: 'ok', value: { intValue: 1 } },
          { key: 'x', value: { arrayValue: { values: [{ doubleValue: '-Infinity' }] } } },
        ],
      },
    ),
  );
  assert.deepEqual(
    records.map((r) => r.body),
    ['1.5'],
  );
  assert.equal(rejection?.rejected, 2);
  assert.match(rejection!.errorMessage, /^2 log record\(s\) rejected: .*NaN or infinite/);
  assert.match(rejection!.errorMessage, /logRecords\[0\]\.body, .*logRecords\[2\]\.attributes\[1\]\)\.$/);
  assert.equal(parsed(request({ timeUnixNano: at })).rejection, undefined);
});

test('observedTimeUnixNano stands in for a missing or 0 timeUnixNano; neither is a 400 at the record', () => {
  const [record] = parse(request({ observedTimeUnixNano: at, body: { stringValue: 'x' } }));
  assert.equal(record!.time, earlier.toISOString());
  assert.equal(record!.severity, 'UNSPECIFIED');
  assert.deepEqual(record!.detail, { timeUnixNano: at, observedTimeUnixNano: at });
  assert.equal(parse(request({ timeUnixNano: '0', observedTimeUnixNano: at }))[0]!.time, earlier.toISOString());
  assert.equal(
    refusal(request({ timeUnixNano: 0, observedTimeUnixNano: '0' })).details[0]!.path,
    `${RECORD}.timeUnixNano`,
  );
  const missing = refusal(request({ body: { stringValue: 'x' } }));
  assert.equal(missing.details[0]!.path, `${RECORD}.timeUnixNano`);
  assert.match(missing.details[0]!.message, /timeUnixNano or observedTimeUnixNano/);
});

test('a bad timestamp is a 400 naming the path; numbers beyond 2^53 are accepted', () => {
  assert.equal(refusal(request({ timeUnixNano: 'yesterday' })).details[0]!.path, `${RECORD}.timeUnixNano`);
  const millis = refusal(request({ timeUnixNano: String(earlier.getTime()) }));
  assert.equal(millis.details[0]!.path, `${RECORD}.timeUnixNano`);
  assert.match(millis.details[0]!.message, /nanoseconds/);
  assert.equal(refusal(request({ observedTimeUnixNano: 'soon' })).details[0]!.path, `${RECORD}.observedTimeUnixNano`);
  assert.equal(parse(request({ timeUnixNano: earlier.getTime() * 1e6 }))[0]!.time, earlier.toISOString());
});

test('more log records than the limit is a 413 (too_large) over all scopes; the limit itself passes', () => {
  const two = {
    resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: at }] }, { logRecords: [{ timeUnixNano: at }] }] }],
  };
  assert.equal(parse(two, 2).length, 2);
  const over = refusal(two, 1);
  assert.equal(over.kind, 'too_large');
  assert.equal(over.code, 'alm.too_many_records');
});

test('structure: an empty request is a success (OTLP); severity numbers stay within 0..24', () => {
  assert.deepEqual(parsed({}), { records: [], rejection: undefined });
  assert.deepEqual(parse({ resourceLogs: [] }), []);
  assert.equal(refusal({ resourceLogs: 'x' }).details[0]!.path, 'resourceLogs');
  assert.equal(refusal(request({ timeUnixNano: at, severityNumber: 99 })).details[0]!.path, `${RECORD}.severityNumber`);
  assert.deepEqual(parse({ resourceLogs: [{}] }), [], 'a resource without scopes carries nothing');
});
