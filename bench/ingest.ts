/**
 * Benchmark: OTLP JSON metrics pushes into the Cloud ALM API (POST /api/calm-metrics/v1/metrics) of the real
 * server over HTTPS keep-alive connections, with bearer verification on, next to the same route without it.
 *
 * "With auth" is the server as it runs: the request's JWT is verified (RS256 signature against the published
 * keys, expiry, issuer, audience, scope) and its zone resolved to the tenant. "Without auth" is a second
 * instance of the same application (buildApp from src/http, the same routes, hooks, TLS certificate, database
 * and telemetry service), bench-only and in this process, whose Cloud ALM API resolves every request to the
 * principal the real token verified to, once, up front. The rest of each request is the same code: body
 * parsing and OTLP validation, the managed-service lookup, one multi-row insert transaction, the observed-push
 * update. The two run in alternating one-second slices (A B B A ...) from one load process, so that the
 * growing table and whatever else the machine does weigh on both alike.
 * The server runs in this process on SQLite; the load comes from a child process, so each has a core.
 *
 *   npx tsx bench/ingest.ts [--seconds 8] [--connections 8] [--points 50]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createAlmApi, DEFAULT_ALM_LIMITS, type ApiPrincipal } from '../src/alm-api/index.js';
import { createTenantDirectory, MASTER_XSAPPNAME } from '../src/btp/index.js';
import { loadOrCreateLocalTls } from '../src/crypto/index.js';
import { buildApp } from '../src/http/index.js';
import { systemClock } from '../src/shared/index.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, tokenFor } from '../test/support/landscape.js';
import { signIn, startTestServer } from '../test/support/server.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const seconds = Number(args.get('seconds') ?? 8);
const connections = Number(args.get('connections') ?? 8);
const pointsPerPush = Number(args.get('points') ?? 50);

/** `pointsPerPush` gauge points: ten metrics over hosts vm-1.., as a collector of a small landscape sends them. */
function otlpBody(at: Date): string {
  const names = [
    'cpu.utilization',
    'memory.utilization',
    'disk.utilization',
    'network.in',
    'network.out',
    'load.1m',
    'process.count',
    'swap.utilization',
    'disk.io',
    'availability',
  ];
  const timeUnixNano = String(BigInt(at.getTime()) * 1_000_000n);
  const metrics = names.map((name) => ({ name, unit: '%', gauge: { dataPoints: [] as unknown[] } }));
  for (let i = 0; i < pointsPerPush; i += 1) {
    metrics[i % names.length]!.gauge.dataPoints.push({
      timeUnixNano,
      asDouble: Math.round(Math.random() * 10_000) / 100,
      attributes: [{ key: 'host', value: { stringValue: `vm-${Math.floor(i / names.length) + 1}` } }],
    });
  }
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench-collector' } }] },
        scopeMetrics: [
          { scope: { name: 'calm-keys-bench' }, metrics: metrics.filter((m) => m.gauge.dataPoints.length > 0) },
        ],
      },
    ],
  });
}

interface Load {
  ok: number;
  failed: number;
  firstFailure?: string;
  elapsed: number;
  latencies: number[];
}

