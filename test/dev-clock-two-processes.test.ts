/**
 * The development clock with two `calm-keys serve --dev-clock` processes (A and B) on one PostgreSQL database: the
 * offset is stored in the database (dev_clock, migration 022), so an advance on A reaches B within its re-read
 * (DEFAULT_CLOCK_POLL_MS, 1 s): a personal API token valid one day, accepted by B, is refused by B after A moved the
 * clock two days, and B shows the moved clock. The measured propagation time is printed (`# ...`).
 * Skipped when PostgreSQL is not reachable, a failure with CALM_KEYS_TEST_REQUIRE_POSTGRES=1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CLOCK_POLL_MS } from '../src/dev-clock/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { withPostgresSchema, withProcessPair } from './support/serve-process.js';
import { signIn, type HttpClient } from './support/server.js';

const postgres = (await testDatabaseKinds()).some((k) => k.name === 'postgres');
const PASSWORD = 'process-test-password-1';
/** Beyond the re-read interval: polling and a loaded 2-core machine. */
const SLACK_MS = 3000;

async function apiToken(http: HttpClient, cookie: string, expiresInDays: number): Promise<string> {
  const res = await http.call('POST', '/auth/v1/tokens', {
    cookie,
    body: { name: `clock-${expiresInDays}`, expiresInDays },
  });
  assert.equal(res.status, 201, res.text);
  return res.json().token as string;
}

test('an advance on A moves the clock of B: a token B accepted expires there too', { skip: !postgres }, async () => {
  await withPostgresSchema((databaseUrl) =>
    withProcessPair(
      databaseUrl,
      { CALM_KEYS_DEV_CLOCK: 'true', CALM_KEYS_ADMIN_PASSWORD: PASSWORD, CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: 'off' },
      async ({ httpA, httpB }) => {
        const cookie = await signIn(httpA, 'admin', PASSWORD);
        const oneDay = await apiToken(httpA, cookie, 1);
        const month = await apiToken(httpA, cookie, 30);
        const onB = await httpB.call('GET', '/dev/v1/clock', { token: oneDay });
        assert.equal(onB.status, 200, onB.text);
        assert.equal(onB.json().offsetMs, 0);

        const moved = await httpA.call('POST', '/dev/v1/clock/advance', { token: month, body: { by: '2d' } });
        assert.equal(moved.status, 200, moved.text);
        const movedAt = Date.now();
        assert.equal(
          (await httpA.call('GET', '/dev/v1/clock', { token: oneDay })).status,
          401,
          'A applies its own advance at once',
        );
        let status = 200;
        while (status === 200 && Date.now() - movedAt < DEFAULT_CLOCK_POLL_MS + SLACK_MS) {
          status = (await httpB.call('GET', '/dev/v1/clock', { token: oneDay })).status;
          if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const tookMs = Date.now() - movedAt;
        console.log(`# B followed A's advance after ${tookMs} ms`);
        assert.equal(status, 401, `B still accepted the one-day token ${tookMs} ms after A moved the clock 2 days`);
        const shown = await httpB.call('GET', '/dev/v1/clock', { token: month });
        assert.equal(shown.json().offsetMs, 2 * 86_400_000);
        assert.ok(Math.abs(Date.parse(shown.json().now) - (Date.now() + 2 * 86_400_000)) < 60_000, shown.text);

        // and back: a reset on B reaches A
        assert.equal((await httpB.call('DELETE', '/dev/v1/clock', { token: month })).status, 200);
        const resetAt = Date.now();
        let offset = -1;
        while (offset !== 0 && Date.now() - resetAt < DEFAULT_CLOCK_POLL_MS + SLACK_MS) {
          offset = (await httpA.call('GET', '/dev/v1/clock', { token: month })).json().offsetMs as number;
          if (offset !== 0) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.equal(offset, 0, 'A followed the reset on B');
        assert.equal(
          (await httpA.call('GET', '/dev/v1/clock', { token: oneDay })).status,
          200,
          'the token lives again',
        );
      },
    ),
  );
});
