import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import { parseLogsRequest } from './otlp-logs.js';

const now = new Date('2026-05-04T10:00:00.000Z');
const earlier = new Date(now.getTime() - 60_000);
const at = String(BigInt(earlier.getTime()) * 1_000_000n);
const parse = (body: unknown, maxRecords = 100) => parseLogsRequest(body, { now, maxRecords });
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

test('a log record becomes a row: time, severity text or number, body as text, resource and record attributes', () => {
  const records = parse(
    request(
      {
        timeUnixNano: at,
        severityNumber: 17,
        severityText: 'ERROR',
        body: { stringValue: 'disk almost full' },
        attributes: [{ key: 'disk', value: { stringValue: '/var' } }],
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
      },
      {
        timeUnixNano: at,
        severityNumber: 9,
        body: { kvlistValue: { values: [{ key: 'event', value: { stringValue: 'login' } }] } },
      },
      { timeUnixNano: at, severityNumber: 'SEVERITY_NUMBER_WARN' },
    ),
  );
  const time = earlier.toISOString();
  assert.deepEqual(records, [
    { time, severity: 'ERROR', body: 'disk almost full', attributes: { 'service.name': 'svc', disk: '/var' } },
    { time, severity: '9', body: '{"event":"login"}', attributes: { 'service.name': 'svc' } },
    { time, severity: 'SEVERITY_NUMBER_WARN', body: '""', attributes: { 'service.name': 'svc' } },
  ]);
});

test('observedTimeUnixNano stands in for a missing timeUnixNano; neither is a 400 at the record', () => {
  const [record] = parse(request({ observedTimeUnixNano: at, body: { stringValue: 'x' } }));
  assert.equal(record!.time, earlier.toISOString());
  assert.equal(record!.severity, 'UNSPECIFIED');
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

test('structure: resourceLogs required and non-empty; severity numbers stay within 0..24', () => {
  assert.equal(refusal({}).details[0]!.path, 'resourceLogs');
  assert.equal(refusal({ resourceLogs: [] }).details[0]!.path, 'resourceLogs');
  assert.equal(refusal(request({ timeUnixNano: at, severityNumber: 99 })).details[0]!.path, `${RECORD}.severityNumber`);
  assert.deepEqual(parse({ resourceLogs: [{}] }), [], 'a resource without scopes carries nothing');
});
