/**
 * An acknowledged write survives `kill -9` (issue 16, "Prove it in CI"): a `calm-keys serve` process creates
 * managed objects for concurrent writers, is killed with SIGKILL at a random moment (seeded:
 * CALM_KEYS_TEST_CRASH_SEED, printed), restarted on the same data directory and database, three times; then every
 * object whose creation was answered 201 must be listed, nothing that was never sent may be, and on SQLite
 * `PRAGMA integrity_check` must say ok after each kill. On SQLite (WAL, synchronous=NORMAL: durable across
 * process crashes) and on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { TEST_PG_URL, testDatabaseKinds } from '../src/store/test-support/databases.js';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';
import { httpClient, type HttpClient, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant } from './support/landscape.js';
import { signIn } from './support/server.js';
import { withPgSchema } from './support/pg-cut-proxy.js';

const hasPostgres = (await testDatabaseKinds()).some((kind) => kind.name === 'postgres');

const KILLS = 3;
const WRITERS = 6;
/** A kill comes this long after the round's first writes were acknowledged, at a seeded random point in between. */
const KILL_AFTER_MS = { min: 400, max: 2_000 };
/**
 * Four starts and three rounds of writes take about 25 s on an idle 2-core machine (the goal is under 60 s); the
 * timeout only guards against a hang, with room for a loaded machine (a start then takes 15 s).
 */
const TEST_TIMEOUT_MS = 150_000;
const SEED = Number(process.env.CALM_KEYS_TEST_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so that a failing run can be repeated with its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function integrityCheck(file: string): string {
  const database = new BetterSqlite3(file); // read-write: opening replays the WAL as the next start would
  try {
    return (database.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
  } finally {
    database.close();
  }
}

async function crashRun(label: 'sqlite' | 'postgres', env: Record<string, string>) {
  const random = seeded(SEED + (label === 'postgres' ? 1 : 0));
  let serve: ServeProcess = await startServeProcess({ ...env, CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD });
  const dataDir = serve.dataDir;
  let http: HttpClient = httpClient(serve.url.origin, serve.ca);
  const acknowledged = new Set<string>();
  const sent = new Set<string>();
  const killedAt: number[] = [];
  const integrity: string[] = [];
  try {
    const tenant = await emptyTenant({ http } as unknown as TestServer, await signIn(http, 'admin', ADMIN_PASSWORD));
    const grant = await http.call('POST', '/access/v1/users/admin/roles', {
      cookie: tenant.cookie,
      body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
    });
    assert.equal(grant.status, 204, grant.text);
    const path = `/lm/v1/tenants/${tenant.tenantId}/managed-objects`;

    // one session for the whole run (roles are read at sign-in): it lives in the database, so it outlives a kill
    const cookie = await signIn(http, 'admin', ADMIN_PASSWORD);
    for (let kill = 1; kill <= KILLS; kill += 1) {
      let loading = true;
      const writer = async (w: number) => {
        for (let n = 0; loading; n += 1) {
          const name = `k${kill}-w${w}-${n}`;
          sent.add(name);
          try {
            const res = await http.call('POST', path, {
              cookie,
              body: { kind: 'service', name, objectType: 'BTP CF app' },
            });
            if (res.status === 201) acknowledged.add(name);
            else if (loading) assert.fail(`${name}: ${res.status} ${res.text}`);
          } catch {
            return; // the process was killed under this request: its answer never came
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      // the random moment counts from the round's first acknowledged writes, however slow the machine is
      const before = acknowledged.size;
      while (acknowledged.size < before + WRITERS) await pause(10);
      const delay = Math.round(KILL_AFTER_MS.min + random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
      await pause(delay);
      killedAt.push(delay);
      serve.child.kill('SIGKILL');
      while (serve.exited() === undefined) await pause(20);
      loading = false;
      await Promise.all(writers);
      await http.close();
      assert.equal(serve.exited(), 'SIGKILL');
      if (label === 'sqlite') integrity.push(integrityCheck(join(dataDir, 'calm-keys.db')));
      serve = await startServeProcess({ ...env, CALM_KEYS_DATA_DIR: dataDir });
      http = httpClient(serve.url.origin, serve.ca);
    }

    const list = await http.call('GET', path, { cookie });
    assert.equal(list.status, 200, list.text);
    const present = new Set((list.json().items as { name: string }[]).map((item) => item.name));
    const lost = [...acknowledged].filter((name) => !present.has(name));
    const invented = [...present].filter((name) => !sent.has(name));
    console.log(
      `kill -9 on ${label}: seed ${SEED}, ${KILLS} kills at ${killedAt.map((ms) => `${ms} ms`).join(', ')} into the load; ` +
        `${sent.size} creations sent, ${acknowledged.size} acknowledged (201), ${present.size} present, ${lost.length} lost` +
        (label === 'sqlite' ? `; integrity_check after each kill: ${integrity.join(', ')}` : ''),
    );
    assert.ok(acknowledged.size >= KILLS * 10, `the load wrote something before each kill (${acknowledged.size})`);
    assert.deepEqual(lost, [], 'every acknowledged write is still there');
    assert.deepEqual(invented, [], 'nothing is there that was never sent');
    if (label === 'sqlite') assert.deepEqual(integrity, Array(KILLS).fill('ok'));
  } finally {
    await http.close();
    await serve.stop();
  }
}

test(
  `sqlite: ${KILLS} kill -9 under concurrent writes lose no acknowledged write and leave an intact database`,
  { timeout: TEST_TIMEOUT_MS },
  () => crashRun('sqlite', {}),
);

test(
  `postgres: ${KILLS} kill -9 under concurrent writes lose no acknowledged write`,
  { skip: !hasPostgres && 'PostgreSQL is not reachable', timeout: TEST_TIMEOUT_MS },
  () =>
    withPgSchema('ck', (schema) => {
      const url = new URL(TEST_PG_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return crashRun('postgres', { DATABASE_URL: url.toString() });
    }),
);
