import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelName, labelNameClashes, labelValue, metricName, prometheusText, sampleValue } from './prometheus-text.js';
import type { Row } from './raw-metrics-aggregate.js';

const row = (time: number, labels: [string, string][], samples: [string, number][]): Row => ({
  time,
  lastTime: time + 7,
  labels,
  samples: new Map(samples),
});

test('names, label names, label values and values have the exposition syntax', () => {
  assert.equal(metricName('hm_cpu.utilization'), 'hm_cpu_utilization');
  assert.equal(metricName('9lives'), '_9lives');
  assert.equal(labelName('service.name'), 'service_name');
  assert.equal(labelName('__reserved'), '_reserved');
  assert.equal(labelValue('C:\\tmp "x"\nnext'), 'C:\\\\tmp \\"x\\"\\nnext');
  assert.deepEqual([Infinity, -Infinity, NaN, 0.5, 3].map(sampleValue), ['+Inf', '-Inf', 'NaN', '0.5', '3']);
});

test('one family per measure, its series together in time order, each line with its timestamp', () => {
  const a: [string, string][] = [['host', 'a']];
  const b: [string, string][] = [
    ['host', 'b'],
    ['zone', ''],
  ];
  const rows = [
    row(1000, a, [['value', 1]]),
    row(1000, b, [
      ['value', 2],
      ['count', 4],
    ]),
    row(2000, a, [['value', 3]]),
  ];
  const text = prometheusText(rows, {
    prefix: 'hm',
    measures: [{ name: 'value' }, { name: 'count' }, { name: 'usage' }],
    preserveTimeStamp: false,
  });
  assert.equal(
    text,
    [
      '# HELP hm_value SAP Cloud ALM raw data hm measure:value',
      '# TYPE hm_value gauge',
      'hm_value{host="a"} 1 1000',
      'hm_value{host="a"} 3 2000',
      'hm_value{host="b"} 2 1000',
      '# HELP hm_count SAP Cloud ALM raw data hm measure:count',
      '# TYPE hm_count gauge',
      'hm_count{host="b"} 4 1000',
      '',
    ].join('\n'),
    'a measure without samples (usage) has no family; an empty label is left out',
  );
  // a measure with a method is keyed and named value_max; preserveTimeStamp answers the latest point's time
  const max = [row(1000, a, [['value_max', 1]])];
  assert.match(
    prometheusText(max, { prefix: 'hm', measures: [{ name: 'value', method: 'max' }], preserveTimeStamp: true }),
    /^hm_value_max\{host="a"\} 1 1007$/m,
  );
  assert.equal(prometheusText([], { prefix: 'hm', measures: [{ name: 'value' }], preserveTimeStamp: false }), '');
});

test('a histogram: cumulative buckets up to +Inf, then _sum and _count', () => {
  const rows: Row[] = [
    {
      time: 60_000,
      lastTime: 60_000,
      labels: [['host', 'a']],
      samples: new Map([['histogram', { bounds: [0.1, 0.5], counts: [1, 2, 1], sum: 1.25, count: 4 }]]),
    },
  ];
  const text = prometheusText(rows, { prefix: 'hm', measures: [{ name: 'histogram' }], preserveTimeStamp: false });
  assert.deepEqual(text.split('\n').slice(1, -1), [
    '# TYPE hm_histogram histogram',
    'hm_histogram_bucket{host="a",le="0.1"} 1 60000',
    'hm_histogram_bucket{host="a",le="0.5"} 3 60000',
    'hm_histogram_bucket{host="a",le="+Inf"} 4 60000',
    'hm_histogram_sum{host="a"} 1.25 60000',
    'hm_histogram_count{host="a"} 4 60000',
  ]);
});

test('dimensions whose label names clash, or the histogram bucket label le, are 400 naming them', () => {
  const options = { prefix: 'hm', measures: [{ name: 'value' as const }], preserveTimeStamp: false };
  const refused = (labels: [string, string][]) => {
    try {
      prometheusText([row(1000, labels, [['value', 1]])], options);
    } catch (error) {
      return error as { code: string; message: string };
    }
    return assert.fail('accepted');
  };
  const same = refused([
    ['a.b', '1'],
    ['a_b', '2'],
    ['host', 'x'],
  ]);
  assert.equal(same.code, 'alm.bad_parameter');
  assert.match(same.message, /The dimensions "a\.b", "a_b" have the same Prometheus label name/);
  assert.match(refused([['le', '1']]).message, /"le"/);
  assert.deepEqual(labelNameClashes(['serviceName', 'metricName', 'a-b', 'a_b', 'le']), ['a-b', 'a_b', 'le']);
  assert.equal(prometheusText([], options), '', 'nothing to answer, nothing to clash');
});
