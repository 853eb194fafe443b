import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POINT, at, gauge, now, parse, refusal, request } from './test-support/otlp-metrics-requests.js';

test('what the OpenTelemetry JS exporter (JSON) sends: gauge, INT sum, histogram with buckets and min/max, resource and scope', () => {
  // the shape of @opentelemetry/otlp-transformer's JSON encoding (strings for nanoseconds, numbers elsewhere)
  const body = {
    resourceMetrics: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'orders' } },
            { key: 'host', value: { stringValue: 'resource-host' } },
          ],
          droppedAttributesCount: 0,
        },
        scopeMetrics: [
          {
            scope: { name: 'orders-meter', version: '1.0.0' },
            metrics: [
              {
                name: 'cpu',
                description: '',
                unit: '1',
                gauge: {
                  dataPoints: [
                    {
                      attributes: [{ key: 'host', value: { stringValue: 'vm-1' } }],
                      startTimeUnixNano: at,
                      timeUnixNano: at,
                      asDouble: 0.42,
                    },
                  ],
                },
              },
              {
                name: 'requests',
                unit: '{request}',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [{ attributes: [], startTimeUnixNano: at, timeUnixNano: at, asInt: 7 }],
                },
              },
              {
                name: 'latency',
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [
                    {
                      attributes: [],
                      bucketCounts: [0, 1, 1, 0, 1],
                      explicitBounds: [0, 5, 10, 25],
                      count: 3,
                      sum: 270,
                      min: 5,
                      max: 250,
                      startTimeUnixNano: at,
                      timeUnixNano: at,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  const points = parse(body);
  const time = new Date(now.getTime() - 60_000).toISOString();
  const resource = { 'service.name': 'orders', host: 'resource-host' };
  const scope = { name: 'orders-meter', version: '1.0.0' };
  assert.deepEqual(points, [
    {
      name: 'cpu',
      unit: '1',
      kind: 'gauge',
      time,
      value: 0.42,
      count: null,
      attributes: { host: 'vm-1' },
      resource,
      scope,
      detail: { timeUnixNano: at, startTimeUnixNano: at },
    },
    {
      name: 'requests',
      unit: '{request}',
      kind: 'sum',
      time,
      value: 7,
      count: null,
      attributes: {},
      resource,
      scope,
      detail: { timeUnixNano: at, startTimeUnixNano: at, temporality: 'cumulative', monotonic: true },
    },
    {
      name: 'latency',
      unit: 'ms',
      kind: 'histogram',
      time,
      value: 270,
      count: 3,
      attributes: {},
      resource,
      scope,
      detail: {
        timeUnixNano: at,
        startTimeUnixNano: at,
        temporality: 'cumulative',
        bucketCounts: [0, 1, 1, 0, 1],
        explicitBounds: [0, 5, 10, 25],
        min: 5,
        max: 250,
      },
    },
  ]);
});

test('proto3 JSON as the Collector and other SDKs write it: int64 as strings, enum names, exemplars and flags ignored', () => {
  const points = parse(
    request([
      {
        name: 'requests',
        sum: {
          aggregationTemporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
          isMonotonic: true,
          dataPoints: [
            {
              timeUnixNano: at,
              asInt: '9007199254740993',
              flags: 0,
              exemplars: [{ timeUnixNano: at, asDouble: 1, spanId: 'ab' }],
            },
          ],
        },
      },
      {
        name: 'latency',
        histogram: {
          aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
          dataPoints: [{ timeUnixNano: at, count: '3', sum: '270.5', bucketCounts: ['1', '2'], explicitBounds: [10] }],
        },
      },
      { name: 'ratio', gauge: { dataPoints: [{ timeUnixNano: at, asDouble: '1e-3' }] } },
    ]),
  );
  assert.deepEqual(
    points.map((p) => [p.name, p.kind, p.value, p.count]),
    [
      ['requests', 'sum', 9007199254740992, null],
      ['latency', 'histogram', 270.5, 3],
      ['ratio', 'gauge', 0.001, null],
    ],
  );
  assert.deepEqual(
    points.map((p) => p.detail.temporality),
    ['cumulative', 'delta', undefined],
    'enum names are read as their numbers',
  );
  assert.deepEqual(points[1]!.detail.bucketCounts, [1, 2], 'int64 bucket counts as numbers');
});

test('nanoseconds and int64 sent as JSON numbers (beyond 2^53) are accepted', () => {
  const ms = now.getTime() - 60_000;
  const points = parse(
    request([
      {
        name: 'cpu',
        gauge: { dataPoints: [{ timeUnixNano: ms * 1e6, startTimeUnixNano: (ms - 1000) * 1e6, asDouble: 1 }] },
      },
      { name: 'big', sum: { dataPoints: [{ timeUnixNano: ms * 1e6, asInt: 2 ** 60 }] } },
    ]),
  );
  assert.equal(points[0]!.time, new Date(ms).toISOString());
  assert.equal(points[1]!.value, 2 ** 60);
  assert.equal(
    refusal(request([gauge({ timeUnixNano: 1.5, asDouble: 1 })])).details[0]!.path,
    `${POINT}.timeUnixNano`,
    'not an integer',
  );
  assert.equal(
    refusal(request([gauge({ timeUnixNano: -1, asDouble: 1 })])).details[0]!.path,
    `${POINT}.timeUnixNano`,
    'negative',
  );
});

test('attribute values of every OTLP type become plain JSON; point and resource attributes are kept apart', () => {
  const [point] = parse({
    resourceMetrics: [
      {
        resource: {
          attributes: [
            { key: 'k', value: { stringValue: 'resource' } },
            { key: 'r', value: { boolValue: true } },
          ],
        },
        scopeMetrics: [
          {
            metrics: [
              gauge({
                asDouble: 1,
                attributes: [
                  { key: 'k', value: { stringValue: 'point' } },
                  { key: 'i', value: { intValue: '12' } },
                  { key: 'd', value: { doubleValue: 0.5 } },
                  { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 2 }] } } },
                  { key: 'm', value: { kvlistValue: { values: [{ key: 'n', value: { boolValue: false } }] } } },
                  { key: 'b', value: { bytesValue: 'AQI=' } },
                  { key: 'empty' },
                ],
              }),
            ],
          },
        ],
      },
    ],
  });
  assert.deepEqual(point!.resource, { k: 'resource', r: true });
  assert.deepEqual(point!.attributes, {
    k: 'point',
    i: 12,
    d: 0.5,
    a: ['x', 2],
    m: { n: false },
    b: 'AQI=',
    empty: null,
  });
});
