import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import { parseMetricsRequest } from './otlp-metrics.js';

const now = new Date('2026-05-04T10:00:00.000Z');
const nanosOf = (d: Date) => String(BigInt(d.getTime()) * 1_000_000n);
const at = nanosOf(new Date(now.getTime() - 60_000));
const parsed = (body: unknown, maxPoints = 100) => parseMetricsRequest(body, { now, maxPoints });
const parse = (body: unknown, maxPoints = 100) => parsed(body, maxPoints).points;

function refusal(body: unknown, maxPoints = 100): DomainError {
  try {
    parse(body, maxPoints);
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('the request was accepted');
}

const request = (metrics: unknown[]) => ({
  resourceMetrics: [
    { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeMetrics: [{ metrics }] },
  ],
});
const gauge = (point: Record<string, unknown>) => ({
  name: 'cpu',
  unit: '%',
  gauge: { dataPoints: [{ timeUnixNano: at, ...point }] },
});
const POINT = 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]';

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

test('a bad timestamp is a 400 naming the JSON path of the point', () => {
  const text = refusal(request([gauge({ timeUnixNano: 'yesterday', asDouble: 1 })]));
  assert.equal(text.kind, 'invalid_input');
  assert.equal(text.code, 'alm.invalid_payload');
  assert.equal(text.details[0]!.path, `${POINT}.timeUnixNano`);
  const millis = refusal(request([gauge({ timeUnixNano: String(now.getTime() - 60_000), asDouble: 1 })]));
  assert.equal(millis.details[0]!.path, `${POINT}.timeUnixNano`);
  assert.match(millis.details[0]!.message, /nanoseconds/, 'milliseconds are recognised as a likely unit mistake');
  const future = refusal(
    request([gauge({ timeUnixNano: nanosOf(new Date(now.getTime() + 2 * 86_400_000)), asDouble: 1 })]),
  );
  assert.equal(future.details[0]!.path, `${POINT}.timeUnixNano`);
  assert.equal(
    refusal(request([gauge({ asDouble: 1, timeUnixNano: undefined })])).details[0]!.path,
    `${POINT}.timeUnixNano`,
    'missing',
  );
});

test('a point without asDouble or asInt, or with a value that is not a number, is a 400 at that point', () => {
  const missing = refusal(request([gauge({ asDouble: 1 }), gauge({})]));
  assert.equal(missing.details[0]!.path, 'resourceMetrics[0].scopeMetrics[0].metrics[1].gauge.dataPoints[0].asDouble');
  assert.match(missing.details[0]!.message, /asDouble or asInt/);
  assert.equal(refusal(request([gauge({ asDouble: 'many' })])).details[0]!.path, `${POINT}.asDouble`);
  assert.equal(refusal(request([gauge({ asInt: '1.5' })])).details[0]!.path, `${POINT}.asInt`);
  const noCount = refusal(request([{ name: 'h', histogram: { dataPoints: [{ timeUnixNano: at, sum: 1 }] } }]));
  assert.equal(noCount.details[0]!.path, 'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].count');
});

test('partial success: a point whose value is NaN or infinite is left out alone and counted, naming its path', () => {
  const histogram = (point: Record<string, unknown>) => ({
    name: 'latency',
    histogram: { dataPoints: [{ timeUnixNano: at, count: 1, sum: 1, ...point }] },
  });
  const { points, rejection } = parsed(
    request([
      gauge({ asDouble: 'NaN' }),
      gauge({ asDouble: 1 }),
      gauge({ asDouble: 'Infinity' }),
      gauge({ asDouble: '-Infinity' }),
      histogram({ sum: 'NaN' }),
      histogram({ max: 'Infinity' }),
      histogram({ min: 0, max: 1 }),
    ]),
  );
  assert.deepEqual(
    points.map((p) => [p.kind, p.value]),
    [
      ['gauge', 1],
      ['histogram', 1],
    ],
  );
  assert.equal(rejection?.rejected, 5);
  assert.match(rejection!.errorMessage, /^5 data point\(s\) rejected: the value is NaN or infinite/);
  assert.match(
    rejection!.errorMessage,
    /metrics\[0\]\.gauge\.dataPoints\[0\]\.asDouble, .*metrics\[4\]\.histogram\.dataPoints\[0\]\.sum, .*metrics\[5\]\.histogram\.dataPoints\[0\]\.max\)\.$/,
  );
  assert.equal(parsed(request([gauge({ asDouble: 2 })])).rejection, undefined, 'full success: no rejection');
  // a structural problem still refuses the whole request, rejected points or not
  assert.equal(
    refusal(request([gauge({ asDouble: 'NaN' }), gauge({ timeUnixNano: 'x', asDouble: 1 })])).kind,
    'invalid_input',
  );
});

