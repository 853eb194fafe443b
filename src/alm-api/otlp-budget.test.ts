import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { DomainError } from '../shared/index.js';
import { boundedRequest, countJsonNodes, MAX_OTLP_NODES, scanProtobuf } from './otlp-budget.js';
import { parseLogsRequest } from './otlp-logs.js';
import { parseMetricsRequest } from './otlp-metrics.js';

interface Type {
  fromObject(o: object): object;
  encode(m: object): { finish(): Uint8Array };
}
const root = createRequire(import.meta.url)('otlp-transformer-protos/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: Record<'metrics' | 'logs', { v1: Record<string, Type> }> } };
};
const { metrics, logs } = root.opentelemetry.proto.collector;
const bytesOf = (type: Type, object: object) => type.encode(type.fromObject(object)).finish();
const metricsBytes = (object: object) => bytesOf(metrics.v1.ExportMetricsServiceRequest!, object);
const logsBytes = (object: object) => bytesOf(logs.v1.ExportLogsServiceRequest!, object);
const now = () => String(BigInt(Date.now()) * 1_000_000n);

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('accepted');
}

/** A log body that is arrayValue nested `depth` deep (the reviewer's payload at 2000). */
function nested(depth: number): object {
  let value: object = { stringValue: 'x' };
  for (let i = 0; i < depth; i += 1) value = { arrayValue: { values: [value] } };
  return value;
}
const logOf = (record: object) => ({
  resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: now(), ...record }] }] }],
});

test('protobuf: more messages than the budget is 413 before anything is decoded, however small the body', () => {
  const empties = Buffer.alloc(2 * (MAX_OTLP_NODES + 1));
  for (let i = 0; i < empties.length; i += 2) empties[i] = 0x0a; // empty ResourceMetrics, `0a 00` each
  assert.deepEqual(scanProtobuf(empties, 'ExportMetricsServiceRequest', MAX_OTLP_NODES), { kind: 'nodes' });
  const error = refusal(() => boundedRequest({ encoding: 'protobuf', body: empties }, 'metrics'));
  assert.equal(error.code, 'alm.too_many_points');
  assert.equal(error.kind, 'too_large');
  assert.match(error.message, /more than 200000 objects.*split it/);
  const logsError = refusal(() => boundedRequest({ encoding: 'protobuf', body: empties }, 'logs'));
  assert.equal(logsError.code, 'alm.too_many_records');
  // a histogram's packed bounds count one each: the decoder would build each
  const bounds = metricsBytes({
    resourceMetrics: [
      {
        scopeMetrics: [
          {
            metrics: [
              { name: 'h', histogram: { dataPoints: [{ explicitBounds: new Array(MAX_OTLP_NODES).fill(1) }] } },
            ],
          },
        ],
      },
    ],
  });
  assert.deepEqual(scanProtobuf(bounds, 'ExportMetricsServiceRequest', MAX_OTLP_NODES), { kind: 'nodes' });
});

test('JSON: more objects, arrays and list elements than the budget is 413 before zod', () => {
  const many = { resourceMetrics: new Array(MAX_OTLP_NODES + 1).fill(1) };
  assert.ok(countJsonNodes(many, MAX_OTLP_NODES) > MAX_OTLP_NODES);
  assert.equal(refusal(() => boundedRequest({ encoding: 'json', body: many }, 'metrics')).code, 'alm.too_many_points');
  assert.equal(countJsonNodes({ a: [{ b: 'x' }, 2], c: {} }, 100), 5);
});

