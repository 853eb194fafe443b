import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, type StoredPoint } from './raw-metrics-aggregate.js';
import type { Measure } from './raw-metrics-query.js';

const MIN = 60_000;
const point = (over: Partial<StoredPoint>): StoredPoint => ({
  serviceId: 's1',
  serviceName: 'ERP',
  serviceType: 'SAP_S4HANA',
  name: 'cpu',
  unit: '1',
  kind: 'gauge',
  time: 0,
  value: 0,
  count: null,
  attributes: {},
  resource: {},
  detail: {},
  ...over,
});
const window = { from: 0, to: 60 * MIN };
const samples = (points: StoredPoint[], measures: Measure[], dimensions = ['metricName']) =>
  aggregate(points, { window, resolution: { kind: 'fixed', ms: 5 * MIN }, dimensions, measures }).map((r) => [
    r.time,
    Object.fromEntries(r.labels),
    Object.fromEntries(r.samples),
  ]);

test('value by kind: a gauge averages, a cumulative sum is its latest, a delta sum adds up, a histogram its mean', () => {
  const value: Measure[] = [{ name: 'value' }];
  assert.deepEqual(samples([point({ value: 0.25 }), point({ time: MIN, value: 0.75 })], value), [
    [0, { metricName: 'cpu' }, { value: 0.5 }],
  ]);
  const sum = (temporality: string) => [
    point({ kind: 'sum', value: 3, detail: { temporality } }),
    point({ kind: 'sum', time: MIN, value: 5, detail: { temporality } }),
  ];
  assert.deepEqual(samples(sum('cumulative'), value)[0]![2], { value: 5 });
  assert.deepEqual(samples(sum('delta'), value)[0]![2], { value: 8 });
  assert.deepEqual(samples([point({ kind: 'histogram', value: 1.5, count: 6 })], value)[0]![2], { value: 0.25 });
  assert.deepEqual(
    samples([point({ value: 1 }), point({ value: 4 })], [{ name: 'value', method: 'max' }, { name: 'count' }])[0]![2],
    { value_max: 4, count: 2 },
  );
});

test('usage in percent, ratings counted, rows per bucket and dimension values in time order', () => {
  const points = [
    point({ value: 0.5, attributes: { rating: 'OK' } }),
    point({ time: MIN, value: 0.7, attributes: { status: 'red' } }),
    point({ time: 6 * MIN, name: 'mem', unit: '%', value: 61, resource: { rating: 'warning' } }),
    point({ time: 7 * MIN, name: 'disk', unit: 'By', value: 10 }),
  ];
  const measures: Measure[] = [
    { name: 'usage' },
    { name: 'okStatus' },
    { name: 'warningStatus' },
    { name: 'criticalStatus' },
  ];
  assert.deepEqual(samples(points, measures), [
    [0, { metricName: 'cpu' }, { usage: 60, okStatus: 1, warningStatus: 0, criticalStatus: 1 }],
    [5 * MIN, { metricName: 'disk' }, { okStatus: 0, warningStatus: 0, criticalStatus: 0 }],
    [5 * MIN, { metricName: 'mem' }, { usage: 61, okStatus: 0, warningStatus: 1, criticalStatus: 0 }],
  ]);
});

test('histogram buckets add up over points with the same bounds; dimensions from attributes, then resource', () => {
  const h = (time: number, counts: number[], bounds = [1, 5]) =>
    point({
      kind: 'histogram',
      time,
      value: 10,
      count: counts.reduce((a, b) => a + b, 0),
      attributes: { host: 'a' },
      resource: { host: 'ignored', zone: 'z1' },
      detail: { explicitBounds: bounds, bucketCounts: counts },
    });
  const rows = samples(
    [h(0, [1, 2, 3]), h(MIN, [0, 1, 0]), h(2 * MIN, [9, 9], [2])],
    [{ name: 'histogram' }],
    ['host', 'zone'],
  );
  assert.deepEqual(rows, [
    [0, { host: 'a', zone: 'z1' }, { histogram: { bounds: [1, 5], counts: [1, 3, 3], sum: 20, count: 7 } }],
  ]);
});

// V8 spreads about 125 000 arguments with an empty stack (fewer deeper down); a read holds up to 100 000 points
test('min and max of 200 000 points in one row: no spread of the values into one call (stack overflow)', () => {
  const many = Array.from({ length: 200_000 }, (_, i) => point({ time: i % MIN, value: i === 77 ? -3 : i }));
  const [row] = aggregate(many, {
    window,
    resolution: { kind: 'period' },
    dimensions: ['metricName'],
    measures: [
      { name: 'value', method: 'min' },
      { name: 'value', method: 'max' },
    ],
  });
  assert.deepEqual(Object.fromEntries(row!.samples), { value_min: -3, value_max: 199_999 });
});
