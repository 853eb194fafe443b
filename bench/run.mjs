// `npm run bench`: the real calm-keys server (built dist/, `node bin/calm-keys.js serve`, plain HTTP, SQLite, set up
// over its REST API like a person would) next to peers, in the same run, with same-round ratios. Two benchmarks:
//   token   POST /oauth/token, client_credentials with client_secret_basic, an RS256 JWT per request;
//           peers: a bare node:http + jose endpoint (the reference) and oidc-provider.
//   ingest  POST /api/calm-metrics/v1/metrics?serviceId=..., 12 gauge points of OTLP/HTTP JSON with a bearer token;
//           peers: fastify with no authentication storing nothing (the reference) and the same with jose RS256
//           bearer verification.
// Each server runs pinned to CPU 0 and the load generator (autocannon, bench/loader.mjs) to CPU 1; all servers of a
// benchmark are up at once and every round loads each of them once, in a rotated order, so that the machine's
// drift hits them alike. See bench/README.md for what the figures mean.
//
//   node bench/run.mjs [--duration 10] [--warmup 3] [--rounds 4] [--connections 32] [--only token|ingest]
//                      [--no-pin] [--profile] [--json results.json] [--baseline <dir>]
/* eslint-disable no-console -- a benchmark talks on the console; only src/ logs through pino */
/* global fetch */
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { URLSearchParams, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { TARGETS as BUILD_TARGETS, whyBuild } from '../scripts/build-if-stale.mjs';
import { setUpCalmKeys } from './calm-keys-setup.mjs';
import { formatSummary, summarize } from './profile-summary.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const USAGE = `usage: node bench/run.mjs [options]
  --duration <s>       seconds per measured load (default 10)
  --warmup <s>         seconds of load per server before the rounds (default 3)
  --rounds <n>         interleaved rounds (default 4)
  --connections <n>    keep-alive connections of the load generator (default 32)
  --only token|ingest  one benchmark (default both)
  --no-pin             no taskset: servers and load generator share both cores
  --profile            calm-keys runs with --cpu-prof; prints where the .cpuprofile went and its top functions
  --json <file>        also write every figure as JSON
  --baseline <dir>     also run the calm-keys built in <dir> (another checkout with its dist/, e.g. the commit before a
                       change) as target calm-keys-base, in the same rounds: before and after side by side`;

let opt;
try {
  ({ values: opt } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '4' },
      connections: { type: 'string', default: '32' },
      only: { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      json: { type: 'string' },
      baseline: { type: 'string' },
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
function positive(name, integer) {
  const n = Number(opt[name]);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${opt[name]}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}
const DURATION = positive('duration', false);
const WARMUP = Number(opt.warmup) === 0 ? 0 : positive('warmup', false);
const ROUNDS = positive('rounds', true);
const CONNECTIONS = positive('connections', true);
const PIN = !opt['no-pin'];
if (opt.only !== undefined && !['token', 'ingest'].includes(opt.only)) {
  console.error(`--only takes token or ingest, got "${opt.only}"\n${USAGE}`);
  process.exit(2);
}
const BASELINE = opt.baseline === undefined ? undefined : resolve(opt.baseline);
if (BASELINE !== undefined) {
  for (const need of ['bin/calm-keys.js', 'dist/cli/main.js'])
    try {
      readFileSync(join(BASELINE, need));
    } catch {
      console.error(
        `--baseline ${opt.baseline}: no ${need} there (build it first: npm run build:server in it)\n${USAGE}`,
      );
      process.exit(2);
    }
}
const SERVER_CPU = '0';
const LOAD_CPU = '1';
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const POINTS_PER_PUSH = 12;

// ------------------------------------------------------------------------------------------------ small helpers
const log = (line) => console.error(`# ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const pinned = (cpu, argv) => (PIN ? ['taskset', '-c', cpu, ...argv] : argv);
/** A child's environment: nothing of ours (no CALM_KEYS_*, no DATABASE_URL) leaks into the servers. */
const childEnv = (extra) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? tmpdir(),
  LANG: 'C.UTF-8',
  NODE_ENV: 'production',
  ...extra,
});

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