test('protobuf AnyValue nested deeper than the input guard allows is 400 alm.invalid_payload, not a stack overflow', () => {
  const deep = refusal(() =>
    boundedRequest({ encoding: 'protobuf', body: logsBytes(logOf({ body: nested(2000) })) }, 'logs'),
  );
  assert.equal(deep.code, 'alm.invalid_payload');
  assert.match(deep.message, /nests messages deeper than 64 levels/);
  // shallow enough for the scan, too deep once decoded: the input guard's own check names the JSON path
  const decoded = refusal(() =>
    boundedRequest({ encoding: 'protobuf', body: logsBytes(logOf({ body: nested(25) })) }, 'logs'),
  );
  assert.equal(decoded.code, 'alm.invalid_payload');
  assert.match(
    decoded.message,
    /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]\.body\.arrayValue.* nests deeper than 64 levels/,
  );
});

test('protobuf strings with U+0000 are 400 naming the path, as in JSON (PostgreSQL cannot store them)', () => {
  const name = metricsBytes({
    resourceMetrics: [
      {
        scopeMetrics: [
          { metrics: [{ name: 'c\u0000pu', gauge: { dataPoints: [{ timeUnixNano: now(), asDouble: 1 }] } }] },
        ],
      },
    ],
  });
  const error = refusal(() => boundedRequest({ encoding: 'protobuf', body: name }, 'metrics'));
  assert.equal(error.code, 'alm.invalid_payload');
  assert.match(
    error.message,
    /resourceMetrics\[0\]\.scopeMetrics\[0\]\.metrics\[0\]\.name contains the character U\+0000/,
  );
  for (const attribute of [
    { key: 'k\u0000', value: { stringValue: 'v' } },
    { key: 'k', value: { stringValue: 'v\u0000' } },
  ]) {
    const body = logsBytes(logOf({ body: { stringValue: 'b' }, attributes: [attribute] }));
    const refused = refusal(() => boundedRequest({ encoding: 'protobuf', body }, 'logs'));
    assert.match(
      refused.message,
      /logRecords\[0\]\.attributes\[0\]\.(key|value\.stringValue) contains the character U\+0000/,
    );
  }
});

test('a real request passes the bounds unchanged', () => {
  const body = metricsBytes({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
        scopeMetrics: [
          {
            scope: { name: 'meter' },
            metrics: [
              {
                name: 'cpu',
                gauge: {
                  dataPoints: [
                    {
                      timeUnixNano: now(),
                      asDouble: 1,
                      attributes: [
                        { key: 'a', value: { kvlistValue: { values: [{ key: 'b', value: { intValue: 1 } }] } } },
                      ],
                    },
                  ],
                },
              },
              {
                name: 'lat',
                histogram: {
                  dataPoints: [{ timeUnixNano: now(), count: 3, sum: 2, bucketCounts: [1, 2], explicitBounds: [1] }],
                },
              },
            ],
          },
        ],
      },
    ],
  });
  assert.equal(scanProtobuf(body, 'ExportMetricsServiceRequest', MAX_OTLP_NODES), undefined);
  const request = boundedRequest({ encoding: 'protobuf', body }, 'metrics');
  assert.equal(parseMetricsRequest(request, { now: new Date(), maxPoints: 10 }).points.length, 2);
});

test('each repeated container has a cap, refused by its JSON path', () => {
  const resources = { resourceMetrics: new Array(1001).fill({}) };
  assert.match(
    refusal(() => parseMetricsRequest(resources, { now: new Date(), maxPoints: 10 })).message,
    /resourceMetrics .*1000/,
  );
  const scopes = { resourceLogs: [{ scopeLogs: new Array(1001).fill({}) }] };
  assert.match(
    refusal(() => parseLogsRequest(scopes, { now: new Date(), maxRecords: 10 })).message,
    /resourceLogs\[0\]\.scopeLogs .*1000/,
  );
  const points = {
    resourceMetrics: [
      { scopeMetrics: [{ metrics: [{ name: 'x', gauge: { dataPoints: new Array(200_001).fill({}) } }] }] },
    ],
  };
  assert.match(
    refusal(() => parseMetricsRequest(points, { now: new Date(), maxPoints: 10 })).message,
    /gauge\.dataPoints .*200000/,
  );
});