const t = await startTestServer({
  env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_LOG_LEVEL: 'warn' },
  start: { demo: false },
});
let noAuth: Awaited<ReturnType<typeof buildApp>> | undefined;
try {
  // a tenant, a managed service with monitoring on, a key with metrics.write and its client-credentials token
  const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie: tenant.cookie,
    body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
  });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const service = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
    cookie,
    body: { kind: 'service', name: 'bench service', objectType: 'BTP CF app' },
  });
  const serviceId = service.json().id as string;
  await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects/${serviceId}/monitoring`, {
    cookie,
    body: { enabled: true },
  });
  const token = await tokenFor(t, (await btpKey(t, cookie, tenant.subaccountId, undefined, ['metrics.write'])).keyText);

  // the same application without bearer verification: the principal the real token verifies to, fixed
  const db = t.server.store.db;
  const almApi = createAlmApi({
    db,
    clock: systemClock,
    verifier: t.server.xsuaa.verifier,
    masterXsappname: MASTER_XSAPPNAME,
    tenants: createTenantDirectory(db),
    registry: t.server.landscape.managedObjects.registry,
    statusEvents: { query: async () => [] }, // not benchmarked
    limits: DEFAULT_ALM_LIMITS,
  });
  const principal: ApiPrincipal = await almApi.authenticate(`Bearer ${token}`, 'metrics.write');
  const tls = await loadOrCreateLocalTls(join(t.dataDir, 'tls'));
  const unused = {} as never; // people's sign-in, tokens: not reached by /api requests
  noAuth = await buildApp({
    logger: t.server.logger,
    db,
    access: unused,
    databaseReady: async () => true,
    version: 'bench',
    oauth: {
      tokens: unused,
      signingKeys: t.server.xsuaa.signingKeys,
      zoneExists: async () => true,
      issuerBase: () => t.server.publicUrl,
      mtlsBase: () => undefined,
    },
    btp: t.server.btp,
    serviceManager: { sm: unused, auth: unused },
    landscape: t.server.landscape,
    projects: unused,
    serviceStatus: unused,
    almApi: { api: { ...almApi, authenticate: async () => principal }, masterXsappname: MASTER_XSAPPNAME },
    https: { key: tls.server.privateKeyPem, cert: tls.server.certificatePem },
  });
  await noAuth.listen({ port: 0, host: '127.0.0.1' });
  const noAuthPort = (noAuth.server.address() as { port: number }).port;

  const dir = mkdtempSync(join(tmpdir(), 'calm-keys-bench-ingest-'));
  const bodyFile = join(dir, 'body.json');
  const body = otlpBody(new Date(Date.now() - 60_000));
  writeFileSync(bodyFile, body);
  const path = `/api/calm-metrics/v1/metrics?serviceId=${serviceId}`;
  const variants = {
    auth: { url: `${t.server.url}${path}`, token },
    noAuth: { url: `https://127.0.0.1:${noAuthPort}${path}` },
  };

  const sliceSeconds = Math.min(1, seconds / 2);
  const load = {
    targets: variants,
    caFile: t.server.caFile!,
    bodyFile,
    seconds,
    sliceSeconds,
    warmupSeconds: 1,
    connections,
    points: pointsPerPush,
  };
  console.log(
    `ingest benchmark: ${seconds} s per variant in alternating ${sliceSeconds} s slices, ${connections} keep-alive connections, HTTPS, SQLite, ${pointsPerPush} points (${(body.length / 1024).toFixed(1)} KiB) per push`,
  );
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'bench/ingest-load.ts', JSON.stringify(load)],
    { timeout: (2 * seconds + 120) * 1000, maxBuffer: 256 * 1024 * 1024 },
  );
  const results = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<keyof typeof variants, Load>;
  for (const l of Object.values(results)) l.latencies.sort((a, b) => a - b);

  const rate = (l: Load) => l.ok / l.elapsed;
  const pct = (l: Load, p: number) =>
    l.latencies[Math.min(l.latencies.length - 1, Math.floor((p / 100) * l.latencies.length))] ?? 0;
  for (const [name, label] of [
    ['auth', 'with bearer verification'],
    ['noAuth', 'same route, no auth     '],
  ] as const) {
    const l = results[name];
    console.log(
      `${label}: ${rate(l).toFixed(0)} pushes/s, ${(rate(l) * pointsPerPush).toFixed(0)} data points/s (${l.ok} ok, ${l.failed} failed), latency p50 ${pct(l, 50).toFixed(2)} ms, p99 ${pct(l, 99).toFixed(2)} ms`,
    );
    if (l.firstFailure) console.log(`  first failure: ${l.firstFailure}`);
  }
  console.log(
    `ratio auth / no auth: ${((rate(results.auth) / rate(results.noAuth)) * 100).toFixed(1)} % (goal >= 60 %)`,
  );

  // where a push's time goes, in this process without HTTP: the bearer check alone, the ingest alone
  const perSecond = async (fn: () => Promise<unknown>, ms = 1500) => {
    let n = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      await fn();
      n += 1;
    }
    return n / (ms / 1000);
  };
  const parsed = JSON.parse(body) as unknown;
  const authRate = await perSecond(() => almApi.authenticate(`Bearer ${token}`, 'metrics.write'));
  const ingestRate = await perSecond(() =>
    almApi.telemetry.pushMetrics(principal, serviceId, {
      encoding: 'json',
      body: parsed,
    }),
  );
  console.log(
    `in process, one at a time: bearer check ${authRate.toFixed(0)}/s (${(1e6 / authRate).toFixed(0)} us), ingest of one push ${ingestRate.toFixed(0)}/s (${(1e6 / ingestRate).toFixed(0)} us)`,
  );
  const stored = await db
    .selectFrom('alm_metric_points')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(`stored data points: ${Number(stored.n)} (pushes counted above x ${pointsPerPush}, plus the warm-ups)`);
} finally {
  await noAuth?.close();
  await t.close();
}
