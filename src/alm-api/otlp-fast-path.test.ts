import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlainMetricsRequest } from './otlp-fast-path.js';
import { metricsRequest } from './otlp-metrics.js';

const T = '1700000000000000000';
const attr = (key: string, value: unknown) => ({ key, value });
const base = () => ({
  resourceMetrics: [
    {
      resource: { attributes: [attr('service.name', { stringValue: 'svc' }), attr('n', { intValue: '3' })] },
      scopeMetrics: [
        {
          scope: { name: 'otel', version: '1.0' },
          metrics: [
            {
              name: 'cpu',
              unit: '1',
              description: 'CPU',
              gauge: {
                dataPoints: [
                  { timeUnixNano: T, asDouble: 0.5, attributes: [attr('cpu', { stringValue: '0' })] },
                  { timeUnixNano: Number(T), startTimeUnixNano: '0', asInt: 3, flags: 1 },
                ],
              },
            },
            {
              name: 'requests',
              sum: {
                dataPoints: [{ timeUnixNano: T, asInt: '42', attributes: [attr('ok', { boolValue: true })] }],
                aggregationTemporality: 2,
                isMonotonic: true,
              },
            },
            {
              name: 'nested',
              gauge: {
                dataPoints: [
                  {
                    timeUnixNano: T,
                    asDouble: 'NaN',
                    attributes: [
                      attr('list', { arrayValue: { values: [{ doubleValue: 1.5 }, { stringValue: 'x' }] } }),
                      attr('map', { kvlistValue: { values: [attr('a', { bytesValue: 'AA==' }), { key: 'b' }] } }),
                    ],
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
});

/** Every place in a JSON value, as a path of keys, with the value there. */
function places(value: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
  const out: [(string | number)[], unknown][] = [[path, value]];
  if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...places(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return out;
}

function withChange(path: (string | number)[], change: (parent: any, key: string | number) => void) {
  const body: any = base();
  let parent = body;
  for (const key of path.slice(0, -1)) parent = parent[key];
  change(parent, path[path.length - 1]!);
  return body;
}

/** What a fast "yes" must mean: zod accepts the request and its output is the request itself. */
function assertAgrees(body: unknown, label: string) {
  if (!isPlainMetricsRequest(body)) return false;
  const parsed = metricsRequest.safeParse(body);
  assert.equal(parsed.success, true, `${label}: the fast path accepted what zod refuses`);
  assert.deepEqual(parsed.data, body, `${label}: zod's output differs from the request`);
  return true;
}

test('the common metrics request takes the fast path, and zod gives exactly that request', () => {
  assert.equal(assertAgrees(base(), 'base'), true);
  assert.equal(assertAgrees({}, 'empty'), true);
  assert.equal(assertAgrees({ resourceMetrics: [{}] }, 'empty resource'), true);
});

test('a request changed anywhere is taken by the fast path only when zod accepts it unchanged', () => {
  const replacements: unknown[] = [
    null,
    undefined,
    '',
    'x'.repeat(300),
    'NaN',
    '12',
    '-12',
    '1.5e3',
    '1e',
    0,
    -1,
    1.5,
    2 ** 60,
    Infinity,
    true,
    [],
    [{}],
    {},
    { extra: 1 },
    'x'.repeat(9000),
  ];
  let fast = 0;
  let checked = 0;
  for (const [path] of places(base())) {
    if (path.length === 0) continue;
    for (const value of replacements) {
      checked += 1;
      if (
        assertAgrees(
          withChange(path, (p, k) => (p[k] = value)),
          `${path.join('.')} = ${String(value)}`,
        )
      )
        fast += 1;
    }
    checked += 2;
    if (
      assertAgrees(
        withChange(path, (p, k) => delete p[k]),
        `${path.join('.')} removed`,
      )
    )
      fast += 1;
    if (
      assertAgrees(
        withChange(path, (p) => !Array.isArray(p) && (p.unknownKey = 1)),
        `${path.join('.')}: an unknown key beside it`,
      )
    )
      fast += 1;
  }
  // the fast path takes some of the changed requests (valid ones) and leaves most to zod
  assert.ok(fast > 20 && fast < checked / 2, `fast ${fast} of ${checked}`);
  // kinds the fast path does not know are zod's
  assert.equal(
    isPlainMetricsRequest(
      withChange(['resourceMetrics', 0, 'scopeMetrics', 0, 'metrics', 0], (p, k) => {
        p[k] = { name: 'h', histogram: { dataPoints: [{ timeUnixNano: T, count: '1' }] } };
      }),
    ),
    false,
  );
  const long = base();
  long.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.gauge!.dataPoints[0]!.attributes = Array.from(
    { length: 129 },
    (_, i) => attr(`k${i}`, { stringValue: 'v' }),
  );
  assert.equal(isPlainMetricsRequest(long), false, '129 attributes are over the schema limit');
});
