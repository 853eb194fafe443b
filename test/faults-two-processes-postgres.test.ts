/**
 * Two `calm-keys serve` processes on one PostgreSQL apply the same faults (src/faults/README.md): a fault added
 * through A answers on B within the refresh bound (1 s, plus a read and the poll here), and clearing it through A
 * ends it on B as well.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPostgresSchema, withProcessPair } from './support/serve-process.js';
import { signIn, type HttpClient } from './support/server.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';

const postgres = (await testDatabaseKinds()).some((k) => k.name === 'postgres');

async function withinMs(what: string, limitMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > limitMs) assert.fail(`${what}: not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

test(
  'a fault added through one process applies on the other within about a second; clear ends it on both',
  { skip: !postgres && 'PostgreSQL is not reachable (set CALM_KEYS_TEST_REQUIRE_POSTGRES=1 to fail instead)' },
  async () => {
    await withPostgresSchema((databaseUrl) =>
      withProcessPair(databaseUrl, {}, async ({ httpA, httpB }) => {
        const cookie = await signIn(httpA, 'admin', 'process-test-password-1');
        const jwks = (http: HttpClient) => http.call('GET', '/token_keys');
        assert.equal((await jwks(httpB)).status, 200);
        const added = await httpA.call('POST', '/faults/v1/faults', {
          cookie,
          body: { target: 'jwks', kind: 'status', status: 503 },
        });
        assert.equal(added.status, 201, added.text);
        assert.equal((await jwks(httpA)).status, 503, 'at once on the process that added it');
        await withinMs('B applies it', 2_000, async () => (await jwks(httpB)).status === 503);
        assert.equal((await httpA.call('DELETE', '/faults/v1/faults', { cookie })).status, 200);
        assert.equal((await jwks(httpA)).status, 200);
        await withinMs('B drops it', 2_000, async () => (await jwks(httpB)).status === 200);
      }),
    );
  },
);
