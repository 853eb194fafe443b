import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { DomainError } from '../shared/index.js';
import { decodeLogsRequest, decodeMetricsRequest, encodeLogsResponse, encodeMetricsResponse } from './otlp-protobuf.js';

/** The generated module itself, untyped: the test builds requests with it as an exporter would and reads answers. */
interface Type {
  fromObject(o: object): object;
  encode(m: object): { finish(): Uint8Array };
  decode(b: Uint8Array): object;
  toObject(m: object, o?: object): Record<string, unknown>;
}
const root = createRequire(import.meta.url)('otlp-transformer-protos/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: Record<'metrics' | 'logs', { v1: Record<string, Type> }> } };
};
const { metrics, logs } = root.opentelemetry.proto.collector;
const bytesOf = (type: Type, object: object) => type.encode(type.fromObject(object)).finish();

const at = '1777888777000000001'; // beyond 2^53: must stay exact

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('accepted');
}

test('a binary ExportMetricsServiceRequest decodes to the OTLP/HTTP JSON shape: int64 as strings, enums as numbers, NaN named', () => {
  const bytes = bytesOf(metrics.v1.ExportMetricsServiceRequest!, {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
        scopeMetrics: [
          {
            scope: { name: 'meter', version: '1.0.0' },
            metrics: [
              { name: 'cpu', unit: '1', gauge: { dataPoints: [{ timeUnixNano: at, asDouble: NaN }] } },
              {
                name: 'requests',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [{ timeUnixNano: at, startTimeUnixNano: at, asInt: 9007199254740993n.toString() }],
                },
              },
              {
                name: 'latency',
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      timeUnixNano: at,
                      count: 3,
                      sum: 270,
                      bucketCounts: [1, 2],
                      explicitBounds: [10],
                      min: 5,
                      max: 250,
                    },
                  ],
                },
              },
            ],
          },
          {}, // an empty scope: `metrics` comes back as [], as JSON would carry it
        ],
      },
    ],
  });
  assert.deepEqual(decodeMetricsRequest(bytes), {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }], entityRefs: [] },
        scopeMetrics: [
          {
            scope: { name: 'meter', version: '1.0.0', attributes: [] },
            metrics: [
              {
                name: 'cpu',
                unit: '1',
                metadata: [],
                gauge: { dataPoints: [{ attributes: [], exemplars: [], timeUnixNano: at, asDouble: 'NaN' }] },
              },
              {
                name: 'requests',
                metadata: [],
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [
                    {
                      attributes: [],
                      exemplars: [],
                      timeUnixNano: at,
                      startTimeUnixNano: at,
                      asInt: '9007199254740993',
                    },
                  ],
                },
              },
              {
                name: 'latency',
                metadata: [],
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      attributes: [],
                      exemplars: [],
                      timeUnixNano: at,
                      count: '3',
                      sum: 270,
                      bucketCounts: ['1', '2'],
                      explicitBounds: [10],
                      min: 5,
                      max: 250,
                    },
                  ],
                },
              },
            ],
          },
          { metrics: [] },
        ],
      },
    ],
  });
});

test('a binary ExportLogsServiceRequest: trace and span ids as lowercase hex, bytes values as base64, enums as numbers', () => {
  const traceId = Buffer.from('5b8efff798038103d269b633813fc60c', 'hex');
  const spanId = Buffer.from('eee19b7ec3c1b174', 'hex');
  const bytes = bytesOf(logs.v1.ExportLogsServiceRequest!, {
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: at,
                severityNumber: 17,
                severityText: 'ERROR',
                body: { bytesValue: Buffer.from([1, 2]) },
                traceId,
                spanId,
                flags: 1,
                eventName: 'disk.full',
              },
            ],
          },
        ],
      },
    ],
  });
  const decoded = decodeLogsRequest(bytes) as { resourceLogs: { scopeLogs: { logRecords: object[] }[] }[] };
  assert.deepEqual(decoded.resourceLogs[0]!.scopeLogs[0]!.logRecords[0], {
    attributes: [],
    timeUnixNano: at,
    severityNumber: 17,
    severityText: 'ERROR',
    body: { bytesValue: 'AQI=' },
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    flags: 1,
    eventName: 'disk.full',
  });
  assert.deepEqual(decodeLogsRequest(new Uint8Array()), { resourceLogs: [] }, 'an empty body is an empty request');
});

test('bytes that are not the message are a 400 alm.invalid_protobuf naming the wire problem, never a crash', () => {
  for (const bad of [Buffer.from([0x0a, 0x05, 0x01]), Buffer.from([0x0f]), Buffer.from('{"resourceMetrics":[]}')]) {
    const error = refusal(() => decodeMetricsRequest(bad));
    assert.equal(error.kind, 'invalid_input');
    assert.equal(error.code, 'alm.invalid_protobuf');
    assert.match(error.message, /not a valid protobuf ExportMetricsServiceRequest .*: \S+/);
  }
  assert.equal(refusal(() => decodeLogsRequest(Buffer.from([0x0a, 0x7f]))).code, 'alm.invalid_protobuf');
});

test('answers: partial_success unset on full success, set with the count and the message otherwise', () => {
  const read = (type: Type, bytes: Buffer) => type.toObject(type.decode(bytes), { longs: String });
  const metricsAnswer = metrics.v1.ExportMetricsServiceResponse!;
  assert.equal(encodeMetricsResponse(undefined).length, 0, 'an empty message');
  assert.deepEqual(read(metricsAnswer, encodeMetricsResponse({ rejected: 2, errorMessage: 'NaN' })), {
    partialSuccess: { rejectedDataPoints: '2', errorMessage: 'NaN' },
  });
  const logsAnswer = logs.v1.ExportLogsServiceResponse!;
  assert.deepEqual(read(logsAnswer, encodeLogsResponse(undefined)), {});
  assert.deepEqual(read(logsAnswer, encodeLogsResponse({ rejected: 1, errorMessage: 'x' })), {
    partialSuccess: { rejectedLogRecords: '1', errorMessage: 'x' },
  });
});
