/**
 * The real client that proves the API speaks OTLP: the OpenTelemetry JS SDK (MeterProvider, periodic reader)
 * with `@opentelemetry/exporter-metrics-otlp-http` (JSON), configured only with our URL and a bearer header
 * from a client-credentials token, pushes a gauge, a counter, an up-down counter, a histogram and an
 * observable gauge into the running server, and they read back through GET /api/calm-metrics/v1/metrics.
 * The exporter runs in a child process that trusts the local CA through NODE_EXTRA_CA_CERTS only.
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

interface ExporterRun {
  results: { code: number; error?: string }[];
}

/** Runs test/support/otel-exporter.mjs against `url` with the token; returns the outcome of each export. */
async function otelExport(
  caFile: string,
  config: { url: string; token: string; compression?: 'gzip' | 'none' },
): Promise<ExporterRun> {
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-otel-')), 'config.json');
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  const { stdout, stderr } = await run(process.execPath, ['test/support/otel-exporter.mjs', file], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: caFile },
    timeout: 30_000,
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ExporterRun;
  if (result.results.some((r) => r.code !== 0))
    assert.fail(`the exporter reported a failure: ${JSON.stringify(result.results)}\n${stderr}`);
  return result;
}

/** A tenant with a managed service whose monitoring is on, and a token of a key with metrics.write and metrics.read. */
async function monitoredService(
  t: TestServer,
  scopes = ['metrics.write', 'metrics.read'],
): Promise<{ serviceId: string; token: string }> {
  const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie: tenant.cookie,
    body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
  });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const created = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
    cookie,
    body: { kind: 'service', name: 'Orders app (OpenTelemetry)', objectType: 'BTP CF app' },
  });
  assert.equal(created.status, 201, created.text);
  const serviceId = created.json().id as string;
  const on = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects/${serviceId}/monitoring`, {
    cookie,
    body: { enabled: true },
  });
  assert.equal(on.status, 200, on.text);
  const key = await btpKey(t, cookie, tenant.subaccountId, undefined, scopes);
  return { serviceId, token: await tokenFor(t, key.keyText) };
}

interface ReadPoint {
  name: string;
  unit: string;
  kind: string;
  time: string;
  value: number;
  count?: number;
  attributes: Record<string, unknown>;
}

async function readBack(t: TestServer, serviceId: string, token: string): Promise<ReadPoint[]> {
  const read = await t.http.call('GET', `/api/calm-metrics/v1/metrics?serviceId=${serviceId}&period=60M`, { token });
  assert.equal(read.status, 200, read.text);
  return read.json().points as ReadPoint[];
}

/** The points of one metric, in time order (the read answers in time order): one per export. */
function series(points: ReadPoint[], name: string): ReadPoint[] {
  const found = points.filter((p) => p.name === name);
  assert.equal(found.length, 2, `two points of ${name} in ${JSON.stringify(points)}`);
  return found;
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: the OpenTelemetry OTLP/HTTP JSON metrics exporter pushes into the Cloud ALM API unchanged`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const { serviceId, token } = await monitoredService(t);
      const started = Date.now();
      const url = `${t.server.url}/api/calm-metrics/v1/metrics?serviceId=${serviceId}`;
      const { results } = await otelExport(t.server.caFile!, { url, token });
      assert.equal(results.length, 2, 'one export by forceFlush, one by shutdown');

      const points = await readBack(t, serviceId, token);
      assert.equal(points.length, 10, JSON.stringify(points));
      for (const p of points) {
        assert.equal(p.attributes['service.name'], 'otel-exporter-test', 'resource attributes are kept on each point');
        assert.equal(p.attributes['host.name'], 'vm-otel-1');
        const at = Date.parse(p.time);
        assert.ok(
          at >= started - 1000 && at <= Date.now() + 1000,
          `${p.name} time ${p.time} is the export time (nanoseconds as a string)`,
        );
      }

      // cumulative temporality (the SDK's default): each export carries the totals so far
      const cpu = series(points, 'system.cpu.utilization');
      assert.deepEqual([cpu[0]!.kind, cpu[0]!.unit, cpu[0]!.attributes['cpu.mode']], ['gauge', '1', 'user']);
      assert.deepEqual(
        cpu.map((p) => p.value),
        [0.425, 0.5],
      );
      const requests = series(points, 'http.server.requests');
      assert.deepEqual(
        [requests[0]!.kind, requests[0]!.unit, requests[0]!.attributes['http.route']],
        ['sum', '{request}', '/orders'],
      );
      assert.deepEqual(
        requests.map((p) => p.value),
        [7, 12],
        'an INT counter arrives as asInt',
      );
      assert.deepEqual(
        series(points, 'queue.length').map((p) => [p.kind, p.value]),
        [
          ['sum', 7],
          ['sum', 7],
        ],
        'an up-down counter',
      );
      const duration = series(points, 'http.server.duration');
      assert.deepEqual(
        duration.map((p) => [p.kind, p.unit, p.value, p.count]),
        [
          ['histogram', 'ms', 270, 3],
          ['histogram', 'ms', 300, 4],
        ],
        'histogram: sum and count',
      );
      const memory = series(points, 'memory.utilization');
      assert.deepEqual(
        memory.map((p) => [p.kind, p.value, p.attributes.kind]),
        [
          ['gauge', 61.5, 'heap'],
          ['gauge', 61.5, 'heap'],
        ],
        'an observable gauge',
      );

      // observed use: the managed service shows the exporter's push with the key's client
      const fromLm = await t.server.store.db
        .selectFrom('lm_managed_objects')
        .select(['last_push_at', 'last_push_client_id'])
        .where('id', '=', serviceId)
        .executeTakeFirstOrThrow();
      assert.ok(fromLm.last_push_at && fromLm.last_push_client_id?.startsWith('sb-'), JSON.stringify(fromLm));
    } finally {
      await t.close();
    }
  });
}

test('the exporter with compression: "gzip" (Content-Encoding: gzip) is accepted too', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const { serviceId, token } = await monitoredService(t);
    const url = `${t.server.url}/api/calm-metrics/v1/metrics?serviceId=${serviceId}`;
    await otelExport(t.server.caFile!, { url, token, compression: 'gzip' });
    const points = await readBack(t, serviceId, token);
    assert.equal(points.length, 10, JSON.stringify(points));
    assert.deepEqual(
      series(points, 'http.server.duration').map((p) => p.count),
      [3, 4],
    );
  } finally {
    await t.close();
  }
});

test('the exporter is refused with a readable failure when its token lacks metrics.write', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const { serviceId, token } = await monitoredService(t, ['metrics.read']);
    const url = `${t.server.url}/api/calm-metrics/v1/metrics?serviceId=${serviceId}`;
    const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-otel-')), 'config.json');
    writeFileSync(file, JSON.stringify({ url, token }), { mode: 0o600 });
    const { stdout } = await run(process.execPath, ['test/support/otel-exporter.mjs', file], {
      env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: t.server.caFile! },
      timeout: 30_000,
    });
    const { results } = JSON.parse(stdout.trim().split('\n').at(-1)!) as ExporterRun;
    assert.equal(results.length, 2);
    for (const r of results) {
      assert.equal(r.code, 1, 'ExportResultCode.FAILED');
      assert.match(r.error ?? '', /Forbidden|403/);
    }
    assert.equal((await readBack(t, serviceId, token)).length, 0, 'nothing stored');
  } finally {
    await t.close();
  }
});