/** CPU seconds of a process, all its threads (utime + stime of /proc/<pid>/stat). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}
/** A field of /proc/<pid>/status in MiB (VmRSS: now; VmHWM: the peak so far). */
function memMiB(pid, field) {
  let status;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return NaN; // the process has ended: the load's result says what happened
  }
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

// ------------------------------------------------------------------------------------------------ server processes
const running = new Set();

/** Starts a server (its output into a log file, so nothing has to read a pipe) and waits until readyUrl answers. */
async function startServer({ id, argv, env, readyUrl, readyStatus, readyLog, logFile }) {
  const out = openSync(logFile, 'a');
  const [cmd, ...args] = pinned(SERVER_CPU, argv);
  // taskset execs the server, so this pid is the server's own (its CPU and memory are what /proc shows for it)
  const child = spawn(cmd, args, { cwd: ROOT, env: childEnv(env), stdio: ['ignore', out, out] });
  closeSync(out);
  const proc = { id, child, pid: child.pid, logFile, exit: undefined };
  proc.exited = new Promise((r) => child.once('exit', (code, signal) => r((proc.exit = { code, signal }))));
  running.add(proc);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exit)
      throw new Error(`${id} exited (${JSON.stringify(proc.exit)}) before it was ready:\n${tail(logFile)}`);
    if (Date.now() > deadline) throw new Error(`${id} was not ready within 90 s:\n${tail(logFile)}`);
    try {
      const res = await fetch(readyUrl);
      await res.arrayBuffer();
      const answered = readyStatus === undefined ? res.status < 500 : res.status === readyStatus;
      if (answered && (!readyLog || readyLog.test(readFileSync(logFile, 'utf8')))) return proc;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function signal(proc, name) {
  try {
    process.kill(proc.pid, name);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err; // it ended meanwhile
  }
}

/** SIGTERM by pid; SIGKILL when it has not ended after graceMs. Resolves with how it ended. */
async function stopServer(proc, graceMs = 20_000) {
  if (!proc.exit) {
    signal(proc, 'SIGTERM');
    const timer = setTimeout(() => !proc.exit && signal(proc, 'SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
  }
  running.delete(proc);
  return proc.exit;
}

process.once('SIGINT', async () => {
  log('interrupted: stopping the servers');
  for (const proc of running) await stopServer(proc, 3000).catch(() => {});
  process.exit(130);
});

// ------------------------------------------------------------------------------------------------ the load
/**
 * One load of `seconds` against a target from bench/loader.mjs (pinned to the other CPU), with the server's CPU
 * time and memory read from /proc over exactly the time the load ran.
 */
function runLoad(target, seconds) {
  const spec = { ...target.request, connections: CONNECTIONS, duration: seconds };
  const [cmd, ...args] = pinned(LOAD_CPU, [process.execPath, join(ROOT, 'bench/loader.mjs')]);
  const pid = target.proc.pid;
  return new Promise((resolveLoad, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: childEnv({ BENCH_LOAD: JSON.stringify(spec) }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    let cpu0;
    let hr0;
    let t0;
    let rssPeak = 0;
    let sampler;
    let result;
    let failure;
    const onLine = (line) => {
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        return; // not one of the loader's lines
      }
      if (msg.event === 'start') {
        hr0 = process.hrtime.bigint();
        cpu0 = cpuSeconds(pid);
        t0 = performance.now();
        sampler = setInterval(() => (rssPeak = Math.max(rssPeak, memMiB(pid, 'VmRSS'))), 250);
      } else if (msg.event === 'result') {
        clearInterval(sampler);
        const wall = (performance.now() - t0) / 1000;
        rssPeak = Math.max(rssPeak, memMiB(pid, 'VmRSS'));
        // the profile's clock is CLOCK_MONOTONIC in µs, like process.hrtime: bench/profile-summary.mjs cuts by it
        const window = [Number(hr0 / 1000n), Number(process.hrtime.bigint() / 1000n)];
        result = {
          ...msg,
          rps: msg.ok / msg.seconds,
          serverCpu: (cpuSeconds(pid) - cpu0) / wall,
          rssMiB: rssPeak,
          window,
        };
      }
    };
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          onLine(line);
        } catch (err) {
          failure ??= err; // e.g. the server's /proc entry is gone: it died under load
        }
      }
    });
    // 'close', not 'exit': every line the loader wrote has been read by then
    child.on('close', (code) => {
      clearInterval(sampler);
      if (failure) reject(new Error(`${target.id}: ${failure.message}`));
      else if (result) resolveLoad(result);
      else reject(new Error(`the load generator exited ${code} without a result (target ${target.id})`));
    });
  });
}

