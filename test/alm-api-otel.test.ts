/**
 * The real clients that prove the API speaks OTLP/HTTP: the OpenTelemetry JS SDK with its four exporters
 * (`@opentelemetry/exporter-{metrics,logs}-otlp-{http,proto}`), unchanged, configured only with our URL and a
 * bearer header from a client-credentials token, push metrics (gauge, counter, up-down counter, histogram,
 * observable gauge) and logs (attributes, severity, a trace context, a map body) in http/json and
 * http/protobuf, each with gzip on and off, into the running server on SQLite and PostgreSQL. What they sent
 * reads back: through Landscape Management's chart (metrics-reader.ts, unchanged answers) and, for what OTLP
 * says beyond the value (buckets, temporality, trace ids), from the stored rows (migration 010).
 * The exporters run in a child process that trusts the local CA through NODE_EXTRA_CA_CERTS only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, tokenFor } from './support/landscape.js';

const run = promisify(execFile);

type Signal = 'metrics' | 'logs';
type Protocol = 'http/json' | 'http/protobuf';
interface Run {
  signal: Signal;
  protocol: Protocol;
  compression: 'gzip' | 'none';
  url: string;
}
type Outcome = { code: number; error?: string }[];

/** Runs test/support/otel-exporter.mjs with these runs; returns the outcome of each export, per run. */
async function otelExport(caFile: string, token: string, runs: Run[]): Promise<Outcome[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-otel-')), 'config.json');
  writeFileSync(file, JSON.stringify({ token, runs }), { mode: 0o600 });
  const { stdout } = await run(process.execPath, ['test/support/otel-exporter.mjs', file], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: caFile },
    timeout: 30_000,
  });
  return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { runs: { results: Outcome }[] }).runs.map((r) => r.results);
}

// no RAW inbound scope for logs (exm.write and the like): logs.write alone pushes logs (alm-api/README.md)
const PUSH_SCOPES = ['metrics.write', 'hm.write', 'logs.write'];

/** A tenant with a managed service per signal, monitoring on, and a token of a key with these scopes. */
async function monitored(t: TestServer, scopes = PUSH_SCOPES) {
  const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie: tenant.cookie,
    body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
  });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const service = async (name: string) => {
    const created = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
      cookie,
      body: { kind: 'service', name, objectType: 'BTP CF app' },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json().id as string;
    const on = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects/${id}/monitoring`, {
      cookie,
      body: { enabled: true },
    });
    assert.equal(on.status, 200, on.text);
    return id;
  };
  const metrics = await service('Orders app (OpenTelemetry metrics)');
  const logs = await service('Orders app (OpenTelemetry logs)');
  const key = await btpKey(t, cookie, tenant.subaccountId, undefined, scopes);
  return { metrics, logs, token: await tokenFor(t, key.keyText), tenantId: tenant.tenantId, cookie };
}

const COMBINATIONS = (['http/json', 'http/protobuf'] as const).flatMap((protocol) =>
  (['none', 'gzip'] as const).map((compression) => ({ protocol, compression, label: `${protocol}+${compression}` })),
);

interface Stored {
  name: string;
  kind: string;
  value: number;
  count: number | null;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: Record<string, unknown>;
  detail: Record<string, unknown>;
}

/** The stored rows of one service, in push order, with their JSON columns read. */
async function storedPoints(t: TestServer, serviceId: string): Promise<Stored[]> {
  const rows = await t.server.store.db
    .selectFrom('alm_metric_points')
    .select(['name', 'kind', 'value', 'count', 'attributes', 'resource', 'scope', 'detail'])
    .where('service_id', '=', serviceId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    ...r,
    attributes: JSON.parse(r.attributes),
    resource: JSON.parse(r.resource),
    scope: JSON.parse(r.scope),
    detail: JSON.parse(r.detail),
  }));
}

function checkMetrics(label: string, rows: Stored[]): void {
  const of = (name: string) => rows.filter((p) => p.name === name);
  assert.equal(rows.length, 10, `${label}: five metrics, two exports`);
  for (const p of rows) {
    assert.deepEqual(p.scope, { name: 'calm-keys-otel-test', version: '1.0.0' }, label);
    assert.match(String(p.detail.timeUnixNano), /^\d{19}$/, `${label}: nanoseconds, exact, as a string`);
    assert.equal(p.resource['host.name'], 'vm-otel-1', label);
  }
  assert.deepEqual(
    of('system.cpu.utilization').map((p) => [p.kind, p.value, p.attributes['cpu.mode'], p.detail.description]),
    [
      ['gauge', 0.425, 'user', 'CPU utilization'],
      ['gauge', 0.5, 'user', 'CPU utilization'],
    ],
    label,
  );
  const requests = of('http.server.requests');
  assert.deepEqual(
    requests.map((p) => [p.kind, p.value, p.detail.temporality, p.detail.monotonic]),
    [
      ['sum', 7, 'cumulative', true],
      ['sum', 12, 'cumulative', true],
    ],
    `${label}: an INT counter, cumulative (the SDK's default) and monotonic`,
  );
  assert.match(String(requests[0]!.detail.startTimeUnixNano), /^\d{19}$/, label);
  assert.deepEqual(
    of('queue.length').map((p) => [p.kind, p.value, p.detail.monotonic]),
    [
      ['sum', 7, false],
      ['sum', 7, false],
    ],
    `${label}: an up-down counter`,
  );
  const buckets = { temporality: 'cumulative', explicitBounds: [10, 100, 1000], min: 5, max: 250 };
  assert.deepEqual(
    of('http.server.duration').map(({ value, count, detail: { timeUnixNano: _t, startTimeUnixNano: _s, ...rest } }) => [
      value,
      count,
      rest,
    ]),
    [
      [270, 3, { ...buckets, bucketCounts: [1, 1, 1, 0] }],
      [300, 4, { ...buckets, bucketCounts: [1, 2, 1, 0] }],
    ],
    `${label}: histogram sum, count and the buckets`,
  );
}

