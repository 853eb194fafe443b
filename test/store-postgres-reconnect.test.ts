/**
 * A dropped PostgreSQL connection (restart, failover, network blip) must not end the process: a loopback TCP
 * proxy in front of 127.0.0.1:5432 cuts every connection, then the store and the real server must answer again.
 * A query running at the cut fails with store.unavailable (HTTP 503 with Retry-After), never a crash.
 * An unhandled 'error' event would end this test process, which node's runner reports as a failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openStore, withTx } from '../src/store/index.js';
import { isDomainError } from '../src/shared/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { httpClient, signIn, startTestServer } from './support/server.js';
import { startServeProcess } from './support/serve-process.js';
import { proxiedUrl, startCutProxy, withPgSchema } from './support/pg-cut-proxy.js';

const hasPostgres = (await testDatabaseKinds()).some((kind) => kind.name === 'postgres');
const PASSWORD = 'proxy-pass-Zq81';

/** The test database through the proxy, with a password (trust auth ignores it) that must never be logged. */
const viaProxy = (port: number, schema?: string) =>
  proxiedUrl(port, { password: PASSWORD, ...(schema ? { schema } : {}) });
const withSchema = <T>(work: (schema: string) => Promise<T>) => withPgSchema('rc', work);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isUnavailable = (error: unknown) =>
  isDomainError(error) &&
  error.code === 'store.unavailable' &&
  error.kind === 'unavailable' &&
  (error.retryAfterSeconds ?? 0) > 0;
const user = (id: string) => ({
  id,
  username: id,
  display_name: id,
  password_hash: null,
  must_change_password: 0,
  created_at: new Date().toISOString(),
  disabled_at: null,
});

test(
  'postgres: idle, busy and in-transaction connections cut by a proxy: the process lives, the query in flight fails cleanly, the next one reconnects',
  { skip: !hasPostgres && 'PostgreSQL is not reachable' },
  async () => {
    const proxy = await startCutProxy();
    const logged: string[] = [];
    const logger = {
      warn: (fields: object, message: string) => void logged.push(`${message} ${JSON.stringify(fields)}`),
    };
    try {
      await withSchema(async (schema) => {
        const store = await openStore({ databaseUrl: viaProxy(proxy.port), schema }, { logger });
        try {
          // idle clients in the pool: their 'error' event had no listener and ended the process
          await Promise.all([1, 2, 3].map(() => sql`select 1`.execute(store.db)));
          proxy.cut();
          await pause(200);
          assert.equal(await store.ping(), true, 'the next query reconnects');

          // a query running at the cut
          const running = sql`select pg_sleep(3)`.execute(store.db);
          await pause(300);
          proxy.cut();
          await assert.rejects(running, isUnavailable);
          assert.equal(await store.ping(), true);

          // a transaction whose connection is cut between two statements: nothing of it commits
          await assert.rejects(
            withTx(store.db, async (tx) => {
              await tx.insertInto('users').values(user('in-cut-tx')).execute();
              proxy.cut();
              await pause(200);
              await tx.insertInto('users').values(user('after-cut')).execute();
            }),
            isUnavailable,
          );
          assert.deepEqual(
            await store.db.selectFrom('users').select('id').where('id', 'in', ['in-cut-tx', 'after-cut']).execute(),
            [],
          );

          // the database is gone for a while: queries fail cleanly and work again once it is back
          proxy.setDown(true);
          proxy.cut();
          await assert.rejects(sql`select 1`.execute(store.db), isUnavailable);
          assert.equal(await store.ping(), false);
          proxy.setDown(false);
          await store.db.insertInto('users').values(user('after-outage')).execute();
          assert.equal(
            (await store.db.selectFrom('users').select('id').where('id', '=', 'after-outage').execute()).length,
            1,
          );
        } finally {
          await store.close();
        }
      });
      assert.ok(
        logged.some((line) => /connection to PostgreSQL was lost/.test(line)),
        `the loss is logged: ${logged.join('\n')}`,
      );
      assert.ok(!logged.join('\n').includes(PASSWORD), 'the password is never logged');
    } finally {
      await proxy.close();
    }
  },
);

test(
  'postgres: the real server survives a cut of every database connection; a request while the database is away is 503 store.unavailable with Retry-After',
  { skip: !hasPostgres && 'PostgreSQL is not reachable' },
  async () => {
    const proxy = await startCutProxy();
    try {
      await withSchema(async (schema) => {
        const t = await startTestServer({
          env: { DATABASE_URL: viaProxy(proxy.port, schema) },
          start: { demo: false },
        });
        try {
          const cookie = await signIn(t.http, 'admin', t.server.oneTimePassword!);
          assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie })).status, 200);

          proxy.cut();
          await pause(200);
          assert.equal((await t.http.call('GET', '/readyz')).status, 200, 'the server reconnects for the next request');
          assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie })).status, 200);

          proxy.setDown(true);
          proxy.cut();
          const away = await t.http.call('GET', '/auth/v1/me', { cookie });
          assert.equal(away.status, 503, away.text);
          assert.equal(away.json().error.code, 'store.unavailable');
          assert.ok(Number(away.headers['retry-after']) > 0, 'Retry-After is set');
          assert.equal((await t.http.call('GET', '/readyz')).status, 503);

          proxy.setDown(false);
          assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie })).status, 200, 'back once the database is');
          const allLogs = t.logs.join('\n');
          assert.match(allLogs, /connection to PostgreSQL was lost/);
          assert.ok(!allLogs.includes(PASSWORD), 'the password is never logged');
        } finally {
          await t.close();
        }
      });
    } finally {
      await proxy.close();
    }
  },
);

test(
  'postgres: the calm-keys serve process stays up when every database connection is cut, and answers from the database again',
  { skip: !hasPostgres && 'PostgreSQL is not reachable' },
  async () => {
    const proxy = await startCutProxy();
    try {
      await withSchema(async (schema) => {
        const serve = await startServeProcess({ DATABASE_URL: viaProxy(proxy.port, schema) });
        const http = httpClient(serve.url.origin, serve.ca);
        try {
          for (let round = 1; round <= 2; round += 1) {
            assert.equal((await http.call('GET', '/readyz')).status, 200);
            proxy.cut(); // the pool's idle clients and the connections of any work under way
            await pause(500);
            assert.equal(serve.exited(), undefined, `round ${round}: the process is alive:\n${serve.stderr()}`);
            const ready = await http.call('GET', '/readyz');
            assert.equal(ready.status, 200, `round ${round}: reconnected: ${ready.text}`);
          }
        } finally {
          await http.close();
          await serve.stop();
        }
      });
    } finally {
      await proxy.close();
    }
  },
);