// ------------------------------------------------------------------------------------------------ requests
const FORM = 'application/x-www-form-urlencoded';
/** client_secret_basic as RFC 6749 section 2.3.1 spells it: id and secret form-encoded, then Basic. */
const formEncode = (text) => new URLSearchParams({ v: text }).toString().slice(2);
const basic = (id, secret) => `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;

/** What a collector pushes once a minute: 3 gauges of 4 points each (12), one resource, one scope, OTLP/HTTP JSON. */
function otlpBody() {
  const time = `${BigInt(Date.now()) * 1_000_000n}`;
  const attr = (key, value) => ({ key, value: { stringValue: value } });
  const gauge = (name, unit, description, state, values) => ({
    name,
    unit,
    description,
    gauge: {
      dataPoints: values.map((asDouble, cpu) => ({
        timeUnixNano: time,
        asDouble,
        attributes: [attr('cpu', String(cpu)), attr('state', state)],
      })),
    },
  });
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: {
          attributes: [
            attr('service.name', 'orders-app'),
            attr('service.version', '2.4.1'),
            attr('host.name', 'vm-bench-01'),
            attr('cloud.region', 'eu10'),
            attr('deployment.environment', 'perf'),
          ],
        },
        scopeMetrics: [
          {
            scope: { name: 'bench-collector', version: '1.0.0' },
            metrics: [
              gauge('system.cpu.utilization', '1', 'CPU utilization', 'user', [0.42, 0.37, 0.51, 0.29]),
              gauge('system.cpu.load_average.1m', '{thread}', 'Load average', 'all', [1.25, 1.1, 0.95, 1.4]),
              gauge('system.memory.utilization', '1', 'Memory utilization', 'used', [0.61, 0.62, 0.6, 0.63]),
            ],
          },
        ],
      },
    ],
  });
}
const OTLP_BODY = otlpBody();

// ------------------------------------------------------------------------------------------------ targets
const BENCH_CLIENT_ID = 'bench-client';
const BENCH_CLIENT_SECRET = randomBytes(18).toString('base64url');
const node = process.execPath;

async function peer(ctx, id, script, env, readyPath) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = await startServer({
    id,
    argv: [node, join(ROOT, 'bench/peers', script)],
    env: { PORT: String(port), HOST: '127.0.0.1', ...env },
    readyUrl: `${base}${readyPath}`,
    logFile: join(ctx.dir, `${id}.log`),
  });
  return { proc, base };
}

const tokenForm = (extra = '') => `grant_type=client_credentials${extra}`;
const credentialsEnv = { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET };

function calmKeysTokenTarget(id, label, root) {
  return {
    id,
    label,
    async start(ctx) {
      const ck = await startCalmKeys(ctx, 'token', id, root);
      return {
        ...ck,
        jwksUrl: `${ck.base}/token_keys`,
        request: {
          url: `${ck.base}/oauth/token`,
          method: 'POST',
          headers: { authorization: basic(ck.key.clientId, ck.key.clientSecret), 'content-type': FORM },
          body: tokenForm(),
        },
      };
    },
  };
}

const TOKEN_TARGETS = [
  {
    id: 'minimal-http',
    label: 'node:http + jose (no database)',
    async start(ctx) {
      const { proc, base } = await peer(ctx, this.id, 'minimal-token.mjs', credentialsEnv, '/token_keys');
      return {
        proc,
        jwksUrl: `${base}/token_keys`,
        request: {
          url: `${base}/oauth/token`,
          method: 'POST',
          headers: { authorization: basic(BENCH_CLIENT_ID, BENCH_CLIENT_SECRET), 'content-type': FORM },
          body: tokenForm(),
        },
      };
    },
  },
  {
    id: 'oidc-provider',
    label: 'oidc-provider 9, client_credentials, RS256 JWT',
    async start(ctx) {
      const { proc, base } = await peer(ctx, this.id, 'oidc-provider-token.mjs', credentialsEnv, '/jwks');
      return {
        proc,
        jwksUrl: `${base}/jwks`,
        request: {
          url: `${base}/token`,
          method: 'POST',
          headers: { authorization: basic(BENCH_CLIENT_ID, BENCH_CLIENT_SECRET), 'content-type': FORM },
          body: tokenForm('&scope=metrics.write%20hm.write'),
        },
      };
    },
  },
  calmKeysTokenTarget('calm-keys', 'calm-keys POST /oauth/token', ROOT),
  ...(BASELINE ? [calmKeysTokenTarget('calm-keys-base', `calm-keys of ${BASELINE}`, BASELINE)] : []),
];

const INGEST_ISSUER = 'http://localhost/oauth/token';
const INGEST_AUDIENCE = 'bench!b1';
const INGEST_SCOPE = 'bench!b1.calm-api.metrics.write';

async function ingestPeer(ctx, id, path) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { proc, base } = await peer(
    ctx,
    id,
    'ingest.mjs',
    {
      BENCH_JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }),
      BENCH_JWT_ISSUER: INGEST_ISSUER,
      BENCH_JWT_AUDIENCE: INGEST_AUDIENCE,
      BENCH_JWT_SCOPE: INGEST_SCOPE,
    },
    '/received',
  );
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ client_id: BENCH_CLIENT_ID, scope: [INGEST_SCOPE], zid: 'bench-zone' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'bench-key-1' })
    .setIssuer(INGEST_ISSUER)
    .setAudience(INGEST_AUDIENCE)
    .setSubject(BENCH_CLIENT_ID)
    .setIssuedAt(now)
    .setExpirationTime(now + 43200)
    .sign(privateKey);
  const headers = { 'content-type': 'application/json' };
  if (path === '/ingest') headers.authorization = `Bearer ${token}`;
  return { proc, request: { url: `${base}${path}`, method: 'POST', headers, body: OTLP_BODY } };
}

function calmKeysIngestTarget(id, label, root) {
  return {
    id,
    label,
    async start(ctx) {
      const ck = await startCalmKeys(ctx, 'ingest', id, root);
      // one token for the whole run, as a collector reuses its token until it expires
      const res = await fetch(`${ck.base}/oauth/token`, {
        method: 'POST',
        headers: { authorization: basic(ck.key.clientId, ck.key.clientSecret), 'content-type': FORM },
        body: tokenForm(),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${id}: the ingest token request answered ${res.status}: ${text}`);
      const { access_token: token } = JSON.parse(text);
      return {
        ...ck,
        request: {
          url: `${ck.base}/api/calm-metrics/v1/metrics?serviceId=${encodeURIComponent(ck.key.serviceId)}`,
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: OTLP_BODY,
        },
      };
    },
  };
}

