// `npm run soak`: a mixed load of several minutes against one real calm-keys server (built dist/,
// `node bin/calm-keys.js serve`, plain HTTP, SQLite in a fresh data directory, set up over its REST API by
// calm-keys-setup.mjs), to see whether it degrades with time: errors, p99 and the server's RSS of the first
// minute next to those of the last (issue 16). Not part of CI. Four kinds of requests run side by side, each
// at a steady rate so that the first and the last minute carry the same load:
//   token    POST /oauth/token, client_credentials with client_secret_basic
//   push     POST /api/calm-metrics/v1/metrics?serviceId=..., 12 gauge points with one bearer token
//   upload   POST /lm/v1/tenants/{id}/service-key (the key as the body) then DELETE it, in turn on one connection
//   ui       GET /, GET /lm/v1/tenants/{id}/managed-objects, GET /btp/v1/global_accounts, GET /lm/v1/tenants
//            (a browser's first page and the REST reads behind it, personal API token)
// The load runs in segments of one minute (autocannon, in this process); the server's VmRSS is sampled every
// second from /proc.
//
//   node bench/soak.mjs [--duration 5m] [--scale 1] [--json results.json]
/* eslint-disable no-console -- a benchmark talks on the console; only src/ logs through pino */
/* global fetch */
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { URLSearchParams, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { TARGETS as BUILD_TARGETS, whyBuild } from '../scripts/build-if-stale.mjs';
import { setUpCalmKeys } from './calm-keys-setup.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const USAGE = `usage: node bench/soak.mjs [options]
  --duration <d>   how long the load runs: 5m, 90s or seconds (default 5m)
  --scale <x>      multiplies every rate (default 1: token 40/s, push 40/s, upload 4/s, ui 20/s)
  --json <file>    also write every minute's figures as JSON`;

let opt;
try {
  ({ values: opt } = parseArgs({
    options: {
      duration: { type: 'string', default: '5m' },
      scale: { type: 'string', default: '1' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}
const durationMatch = /^(\d+(?:\.\d+)?)(m|s)?$/.exec(opt.duration);
const DURATION_S = durationMatch ? Number(durationMatch[1]) * (durationMatch[2] === 'm' ? 60 : 1) : NaN;
const SCALE = Number(opt.scale);
if (!(DURATION_S >= 10) || !(SCALE > 0)) {
  console.error(`--duration must be at least 10 s (got "${opt.duration}"), --scale positive\n${USAGE}`);
  process.exit(2);
}
const SEGMENT_S = 60;

const log = (line) => console.error(`# ${line}`);
const FORM = 'application/x-www-form-urlencoded';
const formEncode = (text) => new URLSearchParams({ v: text }).toString().slice(2);
const basic = (id, secret) => `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** VmRSS of a process in MiB, NaN once it has ended. */
function rssMiB(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** 12 gauge points of OTLP/HTTP JSON (3 gauges x 4), with a fresh timestamp per segment. */
function otlpBody() {
  const time = `${BigInt(Date.now()) * 1_000_000n}`;
  const attr = (key, value) => ({ key, value: { stringValue: value } });
  const gauge = (name, values) => ({
    name,
    unit: '1',
    gauge: {
      dataPoints: values.map((asDouble, cpu) => ({
        timeUnixNano: time,
        asDouble,
        attributes: [attr('cpu', String(cpu))],
      })),
    },
  });
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [attr('service.name', 'soak-app'), attr('host.name', 'vm-soak-01')] },
        scopeMetrics: [
          {
            scope: { name: 'soak-collector', version: '1.0.0' },
            metrics: [
              gauge('system.cpu.utilization', [0.42, 0.37, 0.51, 0.29]),
              gauge('system.memory.utilization', [0.61, 0.62, 0.6, 0.63]),
              gauge('system.disk.utilization', [0.1, 0.2, 0.3, 0.4]),
            ],
          },
        ],
      },
    ],
  });
}

// ------------------------------------------------------------------------------------------------ the server
for (const target of BUILD_TARGETS) {
  const why = whyBuild(ROOT, target);
  if (!why) continue;
  log(`building ${target.name} (npm run build:${target.name}): ${why}`);
  const built = spawnSync('npm', ['run', '--silent', `build:${target.name}`], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) {
    console.error(`npm run build:${target.name} failed: the soak needs dist/ and web/dist/`);
    process.exit(1);
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'calm-keys-soak-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const admin = { username: 'admin', password: `soak-${process.pid}-${Date.now().toString(36)}` };
const logFile = join(workDir, 'calm-keys.log');
const out = openSync(logFile, 'a');
const server = spawn(process.execPath, [join(ROOT, 'bin/calm-keys.js'), 'serve'], {
  cwd: ROOT,
  env: {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    NODE_ENV: 'production',
    CALM_KEYS_DATA_DIR: join(workDir, 'data'),
    CALM_KEYS_TLS: 'off',
    CALM_KEYS_HOST: '127.0.0.1',
    CALM_KEYS_PORT: String(port),
    CALM_KEYS_MTLS_PORT: String(await freePort()),
    CALM_KEYS_ADMIN_USER: admin.username,
    CALM_KEYS_ADMIN_PASSWORD: admin.password,
  },
  stdio: ['ignore', out, out],
});
closeSync(out);
let exit;
const exited = new Promise((r) => server.once('exit', (code, signal) => r((exit = { code, signal }))));
const stop = async () => {
  if (!exit) server.kill('SIGTERM');
  const timer = setTimeout(() => !exit && server.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
};
process.once('SIGINT', async () => {
  log('interrupted: stopping the server');
  await stop();
  process.exit(130);
});

try {
  for (const deadline = Date.now() + 90_000; ; await sleep(100)) {
    if (exit) throw new Error(`calm-keys exited (${JSON.stringify(exit)}) before it was ready; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`calm-keys was not ready within 90 s; see ${logFile}`);
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (ready === 200) break;
  }
  const key = await setUpCalmKeys(base, admin);

  // the upload kind: the Security Administrator role of the tenant and a personal API token that has it
  const json = { 'content-type': 'application/json' };
  const call = async (method, path, { body, headers = {}, expect }) => {
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`soak set-up: ${method} ${path} answered ${res.status}: ${text}`);
    return { res, json: text ? JSON.parse(text) : undefined };
  };
  const login = await call('POST', '/auth/v1/login', { body: JSON.stringify(admin), headers: json, expect: 200 });
  const cookie = String(login.res.headers.get('set-cookie') ?? '').split(';')[0];
  await call('POST', `/access/v1/users/${admin.username}/roles`, {
    headers: { ...json, cookie },
    body: JSON.stringify({ role: 'x_landscape_SecurityAdministrator', scopeId: key.tenantId }),
    expect: 204,
  });
  const relogin = await call('POST', '/auth/v1/login', { body: JSON.stringify(admin), headers: json, expect: 200 });
  const pat = await call('POST', '/auth/v1/tokens', {
    headers: { ...json, cookie: String(relogin.res.headers.get('set-cookie') ?? '').split(';')[0] },
    body: JSON.stringify({ name: 'soak', expiresInDays: 1 }),
    expect: 201,
  });
  const bearer = { authorization: `Bearer ${pat.json.token}` };
  const tokenRequest = {
    method: 'POST',
    path: '/oauth/token',
    headers: { authorization: basic(key.clientId, key.clientSecret), 'content-type': FORM },
    body: 'grant_type=client_credentials',
  };
  const accessToken = (
    await call('POST', tokenRequest.path, { headers: tokenRequest.headers, body: tokenRequest.body, expect: 200 })
  ).json.access_token;
  const slot = `/lm/v1/tenants/${encodeURIComponent(key.tenantId)}/service-key`;
  const keyText = `${JSON.stringify(key.credentials, null, 2)}\n`;
  // the key is in use (the token kind fetches tokens with it): its delete is confirmed, as issue 17 asks
  const deleteSlot = `${slot}?confirm=recently-used`;
  // a smoke check of the upload cycle before any load: it must be 201 then 204
  await call('POST', slot, { headers: { ...bearer, 'content-type': 'text/plain' }, body: keyText, expect: 201 });
  await call('DELETE', deleteSlot, { headers: bearer, expect: 204 });

  /** Each kind: its requests (cycled per connection), connections, and requests per second in all. */
  const kinds = (body) => ({
    token: { connections: 4, rate: 40, requests: [tokenRequest] },
    push: {
      connections: 4,
      rate: 40,
      requests: [
        {
          method: 'POST',
          path: `/api/calm-metrics/v1/metrics?serviceId=${encodeURIComponent(key.serviceId)}`,
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body,
        },
      ],
    },
    upload: {
      connections: 1, // upload and delete alternate on one connection: the slot holds one key
      rate: 4,
      requests: [
        { method: 'POST', path: slot, headers: { ...bearer, 'content-type': 'text/plain' }, body: keyText },
        { method: 'DELETE', path: deleteSlot, headers: bearer },
      ],
    },
    ui: {
      connections: 2,
      rate: 20,
      requests: [
        { method: 'GET', path: '/', headers: { accept: 'text/html', 'accept-encoding': 'br' } },
        { method: 'GET', path: `/lm/v1/tenants/${encodeURIComponent(key.tenantId)}/managed-objects`, headers: bearer },
        { method: 'GET', path: '/btp/v1/global_accounts', headers: bearer },
        { method: 'GET', path: '/lm/v1/tenants', headers: bearer },
      ],
    },
  });

  /** One segment: every kind at its rate for `seconds`, side by side. */
  async function segment(seconds) {
    // a segment can end between an upload and its delete (autocannon stops mid-sequence): empty the slot first
    const emptied = await fetch(`${base}${deleteSlot}`, { method: 'DELETE', headers: bearer });
    await emptied.arrayBuffer();
    if (emptied.status !== 204 && emptied.status !== 404)
      throw new Error(`soak: emptying the service-key slot answered ${emptied.status}`);
    const rss = [];
    const sampler = setInterval(() => rss.push(rssMiB(server.pid)), 1000);
    const started = Date.now();
    const results = await Promise.all(
      Object.entries(kinds(otlpBody())).map(async ([kind, spec]) => {
        const r = await autocannon({
          url: base,
          connections: spec.connections,
          overallRate: spec.rate * SCALE,
          duration: seconds,
          requests: spec.requests,
          timeout: 10,
        });
        const statuses = Object.fromEntries(
          Object.entries(r.statusCodeStats ?? {})
            .filter(([code]) => !code.startsWith('2'))
            .map(([code, s]) => [code, s.count]),
        );
        return [
          kind,
          {
            requests: r.requests.total,
            ok: r['2xx'],
            non2xx: statuses,
            errors: r.errors,
            timeouts: r.timeouts,
            p50: r.latency.p50,
            p99: r.latency.p99,
            max: r.latency.max,
          },
        ];
      }),
    );
    clearInterval(sampler);
    rss.push(rssMiB(server.pid));
    const live = rss.filter((x) => Number.isFinite(x));
    return {
      seconds: (Date.now() - started) / 1000,
      kinds: Object.fromEntries(results),
      rssMiB: { start: live[0], end: live.at(-1), peak: Math.max(...live) },
    };
  }

  log(
    `calm-keys at ${base} (SQLite in ${workDir}); ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, load average ` +
      `${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}; ${DURATION_S} s of load in segments of ${SEGMENT_S} s`,
  );
  const segments = [];
  for (let done = 0; done < DURATION_S;) {
    const seconds = Math.min(SEGMENT_S, DURATION_S - done);
    const s = await segment(seconds);
    if (exit) throw new Error(`calm-keys ended under load (${JSON.stringify(exit)}); see ${logFile}`);
    done += seconds;
    segments.push({ from: done - seconds, to: done, ...s });
    const errors = Object.values(s.kinds).reduce(
      (n, k) => n + k.errors + k.timeouts + Object.values(k.non2xx).reduce((a, b) => a + b, 0),
      0,
    );
    log(
      `${done - seconds}-${done} s: ${Object.values(s.kinds).reduce((n, k) => n + k.requests, 0)} requests, ` +
        `${errors} errors, RSS ${s.rssMiB.end.toFixed(0)} MiB`,
    );
  }

  const first = segments[0];
  const last = segments.at(-1);
  const row = (label, s) =>
    Object.entries(s.kinds).map(([kind, k]) => ({
      minute: label,
      kind,
      requests: k.requests,
      'non-2xx':
        Object.entries(k.non2xx)
          .map(([code, n]) => `${n} x ${code}`)
          .join(', ') || '0',
      'errors/timeouts': `${k.errors}/${k.timeouts}`,
      'p50 ms': k.p50,
      'p99 ms': k.p99,
      'max ms': k.max,
    }));
  console.log(
    `\ncalm-keys soak: ${DURATION_S} s of mixed load (rates x ${SCALE}), SQLite; ` +
      `first segment ${first.from}-${first.to} s, last ${last.from}-${last.to} s`,
  );
  console.table([
    ...row(`${first.from}-${first.to} s`, first),
    ...(last === first ? [] : row(`${last.from}-${last.to} s`, last)),
  ]);
  console.log(
    `server RSS: first segment ${first.rssMiB.start.toFixed(0)} -> ${first.rssMiB.end.toFixed(0)} MiB ` +
      `(peak ${first.rssMiB.peak.toFixed(0)}), last segment ${last.rssMiB.start.toFixed(0)} -> ` +
      `${last.rssMiB.end.toFixed(0)} MiB (peak ${last.rssMiB.peak.toFixed(0)})`,
  );
  if (opt.json)
    writeFileSync(opt.json, `${JSON.stringify({ durationSeconds: DURATION_S, scale: SCALE, segments }, null, 2)}\n`);
  const failed = segments.some((s) =>
    Object.values(s.kinds).some((k) => k.errors + k.timeouts > 0 || Object.keys(k.non2xx).length > 0),
  );
  await stop();
  log(`calm-keys stopped (${JSON.stringify(exit)}); its log: ${logFile}`);
  process.exitCode = failed ? 1 : 0;
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  await stop();
  process.exitCode = 1;
}
