/**
 * The Raw Data metrics read as SAP's clients call it, on the real server (SQLite and PostgreSQL): metrics pushed
 * with a key read back as Prometheus text (every line checked strictly), binary OTLP (decoded with the official
 * definitions) and OTLP JSON; SAP's periods L/C, resolutions, dimensions, measures, limit/offset/onLimit,
 * providers without data, the 400s. The logs read: alm-api-raw-logs.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/shared/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, tokenFor } from './support/landscape.js';
import { checkExposition } from './support/prometheus-text.js';
import {
  HOUR,
  MINUTE,
  NOW,
  TRICKY,
  at,
  compact,
  decode,
  gauges,
  histogram,
  hourStart,
  metricsProto,
  monitoredTenant,
  nanos,
} from './support/raw-data.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: Raw Data metrics read as SAP's clients call it`, async (tt) => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false, clock: fixedClock(new Date(NOW)) },
    });
    try {
      const { tenant, cookie, erp, app, get, push } = await monitoredTenant(t);
      await push(
        `/calm-metrics/v1/metrics?serviceId=${erp}`,
        gauges('cpu.utilization', '1', [
          { at: at(50), value: 0.1, attrs: { host: 'vm-1', rating: 'ok' } },
          { at: at(30), value: 0.25, attrs: { host: 'vm-1', rating: 'ok' } },
          { at: at(29), value: 0.75, attrs: { host: 'vm-1', rating: 'warning' } },
          { at: at(10), value: 0.9, attrs: { host: 'vm-1', rating: 'critical', path: TRICKY } },
        ]),
      );
      await push(`/calm-metrics/v1/metrics?serviceId=${erp}`, histogram);
      await push(
        `/calm-metrics/v1/metrics?serviceId=${app}`,
        gauges('memory.utilization', '%', [{ at: at(5), value: 61, attrs: { host: 'vm-2' } }]),
      );
      const base = '/calm-metrics/v1/metrics?version=V1&provider=hm';

      await tt.test('the LM Test probe and the scopes', async () => {
        const probe = await get('/calm-metrics/v1/metrics');
        assert.equal(probe.status, 400);
        assert.equal(probe.json().error.code, 'alm.parameter_missing');
        assert.equal(probe.json().error.details[0].path, 'provider');
        const readOnly = await tokenFor(
          t,
          (await btpKey(t, cookie, tenant.subaccountId, undefined, ['metrics.read'])).keyText,
        );
        const denied = await get(`${base}&metrics=measure:value&dimensions=serviceId`, readOnly);
        assert.equal(denied.status, 403);
        assert.match(
          String(denied.headers['www-authenticate']),
          /scope="sapcloudalm!b4711\.calm-api\.metrics\.read sapcloudalm!b4711\.calm-api\.hm\.read"/,
        );
      });

      await tt.test(
        'text (the default): Prometheus exposition, buckets of 5Mi in C1H, measures, escaping',
        async () => {
          const res = await get(
            `${base}&period=C1H&resolution=5Mi&dimensions=serviceName,serviceType,metricName,host,path&metrics=measure:value,measure:usage,measure:okStatus,measure:warningStatus,measure:criticalStatus&prefix=hm&shift=1`,
          );
          assert.equal(res.status, 200, res.text);
          assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
          const families = checkExposition(res.text);
          assert.deepEqual(
            [...families.keys()],
            ['hm_value', 'hm_usage', 'hm_okStatus', 'hm_warningStatus', 'hm_criticalStatus'],
          );
          const cpu = 'serviceName="ERP (prod)",serviceType="SAP_S4HANA",metricName="cpu.utilization",host="vm-1"';
          const b05 = hourStart + 5 * MINUTE; // the points at :07:30 and :08:30
          const b25 = hourStart + 25 * MINUTE; // the point at :27:30
          const lines = res.text.split('\n');
          assert.ok(lines.includes(`hm_value{${cpu}} 0.5 ${b05}`), res.text);
          assert.ok(lines.includes(`hm_usage{${cpu}} 50 ${b05}`));
          assert.ok(lines.includes(`hm_okStatus{${cpu}} 1 ${b05}`));
          assert.ok(lines.includes(`hm_warningStatus{${cpu}} 1 ${b05}`));
          assert.ok(lines.includes(`hm_criticalStatus{${cpu},path="C:\\\\tmp \\"x\\"\\nnext"} 1 ${b25}`));
          assert.ok(!res.text.includes(String(at(50) - (at(50) % (5 * MINUTE)))), 'the previous hour is not in C1H');
          // memory has unit %: usage is the value itself
          assert.match(
            res.text,
            /^hm_usage\{serviceName="CF app",serviceType="SAP_CP_CF",metricName="memory.utilization",host="vm-2"\} 61 \d+$/m,
          );
        },
      );

      await tt.test(
        'L1H is the previous whole hour; D one bucket; R each point; preserveTimeStamp; from/to',
        async () => {
          const last = await get(`${base}&period=L1H&resolution=5Mi&dimensions=metricName&metrics=measure:value`);
          assert.deepEqual(
            last.text.split('\n').filter((l: string) => l.startsWith('hm_value')),
            [`hm_value{metricName="cpu.utilization"} 0.1 ${hourStart - 15 * MINUTE}`],
          );
          const day = await get(
            `${base}&period=C1D&resolution=D&dimensions=serviceId&metrics=measure:count&serviceId=${erp}`,
          );
          const dayStart = Math.floor(NOW / (24 * HOUR)) * 24 * HOUR;
          // today's points of the service: the four cpu points (the first one only when today began 50 minutes ago
          // or earlier) and the histogram; count is the number of points, as the first point (a gauge) says
          const expected = NOW - dayStart >= 50 * MINUTE ? 5 : 4;
          assert.ok(day.text.split('\n').includes(`hm_count{serviceId="${erp}"} ${expected} ${dayStart}`), day.text);
          const raw = await get(
            `${base}&period=60M&dimensions=metricName&metrics=measure:value&metricName=cpu.utilization&preserveTimeStamp=true`,
          );
          assert.equal(raw.text.split('\n').filter((l: string) => l.startsWith('hm_value')).length, 4);
          assert.ok(raw.text.includes(`hm_value{metricName="cpu.utilization"} 0.25 ${at(30)}`));
          const range = await get(
            `${base}&from=${compact(at(31))}&to=${compact(at(28))}&resolution=1H&dimensions=metricName&metrics=measure:value;max,measure:count&metricName=cpu.utilization&preserveTimeStamp=true`,
          );
          assert.ok(range.text.includes(`hm_value_max{metricName="cpu.utilization"} 0.75 ${at(29)}`), range.text);
          assert.ok(range.text.includes(`hm_count{metricName="cpu.utilization"} 2 ${at(29)}`));
        },
      );

      await tt.test('histogram buckets in text; protobuf-binary decodes to what protobuf-json answers', async () => {
        const q = `${base}&period=C1H&resolution=15Mi&dimensions=metricName,host&metrics=measure:histogram,measure:value&metricName=http.duration`;
        const text = await get(q);
        checkExposition(text.text);
        const b15 = hourStart + 15 * MINUTE;
        const labels = 'metricName="http.duration",host="vm-1"';
        for (const line of [
          `hm_histogram_bucket{${labels},le="0.1"} 1 ${b15}`,
          `hm_histogram_bucket{${labels},le="0.5"} 3 ${b15}`,
          `hm_histogram_bucket{${labels},le="+Inf"} 4 ${b15}`,
          `hm_histogram_sum{${labels}} 1.25 ${b15}`,
          `hm_histogram_count{${labels}} 4 ${b15}`,
          `hm_value{${labels}} 0.3125 ${b15}`,
        ])
          assert.ok(text.text.split('\n').includes(line), `${line}\n${text.text}`);
        const json = await get(`${q}&format=protobuf-json`);
        assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
        const binary = await get(`${q}&format=PROTOBUF-BINARY`);
        assert.equal(binary.headers['content-type'], 'application/x-protobuf');
        const decoded = decode(metricsProto.v1.ExportMetricsServiceRequest!, binary.bytes);
        const metrics = decoded.resourceMetrics[0].scopeMetrics[0].metrics;
        assert.deepEqual(
          metrics.map((m: { name: string }) => m.name),
          ['hm_histogram', 'hm_value'],
        );
        const h = metrics[0].histogram.dataPoints[0];
        assert.deepEqual([h.count, h.sum, h.bucketCounts, h.explicitBounds], ['4', 1.25, ['1', '2', '1'], [0.1, 0.5]]);
        assert.equal(h.timeUnixNano, nanos(b15));
        const fromJson = json.json().resourceMetrics[0].scopeMetrics[0].metrics;
        const withoutExemplars = (points: object[]) => points.map(({ exemplars: _, ...rest }: any) => rest);
        assert.deepEqual(fromJson[1].gauge.dataPoints, withoutExemplars(metrics[1].gauge.dataPoints));
        assert.equal(fromJson[0].histogram.dataPoints[0].count, '4');
      });

      await tt.test('serviceType, serviceId, limit/offset/onLimit, empty providers, 400s', async () => {
        const dims = '&period=C1H&dimensions=serviceId,metricName&metrics=measure:value';
        const cf = await get(`${base}${dims}&serviceType=SAP_CP_CF&format=protobuf-json`);
        const points = cf.json().resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints;
        assert.deepEqual(
          points.map((p: { attributes: unknown }) => p.attributes),
          [
            [
              { key: 'serviceId', value: { stringValue: app } },
              { key: 'metricName', value: { stringValue: 'memory.utilization' } },
            ],
          ],
        );
        assert.equal((await get(`${base}${dims}&serviceId=nope`)).json().error.code, 'alm.service_not_found');
        const over = await get(`${base}${dims}&limit=2`);
        assert.equal(over.status, 403);
        assert.equal(over.json().error.code, 'alm.over_limit');
        assert.match(over.json().error.message, /^Response total count is over the limit/);
        const all = (await get(`${base}${dims}&format=protobuf-json`)).json().resourceMetrics[0].scopeMetrics[0]
          .metrics[0].gauge.dataPoints;
        const page = await get(`${base}${dims}&limit=2&offset=1&onLimit=truncate&format=protobuf-json`);
        assert.deepEqual(page.json().resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints, all.slice(1, 3));
        // other providers hold nothing here, with their own measures (as SAP's Postman collection asks for them)
        for (const [provider, measure] of [
          ['rum', 'measure:requests'],
          ['jam', 'measure:executions,measure:runTime'],
          ['cpi', 'measure:Count'],
        ]) {
          const empty = `/calm-metrics/v1/metrics?provider=${provider}&period=C24H&dimensions=serviceId&metrics=${measure}`;
          const text = await get(empty);
          assert.deepEqual(
            [text.status, text.text, text.headers['content-type']],
            [200, '', 'text/plain; version=0.0.4; charset=utf-8'],
          );
          assert.deepEqual((await get(`${empty}&format=protobuf-json`)).json(), {});
          assert.equal((await get(`${empty}&format=protobuf-binary`)).bytes.length, 0);
        }
        const refusals: [string, string, string][] = [
          ['provider=nope', 'alm.unknown_provider', 'provider'],
          ['provider=hm&dimensions=serviceId', 'alm.parameter_missing', 'metrics'],
          ['provider=hm&metrics=measure:value', 'alm.parameter_missing', 'dimensions'],
          ['provider=hm&metrics=measure:nonsense&dimensions=a', 'alm.bad_parameter', 'metrics'],
          ['provider=hm&metrics=measure:value&dimensions=a&resolution=7X', 'alm.bad_parameter', 'resolution'],
          ['provider=hm&metrics=measure:value&dimensions=a&period=X1H', 'alm.bad_period', 'period'],
          ['provider=hm&metrics=measure:value&dimensions=a&period=L2M', 'alm.window_too_long', 'period'],
          ['provider=hm&metrics=measure:value&dimensions=a&format=xml', 'alm.bad_parameter', 'format'],
          ['provider=hm&metrics=measure:value&dimensions=a&onLimit=keep', 'alm.bad_parameter', 'onLimit'],
          ['provider=hm&metrics=measure:value&dimensions=a&from=20260230000000', 'alm.bad_time', 'from'],
          // two dimensions with one Prometheus label name: refused before reading, also for a window without data
          ['provider=rum&metrics=measure:requests&dimensions=a.b,a_b', 'alm.bad_parameter', 'dimensions'],
        ];
        for (const [query, code, path] of refusals) {
          const res = await get(`/calm-metrics/v1/metrics?${query}`);
          assert.deepEqual(
            [res.status, res.json().error.code, res.json().error.details[0].path],
            [400, code, path],
            query,
          );
        }
        // a dimension or measure asked twice is answered once (a label or family twice is not valid exposition)
        const twice = await get(
          `${base}&period=C1H&dimensions=metricName,metricName&metrics=measure:value,measure:value`,
        );
        assert.deepEqual([...checkExposition(twice.text).keys()], ['hm_value']);
        const legacy = await get(`${base}&format=calm-keys-json&serviceId=${app}&metrics=memory.utilization`);
        assert.deepEqual(
          legacy.json().points.map((p: { value: number }) => p.value),
          [61],
        );
      });
    } finally {
      await t.close();
    }
  });
}