const INGEST_TARGETS = [
  {
    id: 'fastify-open',
    label: 'fastify, no auth, stores nothing',
    start(ctx) {
      return ingestPeer(ctx, this.id, '/ingest-open');
    },
  },
  {
    id: 'fastify-jwt',
    label: 'fastify + jose RS256 bearer, stores nothing',
    start(ctx) {
      return ingestPeer(ctx, this.id, '/ingest');
    },
  },
  calmKeysIngestTarget('calm-keys', 'calm-keys POST /api/calm-metrics/v1/metrics', ROOT),
  ...(BASELINE ? [calmKeysIngestTarget('calm-keys-base', `calm-keys of ${BASELINE}`, BASELINE)] : []),
];

/**
 * calm-keys from dist/ (of this checkout, or of --baseline's), plain HTTP, SQLite in a data directory of its own,
 * then set up over its REST API. Only this checkout's runs under the profiler.
 */
async function startCalmKeys(ctx, bench, id = 'calm-keys', root = ROOT) {
  const dataDir = join(ctx.dir, `${id}-${bench}`);
  mkdirSync(dataDir);
  const [port, mtlsPort] = [await freePort(), await freePort()];
  const admin = { username: 'admin', password: randomBytes(18).toString('base64url') };
  const profileDir = ctx.profileDir && root === ROOT ? join(ctx.profileDir, bench) : undefined;
  const base = `http://127.0.0.1:${port}`;
  const proc = await startServer({
    id,
    argv: [
      node,
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
      join(root, 'bin/calm-keys.js'),
      'serve',
    ],
    env: {
      CALM_KEYS_DATA_DIR: dataDir,
      CALM_KEYS_TLS: 'off',
      CALM_KEYS_HOST: '127.0.0.1',
      CALM_KEYS_PORT: String(port),
      CALM_KEYS_MTLS_PORT: String(mtlsPort),
      CALM_KEYS_ADMIN_USER: admin.username,
      CALM_KEYS_ADMIN_PASSWORD: admin.password,
    },
    readyUrl: `${base}/readyz`,
    readyStatus: 200,
    logFile: join(ctx.dir, `${id}-${bench}.log`),
  });
  const key = await setUpCalmKeys(base, admin);
  return { proc, base, dataDir, profileDir, key };
}