test('a histogram needs one more bucket count than explicit bounds, when it sends buckets', () => {
  const histogram = (point: Record<string, unknown>) =>
    request([{ name: 'h', histogram: { dataPoints: [{ timeUnixNano: at, count: 1, ...point }] } }]);
  assert.equal(parse(histogram({ bucketCounts: [1, 0], explicitBounds: [5] })).length, 1);
  assert.equal(parse(histogram({})).length, 1, 'no buckets at all');
  const bad = refusal(histogram({ bucketCounts: [1], explicitBounds: [5] }));
  assert.equal(
    bad.details[0]!.path,
    'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts',
  );
});

test('exponential histograms and summaries are refused naming the metric, not dropped; a metric needs exactly one kind', () => {
  const expo = refusal(
    request([
      gauge({ asDouble: 1 }),
      {
        name: 'latency',
        exponentialHistogram: {
          aggregationTemporality: 2,
          dataPoints: [{ timeUnixNano: at, count: 1, scale: 3, positive: { offset: 0, bucketCounts: [1] } }],
        },
      },
    ]),
  );
  assert.equal(expo.kind, 'invalid_input');
  assert.equal(expo.details[0]!.path, 'resourceMetrics[0].scopeMetrics[0].metrics[1]');
  assert.match(
    expo.details[0]!.message,
    /"latency" is an exponentialHistogram; only gauge, sum and histogram are accepted/,
  );
  assert.match(
    refusal(request([{ name: 'rpc', summary: { dataPoints: [] } }])).details[0]!.message,
    /"rpc" is a summary/,
  );
  assert.match(
    refusal(request([{ name: 'both', gauge: { dataPoints: [] }, sum: { dataPoints: [] } }])).details[0]!.message,
    /exactly one of gauge, sum, histogram/,
  );
  assert.match(refusal(request([{ name: 'none' }])).details[0]!.message, /exactly one of gauge, sum, histogram/);
});

test('more data points than the limit is a 413 (too_large), counted over all metrics; the limit itself passes', () => {
  const three = [
    gauge({ asDouble: 1 }),
    {
      name: 'two',
      sum: {
        dataPoints: [
          { timeUnixNano: at, asInt: 1 },
          { timeUnixNano: at, asInt: 2 },
        ],
      },
    },
  ];
  assert.equal(parse(request(three), 3).length, 3);
  const over = refusal(request([...three, gauge({ asDouble: 4 })]), 3);
  assert.equal(over.kind, 'too_large');
  assert.equal(over.code, 'alm.too_many_points');
  assert.match(over.message, /at most 3 data points/);
});

test('an empty request is a success (OTLP); structural problems, wrong types; details are capped at 20', () => {
  assert.deepEqual(parsed({}), { points: [], rejection: undefined });
  assert.deepEqual(parsed({ resourceMetrics: [], unknownField: 1 }), { points: [], rejection: undefined });
  assert.equal(refusal({ resourceMetrics: {} }).details[0]!.path, 'resourceMetrics');
  assert.equal(refusal(null).details[0]!.path, '$');
  const bad = refusal(request(Array.from({ length: 30 }, () => gauge({ timeUnixNano: 'x', asDouble: 1 }))));
  assert.equal(bad.details.length, 20);
  const lateProblems = refusal(request(Array.from({ length: 30 }, () => gauge({ timeUnixNano: '1', asDouble: 1 }))));
  assert.equal(lateProblems.details.length, 20);
  assert.match(lateProblems.message, /30 problem\(s\)/);
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