async function checkLogs(t: TestServer, serviceId: string, label: string): Promise<void> {
  const rows = (
    await t.server.store.db
      .selectFrom('alm_log_records')
      .select(['use_case', 'severity', 'body', 'attributes', 'resource', 'scope', 'detail'])
      .where('service_id', '=', serviceId)
      .orderBy('seq')
      .execute()
  )
    .map((r) => ({ ...r, resource: JSON.parse(r.resource), detail: JSON.parse(r.detail) }))
    .filter((r) => r.resource['test.run'] === label);
  assert.equal(rows.length, 3, label);
  const [disk, login, slow] = rows;
  assert.deepEqual(
    [disk!.use_case, disk!.severity, disk!.body, JSON.parse(disk!.attributes), JSON.parse(disk!.scope)],
    [
      'EXCEPTION_MONITORING',
      'ERROR',
      'disk almost full',
      { 'disk.path': '/var', 'disk.free_ratio': 0.03, retries: 2 },
      { name: 'calm-keys-otel-test', version: '1.0.0' },
    ],
    label,
  );
  const { timeUnixNano, observedTimeUnixNano, ...rest } = disk!.detail;
  assert.match(String(timeUnixNano), /^\d{19}$/, label);
  assert.match(String(observedTimeUnixNano), /^\d{19}$/, label);
  assert.deepEqual(
    rest,
    {
      severityNumber: 17,
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      flags: 1,
      eventName: 'disk.full',
    },
    `${label}: the trace context of the span the record was emitted in`,
  );
  assert.deepEqual(JSON.parse(login!.body), { event: 'login', user: 'u1', ok: true }, label);
  assert.equal(login!.severity, '9', `${label}: no severity text: the number`);
  assert.deepEqual(
    login!.detail.body,
    {
      kvlistValue: {
        values: [
          { key: 'event', value: { stringValue: 'login' } },
          { key: 'user', value: { stringValue: 'u1' } },
          { key: 'ok', value: { boolValue: true } },
        ],
      },
    },
    `${label}: a map body kept as OTLP AnyValue`,
  );
  assert.deepEqual([slow!.severity, slow!.detail.severityNumber, slow!.body], ['WARN', 14, 'slow response'], label);
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: the OpenTelemetry exporters push metrics and logs in http/json and http/protobuf, gzip on and off, unchanged`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const { metrics, logs, token, tenantId, cookie } = await monitored(t);
      const started = Date.now();
      const base = t.server.url;
      const runs: Run[] = COMBINATIONS.flatMap(({ protocol, compression }) => [
        { signal: 'metrics', protocol, compression, url: `${base}/api/calm-metrics/v1/metrics?serviceId=${metrics}` },
        {
          signal: 'logs',
          protocol,
          compression,
          url: `${base}/api/calm-logs/v1/logs?serviceId=${logs}&useCase=EXCEPTION_MONITORING`,
        },
      ]);
      const outcomes = await otelExport(t.server.caFile!, token, runs);
      outcomes.forEach((results, i) => {
        const { signal, protocol, compression } = runs[i]!;
        const expected = signal === 'metrics' ? [{ code: 0 }, { code: 0 }] : [{ code: 0 }];
        assert.deepEqual(results, expected, `${signal} ${protocol} ${compression}: every export succeeded`);
      });

      const stored = await storedPoints(t, metrics);
      for (const { label } of COMBINATIONS)
        checkMetrics(
          label,
          stored.filter((p) => p.resource['test.run'] === label),
        );
      for (const { label } of COMBINATIONS) await checkLogs(t, logs, label);

      // metrics-reader.ts answers as before migration 010 (Landscape Management's chart reads through it):
      // resource attributes merged into each point's attributes
      const read = await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects/${metrics}/metrics`, {
        cookie,
      });
      assert.equal(read.status, 200, read.text);
      const points = read.json().points as { time: string; attributes: Record<string, unknown> }[];
      assert.equal(points.length, 40);
      for (const p of points) {
        assert.equal(p.attributes['service.name'], 'otel-exporter-test');
        const at = Date.parse(p.time);
        assert.ok(at >= started - 1000 && at <= Date.now() + 1000, `time ${p.time} is the export time`);
      }
    } finally {
      await t.close();
    }
  });
}

test('the exporters are refused with a readable failure when the token lacks hm.write (metrics) or logs.write', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const { metrics, logs, token } = await monitored(t, ['metrics.write', 'metrics.read']);
    const url = t.server.url;
    const outcomes = await otelExport(t.server.caFile!, token, [
      {
        signal: 'metrics',
        protocol: 'http/protobuf',
        compression: 'none',
        url: `${url}/api/calm-metrics/v1/metrics?serviceId=${metrics}`,
      },
      {
        signal: 'logs',
        protocol: 'http/json',
        compression: 'none',
        url: `${url}/api/calm-logs/v1/logs?serviceId=${logs}&useCase=X`,
      },
    ]);
    assert.equal(outcomes.flat().length, 3);
    for (const r of outcomes.flat()) {
      assert.equal(r.code, 1, 'ExportResultCode.FAILED');
      assert.match(r.error ?? '', /Forbidden|403/);
    }
    assert.equal((await storedPoints(t, metrics)).length, 0, 'nothing stored');
  } finally {
    await t.close();
  }
});