// ------------------------------------------------------------------------------------------------ smoke checks
async function smokeToken(t, s) {
  const { url, ...init } = s.request;
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${t.id}: the smoke token request answered ${res.status}: ${text}`);
  const token = JSON.parse(text).access_token;
  const header = decodeProtectedHeader(token);
  if (header.alg !== 'RS256') throw new Error(`${t.id}: the token is signed with ${header.alg}, not RS256`);
  const jwks = await (await fetch(s.jwksUrl)).json();
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
  if (!(payload.exp > Date.now() / 1000)) throw new Error(`${t.id}: the token has no exp in the future`);
  return `RS256 JWT of ${token.length} bytes, kid ${header.kid}, verified against ${new URL(s.jwksUrl).pathname}`;
}

async function smokeIngest(t, s) {
  const { url, ...init } = s.request;
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${t.id}: the smoke push answered ${res.status}: ${text}`);
  s.smokeOk = 1;
  return `200 ${text.slice(0, 120)}`;
}

// ------------------------------------------------------------------------------------------------ one benchmark
const BENCHMARKS = [
  {
    name: 'token',
    title: 'token: POST /oauth/token, client_credentials (client_secret_basic), an RS256 JWT per request',
    targets: TOKEN_TARGETS,
    ref: 'minimal-http',
    versus: 'oidc-provider',
    smoke: smokeToken,
    goals: (r) => [
      [`>= 0.90 of ${r.ref.id}`, r.ck.ratio.median >= 0.9],
      [`>= 1.25x ${r.vs.id}`, r.ck.versus.median >= 1.25],
      ['p99 < 60 ms', r.ck.median.p99 < 60],
      ['RSS <= 150 MiB', r.ck.rssMiB <= 150],
      ...(PIN ? [] : [['uses both cores (server CPU > 100%)', r.ck.median.serverCpu > 1.0]]),
    ],
  },
  {
    name: 'ingest',
    title: `ingest: POST ${POINTS_PER_PUSH} gauge points of OTLP/HTTP JSON (${OTLP_BODY.length} bytes) with a bearer token`,
    targets: INGEST_TARGETS,
    ref: 'fastify-open',
    versus: 'fastify-jwt',
    smoke: smokeIngest,
    goals: (r) => [
      [`>= 0.35 of ${r.ref.id}`, r.ck.ratio.median >= 0.35],
      ['p99 < 30 ms', r.ck.median.p99 < 30],
      ['RSS <= 150 MiB', r.ck.rssMiB <= 150],
    ],
  },
].filter((b) => !opt.only || b.name === opt.only);

