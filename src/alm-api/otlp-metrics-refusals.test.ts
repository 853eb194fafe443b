/** The OTLP metrics parser's refusals: 400 naming JSON paths, 413, kinds refused by name, and partial success. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  POINT,
  at,
  gauge,
  nanosOf,
  now,
  parse,
  parsed,
  refusal,
  request,
} from './test-support/otlp-metrics-requests.js';

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