async function runBenchmark(bench, ctx) {
  log(`${bench.name}: starting ${bench.targets.map((t) => t.id).join(', ')}`);
  const states = [];
  try {
    for (const t of bench.targets) {
      const s = { id: t.id, label: t.label, ...(await t.start(ctx)), warmups: [], rounds: [] };
      states.push(s);
      s.smoke = await bench.smoke(t, s);
      log(`${bench.name}: ${t.id} pid ${s.proc.pid}, smoke ok: ${s.smoke}`);
    }
    if (WARMUP > 0)
      for (const s of states) {
        const r = await runLoad(s, WARMUP);
        s.warmups.push(r);
        log(`${bench.name}: warm-up ${s.id}: ${r.rps.toFixed(0)} req/s, non-2xx ${r.non2xx}, errors ${r.errors}`);
      }
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < states.length; k++) {
        const s = states[(k + round) % states.length];
        await sleep(500);
        const r = await runLoad(s, DURATION);
        s.rounds.push(r);
        log(
          `${bench.name}: round ${round + 1} ${s.id}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
            `server CPU ${(r.serverCpu * 100).toFixed(0)}%, loader CPU ${(r.loaderCpu * 100).toFixed(0)}%, ` +
            `RSS ${r.rssMiB.toFixed(0)} MiB, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}`,
        );
      }
    }
    for (const s of states) s.peakRssMiB = memMiB(s.proc.pid, 'VmHWM');
  } finally {
    for (const s of states) {
      s.stopped = await stopServer(s.proc);
      if (s.stopped.code !== 0)
        log(`${bench.name}: ${s.id} ended with ${JSON.stringify(s.stopped)} (log ${s.proc.logFile})`);
    }
  }

  const byId = Object.fromEntries(states.map((s) => [s.id, s]));
  const ref = byId[bench.ref];
  const vs = byId[bench.versus];
  for (const s of states) {
    const all = [...s.warmups, ...s.rounds];
    s.median = {
      rps: median(s.rounds.map((r) => r.rps)),
      p50: median(s.rounds.map((r) => r.p50)),
      p99: median(s.rounds.map((r) => r.p99)),
      serverCpu: median(s.rounds.map((r) => r.serverCpu)),
      loaderCpu: median(s.rounds.map((r) => r.loaderCpu)),
      // server CPU time per answered request: on a busy machine a server that lost its core to another process
      // answers fewer requests, but each costs about the same, so this drifts far less than req/s
      cpuUs: median(s.rounds.map((r) => (r.serverCpu * 1e6) / Math.max(r.rps, 1e-9))),
    };
    s.rssMiB = Math.max(...s.rounds.map((r) => r.rssMiB));
    s.non2xx = sum(all.map((r) => r.non2xx));
    s.errors = sum(all.map((r) => r.errors + r.timeouts));
    s.statusCodes = {};
    for (const r of all)
      for (const [c, n] of Object.entries(r.statusCodes)) s.statusCodes[c] = (s.statusCodes[c] ?? 0) + n;
    const ratios = (to) => {
      const xs = s.rounds.map((r, i) => r.rps / to.rounds[i].rps);
      return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
    };
    s.ratio = ratios(ref);
    s.versus = ratios(vs);
  }
  // the same ratio from CPU time per request: requests per CPU-second of calm-keys over those of the reference
  for (const s of states) s.cpuRatio = ref.median.cpuUs / s.median.cpuUs;
  const result = {
    name: bench.name,
    title: bench.title,
    states,
    ref,
    vs,
    ck: byId['calm-keys'],
    base: byId['calm-keys-base'],
  };
  if (bench.name === 'ingest') {
    result.stored = storedPoints(result.ck);
    if (result.base) result.baseStored = storedPoints(result.base);
  }
  if (result.ck.profileDir) result.profile = profileOf(result.ck);
  result.goals = bench.goals(result);
  return result;
}

/**
 * Every answered push must be in the database, read from the SQLite file after the server stopped (so committed).
 * autocannon closes its connections when a load ends, with up to one request per connection sent and not yet
 * answered: those may be stored too (the server does not know the client left), so stored points lie between
 * 12 x answered and 12 x sent, and are always a multiple of 12 (a push is stored whole or not at all).
 */
function storedPoints(ck) {
  const loads = [...ck.warmups, ...ck.rounds];
  const answered = ck.smokeOk + sum(loads.map((r) => r.ok));
  const sent = ck.smokeOk + sum(loads.map((r) => r.sent));
  const db = new Database(join(ck.dataDir, 'calm-keys.db'), { readonly: true, fileMustExist: true });
  let stored;
  try {
    stored = db.prepare('select count(*) as n from alm_metric_points where service_id = ?').get(ck.key.serviceId).n;
  } finally {
    db.close();
  }
  const ok = stored >= answered * POINTS_PER_PUSH && stored <= sent * POINTS_PER_PUSH && stored % POINTS_PER_PUSH === 0;
  return {
    stored,
    answered,
    sent,
    expected: answered * POINTS_PER_PUSH,
    unansweredStored: stored / POINTS_PER_PUSH - answered,
    ok,
  };
}

/** calm-keys' .cpuprofile, summarized over its measured rounds only (not start-up, set-up, warm-up, waiting). */
function profileOf(ck) {
  const dir = ck.profileDir;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return { dir, error: 'no .cpuprofile written (did calm-keys exit cleanly?)' };
  const file = join(dir, files.sort().at(-1));
  const windows = ck.rounds.map((r) => r.window);
  const requests = sum(ck.rounds.map((r) => r.completed));
  return { file, requests, summary: summarize(JSON.parse(readFileSync(file, 'utf8')), windows) };
}

// ------------------------------------------------------------------------------------------------ output
const f0 = (x) => Math.round(x).toLocaleString('en-US');
const fms = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const fr = (r) => `${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;

function report(result) {
  const { ref, vs, ck } = result;
  const lines = [
    `### ${result.title}`,
    '',
    `| target | req/s (median) | p50 ms | p99 ms | server CPU | CPU µs/req | loader CPU | RSS MiB (peak) | non-2xx | errors | ratio to ${ref.id} | CPU ratio |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.states.map((s) => {
      const name = s.id === 'calm-keys' ? `**calm-keys**` : s.id;
      return `| ${name}: ${s.label} | ${f0(s.median.rps)} | ${fms(s.median.p50)} | ${fms(s.median.p99)} | ${(s.median.serverCpu * 100).toFixed(0)}% | ${f0(s.median.cpuUs)} | ${(s.median.loaderCpu * 100).toFixed(0)}% | ${s.rssMiB.toFixed(0)} (${s.peakRssMiB?.toFixed(0) ?? '?'}) | ${s.non2xx} | ${s.errors} | ${s === ref ? '1.00' : fr(s.ratio)} | ${s.cpuRatio.toFixed(2)} |`;
    }),
    '',
    `calm-keys / ${vs.id}: ${fr(ck.versus)} (median of same-round ratios, min–max); by CPU time per request ${(ck.cpuRatio / vs.cpuRatio).toFixed(2)}`,
  ];
  for (const s of result.states)
    if (s.non2xx > 0 || s.errors > 0)
      lines.push(
        `${s.id}: ${s.non2xx} non-2xx (status codes ${JSON.stringify(s.statusCodes)}), ${s.errors} socket errors or timeouts`,
      );
  if (result.base) {
    const b = result.base;
    const xs = ck.rounds.map((r, i) => r.rps / b.rounds[i].rps);
    const rr = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
    lines.push(
      `calm-keys / calm-keys-base (--baseline ${BASELINE}): req/s ${fr(rr)}; CPU µs/req ${f0(b.median.cpuUs)} -> ${f0(ck.median.cpuUs)} ` +
        `(${(b.median.cpuUs / ck.median.cpuUs).toFixed(2)}x by CPU); RSS ${b.rssMiB.toFixed(0)} -> ${ck.rssMiB.toFixed(0)} MiB`,
    );
  }
  if (result.baseStored && !result.baseStored.ok) lines.push('calm-keys-base: stored points MISMATCH');
  if (result.stored) {
    const st = result.stored;
    lines.push(
      `stored points (SQLite, after the server stopped): ${st.stored} = ${POINTS_PER_PUSH} x ${st.stored / POINTS_PER_PUSH} pushes; ` +
        `${st.answered} pushes answered 2xx (${st.expected} points), ${st.sent} sent; ` +
        `${st.unansweredStored} stored whose answer the load generator did not wait for (in flight when it stopped): ` +
        (st.ok ? 'every answered point stored' : 'MISMATCH'),
    );
  }
  lines.push(`goals (issue 15): ${result.goals.map(([g, met]) => `${g} ${met ? 'met' : 'NOT met'}`).join('; ')}`);
  if (result.profile) {
    lines.push('');
    if (result.profile.error) lines.push(`profile: ${result.profile.error} in ${result.profile.dir}`);
    else {
      lines.push(
        `profile: ${relative(process.cwd(), result.profile.file)}; the summary counts calm-keys' measured rounds only. ` +
          'Pinned, RSA work on the threadpool shares the core with the main thread, which then shows as "(idle)" or ' +
          'as self time of jobPromise (node:internal/crypto/util), where the main thread was preempted.',
      );
      lines.push('', formatSummary(result.profile.summary, 20, result.profile.requests));
    }
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------ main
const serverBuild = BUILD_TARGETS.find((t) => t.name === 'server');
const why = whyBuild(ROOT, serverBuild);
if (why) {
  log(`building the server (npm run build:server): ${why}`);
  const built = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) {
    console.error('npm run build:server failed: the benchmark needs dist/');
    process.exit(1);
  }
}

const startedAt = new Date();
const ctx = { dir: mkdtempSync(join(tmpdir(), 'calm-keys-bench-')) };
if (opt.profile) {
  ctx.profileDir = join(ROOT, 'artifacts', 'bench', `profile-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(ctx.profileDir, { recursive: true });
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg()
  .map((x) => x.toFixed(2))
  .join(' ')} at start`;
const header =
  `${startedAt.toISOString()}: node ${process.version}, ${machine}; autocannon ${CONNECTIONS} keep-alive connections, ` +
  `${DURATION} s per load, warm-up ${WARMUP} s, ${ROUNDS} interleaved round${ROUNDS === 1 ? '' : 's'}, ` +
  (PIN
    ? `servers on CPU ${SERVER_CPU}, load generator on CPU ${LOAD_CPU}`
    : 'unpinned (servers and load generator share the cores)') +
  (opt.profile ? "; calm-keys under --cpu-prof (slower: ratios of this run are not the product's)" : '');
log(header);
log(`work directory ${ctx.dir}`);

const results = [];
let failed = false;
try {
  for (const bench of BENCHMARKS) results.push(await runBenchmark(bench, ctx));
} catch (err) {
  failed = true;
  console.error(`benchmark failed: ${err.stack ?? err}`);
  console.error(`server logs are kept in ${ctx.dir}`);
} finally {
  for (const proc of running) await stopServer(proc, 3000).catch(() => {});
}

if (results.length > 0) console.log([header, ...results.map(report)].join('\n\n'));
for (const r of results) {
  for (const c of [r.ck, r.base].filter(Boolean))
    if (c.non2xx > 0 || c.errors > 0) {
      failed = true;
      console.error(`${r.name}: ${c.id} answered ${c.non2xx} non-2xx and had ${c.errors} errors: must be 0`);
    }
  if ((r.stored && !r.stored.ok) || (r.baseStored && !r.baseStored.ok)) {
    failed = true;
    console.error(`${r.name}: the stored points do not match the answered pushes`);
  }
  for (const s of r.states)
    if (!s.id.startsWith('calm-keys') && (s.non2xx > 0 || s.errors > 0))
      console.error(`${r.name}: peer ${s.id} failed requests: its figures are not valid`);
}
if (opt.json) {
  const strip = (s) => ({
    id: s.id,
    label: s.label,
    url: s.request.url,
    smoke: s.smoke,
    warmups: s.warmups,
    rounds: s.rounds,
    median: s.median,
    rssMiB: s.rssMiB,
    peakRssMiB: s.peakRssMiB,
    non2xx: s.non2xx,
    errors: s.errors,
    statusCodes: s.statusCodes,
    ratio: s.ratio,
    versus: s.versus,
    stopped: s.stopped,
  });
  writeFileSync(
    opt.json,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        node: process.version,
        machine,
        options: {
          duration: DURATION,
          warmup: WARMUP,
          rounds: ROUNDS,
          connections: CONNECTIONS,
          pinned: PIN,
          profile: opt.profile,
        },
        benchmarks: results.map((r) => ({
          name: r.name,
          title: r.title,
          reference: r.ref.id,
          versus: r.vs.id,
          targets: r.states.map(strip),
          stored: r.stored,
          goals: r.goals.map(([goal, met]) => ({ goal, met })),
          profile: r.profile && {
            file: r.profile.file,
            top: r.profile.summary?.functions.slice(0, 50),
            groups: r.profile.summary?.groups,
          },
        })),
      },
      null,
      2,
    )}\n`,
  );
  log(`figures written to ${opt.json}`);
}
if (!failed) rmSync(ctx.dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
